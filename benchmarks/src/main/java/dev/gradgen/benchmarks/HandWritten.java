package dev.gradgen.benchmarks;

/**
 * Gradients derived by hand from the exact formulas in {@link Workloads}: the fastest code a careful
 * person would write, and the reference every other gradient is tested against.
 */
public final class HandWritten {

  // Each method returns the workload's value, computed with the same operations as the plain
  // method, and writes the partial derivatives into grad in parameter order, so a call allocates
  // nothing.

  private HandWritten() {}

  /** f = a * b + c; grad = (b, a, 1). */
  public static double abc(double a, double b, double c, double[] grad) {
    grad[0] = b;
    grad[1] = a;
    grad[2] = 1.0;
    return a * b + c;
  }

  /** Rosenbrock and its gradient; {@code grad} has the length of {@code x}. */
  public static double rosenbrock(double[] x, double[] grad) {
    int n = x.length;
    double sum = 0.0;
    for (int i = 0; i < n; i++) {
      grad[i] = 0.0;
    }
    for (int i = 0; i < n - 1; i++) {
      double a = x[i + 1] - x[i] * x[i];
      double b = 1.0 - x[i];
      sum += 100.0 * a * a + b * b;
      grad[i] += -400.0 * a * x[i] - 2.0 * b;
      grad[i + 1] += 200.0 * a;
    }
    return sum;
  }

  /** Scratch length {@link #mlpLoss(double[], double[], double[], double[], double[])} needs. */
  public static final int MLP_SCRATCH = 4 * Workloads.MLP_HIDDEN;

  /** {@link #mlpLoss(double[], double[], double[], double[], double[])} with its own scratch. */
  public static double mlpLoss(double[] p, double[] xs, double[] ys, double[] grad) {
    return mlpLoss(p, xs, ys, grad, new double[MLP_SCRATCH]);
  }

  /**
   * The MLP loss and its gradient with respect to the 337 parameters by backpropagation, one data
   * point at a time; {@code scratch} (at least {@link #MLP_SCRATCH} long) holds the activations and
   * deltas so the call does not allocate.
   */
  public static double mlpLoss(
      double[] p, double[] xs, double[] ys, double[] grad, double[] scratch) {
    final int h = Workloads.MLP_HIDDEN;
    // Offsets in scratch: the two hidden activations, the second layer's pre-activation deltas and
    // the first layer's back-propagated activation gradient.
    final int h1 = 0;
    final int h2 = h;
    final int dz2 = 2 * h;
    final int dh1 = 3 * h;
    int n = ys.length;
    double invN = 1.0 / n;
    for (int i = 0; i < grad.length; i++) {
      grad[i] = 0.0;
    }
    double loss = 0.0;
    for (int s = 0; s < n; s++) {
      double x0 = xs[2 * s];
      double x1 = xs[2 * s + 1];
      for (int j = 0; j < h; j++) {
        scratch[h1 + j] = Math.tanh(p[2 * j] * x0 + p[2 * j + 1] * x1 + p[32 + j]);
      }
      for (int j = 0; j < h; j++) {
        double z = p[304 + j];
        for (int i = 0; i < h; i++) {
          z += p[48 + 16 * j + i] * scratch[h1 + i];
        }
        scratch[h2 + j] = Math.tanh(z);
      }
      double out = p[336];
      for (int i = 0; i < h; i++) {
        out += p[320 + i] * scratch[h2 + i];
      }
      double e = out - ys[s];
      loss += e * e;

      // d(loss)/d(out) for this point, the 1/n of the mean included.
      double dOut = 2.0 * e * invN;
      grad[336] += dOut;
      for (int j = 0; j < h; j++) {
        double a2 = scratch[h2 + j];
        grad[320 + j] += dOut * a2;
        scratch[dz2 + j] = dOut * p[320 + j] * (1.0 - a2 * a2);
      }
      for (int i = 0; i < h; i++) {
        scratch[dh1 + i] = 0.0;
      }
      for (int j = 0; j < h; j++) {
        double d = scratch[dz2 + j];
        grad[304 + j] += d;
        int row = 48 + 16 * j;
        for (int i = 0; i < h; i++) {
          grad[row + i] += d * scratch[h1 + i];
          scratch[dh1 + i] += d * p[row + i];
        }
      }
      for (int j = 0; j < h; j++) {
        double a1 = scratch[h1 + j];
        double d = scratch[dh1 + j] * (1.0 - a1 * a1);
        grad[32 + j] += d;
        grad[2 * j] += d * x0;
        grad[2 * j + 1] += d * x1;
      }
    }
    return loss / n;
  }

  /**
   * The Black–Scholes call price and its partials (d/ds, d/dsigma, d/dr, d/dt) by the chain rule
   * through the same approximate N as {@link Workloads#blackScholes}. With the approximation,
   * s N'(d1) and k e^(-rt) N'(d2) are no longer exactly equal, so the textbook simplifications are
   * not used: the difference g = s N'(d1) - k e^(-rt) N'(d2) is kept.
   */
  public static double blackScholes(
      double s, double k, double sigma, double r, double t, double[] grad) {
    double sqrtT = Math.sqrt(t);
    double sigmaSqrtT = sigma * sqrtT;
    double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / sigmaSqrtT;
    double d2 = d1 - sigmaSqrtT;
    double discount = Math.exp(-r * t);
    double n1 = Workloads.normCdf(d1);
    double n2 = Workloads.normCdf(d2);
    double price = s * n1 - k * discount * n2;

    double p1 = s * normCdfDerivative(d1);
    double p2 = k * discount * normCdfDerivative(d2);
    double g = p1 - p2;
    // d1 and d2 have the same partials in s and r; in sigma and t they differ by those of sigma
    // sqrt t.
    grad[0] = n1 + g / (s * sigmaSqrtT);
    grad[1] = p1 * sqrtT - g * d1 / sigma;
    grad[2] = g * sqrtT / sigma + k * t * discount * n2;
    double dd1dt = (r + 0.5 * sigma * sigma) / sigmaSqrtT - d1 / (2.0 * t);
    grad[3] = g * dd1dt + p2 * sigma / (2.0 * sqrtT) + r * k * discount * n2;
    return price;
  }

  /** The derivative of {@link Workloads#normCdf}: erf'(x / sqrt 2) / (2 sqrt 2). */
  public static double normCdfDerivative(double x) {
    return 0.5 * 0.7071067811865476 * erfDerivative(x * 0.7071067811865476);
  }

  /**
   * The derivative of {@link Workloads#erf}'s approximation 1 - P(t) e^(-x^2), t = 1 / (1 + p x):
   * e^(-x^2) (p t^2 P'(t) + 2 x P(t)) for x >= 0, and the function is odd, so the derivative is even.
   */
  public static double erfDerivative(double x) {
    double z = Math.abs(x);
    double t = 1.0 / (1.0 + 0.3275911 * z);
    double poly =
        ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592)
            * t;
    double dPoly = (((5.0 * 1.061405429 * t - 4.0 * 1.453152027) * t + 3.0 * 1.421413741) * t
                - 2.0 * 0.284496736)
            * t
        + 0.254829592;
    return Math.exp(-z * z) * (0.3275911 * t * t * dPoly + 2.0 * z * poly);
  }
}
