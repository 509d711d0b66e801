package dev.gradgen.processor.model;

import java.util.List;

/** Whether evaluating an expression can change state or give another value when repeated. */
public final class SideEffects {

  private SideEffects() {}

  /**
   * True when {@code expr} contains an assignment, an increment, a call that is not a {@code Math}
   * or {@code StrictMath} function (other than {@code random}), or a {@code new} object: evaluating
   * it twice may not be the same as evaluating it once.
   */
  public static boolean in(Expr expr) {
    boolean[] found = {false};
    ModelWalker.walk(
        List.of(new Stmt.ExpressionStatement(expr.source(), expr)),
        stmt -> {},
        (e, used) -> found[0] |= e.accept(OWN_EFFECT));
    return found[0];
  }

  /** Whether the node itself (not counting its operands, which the walk visits) has an effect. */
  private static final Expr.Visitor<Boolean> OWN_EFFECT = new Expr.Visitor<>() {
    @Override
    public Boolean visitLiteral(Expr.Literal literal) {
      return false;
    }

    @Override
    public Boolean visitVariableRef(Expr.VariableRef ref) {
      return false;
    }

    @Override
    public Boolean visitThis(Expr.This thisExpr) {
      return false;
    }

    @Override
    public Boolean visitFieldRef(Expr.FieldRef field) {
      return false;
    }

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
    public Boolean visitArrayRead(Expr.ArrayRead read) {
      return false;
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
      return true;
    }

    @Override
    public Boolean visitIncDec(Expr.IncDec incDec) {
      return true;
    }

    @Override
    public Boolean visitMathCall(Expr.MathCall call) {
      return false;
    }

    @Override
    public Boolean visitDifferentiableCall(Expr.DifferentiableCall call) {
      return true;
    }

    @Override
    public Boolean visitPlainCall(Expr.PlainCall call) {
      return !isPureMath(call);
    }

    @Override
    public Boolean visitRuleCall(Expr.RuleCall call) {
      return true;
    }

    @Override
    public Boolean visitNewObject(Expr.NewObject object) {
      return true;
    }
  };

  /** Math.floorMod(int, int) and the like; Math.random is not one. */
  private static boolean isPureMath(Expr.PlainCall call) {
    boolean math = call.receiver()
        .match(
            onClass -> TypeNames.MATH.equals(onClass.owner())
                || TypeNames.STRICT_MATH.equals(onClass.owner()),
            instance -> false);
    return math && !call.name().equals("random");
  }
}
