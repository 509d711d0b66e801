package dev.gradgen.processor.writer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.ClassName;
import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.Receiver;
import dev.gradgen.processor.model.ValueType;
import dev.gradgen.processor.model.Variable;
import org.junit.jupiter.api.Test;

/**
 * Which constants a forward function uses where they stand (ForwardBody): those whose plain code
 * is one token with no sign in it; any other gets a local, so that a product reads {@code c * x},
 * never {@code -0.25 * x} after another operator or an operation evaluated once per direction.
 */
class OneTokenTest {

  private static final Variable A =
      new Variable(0, "a", ValueType.DOUBLE.arrayOf(), Variable.Kind.LOCAL);
  private static final Variable I = new Variable(1, "i", ValueType.INT, Variable.Kind.LOCAL);

  private static Expr literal(ValueType type, Object value) {
    return new Expr.Literal(null, type, value);
  }

  private static Expr ref(Variable variable) {
    return new Expr.VariableRef(null, variable);
  }

  private static Expr read(Expr index) {
    return new Expr.ArrayRead(null, ValueType.DOUBLE, ref(A), index);
  }

  @Test
  void literalsWithoutASignAreOneToken() {
    assertTrue(OneToken.is(literal(ValueType.DOUBLE, 2.5)));
    assertTrue(OneToken.is(literal(ValueType.DOUBLE, 0.0)));
    assertTrue(OneToken.is(literal(ValueType.DOUBLE, 0.001)), "0.001 is written without exponent");
    assertTrue(OneToken.is(literal(ValueType.DOUBLE, 1e300)), "1.0E300: an exponent, no sign");
    assertTrue(OneToken.is(literal(ValueType.DOUBLE, Double.NaN)), "Double.NaN: a name");
    assertTrue(OneToken.is(literal(ValueType.DOUBLE, Double.NEGATIVE_INFINITY)), "a name");
    assertTrue(OneToken.is(literal(ValueType.INT, 3)));
    assertTrue(OneToken.is(literal(ValueType.LONG, 3L)));
    assertFalse(OneToken.is(literal(ValueType.DOUBLE, -0.25)));
    assertFalse(OneToken.is(literal(ValueType.DOUBLE, -0.0)), "-0.0 has a sign");
    assertFalse(OneToken.is(literal(ValueType.DOUBLE, 1e-5)), "1.0E-5 has a sign");
    assertFalse(OneToken.is(literal(ValueType.INT, -3)));
    assertFalse(OneToken.is(literal(ValueType.STRING, "a")));
  }

  @Test
  void namesFieldsElementsAndLengthsOfTokensAreOneToken() {
    assertTrue(OneToken.is(ref(I)));
    assertTrue(OneToken.is(read(ref(I))), "a[i]");
    assertTrue(OneToken.is(read(literal(ValueType.INT, 0))), "a[0]");
    assertTrue(OneToken.is(new Expr.ArrayLength(null, ref(A))), "a.length");
    Expr thisField = new Expr.FieldRef(
        null,
        ValueType.DOUBLE,
        new Receiver.Instance(
            new Expr.This(null, ValueType.reference(ClassName.get("p", "K"), null))),
        "w");
    assertTrue(OneToken.is(thisField), "this.w");
    assertTrue(
        OneToken.is(new Expr.FieldRef(
            null, ValueType.DOUBLE, new Receiver.Static(ClassName.get("p", "K")), "W")),
        "K.W");
  }

  @Test
  void operationsAreNot() {
    Expr sum = new Expr.Binary(
        null, ValueType.INT, Expr.BinaryOperator.PLUS, ref(I), literal(ValueType.INT, 1));
    assertFalse(OneToken.is(sum), "i + 1");
    assertFalse(OneToken.is(read(sum)), "a[i + 1]");
    assertFalse(OneToken.is(read(literal(ValueType.INT, -1))), "a[-1]");
    assertFalse(OneToken.is(new Expr.Unary(null, ValueType.INT, Expr.UnaryOperator.MINUS, ref(I))));
    assertFalse(OneToken.is(new Expr.Cast(null, ValueType.DOUBLE, ref(I))), "(double) i");
  }
}
