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

  /**
   * No value active: what code that runs on plain values sees, such as the graph-free forward
   * functions, whose every value is a {@code double} (see {@code ForwardWriter}).
   */
  public static Activity none() {
    return new Activity(Set.of());
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
    return expr.accept(rules);
  }

  /**
   * Activity by kind: a value is active when one of the operands it takes derivatives through is.
   * Leaves that no parameter reaches (literals, fields, {@code this}, lengths, new objects) never
   * are.
   */
  private final Expr.Visitor<Boolean> rules = new Expr.Visitor<>() {
    @Override
    public Boolean visitLiteral(Expr.Literal literal) {
      return false;
    }

    @Override
    public Boolean visitVariableRef(Expr.VariableRef ref) {
      return active.contains(ref.variable());
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
      return isActive(unary.operand());
    }

    @Override
    public Boolean visitBinary(Expr.Binary binary) {
      return isActive(binary.left()) || isActive(binary.right());
    }

    @Override
    public Boolean visitConditional(Expr.Conditional conditional) {
      // The condition selects a value; no derivative flows through it.
      return isActive(conditional.whenTrue()) || isActive(conditional.whenFalse());
    }

    @Override
    public Boolean visitCast(Expr.Cast cast) {
      return isActive(cast.operand());
    }

    @Override
    public Boolean visitArrayRead(Expr.ArrayRead read) {
      return isActive(read.array());
    }

    @Override
    public Boolean visitArrayLength(Expr.ArrayLength length) {
      return false;
    }

    @Override
    public Boolean visitNewArray(Expr.NewArray array) {
      // Zeros, whatever the dimensions.
      return false;
    }

    @Override
    public Boolean visitArrayInitializer(Expr.ArrayInitializer array) {
      return array.elements().stream().anyMatch(Activity.this::isActive);
    }

    @Override
    public Boolean visitAssign(Expr.Assign assign) {
      return isActive(assign.target());
    }

    @Override
    public Boolean visitIncDec(Expr.IncDec incDec) {
      return isActive(incDec.target());
    }

    @Override
    public Boolean visitMathCall(Expr.MathCall call) {
      return call.function().differentiable()
          && call.args().stream().anyMatch(Activity.this::isActive);
    }

    @Override
    public Boolean visitDifferentiableCall(Expr.DifferentiableCall call) {
      for (int i = 0; i < call.args().size(); i++) {
        if (call.callee().parameters().get(i).differentiable()
            && isActive(call.args().get(i))) {
          return true;
        }
      }
      return false;
    }

    @Override
    public Boolean visitPlainCall(Expr.PlainCall call) {
      // Only an array's clone() carries its elements' derivatives; other plain calls take constant
      // arguments (ActivityAnalysis rejects active ones).
      return call.name().equals("clone")
          && call.receiver().match(onClass -> false, instance -> isActive(instance.object()));
    }

    @Override
    public Boolean visitRuleCall(Expr.RuleCall call) {
      for (int i = 0; i < call.args().size(); i++) {
        if (call.rule().parameters().get(i).covered() && isActive(call.args().get(i))) {
          return true;
        }
      }
      return false;
    }

    @Override
    public Boolean visitNewObject(Expr.NewObject object) {
      return false;
    }
  };
}
