package com.example.user;

import dev.gradgen.Differentiable;

/** A record's instance method: records are final, so the gradient follows the call exactly. */
public record Spring(double stiffness) {

  /** The elastic energy k x^2 / 2 at extension x. */
  @Differentiable
  public double energy(double x) {
    return 0.5 * stiffness * x * x;
  }
}
