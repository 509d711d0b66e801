package dev.gradgen.processor.analysis;

import dev.gradgen.processor.model.Callee;
import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.ExprKind;
import dev.gradgen.processor.model.MethodModel;
import dev.gradgen.processor.model.ModelWalker;
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
 * {@code double}, declaring no exception (a fused helper declares none), with at most {@link
 * #MAX_ACTIVE_ARGUMENTS} active arguments (each costs one evaluation of the callee), and
 * self-contained: its body, and the bodies of the methods it calls, read and write no field and
 * call nothing but {@code Math} functions and other self-contained methods. The helper evaluates an
 * absorbed callee once per active argument, after the call site's other inputs, so a callee that
 * could see or change outside state (a counter, a random number, a field another input writes)
 * would give each partial from a different state, or change what the plain method's order gives.
 * Every other call stays a cut, written through the callee's graph builder.
 */
public final class FusedCalls {

  /** No call is absorbed: {@code -Agradgen.fuse=false}, and the second-order builder. */
  public static final FusedCalls NONE = new FusedCalls(Set.of());

  /**
   * Most active arguments of an absorbed call: the helper evaluates the callee's forward function
   * once per active argument (one direction each), so a wider call would cost more than its node.
   */
  public static final int MAX_ACTIVE_ARGUMENTS = 4;

  private final Set<String> fusable;

  private FusedCalls(Set<String> fusable) {
    this.fusable = Set.copyOf(fusable);
  }

  /** The absorbable callees among the methods of one companion, {@code coverage} being theirs. */
  public static FusedCalls of(List<ForwardCoverage.Method> methods, ForwardCoverage coverage) {
    Set<String> keys = new HashSet<>();
    Map<String, MethodModel> bodies = new HashMap<>();
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

  /** Whether {@code model}'s body reaches no state outside its locals (see the class Javadoc). */
  private static boolean selfContained(MethodModel model, Set<String> absorbable) {
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

  /** Whether a fused node may compute {@code call} as one of its operations. */
  public boolean absorbs(Expr.DifferentiableCall call, Activity activity) {
    if (call.receiver().isPresent() || !fusable.contains(ForwardCoverage.key(call.callee()))) {
      return false;
    }
    int active = 0;
    for (int i = 0; i < call.args().size(); i++) {
      if (differentiable(call, i) && activity.isActive(call.args().get(i))) {
        active++;
      }
    }
    return active >= 1 && active <= MAX_ACTIVE_ARGUMENTS;
  }

  /** Whether argument {@code i} of {@code call} goes to a parameter with a tangent. */
  public static boolean differentiable(Expr.DifferentiableCall call, int i) {
    Variable parameter = call.callee().parameters().get(i);
    return parameter.differentiable();
  }
}
