package dev.gradgen.samples;

/** The NIST models' residual Jacobians differentiated by hand: the tests' independent oracle. */
final class NistJacobiansByHand {

  private NistJacobiansByHand() {}

  /** r = y - b1 (1 - e), e = exp(-b2 x): dr/db1 = -(1 - e), dr/db2 = -b1 x e. */
  static NistFits.Residuals misra1a(double[] b, double[] x, double[] y) {
    double[] r = new double[x.length];
    double[][] j = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      double e = Math.exp(-b[1] * x[i]);
      r[i] = y[i] - b[0] * (1 - e);
      j[i] = new double[] {-(1 - e), -b[0] * x[i] * e};
    }
    return new NistFits.Residuals(r, j);
  }

  /**
   * r = y - f, f = exp(-b1 x) / (b2 + b3 x): dr/db1 = x f, dr/db2 = f / (b2 + b3 x),
   * dr/db3 = x f / (b2 + b3 x).
   */
  static NistFits.Residuals chwirut2(double[] b, double[] x, double[] y) {
    double[] r = new double[x.length];
    double[][] j = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      double d = b[1] + b[2] * x[i];
      double f = Math.exp(-b[0] * x[i]) / d;
      r[i] = y[i] - f;
      j[i] = new double[] {x[i] * f, f / d, x[i] * f / d};
    }
    return new NistFits.Residuals(r, j);
  }

  /**
   * r = y - N / D with N = b1 + b2 x + b3 x^2 + b4 x^3, D = 1 + b5 x + b6 x^2 + b7 x^3:
   * dr/db(1+k) = -x^k / D for k = 0..3, dr/db(4+k) = N x^k / D^2 for k = 1..3.
   */
  static NistFits.Residuals thurber(double[] b, double[] x, double[] y) {
    double[] r = new double[x.length];
    double[][] j = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      double t = x[i];
      double n = b[0] + b[1] * t + b[2] * t * t + b[3] * t * t * t;
      double d = 1 + b[4] * t + b[5] * t * t + b[6] * t * t * t;
      r[i] = y[i] - n / d;
      double q = n / (d * d);
      j[i] = new double[] {-1 / d, -t / d, -t * t / d, -t * t * t / d,
          q * t, q * t * t, q * t * t * t};
    }
    return new NistFits.Residuals(r, j);
  }
}
