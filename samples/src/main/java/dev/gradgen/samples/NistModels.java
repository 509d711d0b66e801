package dev.gradgen.samples;

import dev.gradgen.Differentiable;

/**
 * The residuals y - f(b, x) of three NIST nonlinear least-squares models, each one method of the
 * parameters b returning every observation's residual; gradgen generates their Jacobians. Order 1:
 * least squares needs first derivatives only, and Hessians are for methods returning double.
 */
public final class NistModels {

  private NistModels() {}

  /** Misra1a: f = b1 (1 - exp(-b2 x)). */
  @Differentiable(wrt = {"b"}, order = 1)
  static double[] misra1a(double[] b, double[] x, double[] y) {
    double[] r = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      r[i] = y[i] - b[0] * (1 - Math.exp(-b[1] * x[i]));
    }
    return r;
  }

  /** Chwirut2: f = exp(-b1 x) / (b2 + b3 x). */
  @Differentiable(wrt = {"b"}, order = 1)
  static double[] chwirut2(double[] b, double[] x, double[] y) {
    double[] r = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      r[i] = y[i] - Math.exp(-b[0] * x[i]) / (b[1] + b[2] * x[i]);
    }
    return r;
  }

  /** Thurber: f = (b1 + b2 x + b3 x^2 + b4 x^3) / (1 + b5 x + b6 x^2 + b7 x^3). */
  @Differentiable(wrt = {"b"}, order = 1)
  static double[] thurber(double[] b, double[] x, double[] y) {
    double[] r = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double x1 = x[i];
      double x2 = x1 * x1;
      double x3 = x2 * x1;
      double numerator = b[0] + b[1] * x1 + b[2] * x2 + b[3] * x3;
      double denominator = 1 + b[4] * x1 + b[5] * x2 + b[6] * x3;
      r[i] = y[i] - numerator / denominator;
    }
    return r;
  }
}
