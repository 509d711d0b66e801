package dev.gradgen.processor.analysis;

import dev.gradgen.processor.model.Callee;
import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.MethodModel;
import dev.gradgen.processor.model.Variable;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which calls of {@code @Differentiable} methods a fused node may absorb as one operation (decided
 * before planning): calls of a method of the same companion with a graph-free forward function
 * (see {@link ForwardCoverage}), whose value and local partials the fused helper takes from that
 * function's scalar form with a unit tangent, so that the caller's statement stays one node.
 *
 * <p>Only the simplest shape is absorbed: a static method of {@code double} parameters returning
 * {@code double}, declaring no exception (a fused helper declares none), with at most {@link
 * #MAX_ACTIVE_ARGUMENTS} active arguments (each costs one evaluation of the callee). Every other call
 * stays a cut, written through the callee's graph builder.
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
    for (ForwardCoverage.Method method : methods) {
      MethodModel model = method.model();
      Callee signature = model.signature();
      if (coverage.covers(signature)
          && signature.isStatic()
          && signature.result().isDouble()
          && signature.parameters().stream().allMatch(p -> p.type().isDouble())
          && (model.element() == null || model.element().getThrownTypes().isEmpty())) {
        keys.add(ForwardCoverage.key(signature));
      }
    }
    return new FusedCalls(keys);
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
