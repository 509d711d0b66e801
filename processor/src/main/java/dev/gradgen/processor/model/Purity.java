package dev.gradgen.processor.model;

/**
 * Whether evaluating an expression twice is the same as once, for the few kinds where that is plain
 * (reads of variables, fields and array elements, and sums of them): a fused node shares such an
 * input between its uses. Anything else counts as impure, however harmless.
 */
public final class Purity {

  private Purity() {}

  /** Whether {@code expr} is a read of variables, fields or elements, or a binary operation on them. */
  public static boolean isPure(Expr expr) {
    return expr.accept(PURE);
  }

  private static final Expr.Visitor<Boolean> PURE = new Expr.Visitor<>() {
    @Override
    public Boolean visitLiteral(Expr.Literal literal) {
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
      return true;
    }

    @Override
    public Boolean visitUnary(Expr.Unary unary) {
      return false;
    }

    @Override
    public Boolean visitBinary(Expr.Binary binary) {
      return isPure(binary.left()) && isPure(binary.right());
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
    public Boolean visitArrayRead(Expr.ArrayRead read) {
      return isPure(read.array()) && isPure(read.index());
    }

    @Override
    public Boolean visitArrayLength(Expr.ArrayLength length) {
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
  };
}
