package dev.gradgen.processor.writer;

import dev.gradgen.processor.model.Expr;

/**
 * Whether an expression's plain code is one token that can be used where it stands, as often as
 * needed, without a local of its own (see {@link ForwardBody}): a name, {@code this}, a literal
 * written without a sign (not {@code -0.25}, {@code -0.0} nor {@code 1.0E-5}), a field of one, an
 * element of one at an index that is one, or the length of one. Decided on the model, never on the
 * code it renders.
 */
final class OneToken implements Expr.Visitor<Boolean> {

  private static final OneToken INSTANCE = new OneToken();

  private OneToken() {}

  /** Whether {@code expr}'s plain code is one token. */
  static boolean is(Expr expr) {
    return expr.accept(INSTANCE);
  }

  /**
   * A number with no sign in its code: not negative, and not a floating-point one written with a
   * negative exponent (nonzero and below 10<sup>-3</sup> in magnitude, as {@link
   * Double#toString(double)} writes it); a {@code NaN} or an infinity is a name. A string is not.
   */
  @Override
  public Boolean visitLiteral(Expr.Literal literal) {
    if (literal.negative() || literal.value() instanceof String) {
      return false;
    }
    if (literal.value() instanceof Double || literal.value() instanceof Float) {
      double magnitude = Math.abs(((Number) literal.value()).doubleValue());
      return !(magnitude > 0.0 && magnitude < 1e-3);
    }
    return true;
  }

  @Override
  public Boolean visitVariableRef(Expr.VariableRef ref) {
    return true;
  }

  @Override
  public Boolean visitThis(Expr.This thisExpr) {
    return true;
  }

  @Override
  public Boolean visitFieldRef(Expr.FieldRef field) {
    return field.receiver().match(onClass -> true, instance -> is(instance.object()));
  }

  @Override
  public Boolean visitArrayRead(Expr.ArrayRead read) {
    return is(read.array()) && is(read.index());
  }

  @Override
  public Boolean visitArrayLength(Expr.ArrayLength length) {
    return is(length.array());
  }

  // Operators, casts, calls, allocations and assignments are more than one token.

  @Override
  public Boolean visitUnary(Expr.Unary unary) {
    return false;
  }

  @Override
  public Boolean visitBinary(Expr.Binary binary) {
    return false;
  }

  @Override
  public Boolean visitConditional(Expr.Conditional conditional) {
    return false;
  }

  @Override
  public Boolean visitCast(Expr.Cast cast) {
    return false;
  }

  @Override
  public Boolean visitNewArray(Expr.NewArray array) {
    return false;
  }

  @Override
  public Boolean visitArrayInitializer(Expr.ArrayInitializer array) {
    return false;
  }

  @Override
  public Boolean visitAssign(Expr.Assign assign) {
    return false;
  }

  @Override
  public Boolean visitIncDec(Expr.IncDec incDec) {
    return false;
  }

  @Override
  public Boolean visitMathCall(Expr.MathCall call) {
    return false;
  }

  @Override
  public Boolean visitDifferentiableCall(Expr.DifferentiableCall call) {
    return false;
  }

  @Override
  public Boolean visitPlainCall(Expr.PlainCall call) {
    return false;
  }

  @Override
  public Boolean visitRuleCall(Expr.RuleCall call) {
    return false;
  }

  @Override
  public Boolean visitNewObject(Expr.NewObject object) {
    return false;
  }
}
