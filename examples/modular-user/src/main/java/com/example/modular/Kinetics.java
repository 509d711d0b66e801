package com.example.modular;

import dev.gradgen.Differentiable;

/** A function of a modular project whose gradient gradgen generates. */
public final class Kinetics {

  private Kinetics() {}

  /** Kinetic energy m v^2 / 2. */
  @Differentiable
  public static double energy(double mass, double velocity) {
    return 0.5 * mass * velocity * velocity;
  }
}
