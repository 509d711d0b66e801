package dev.gradgen.benchmarks.gradgen;

import dev.gradgen.benchmarks.FiniteDifferenceHessians.GradientFunction;
import dev.gradgen.benchmarks.WorkloadsGradients;

/**
 * gradgen's generated gradients as {@link GradientFunction}s, for second derivatives by finite
 * differences of them.
 */
public final class GeneratedGradients {

  private GeneratedGradients() {}

  /** {@code rosenbrockGradient}. */
  public static final GradientFunction ROSENBROCK = (x, grad) -> {
    var g = WorkloadsGradients.rosenbrockGradient(x);
    System.arraycopy(g.x(), 0, grad, 0, grad.length);
    return g.value();
  };

  /** {@code blackScholesGradient} as a function of z = (s, sigma, r, t), strike {@code k} fixed. */
  public static GradientFunction blackScholes(double k) {
    return (z, grad) -> {
      var g = WorkloadsGradients.blackScholesGradient(z[0], k, z[1], z[2], z[3]);
      grad[0] = g.s();
      grad[1] = g.sigma();
      grad[2] = g.r();
      grad[3] = g.t();
      return g.value();
    };
  }
}
