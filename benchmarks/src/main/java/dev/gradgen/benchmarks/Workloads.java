package dev.gradgen.benchmarks;

import dev.gradgen.Differentiable;

/**
 * The benchmark workloads, each written once as a plain {@code double} method that gradgen
 * differentiates into {@code WorkloadsGradients}.
 */
public final class Workloads {

  // The bodies stay inside the processor's subset on purpose: double, int and double[] locals,
  // arithmetic, if, loops, Math and calls to other @Differentiable methods of this class. Numeric
  // constants are written inline rather than as fields for the same reason. Every other
  // implementation in this package (hand-written, finite differences, the AD peers) repeats these
  // formulas operation for operation, so their values agree with the plain method to the last bit
  // or close to it.

  /** Hidden layer width of the MLP. */
  public static final int MLP_HIDDEN = 16;
  /** Number of MLP parameters: 2*16+16 + 16*16+16 + 16*1+1. */
  public static final int MLP_PARAMETERS = 337;

  private Workloads() {}

  /** The tutorial's f(a, b, c) = a * b + c. */
  @Differentiable
  public static double abc(double a, double b, double c) {
    return a * b + c;
  }

  /** The extended Rosenbrock function: sum over i of 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2. */
  @Differentiable
  public static double rosenbrock(double[] x) {
    double sum = 0.0;
    for (int i = 0; i < x.length - 1; i++) {
      double a = x[i + 1] - x[i] * x[i];
      double b = 1.0 - x[i];
      sum += 100.0 * a * a + b * b;
    }
    return sum;
  }

  /**
   * Mean squared error of a 2-16-16-1 perceptron with tanh hidden layers and a linear output.
   *
   * <p>{@code p} holds, in order: W1 (16 x 2, row-major) at 0, b1 at 32, W2 (16 x 16, row-major) at
   * 48, b2 at 304, W3 (1 x 16) at 320 and b3 at 336. {@code xs} holds the inputs as (x0, x1) pairs
   * and {@code ys} the targets.
   */
  @Differentiable(wrt = {"p"})
  public static double mlpLoss(double[] p, double[] xs, double[] ys) {
    int n = ys.length;
    double[] h1 = new double[16];
    double[] h2 = new double[16];
    double loss = 0.0;
    for (int s = 0; s < n; s++) {
      double x0 = xs[2 * s];
      double x1 = xs[2 * s + 1];
      for (int j = 0; j < 16; j++) {
        h1[j] = Math.tanh(p[2 * j] * x0 + p[2 * j + 1] * x1 + p[32 + j]);
      }
      for (int j = 0; j < 16; j++) {
        double z = p[304 + j];
        for (int i = 0; i < 16; i++) {
          z += p[48 + 16 * j + i] * h1[i];
        }
        h2[j] = Math.tanh(z);
      }
      double out = p[336];
      for (int i = 0; i < 16; i++) {
        out += p[320 + i] * h2[i];
      }
      double e = out - ys[s];
      loss += e * e;
    }
    return loss / n;
  }

  /**
   * Black–Scholes price of a European call on a non-dividend stock: spot s, strike k, volatility
   * sigma, rate r and time to expiry t (years), with {@link #normCdf} for N.
   */
  @Differentiable(wrt = {"s", "sigma", "r", "t"})
  public static double blackScholes(double s, double k, double sigma, double r, double t) {
    double sqrtT = Math.sqrt(t);
    double sigmaSqrtT = sigma * sqrtT;
    double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / sigmaSqrtT;
    double d2 = d1 - sigmaSqrtT;
    double discount = Math.exp(-r * t);
    return s * normCdf(d1) - k * discount * normCdf(d2);
  }

  /** The standard normal CDF, 0.5 (1 + erf(x / sqrt 2)); 0.7071067811865476 is 1 / sqrt 2. */
  @Differentiable
  public static double normCdf(double x) {
    return 0.5 * (1.0 + erf(x * 0.7071067811865476));
  }

  /**
   * erf by Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7), made odd by recursion for
   * negative arguments.
   */
  @Differentiable
  public static double erf(double x) {
    if (x < 0.0) {
      return -erf(-x);
    }
    double t = 1.0 / (1.0 + 0.3275911 * x);
    double poly =
        ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592)
            * t;
    return 1.0 - poly * Math.exp(-x * x);
  }
}
