package dev.gradgen;

/**
 * Plain {@code double} functions that steer differentiation inside {@link Differentiable} methods.
 */
public final class Gradients {

  /** Not instantiable: static functions only. */
  private Gradients() {}

  /**
   * Returns {@code x} unchanged, with derivative zero: inside a {@code @Differentiable} method the
   * result is a constant, so no gradient flows back through it (JAX's {@code stop_gradient},
   * PyTorch's {@code detach}, Swift's {@code withoutDerivative(at:)}). For straight-through
   * estimators ({@code x + stopGradient(Math.rint(x) - x)} has the value of {@code rint(x)} and the
   * derivative 1), target values in a loss, or a scale computed from an active value but held fixed.
   * Outside a {@code @Differentiable} method it is the identity.
   *
   * @param x the value to hold constant
   * @return {@code x}
   */
  public static double stopGradient(double x) {
    return x;
  }
}
