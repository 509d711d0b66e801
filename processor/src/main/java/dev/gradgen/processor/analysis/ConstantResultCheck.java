package dev.gradgen.processor.analysis;

import dev.gradgen.processor.ErrorReporter;
import dev.gradgen.processor.Messages;
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

  /** Reports the warning on {@code method} when it returns values and none of them is active. */
  public static void check(MethodModel method, Activity activity, ErrorReporter reporter) {
    boolean[] returns = {false, false};
    ModelWalker.walk(method.body(), stmt -> {
      if (stmt instanceof Stmt.Return ret) {
        returns[0] = true;
        returns[1] |= activity.isActive(ret.value());
      }
    }, (expr, used) -> { });
    if (returns[0] && !returns[1]) {
      reporter.warningAt(method.element(), Messages.constantResult(method.name()));
    }
  }
}
