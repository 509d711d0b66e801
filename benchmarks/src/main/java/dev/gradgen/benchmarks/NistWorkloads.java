package dev.gradgen.benchmarks;

import dev.gradgen.Differentiable;

/**
 * The residuals r_i = y_i - f(x_i; b) of three NIST nonlinear least-squares models, each a plain
 * {@code @Differentiable} method returning {@code double[]}, whose Jacobian in {@code b} gradgen
 * generates into {@code NistWorkloadsGradients}.
 */
public final class NistWorkloads {

  // order = 1: a double[] result has a Jacobian, not a Hessian, and with the default order 2 the
  // processor of the vec + hess merge writes a DualTensor builder for these methods that does not
  // compile (it returns a DualTensor[] where it declares DualTensor).
  //
  // As in Workloads, every other implementation of these models (hand-written Jacobians, finite
  // differences, the Hipparchus peers) repeats the formulas operation for operation.

  private NistWorkloads() {}

  /** Misra1a: y = b1 (1 - exp(-b2 x)). */
  @Differentiable(wrt = {"b"}, order = 1)
  public static double[] misra1a(double[] b, double[] x, double[] y) {
    double[] r = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      r[i] = y[i] - b[0] * (1.0 - Math.exp(-b[1] * x[i]));
    }
    return r;
  }

  /** Chwirut2: y = exp(-b1 x) / (b2 + b3 x). */
  @Differentiable(wrt = {"b"}, order = 1)
  public static double[] chwirut2(double[] b, double[] x, double[] y) {
    double[] r = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      r[i] = y[i] - Math.exp(-b[0] * x[i]) / (b[1] + b[2] * x[i]);
    }
    return r;
  }

  /** Thurber: y = (b1 + b2 x + b3 x^2 + b4 x^3) / (1 + b5 x + b6 x^2 + b7 x^3). */
  @Differentiable(wrt = {"b"}, order = 1)
  public static double[] thurber(double[] b, double[] x, double[] y) {
    double[] r = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double x1 = x[i];
      double x2 = x1 * x1;
      double x3 = x2 * x1;
      double num = b[0] + b[1] * x1 + b[2] * x2 + b[3] * x3;
      double den = 1.0 + b[4] * x1 + b[5] * x2 + b[6] * x3;
      r[i] = y[i] - num / den;
    }
    return r;
  }
}
