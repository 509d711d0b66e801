package dev.gradgen.processor.analysis;

import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.ReductionLoop;
import dev.gradgen.processor.model.Stmt;
import dev.gradgen.processor.model.ValueType;
import dev.gradgen.processor.model.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Recognises the {@code for} loops that are pure reductions ({@code s += f(x[i], ...)} over
 * straight-line arithmetic), which the first-order builder may write as one node per accumulator.
 *
 * <p>The rules are deliberately narrow, because a loop that qualifies by mistake gives a plausible
 * wrong derivative: an int-only header; a body of local declarations and accumulations only (no
 * control flow, no writes to arrays, fields or outer variables other than the accumulators, no
 * calls but the Math functions a fused node differentiates); an accumulator is an active double
 * local declared before the loop and read in the body only as the left operand of its own
 * accumulation; every active value the body reads is an element of an array (which the body cannot
 * write), a scalar the body does not write, or one of its own temporaries. Anything else is written
 * as today.
 */
public final class ReductionLoops {

  /** Most operations of one body: its code is inlined into the builder method, within 64 KB. */
  static final int MAX_OPERATIONS = 200;

  private final Activity activity;
  private final Set<Variable> declared = new HashSet<>();
  private final Set<Variable> accumulators = new LinkedHashSet<>();
  private int operations;

  private ReductionLoops(Activity activity) {
    this.activity = activity;
  }

  /** The reduction {@code loop} is, or null when it is not one (it is then written as today). */
  public static ReductionLoop of(Stmt.For loop, Activity activity) {
    return new ReductionLoops(activity).read(loop);
  }

  private ReductionLoop read(Stmt.For loop) {
    if (!headerIsPlain(loop)) {
      return null;
    }
    List<Stmt> body =
        loop.body() instanceof Stmt.Block block ? block.statements() : List.of(loop.body());
    // First pass: the accumulators, so that the second can reject any other read of them.
    for (Stmt stmt : body) {
      if (stmt instanceof Stmt.ExpressionStatement statement
          && statement.expr() instanceof Expr.Assign assign
          && assign.target() instanceof Expr.VariableRef target) {
        accumulators.add(target.variable());
      }
    }
    List<ReductionLoop.Step> steps = new ArrayList<>();
    boolean anyActiveTerm = false;
    BodyStep reader = new BodyStep(steps);
    for (Stmt stmt : body) {
      if (!stmt.accept(reader)) {
        return null;
      }
    }
    for (ReductionLoop.Step step : steps) {
      anyActiveTerm |= step instanceof ReductionLoop.Accumulation accumulation
          && activity.isActive(accumulation.term());
    }
    if (!anyActiveTerm || operations > MAX_OPERATIONS) {
      return null;
    }
    return new ReductionLoop(loop, steps, List.copyOf(accumulators));
  }

  /** Whether the header only declares, tests and steps integer variables. */
  private boolean headerIsPlain(Stmt.For loop) {
    for (Stmt init : loop.init()) {
      if (init instanceof Stmt.LocalDeclaration declaration) {
        if (!isInteger(declaration.variable().type())
            || activity.isActive(declaration.variable())
            || declaration.init() != null && !isPlain(declaration.init())) {
          return false;
        }
      } else if (!(init instanceof Stmt.ExpressionStatement statement)
          || !isIntegerUpdate(statement.expr())) {
        return false;
      }
    }
    if (loop.condition() != null && !isPlain(loop.condition())) {
      return false;
    }
    for (Expr update : loop.update()) {
      if (!isIntegerUpdate(update)) {
        return false;
      }
    }
    return true;
  }

  private boolean isIntegerUpdate(Expr expr) {
    if (expr instanceof Expr.IncDec incDec) {
      return integerVariable(incDec.target());
    }
    return expr instanceof Expr.Assign assign
        && integerVariable(assign.target())
        && isPlain(assign.value());
  }

  private boolean integerVariable(Expr target) {
    return target instanceof Expr.VariableRef ref
        && isInteger(ref.type())
        && !activity.isActive(ref.variable());
  }

  private static boolean isInteger(ValueType type) {
    return type.equals(ValueType.INT) || type.equals(ValueType.LONG);
  }

  /**
   * Reads the body's statements into steps: each visit adds its statement's step (an empty
   * statement has none) and says whether the loop is still a reduction; any statement but a
   * declaration, an accumulation and an empty one disqualifies it (it is then written as today).
   */
  private final class BodyStep implements Stmt.Visitor<Boolean> {
    private final List<ReductionLoop.Step> steps;

    BodyStep(List<ReductionLoop.Step> steps) {
      this.steps = steps;
    }

    private boolean add(ReductionLoop.Step step) {
      if (step == null) {
        return false;
      }
      steps.add(step);
      return true;
    }

