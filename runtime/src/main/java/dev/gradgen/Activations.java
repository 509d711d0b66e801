package dev.gradgen;

/**
 * Activation functions that {@link Math} lacks, as plain {@code double} functions for use inside
 * {@link Differentiable} methods.
 *
 * <p>Each function returns exactly the value of the matching {@link Tensor} operation, so a generated
 * gradient's {@code value()} equals the plain method bit for bit.
 */
public final class Activations {

  /** Not instantiable: static functions only. */
  private Activations() {}

  /**
   * The logistic function 1/(1+e^-x), computed without overflow for any x.
   *
   * @param x the argument
   * @return the logistic function of {@code x}, in [0, 1]
   */
  public static double sigmoid(double x) {
    if (x >= 0) {
      return 1.0 / (1.0 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1.0 + e);
  }

  /**
   * The rectified linear unit max(x, 0), with NaN propagated and relu(-0.0) = 0.0.
   *
   * @param x the argument
   * @return {@code Math.max(x, 0.0)}
   */
  public static double relu(double x) {
    return Math.max(x, 0.0);
  }

  /**
   * Softplus log(1 + e^x), computed without overflow for any x.
   *
   * @param x the argument
   * @return the softplus of {@code x}, never negative
   */
  public static double softplus(double x) {
    return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
  }
}
