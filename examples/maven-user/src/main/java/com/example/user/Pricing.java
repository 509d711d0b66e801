package com.example.user;

import dev.gradgen.Differentiable;

/** A few functions, as a user writes them, whose gradients gradgen generates. */
public final class Pricing {

  private Pricing() {}

  /** The squared tanh of an affine map: a one-neuron loss. */
  @Differentiable
  public static double loss(double w, double b, double x) {
    double y = Math.tanh(w * x + b);
    return y * y;
  }

  /** log(sum(exp(x))), whose gradient is the softmax of x. */
  @Differentiable
  public static double logSumExp(double[] x) {
    double sum = 0.0;
    for (double v : x) {
      sum += Math.exp(v);
    }
    return Math.log(sum);
  }

  /** A discounted payoff, differentiated only with respect to the rate. */
  @Differentiable(wrt = {"rate"})
  public static double discounted(double payoff, double rate, int years) {
    double factor = 1.0;
    for (int i = 0; i < years; i++) {
      factor /= 1.0 + rate;
    }
    return payoff * factor;
  }
}
