package dev.gradgen.processor.analysis;

import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.Variable;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The result of {@link ActivityAnalysis}: which variables hold values that depend on a
 * differentiable parameter, and so which expressions become Tensor nodes. Everything else stays
 * plain Java arithmetic in the generated code.
 */
public final class Activity {

  private final Set<Variable> active;
  /**
   * Answers for expressions, by identity: the writers ask about every sub-expression many times,
   * which is quadratic on long expressions without it. Valid while the set (which only grows during
   * the analysis) keeps its size.
   */
  private final Map<Expr, Boolean> known = new IdentityHashMap<>();
  private int knownFor = -1;

  Activity(Set<Variable> active) {
    this.active = active;
  }

  public boolean isActive(Variable variable) {
    return active.contains(variable);
  }

  /** Whether {@code expr}'s value depends on a differentiable parameter (and so is a node). */
  public boolean isActive(Expr expr) {
    if (expr == null || !expr.type().isDoubleBased()) {
      return false;
    }
    if (knownFor != active.size()) {
      known.clear();
      knownFor = active.size();
    }
    Boolean answer = known.get(expr);
    if (answer == null) {
      answer = compute(expr);
      known.put(expr, answer);
    }
    return answer;
  }

  private boolean compute(Expr expr) {
    if (expr instanceof Expr.VariableRef ref) {
      return active.contains(ref.variable());
    } else if (expr instanceof Expr.Unary unary) {
      return isActive(unary.operand());
    } else if (expr instanceof Expr.Binary binary) {
      return isActive(binary.left()) || isActive(binary.right());
    } else if (expr instanceof Expr.Conditional conditional) {
      return isActive(conditional.whenTrue()) || isActive(conditional.whenFalse());
    } else if (expr instanceof Expr.Cast cast) {
      return isActive(cast.operand());
    } else if (expr instanceof Expr.ArrayRead read) {
      return isActive(read.array());
    } else if (expr instanceof Expr.NewArray array) {
      return array.elements() != null && array.elements().stream().anyMatch(this::isActive);
    } else if (expr instanceof Expr.Assign assign) {
      return isActive(assign.target());
    } else if (expr instanceof Expr.IncDec incDec) {
      return isActive(incDec.target());
    } else if (expr instanceof Expr.MathCall call) {
      return call.function().differentiable() && call.args().stream().anyMatch(this::isActive);
    } else if (expr instanceof Expr.DifferentiableCall call) {
      for (int i = 0; i < call.args().size(); i++) {
        if (call.callee().parameters().get(i).differentiable() && isActive(call.args().get(i))) {
          return true;
        }
      }
      return false;
    } else if (expr instanceof Expr.RuleCall call) {
      for (int i = 0; i < call.args().size(); i++) {
        if (call.rule().parameters().get(i).covered() && isActive(call.args().get(i))) {
          return true;
        }
      }
      return false;
    } else if (expr instanceof Expr.PlainCall call) {
      return call.name().equals("clone") && call.owner() == null && isActive(call.receiver());
    }
    return false;
  }
}
