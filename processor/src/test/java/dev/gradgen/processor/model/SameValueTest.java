package dev.gradgen.processor.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.ClassName;
import org.junit.jupiter.api.Test;

/** Which reads a fused helper may pass once: structurally equal pure expressions, nothing else. */
class SameValueTest {

  private static final Variable X = new Variable(0, "x", ValueType.DOUBLE, Variable.Kind.LOCAL);
  private static final Variable Y = new Variable(1, "y", ValueType.DOUBLE, Variable.Kind.LOCAL);
  private static final Variable SAME_NAME_OTHER_BLOCK =
      new Variable(2, "x", ValueType.DOUBLE, Variable.Kind.LOCAL);

  private static Expr.Literal literal(ValueType type, Object value) {
    return new Expr.Literal(null, type, value);
  }

  private static Expr.VariableRef ref(Variable variable) {
    return new Expr.VariableRef(null, variable);
  }

  private static Expr.FieldRef field(Receiver receiver, String name) {
    return new Expr.FieldRef(null, ValueType.DOUBLE, receiver, name);
  }

  @Test
  void literalsAreTheSameWhenTheirBoxedValuesAre() {
    assertTrue(SameValue.of(literal(ValueType.DOUBLE, 2.0), literal(ValueType.DOUBLE, 2.0)));
    assertFalse(SameValue.of(literal(ValueType.DOUBLE, 0.0), literal(ValueType.DOUBLE, -0.0)));
    assertTrue(
        SameValue.of(literal(ValueType.DOUBLE, Double.NaN), literal(ValueType.DOUBLE, Double.NaN)));
    assertFalse(SameValue.of(literal(ValueType.INT, 1), literal(ValueType.DOUBLE, 1.0)));
  }

  @Test
  void variablesAreTheSameOnlyWhenTheyAreOneVariable() {
    assertTrue(SameValue.of(ref(X), ref(X)));
    assertFalse(SameValue.of(ref(X), ref(Y)));
    assertFalse(SameValue.of(ref(X), ref(SAME_NAME_OTHER_BLOCK)), "same name, other variable");
  }

  @Test
  void operationsCompareOperatorAndOperandsInOrder() {
    Expr xy = new Expr.Binary(null, ValueType.DOUBLE, Expr.BinaryOperator.MINUS, ref(X), ref(Y));
    Expr xy2 = new Expr.Binary(null, ValueType.DOUBLE, Expr.BinaryOperator.MINUS, ref(X), ref(Y));
    Expr yx = new Expr.Binary(null, ValueType.DOUBLE, Expr.BinaryOperator.MINUS, ref(Y), ref(X));
    Expr plus = new Expr.Binary(null, ValueType.DOUBLE, Expr.BinaryOperator.PLUS, ref(X), ref(Y));
    assertTrue(SameValue.of(xy, xy2));
    assertFalse(SameValue.of(xy, yx));
    assertFalse(SameValue.of(xy, plus));
  }

  @Test
  void fieldsCompareTheirReceivers() {
    Receiver k = new Receiver.Static(ClassName.get("p", "K"));
    Receiver l = new Receiver.Static(ClassName.get("p", "L"));
    Receiver self = new Receiver.Instance(new Expr.This(null, ValueType.DOUBLE));
    assertTrue(
        SameValue.of(field(k, "w"), field(new Receiver.Static(ClassName.get("p", "K")), "w")));
    assertFalse(SameValue.of(field(k, "w"), field(l, "w")), "another class's field");
    assertFalse(SameValue.of(field(k, "w"), field(self, "w")), "a static and an instance field");
    assertFalse(SameValue.of(field(k, "w"), field(k, "v")));
  }

  @Test
  void impureExpressionsAreNeverTheSame() {
    Expr neg = new Expr.Unary(null, ValueType.DOUBLE, Expr.UnaryOperator.MINUS, ref(X));
    Expr neg2 = new Expr.Unary(null, ValueType.DOUBLE, Expr.UnaryOperator.MINUS, ref(X));
    assertFalse(SameValue.of(neg, neg2));
  }
}
