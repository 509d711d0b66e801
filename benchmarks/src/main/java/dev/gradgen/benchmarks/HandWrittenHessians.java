package dev.gradgen.benchmarks;

/**
 * Second derivatives of {@link Workloads#rosenbrock} and {@link Workloads#blackScholes} derived by
 * hand: the floor for the second-order benchmarks and the reference every Hessian and
 * Hessian-vector product is tested against.
 */
public final class HandWrittenHessians {

  // Each method returns the workload's value (the plain method's operations, so bit for bit its
  // value), writes the gradient and the Hessian (or H v) into the caller's arrays and allocates
  // nothing.

  private HandWrittenHessians() {}

  /**
   * Rosenbrock, its gradient and its dense Hessian, which is tridiagonal: term i adds
   * 1200 x_i^2 - 400 x_(i+1) + 2 at (i, i), -400 x_i at (i, i+1) and (i+1, i), and 200 at
   * (i+1, i+1).
   */
  public static double rosenbrock(double[] x, double[] grad, double[][] hess) {
    int n = x.length;
    for (int i = 0; i < n; i++) {
      java.util.Arrays.fill(hess[i], 0.0);
    }
    for (int i = 0; i < n - 1; i++) {
      hess[i][i] += 1200.0 * x[i] * x[i] - 400.0 * x[i + 1] + 2.0;
      hess[i][i + 1] = -400.0 * x[i];
      hess[i + 1][i] = -400.0 * x[i];
      hess[i + 1][i + 1] += 200.0;
    }
    return HandWritten.rosenbrock(x, grad);
  }

  /** The Rosenbrock Hessian times v, from the tridiagonal band above without forming it: O(n). */
  public static double rosenbrockHessianVectorProduct(double[] x, double[] v, double[] out) {
    int n = x.length;
    java.util.Arrays.fill(out, 0.0);
    double sum = 0.0;
    for (int i = 0; i < n - 1; i++) {
      double a = x[i + 1] - x[i] * x[i];
      double b = 1.0 - x[i];
      sum += 100.0 * a * a + b * b;
      double off = -400.0 * x[i];
      out[i] += (1200.0 * x[i] * x[i] - 400.0 * x[i + 1] + 2.0) * v[i] + off * v[i + 1];
      out[i + 1] += off * v[i] + 200.0 * v[i + 1];
    }
    return sum;
  }