    @Override
    public Boolean visitLocalDeclaration(Stmt.LocalDeclaration declaration) {
      return add(declarationStep(declaration));
    }

    @Override
    public Boolean visitExpressionStatement(Stmt.ExpressionStatement statement) {
      return statement.expr() instanceof Expr.Assign assign
          && assign.target() instanceof Expr.VariableRef target
          && add(accumulation(assign, target));
    }

    @Override
    public Boolean visitEmpty(Stmt.Empty empty) {
      return true;
    }

    @Override
    public Boolean visitBlock(Stmt.Block block) {
      return false;
    }

    @Override
    public Boolean visitIf(Stmt.If ifStmt) {
      return false;
    }

    @Override
    public Boolean visitFor(Stmt.For loop) {
      return false;
    }

    @Override
    public Boolean visitForEach(Stmt.ForEach loop) {
      return false;
    }

    @Override
    public Boolean visitWhile(Stmt.While loop) {
      return false;
    }

    @Override
    public Boolean visitDoWhile(Stmt.DoWhile loop) {
      return false;
    }

    @Override
    public Boolean visitSwitch(Stmt.Switch switchStmt) {
      return false;
    }

    @Override
    public Boolean visitBreak(Stmt.Break breakStmt) {
      return false;
    }

    @Override
    public Boolean visitContinue(Stmt.Continue continueStmt) {
      return false;
    }

    @Override
    public Boolean visitReturn(Stmt.Return returnStmt) {
      return false;
    }

    @Override
    public Boolean visitThrow(Stmt.Throw throwStmt) {
      return false;
    }

    @Override
    public Boolean visitLabeled(Stmt.Labeled labeled) {
      return false;
    }
  }

  /** A declaration in the body as a step, or null when it disqualifies the loop. */
  private ReductionLoop.Step declarationStep(Stmt.LocalDeclaration declaration) {
    Variable variable = declaration.variable();
    Expr init = declaration.init();
    if (init == null || variable.type().isArray()) {
      return null;
    }
    ReductionLoop.Step step;
    if (activity.isActive(variable)) {
      step = variable.type().isDouble() && isTerm(init)
          ? new ReductionLoop.Temporary(variable, init)
          : null;
    } else {
      step = variable.type().base() != ValueType.Base.REFERENCE
              && variable.type().base() != ValueType.Base.STRING
              && isPlain(init)
          ? new ReductionLoop.Constant(variable, init)
          : null;
    }
    declared.add(variable);
    return step;
  }

  /** An assignment to a variable in the body as an accumulation, or null when it is not one. */
  private ReductionLoop.Step accumulation(Expr.Assign assign, Expr.VariableRef target) {
    Variable accumulator = target.variable();
    if (!accumulator.type().isDouble()
        || accumulator.kind() != Variable.Kind.LOCAL
        || !activity.isActive(accumulator)
        || declared.contains(accumulator)) {
      return null;
    }
    Expr term;
    boolean subtract;
    Expr.BinaryOperator operator = assign.operator().orElse(null);
    if (operator == Expr.BinaryOperator.PLUS || operator == Expr.BinaryOperator.MINUS) {
      term = assign.value();
      subtract = operator == Expr.BinaryOperator.MINUS;
    } else if (!assign.compound()
        && assign.value() instanceof Expr.Binary sum
        && (sum.operator() == Expr.BinaryOperator.PLUS
            || sum.operator() == Expr.BinaryOperator.MINUS)
        && sum.left() instanceof Expr.VariableRef left
        && left.variable().equals(accumulator)
        && sum.type().isDouble()) {
      term = sum.right();
      subtract = sum.operator() == Expr.BinaryOperator.MINUS;
    } else {
      return null;
    }
    return isTerm(term) ? new ReductionLoop.Accumulation(accumulator, subtract, term) : null;
  }

  /**
   * Whether {@code expr} is a term the loop can differentiate: a constant ({@link #isPlain}), or
   * arithmetic and fusable Math functions over constants, array elements, scalars the body does
   * not write and the body's temporaries; never an accumulator.
   */
  private boolean isTerm(Expr expr) {
    if (!activity.isActive(expr)) {
      return isPlain(expr);
    }
    return expr.accept(term);
  }

  /** Every operand of a term's operation a term too, the operation counted. */
  private boolean operation(List<Expr> operands) {
    operations++;
    for (Expr operand : operands) {
      if (!isTerm(operand)) {
        return false;
      }
    }
    return true;
  }

