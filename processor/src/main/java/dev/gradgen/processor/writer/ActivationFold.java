package dev.gradgen.processor.writer;

import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.FusionPlan;
import dev.gradgen.processor.model.MathFunction;
import dev.gradgen.processor.model.ModelWalker;
import dev.gradgen.processor.model.ReductionLoop;
import dev.gradgen.processor.model.Stmt;
import dev.gradgen.processor.model.TypeNames;
import dev.gradgen.processor.model.Variable;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the statement after a reduction loop that applies a function of one argument to the
 * loop's finished sum and nothing else reads ({@code h[j] = Math.tanh(z);}, a layer's activation),
 * so that the first-order builder can make {@code f(z)} one node with the loop's dot product
 * instead of two ({@link ReductionWriter}, {@code Tensor.fusedDotThen}).
 *
 * <p>The sum's own node is then never made, so the fold needs the sum to have no other reader: the
 * accumulator is a local declared in the same statement list before the loop (so its scope ends
 * with the list), the statement reads it once, as the call's whole argument, and no later
 * statement of the list reads it; or the statement assigns the call's node back to the
 * accumulator itself ({@code z = Math.tanh(z);}), after which every read sees that node.
 */
final class ActivationFold {

  /**
   * The functions whose {@code Tensor} method makes one unary node holding the library's value of
   * the argument and {@code Derivatives.f(x, f(x))} as its partial, so that a folded node can
   * compute both the same way.
   */
  private static final Set<MathFunction> FOLDABLE = EnumSet.of(
      MathFunction.ABS,
      MathFunction.SQRT,
      MathFunction.CBRT,
      MathFunction.EXP,
      MathFunction.LOG,
      MathFunction.SIN,
      MathFunction.COS,
      MathFunction.TAN,
      MathFunction.ASIN,
      MathFunction.ACOS,
      MathFunction.ATAN,
      MathFunction.SINH,
      MathFunction.COSH,
      MathFunction.TANH,
      MathFunction.SIGMOID,
      MathFunction.RELU,
      MathFunction.SOFTPLUS);

  private ActivationFold() {}

  /**
   * The call to fold into the reduction {@code statements.get(loopAt)}, which {@code plan}
   * preaccumulates as {@code reduction}: found in {@code statements.get(loopAt + 1)}, or empty.
   */
  static Optional<Expr.MathCall> find(
      List<Stmt> statements,
      int loopAt,
      ReductionLoop reduction,
      FusionPlan plan,
      ExpressionWriter expressions) {
    if (reduction.accumulators().size() != 1 || loopAt + 1 >= statements.size()) {
      return Optional.empty();
    }
    Variable sum = reduction.accumulators().get(0);
    Stmt next = statements.get(loopAt + 1);
    if (plan.runAt(next) != null) {
      return Optional.empty();
    }
    Expr value;
    boolean backToSum;
    if (next instanceof Stmt.ExpressionStatement statement
        && statement.expr() instanceof Expr.Assign assign
        && assign.operator().isEmpty()
        && expressions.isActive(assign)) {
      value = assign.value();
      backToSum =
          assign.target() instanceof Expr.VariableRef ref && ref.variable().equals(sum);
      if (!backToSum && reads(List.of(), assign.target(), sum)) {
        return Optional.empty();
      }
    } else if (next instanceof Stmt.LocalDeclaration declaration
        && declaration.init() != null
        && expressions.isActive(declaration.init())) {
      value = declaration.init();
      backToSum = false;
    } else {
      return Optional.empty();
    }
    if (!(value instanceof Expr.MathCall call)
        || !foldable(call)
        || plan.isFused(call)
        || !(call.args().get(0) instanceof Expr.VariableRef argument)
        || !argument.variable().equals(sum)) {
      return Optional.empty();
    }
    if (!backToSum
        && (!declaredIn(statements, loopAt, sum)
            || reads(statements.subList(loopAt + 2, statements.size()), null, sum))) {
      return Optional.empty();
    }
    return Optional.of(call);
  }

  /** Whether the builder's node of {@code call} is a unary node a folded node can stand for. */
  private static boolean foldable(Expr.MathCall call) {
    return call.args().size() == 1
        && FOLDABLE.contains(call.function())
        && (call.owner().equals(TypeNames.MATH) || call.owner().equals(TypeNames.ACTIVATIONS));
  }

  /** Whether {@code variable} is declared by one of the first {@code before} statements. */
  private static boolean declaredIn(List<Stmt> statements, int before, Variable variable) {
    for (int i = 0; i < before; i++) {
      if (statements.get(i) instanceof Stmt.LocalDeclaration declaration
          && declaration.variable().equals(variable)) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code statements} or {@code expr} (either may be empty or null) mention it. */
  private static boolean reads(List<Stmt> statements, Expr expr, Variable variable) {
    boolean[] found = {false};
    ModelWalker.Visitor visitor = (e, used) -> {
      if (e instanceof Expr.VariableRef ref && ref.variable().equals(variable)) {
        found[0] = true;
      }
    };
    List<Stmt> all = expr == null ? statements : List.of(new Stmt.ExpressionStatement(null, expr));
    ModelWalker.walk(all, stmt -> {}, visitor);
    return found[0];
  }
}
