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
    ModelWalker.walk(List.of(new Stmt.ExpressionStatement(expr.source(), expr)), stmt -> { },
        (e, used) -> found[0] |= e instanceof Expr.Assign || e instanceof Expr.IncDec
            || e instanceof Expr.PlainCall call && !isPureMath(call)
            || e instanceof Expr.DifferentiableCall || e instanceof Expr.RuleCall
            || e instanceof Expr.NewObject);
    return found[0];
  }

  /** Math.floorMod(int, int) and the like; Math.random is not one. */
  private static boolean isPureMath(Expr.PlainCall call) {
    String owner = call.owner() == null ? "" : call.owner().toString();
    return (owner.equals("java.lang.Math") || owner.equals("java.lang.StrictMath"))
        && !call.name().equals("random");
  }
}
