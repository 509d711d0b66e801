package dev.gradgen.processor.analysis;

import dev.gradgen.processor.diagnostics.ErrorReporter;
import dev.gradgen.processor.diagnostics.Messages;
import dev.gradgen.processor.model.Callee;
import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.MethodModel;
import dev.gradgen.processor.model.ModelWalker;
import dev.gradgen.processor.model.Rule;
import dev.gradgen.processor.model.Variable;

/**
 * Reports, in a method of order 2, the calls its second-order builder could not make: a call with
 * active arguments of a {@code @Differentiable(order = 1)} method (which has no such builder), and
 * of a rule whose partials are not themselves a {@code @Differentiable} method of order 2 (they are
 * differentiated once more). Calls with constant arguments only stay plain calls and need neither.
 */
public final class SecondOrderCheck {

  private SecondOrderCheck() {}

  /** Reports each such call of {@code method} at the call; nothing for a method of order 1. */
  public static void check(MethodModel method, Activity activity, ErrorReporter reporter) {
    if (!method.signature().secondOrder()) {
      return;
    }
    ModelWalker.walk(method.body(), stmt -> {}, (expr, used) -> {
      if (!activity.isActive(expr)) {
        return;
      }
      if (expr instanceof Expr.DifferentiableCall call && !call.callee().secondOrder()) {
        reporter.errorAt(
            call.source(),
            method.unit(),
            Messages.firstOrderCallee(call.callee().name()));
      } else if (expr instanceof Expr.RuleCall call) {
        rule(call, method, activity, reporter);
      }
    });
  }

  private static void rule(
      Expr.RuleCall call, MethodModel method, Activity activity, ErrorReporter reporter) {
    Rule rule = call.rule();
    Callee partials = rule.partials();
    if (partials == null || !partials.secondOrder()) {
      reporter.errorAt(
          call.source(),
          method.unit(),
          Messages.ruleNotDifferentiable(rule.targetDescription(), rule.ruleDescription()));
      return;
    }
    // The rule method takes the target's parameters, after the receiver of an instance target.
    int offset = rule.instanceTarget() ? 1 : 0;
    for (int i = 0; i < call.args().size(); i++) {
      Expr arg = call.args().get(i);
      Variable parameter = partials.parameters().get(i + offset);
      if (rule.parameters().get(i).covered()
          && activity.isActive(arg)
          && !parameter.differentiable()) {
        reporter.errorAt(
            arg.source(),
            method.unit(),
            Messages.ruleArgumentNotDifferentiable(
                arg.source().toString(), parameter.name(), rule.ruleDescription()));
      }
    }
  }
}