  /**
   * The Black–Scholes price, its gradient and its 4 x 4 Hessian in (s, sigma, r, t), by the chain
   * rule through the same approximate N as {@link Workloads#blackScholes}.
   *
   * <p>With P = s N(d1) - k D N(d2), D = e^(-rt), every second partial is
   * s_a N1' d1_b + s_b N1' d1_a + s N1'' d1_a d1_b + s N1' d1_ab minus
   * k (D_ab N2 + D_a N2' d2_b + D_b N2' d2_a + D N2'' d2_a d2_b + D N2' d2_ab), where
   * d1 = L / q with L = ln(s/k) + (r + sigma^2/2) t and q = sigma sqrt t, and d2 = d1 - q. The
   * textbook simplification s N'(d1) = k D N'(d2) does not hold for the approximate N, so nothing
   * is cancelled.
   */
  public static double blackScholes(
      double s, double k, double sigma, double r, double t, double[] grad, double[][] hess) {
    final int vs = 0;
    final int vsigma = 1;
    final int vr = 2;
    final int vt = 3;
    double sqrtT = Math.sqrt(t);
    double q = sigma * sqrtT;
    double l = Math.log(s / k) + (r + 0.5 * sigma * sigma) * t;
    double d1 = l / q;
    double d2 = d1 - q;
    double discount = Math.exp(-r * t);

    double[] lg = {1.0 / s, sigma * t, t, r + 0.5 * sigma * sigma};
    double[][] lh = new double[4][4];
    lh[vs][vs] = -1.0 / (s * s);
    lh[vsigma][vsigma] = t;
    lh[vsigma][vt] = lh[vt][vsigma] = sigma;
    lh[vr][vt] = lh[vt][vr] = 1.0;
    double[] qg = {0.0, sqrtT, 0.0, sigma / (2.0 * sqrtT)};
    double[][] qh = new double[4][4];
    qh[vsigma][vt] = qh[vt][vsigma] = 1.0 / (2.0 * sqrtT);
    qh[vt][vt] = -sigma / (4.0 * t * sqrtT);
    double[] dg = {0.0, 0.0, -t * discount, -r * discount};
    double[][] dh = new double[4][4];
    dh[vr][vr] = t * t * discount;
    dh[vr][vt] = dh[vt][vr] = (r * t - 1.0) * discount;
    dh[vt][vt] = r * r * discount;
    double[] sg = {1.0, 0.0, 0.0, 0.0};

    double[] d1g = new double[4];
    double[] d2g = new double[4];
    for (int a = 0; a < 4; a++) {
      d1g[a] = lg[a] / q - l * qg[a] / (q * q);
      d2g[a] = d1g[a] - qg[a];
    }
    double n1 = Workloads.normCdf(d1);
    double n2 = Workloads.normCdf(d2);
    double n1p = HandWritten.normCdfDerivative(d1);
    double n2p = HandWritten.normCdfDerivative(d2);
    double n1pp = normCdfSecondDerivative(d1);
    double n2pp = normCdfSecondDerivative(d2);
    for (int a = 0; a < 4; a++) {
      grad[a] = sg[a] * n1 + s * n1p * d1g[a] - k * (dg[a] * n2 + discount * n2p * d2g[a]);
      // The formula is symmetric in a and b, but its rounding is not: compute b >= a and mirror.
      for (int b = a; b < 4; b++) {
        double d1ab = lh[a][b] / q - (lg[a] * qg[b] + lg[b] * qg[a]) / (q * q)
            - l * qh[a][b] / (q * q) + 2.0 * l * qg[a] * qg[b] / (q * q * q);
        double d2ab = d1ab - qh[a][b];
        double first = sg[a] * n1p * d1g[b] + sg[b] * n1p * d1g[a] + s * n1pp * d1g[a] * d1g[b]
            + s * n1p * d1ab;
        double second = dh[a][b] * n2 + dg[a] * n2p * d2g[b] + dg[b] * n2p * d2g[a]
            + discount * n2pp * d2g[a] * d2g[b] + discount * n2p * d2ab;
        hess[a][b] = first - k * second;
        hess[b][a] = hess[a][b];
      }
    }
    return s * n1 - k * discount * n2;
  }

  /** The second derivative of {@link Workloads#normCdf}: erf''(x / sqrt 2) / 4. */
  public static double normCdfSecondDerivative(double x) {
    return 0.25 * erfSecondDerivative(x * 0.7071067811865476);
  }

  /**
   * The second derivative of {@link Workloads#erf}'s approximation 1 - P(t) e^(-z^2),
   * t = 1 / (1 + p z), t' = -p t^2: e^(-z^2) (2P - 4 z^2 P - 4 p z t^2 P' - 2 p^2 t^3 P'
   * - p^2 t^4 P'') for z >= 0; the function is odd, so this derivative is odd too.
   */
  public static double erfSecondDerivative(double x) {
    double z = Math.abs(x);
    double p = 0.3275911;
    double t = 1.0 / (1.0 + p * z);
    double poly =
        ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592)
            * t;
    double dPoly =
        (((5.0 * 1.061405429 * t - 4.0 * 1.453152027) * t + 3.0 * 1.421413741) * t
                - 2.0 * 0.284496736)
                * t
            + 0.254829592;
    double ddPoly =
        ((20.0 * 1.061405429 * t - 12.0 * 1.453152027) * t + 6.0 * 1.421413741) * t
            - 2.0 * 0.284496736;
    double value = Math.exp(-z * z)
        * (2.0 * poly - 4.0 * z * z * poly - 4.0 * p * z * t * t * dPoly
            - 2.0 * p * p * t * t * t * dPoly - p * p * t * t * t * t * ddPoly);
    return x < 0.0 ? -value : value;
  }
}
