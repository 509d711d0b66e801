package dev.gradgen.processor.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.ClassName;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which reads a reduction loop (ReductionWriter) and a second-order helper (SecondOrderFusionWriter)
 * give one input: {@link SameValue#of} for pure reads, {@link SameValue#ofPlain} for a loop's
 * plain reads, which also compares casts, signs and Math functions by structure.
 */
class SameValuePlainTest {

  private static final Variable X =
      new Variable(0, "x", ValueType.DOUBLE.arrayOf(), Variable.Kind.LOCAL);
  private static final Variable I = new Variable(1, "i", ValueType.INT, Variable.Kind.LOCAL);
  private static final Variable J = new Variable(2, "j", ValueType.INT, Variable.Kind.LOCAL);
  private static final Variable D = new Variable(3, "d", ValueType.DOUBLE, Variable.Kind.LOCAL);

  private static Expr ref(Variable variable) {
    return new Expr.VariableRef(null, variable);
  }

  private static Expr read(Expr index) {
    return new Expr.ArrayRead(null, ValueType.DOUBLE, ref(X), index);
  }

  private static Expr literal(double value) {
    return new Expr.Literal(null, ValueType.DOUBLE, value);
  }

  private static Expr plus(Expr a, Expr b) {
    return new Expr.Binary(null, ValueType.DOUBLE, Expr.BinaryOperator.PLUS, a, b);
  }

  private static Expr cast(Expr operand) {
    return new Expr.Cast(null, ValueType.INT, operand);
  }

  private static Expr sin(Expr arg) {
    return new Expr.MathCall(
        null, ValueType.DOUBLE, TypeNames.MATH, MathFunction.SIN, List.of(arg));
  }

  @Test
  void equalReadsShareAndOthersDoNot() {
    assertTrue(SameValue.of(read(ref(I)), read(ref(I))), "x[i] and x[i]");
    assertTrue(SameValue.ofPlain(read(ref(I)), read(ref(I))), "x[i] and x[i]");
    assertFalse(SameValue.of(read(ref(I)), read(ref(J))), "x[i] and x[j]");
    assertFalse(SameValue.ofPlain(read(ref(I)), read(ref(J))), "x[i] and x[j]");
  }

  @Test
  void aSignedZeroIsNotTheOther() {
    Expr d = ref(D);
    assertFalse(SameValue.of(plus(d, literal(0.0)), plus(d, literal(-0.0))), "d + 0.0, d + -0.0");
    assertFalse(SameValue.ofPlain(plus(d, literal(0.0)), plus(d, literal(-0.0))));
    assertTrue(SameValue.ofPlain(plus(d, literal(-0.0)), plus(d, literal(-0.0))));
  }

  @Test
  void aReadWithACallInsideIsNeverPureButPlainOnesCompareByStructure() {
    Expr a = read(cast(sin(ref(D))));
    Expr b = read(cast(sin(ref(D))));
    assertFalse(SameValue.of(a, b), "x[(int) Math.sin(d)] twice: not pure");
    assertTrue(SameValue.ofPlain(a, b), "the same in a loop whose indices are plain");
    Expr strict = read(cast(new Expr.MathCall(
        null, ValueType.DOUBLE, TypeNames.STRICT_MATH, MathFunction.SIN, List.of(ref(D)))));
    assertFalse(SameValue.ofPlain(a, strict), "Math.sin and StrictMath.sin differ");
    Expr negative = read(new Expr.Unary(null, ValueType.INT, Expr.UnaryOperator.MINUS, ref(I)));
    Expr negative2 = read(new Expr.Unary(null, ValueType.INT, Expr.UnaryOperator.MINUS, ref(I)));
    assertTrue(SameValue.ofPlain(negative, negative2), "x[-i] twice");
    assertFalse(SameValue.ofPlain(negative, read(ref(I))), "x[-i] and x[i]");
  }

  @Test
  void callsAndAssignmentsAreNeverTheSame() {
    Expr call = new Expr.PlainCall(
        null, ValueType.INT, new Receiver.Static(ClassName.get("p", "K")), "next", List.of());
    assertFalse(SameValue.ofPlain(read(call), read(call)), "x[K.next()] twice");
    Expr increment = new Expr.IncDec(null, new Expr.VariableRef(null, I), true, false);
    assertFalse(SameValue.ofPlain(read(increment), read(increment)), "x[i++] twice");
  }
}
