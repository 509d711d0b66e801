package dev.gradgen.processor.analysis;

import dev.gradgen.processor.model.Callee;
import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.ExprKind;
import dev.gradgen.processor.model.MathFunction;
import dev.gradgen.processor.model.MethodKey;
import dev.gradgen.processor.model.MethodModel;
import dev.gradgen.processor.model.ModelWalker;
import dev.gradgen.processor.model.Stmt;
import dev.gradgen.processor.model.Variable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which calls of {@code @Differentiable} methods a fused node may absorb as one operation (decided
 * before planning): calls of a method of the same companion with a graph-free forward function
 * (see {@link ForwardCoverage}), whose value and local partials the fused helper takes from that
 * function's scalar form with a unit tangent, so that the caller's statement stays one node.
 *
 * <p>Only the simplest shape is absorbed: a static method of {@code double} parameters returning
 * {@code double}, declaring no exception (a fused helper declares none), with exactly one
 * differentiable parameter, whose argument is active (see {@link #absorbs}), and
 * self-contained: its body, and the bodies of the methods it calls, read and write no field and
 * call nothing but {@code Math} functions and other self-contained methods. The helper evaluates an
 * absorbed callee once per active argument, after the call site's other inputs, so a callee that
 * could see or change outside state (a counter, a random number, a field another input writes)
 * would give each partial from a different state, or change what the plain method's order gives.
 * Every other call stays a cut, written through the callee's graph builder.
 */
public final class FusedCalls {

  /** No call is absorbed: {@code -Agradgen.fuse=false}. */
  public static final FusedCalls NONE = new FusedCalls(Set.of());

  private final Set<MethodKey> fusable;

  private FusedCalls(Set<MethodKey> fusable) {
    this.fusable = Set.copyOf(fusable);
  }

  /** The absorbable callees among the methods of one companion, {@code coverage} being theirs. */
  public static FusedCalls of(List<ForwardCoverage.Method> methods, ForwardCoverage coverage) {
    Set<MethodKey> keys = new HashSet<>();
    Map<MethodKey, MethodModel> bodies = new HashMap<>();
    for (ForwardCoverage.Method method : methods) {
      MethodModel model = method.model();
      Callee signature = model.signature();
      if (coverage.covers(signature)
          && signature.isStatic()
          && signature.result().isDouble()
          && signature.parameters().stream().allMatch(p -> p.type().isDouble())
          && (model.element() == null || model.element().getThrownTypes().isEmpty())) {
        keys.add(ForwardCoverage.key(signature));
        bodies.put(ForwardCoverage.key(signature), model);
      }
    }
    // A fixpoint: a method stops being absorbable once a method it calls has.
    boolean changed = true;
    while (changed) {
      changed = keys.removeIf(key -> !selfContained(bodies.get(key), keys));
    }
    return new FusedCalls(keys);
  }

  /**
   * The calls a second-order fused node may absorb: those {@link #of} absorbs whose callee (and
   * every method it calls) also stays within what the callee's hyper-dual forward function writes
   * (see {@link #hyperDual}); such a node takes the callee's value, partial and second derivative
   * from one call of that function (an absorbed callee has one differentiable input, see {@link
   * #absorbs}).
   */
  public static FusedCalls secondOrder(
      List<ForwardCoverage.Method> methods, ForwardCoverage coverage) {
    Set<MethodKey> keys = new HashSet<>(of(methods, coverage).fusable);
    Map<MethodKey, ForwardCoverage.Method> bodies = new HashMap<>();
    for (ForwardCoverage.Method method : methods) {
      bodies.put(ForwardCoverage.key(method.model().signature()), method);
    }
    boolean changed = true;
    while (changed) {
      changed = keys.removeIf(key -> !hyperDual(bodies.get(key), keys));
    }
    return new FusedCalls(keys);
  }

  /**
   * Whether the hyper-dual forward function can be written for {@code method}: no arrays, no
   * switch, for-each or throw, and its active values only doubles combined by {@code + - * /},
   * negation, conditionals, assignments (plain or compound {@code += -= *= /=}) to variables,
   * the math functions with second-derivative rules of the runtime's, and calls of other such
   * methods. Stricter than {@link #of}, which it refines.
   */
  private static boolean hyperDual(ForwardCoverage.Method method, Set<MethodKey> absorbable) {
    Activity activity = method.activity();
    // Three doubles (6 slots) per differentiable parameter beside each value, and the result array.
    int slots = 1;
    for (Variable parameter : method.model().signature().parameters()) {
      slots += 2 + (parameter.differentiable() ? 6 : 0);
    }
    int[] nodes = {0};
    ModelWalker.walk(method.model().body(), stmt -> {}, (expr, used) -> nodes[0]++);
    if (slots > MAX_HYPER_DUAL_SLOTS || nodes[0] > MAX_HYPER_DUAL_NODES) {
      return false;
    }
    boolean[] fits = {true};
    ModelWalker.walk(
        method.model().body(),
        stmt -> fits[0] &= !(stmt instanceof Stmt.Switch
                || stmt instanceof Stmt.ForEach
                || stmt instanceof Stmt.Throw)
            && !(stmt instanceof Stmt.LocalDeclaration declaration
                && activity.isActive(declaration.variable())
                && !declaration.variable().type().isDouble()),
        (expr, used) -> fits[0] &= hyperDual(expr, activity, absorbable));
    return fits[0];
  }

  private static boolean hyperDual(Expr expr, Activity activity, Set<MethodKey> absorbable) {
    ExprKind kind = ExprKind.of(expr);
    if (kind == ExprKind.DIFFERENTIABLE_CALL) {
      return absorbable.contains(ForwardCoverage.key(((Expr.DifferentiableCall) expr).callee()));
    }
    if (kind == ExprKind.ARRAY_READ
        || kind == ExprKind.ARRAY_LENGTH
        || kind == ExprKind.NEW_ARRAY
        || kind == ExprKind.ARRAY_INITIALIZER) {
      return false;
    }
    if (!activity.isActive(expr)) {
      return true;
    }
    if (!expr.type().isDouble()) {
      return false;
    }
    if (expr instanceof Expr.Binary binary) {
      return HYPER_DUAL_COMPOUND.contains(binary.operator());
    }
    if (expr instanceof Expr.Unary unary) {
      return unary.operator() == Expr.UnaryOperator.MINUS
          || unary.operator() == Expr.UnaryOperator.PLUS;
    }
    if (expr instanceof Expr.Assign assign) {
      return assign.target() instanceof Expr.VariableRef
          && assign.operator().map(HYPER_DUAL_COMPOUND::contains).orElse(true);
    }
    if (expr instanceof Expr.MathCall call) {
      return HYPER_DUAL_FUNCTIONS.contains(call.function());
    }
    return expr instanceof Expr.VariableRef
        || expr instanceof Expr.Cast
        || expr instanceof Expr.Conditional;
  }

  /** The JVM's limit of parameter slots of a method, for the hyper-dual forward function's. */
  private static final int MAX_HYPER_DUAL_SLOTS = 255;

  /**
   * At most how many expression nodes the body of a callee with a hyper-dual forward function has:
   * its code is linear in them, at most about 100 bytes each, far within the JVM's 64 KB.
   */
  private static final int MAX_HYPER_DUAL_NODES = 300;

  /** The binary operators (and compound assignments) the hyper-dual forward function writes. */
  private static final Set<Expr.BinaryOperator> HYPER_DUAL_COMPOUND = Set.of(
      Expr.BinaryOperator.PLUS,
      Expr.BinaryOperator.MINUS,
      Expr.BinaryOperator.MULTIPLY,
      Expr.BinaryOperator.DIVIDE);

  /** The math functions whose first and second derivatives the runtime's Derivatives give. */
  private static final Set<MathFunction> HYPER_DUAL_FUNCTIONS = Set.of(
      MathFunction.EXP,
      MathFunction.EXPM1,
      MathFunction.LOG,
      MathFunction.LOG10,
      MathFunction.LOG1P,
      MathFunction.SQRT,
      MathFunction.CBRT,
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
      MathFunction.SOFTPLUS,
      MathFunction.ABS,
      MathFunction.RELU,
      MathFunction.TO_RADIANS,
      MathFunction.TO_DEGREES,
      MathFunction.NEXT_UP,
      MathFunction.NEXT_DOWN,
      MathFunction.POW,
      MathFunction.ATAN2,
      MathFunction.HYPOT,
      MathFunction.MIN,
      MathFunction.MAX);

  /** Whether {@code model}'s body reaches no state outside its locals (see the class Javadoc). */
  private static boolean selfContained(MethodModel model, Set<MethodKey> absorbable) {
    boolean[] contained = {true};
    ModelWalker.walk(model.body(), stmt -> {}, (expr, used) -> {
      contained[0] &= switch (ExprKind.of(expr)) {
        case LITERAL,
            VARIABLE_REF,
            UNARY,
            BINARY,
            CONDITIONAL,
            CAST,
            ARRAY_READ,
            ARRAY_LENGTH,
            NEW_ARRAY,
            ARRAY_INITIALIZER,
            ASSIGN,
            INC_DEC,
            MATH_CALL -> true;
        // The callee's own locals are the only state it may touch: every parameter is a double
        // and no field is read, so any array it reads or writes is one it made.
        case DIFFERENTIABLE_CALL ->
          absorbable.contains(ForwardCoverage.key(((Expr.DifferentiableCall) expr).callee()));
        case THIS, FIELD_REF, PLAIN_CALL, RULE_CALL, NEW_OBJECT -> false;
      };
    });
    return contained[0];
  }

  /**
   * Whether a fused node may compute {@code call} as one of its operations: only when the callee
   * has exactly one differentiable parameter and the call's argument for it is active, so that its
   * forward function runs with that one tangent seeded 1. A zero seed (the other directions of a
   * callee of several inputs, or a constant argument) would meet an infinite partial, sqrt's at 0
   * say, as inf * 0 = NaN, where the graph never multiplies by it: for {@code g(x, y) =
   * exp(sqrt(x) + y)} at x = 0, dg/dy is e through the graph and would be NaN here.
   */
  public boolean absorbs(Expr.DifferentiableCall call, Activity activity) {
    if (call.receiver().isPresent() || !fusable.contains(ForwardCoverage.key(call.callee()))) {
      return false;
    }
    int differentiable = 0;
    int active = 0;
    for (int i = 0; i < call.args().size(); i++) {
      if (differentiable(call, i)) {
        differentiable++;
        if (activity.isActive(call.args().get(i))) {
          active++;
        }
      }
    }
    return differentiable == 1 && active == 1;
  }

  /** Whether argument {@code i} of {@code call} goes to a parameter with a tangent. */
  public static boolean differentiable(Expr.DifferentiableCall call, int i) {
    Variable parameter = call.callee().parameters().get(i);
    return parameter.differentiable();
  }
}