  private final Expr.Visitor<Boolean> term = new Expr.Visitor<>() {
    @Override
    public Boolean visitVariableRef(Expr.VariableRef ref) {
      return ref.type().isDouble() && !accumulators.contains(ref.variable());
    }

    @Override
    public Boolean visitArrayRead(Expr.ArrayRead read) {
      return read.type().isDouble() && isElementOfVariable(read);
    }

    @Override
    public Boolean visitBinary(Expr.Binary binary) {
      Expr.BinaryOperator operator = binary.operator();
      if (!binary.type().isDouble()
          || operator != Expr.BinaryOperator.PLUS
              && operator != Expr.BinaryOperator.MINUS
              && operator != Expr.BinaryOperator.MULTIPLY
              && operator != Expr.BinaryOperator.DIVIDE) {
        return false;
      }
      return operation(List.of(binary.left(), binary.right()));
    }

    @Override
    public Boolean visitUnary(Expr.Unary unary) {
      if (unary.operator() != Expr.UnaryOperator.MINUS
          && unary.operator() != Expr.UnaryOperator.PLUS) {
        return false;
      }
      return operation(List.of(unary.operand()));
    }

    @Override
    public Boolean visitCast(Expr.Cast cast) {
      if (!cast.type().isDouble() || !cast.operand().type().isDouble()) {
        return false;
      }
      return operation(List.of(cast.operand()));
    }

    @Override
    public Boolean visitMathCall(Expr.MathCall call) {
      if (call.strict()
          || !call.function().fusable()
          || call.function().arity() != 1
          || !call.type().isDouble()) {
        return false;
      }
      return operation(call.args());
    }

    // Any other active expression (a call, a conditional, an assignment...) keeps the loop as it
    // is: written node by node, as without preaccumulation.

    @Override
    public Boolean visitLiteral(Expr.Literal literal) {
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
    public Boolean visitConditional(Expr.Conditional conditional) {
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
      return false;
    }

    @Override
    public Boolean visitIncDec(Expr.IncDec incDec) {
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

  /** {@code a[i]}, {@code a[i][j]}...: an element of an array variable, at constant indices. */
  private boolean isElementOfVariable(Expr.ArrayRead read) {
    Expr array = read.array();
    if (!isPlain(read.index())) {
      return false;
    }
    if (array instanceof Expr.ArrayRead outer) {
      return isElementOfVariable(outer);
    }
    return array instanceof Expr.VariableRef ref && !accumulators.contains(ref.variable());
  }

  /**
   * Whether {@code expr} is a constant the loop evaluates as the plain method does, with no side
   * effect and no read of anything active: literals, integer and other constant variables,
   * operators, conditionals, casts, reads of constant arrays, lengths and Math functions of those.
   */
  private boolean isPlain(Expr expr) {
    if (activity.isActive(expr)) {
      return false;
    }
    return expr.accept(plain);
  }

  private boolean allPlain(List<Expr> exprs) {
    for (Expr expr : exprs) {
      if (!isPlain(expr)) {
        return false;
      }
    }
    return true;
  }

  private final Expr.Visitor<Boolean> plain = new Expr.Visitor<>() {
    @Override
    public Boolean visitLiteral(Expr.Literal literal) {
      return true;
    }

    @Override
    public Boolean visitThis(Expr.This thisExpr) {
      return true;
    }

    @Override
    public Boolean visitVariableRef(Expr.VariableRef ref) {
      return !activity.isActive(ref.variable()) && !accumulators.contains(ref.variable());
    }

    @Override
    public Boolean visitFieldRef(Expr.FieldRef field) {
      return field.receiver().match(onClass -> true, instance -> isPlain(instance.object()));
    }

    @Override
    public Boolean visitUnary(Expr.Unary unary) {
      return isPlain(unary.operand());
    }

    @Override
    public Boolean visitBinary(Expr.Binary binary) {
      return isPlain(binary.left()) && isPlain(binary.right());
    }

    @Override
    public Boolean visitConditional(Expr.Conditional conditional) {
      return isPlain(conditional.condition())
          && isPlain(conditional.whenTrue())
          && isPlain(conditional.whenFalse());
    }

    @Override
    public Boolean visitCast(Expr.Cast cast) {
      return isPlain(cast.operand());
    }

    @Override
    public Boolean visitArrayRead(Expr.ArrayRead read) {
      return isPlain(read.array()) && isPlain(read.index());
    }

    @Override
    public Boolean visitArrayLength(Expr.ArrayLength length) {
      // The length of an active array is plain too: the builder's node array has the same shape.
      Expr array = length.array();
      return array instanceof Expr.VariableRef
          || array instanceof Expr.ArrayRead read && isElementArray(read);
    }

    @Override
    public Boolean visitMathCall(Expr.MathCall call) {
      return allPlain(call.args());
    }

    // Side effects (assignments, calls, allocations) are not constants the loop may evaluate.

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

  /** {@code a[i]} (a row of an array variable) at constant indices, active or not. */
  private boolean isElementArray(Expr.ArrayRead read) {
    if (!isPlain(read.index())) {
      return false;
    }
    return read.array() instanceof Expr.VariableRef
        || read.array() instanceof Expr.ArrayRead outer && isElementArray(outer);
  }
}
