package dev.gradgen.processor.analysis;

import dev.gradgen.processor.diagnostics.ErrorReporter;
import dev.gradgen.processor.diagnostics.Messages;
import dev.gradgen.processor.model.MethodModel;
import dev.gradgen.processor.model.ModelWalker;
import dev.gradgen.processor.model.Stmt;

/**
 * Warns about a {@code @Differentiable} method none of whose returned values depends on a
 * differentiable parameter: its gradient is zero at every point, which is rarely what was meant (a
 * stop-gradient applied to everything, or a wrt naming the wrong parameters).
 */
public final class ConstantResultCheck {

  private ConstantResultCheck() {}

  /** The statement if it returns a value from the method, else null. */
  private static final Stmt.Visitor<Stmt.Return> RETURN = new Stmt.Visitor<>() {
    @Override
    public Stmt.Return visitLocalDeclaration(Stmt.LocalDeclaration declaration) {
      return null;
    }

    @Override
    public Stmt.Return visitExpressionStatement(Stmt.ExpressionStatement statement) {
      return null;
    }

    @Override
    public Stmt.Return visitBlock(Stmt.Block block) {
      return null;
    }

    @Override
    public Stmt.Return visitIf(Stmt.If ifStmt) {
      return null;
    }

    @Override
    public Stmt.Return visitFor(Stmt.For loop) {
      return null;
    }

    @Override
    public Stmt.Return visitForEach(Stmt.ForEach loop) {
      return null;
    }

    @Override
    public Stmt.Return visitWhile(Stmt.While loop) {
      return null;
    }

    @Override
    public Stmt.Return visitDoWhile(Stmt.DoWhile loop) {
      return null;
    }

    @Override
    public Stmt.Return visitSwitch(Stmt.Switch switchStmt) {
      return null;
    }

    @Override
    public Stmt.Return visitBreak(Stmt.Break breakStmt) {
      return null;
    }

    @Override
    public Stmt.Return visitContinue(Stmt.Continue continueStmt) {
      return null;
    }

    @Override
    public Stmt.Return visitReturn(Stmt.Return returnStmt) {
      return returnStmt;
    }

    @Override
    public Stmt.Return visitThrow(Stmt.Throw throwStmt) {
      return null;
    }

    @Override
    public Stmt.Return visitLabeled(Stmt.Labeled labeled) {
      return null;
    }

    @Override
    public Stmt.Return visitEmpty(Stmt.Empty empty) {
      return null;
    }
  };

  /** Reports the warning on {@code method} when it returns values and none of them is active. */
  public static void check(MethodModel method, Activity activity, ErrorReporter reporter) {
    boolean[] returns = {false, false};
    ModelWalker.walk(method.body(), stmt -> {
      Stmt.Return ret = stmt.accept(RETURN);
      if (ret != null) {
        returns[0] = true;
        returns[1] |= activity.isActive(ret.value());
      }
    }, (expr, used) -> { });
    if (returns[0] && !returns[1]) {
      reporter.warningAt(method.element(), Messages.constantResult(method.name()));
    }
  }
}
