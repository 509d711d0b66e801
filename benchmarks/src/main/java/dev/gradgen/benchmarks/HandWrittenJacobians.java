package dev.gradgen.benchmarks;

/**
 * Jacobians of the {@link NistWorkloads} residuals derived by hand: the floor for the Jacobian
 * benchmarks and the reference every other Jacobian is tested against.
 */
public final class HandWrittenJacobians {

  // Each method writes the residuals into r (computed with the plain method's operations, so they
  // are bit for bit its values) and jac[i][j] = d r_i / d b_j, and allocates nothing. Since
  // r = y - f, every partial is minus the model's.

  private HandWrittenJacobians() {}

  /** Misra1a: df/db1 = 1 - e^(-b2 x), df/db2 = b1 x e^(-b2 x). */
  public static void misra1a(double[] b, double[] x, double[] y, double[] r, double[][] jac) {
    for (int i = 0; i < x.length; i++) {
      double e = Math.exp(-b[1] * x[i]);
      r[i] = y[i] - b[0] * (1.0 - e);
      jac[i][0] = -(1.0 - e);
      jac[i][1] = -b[0] * x[i] * e;
    }
  }

  /** Chwirut2: with f = e^(-b1 x) / d, d = b2 + b3 x: df/db1 = -x f, df/db2 = -f / d, df/db3 = -x f / d. */
  public static void chwirut2(double[] b, double[] x, double[] y, double[] r, double[][] jac) {
    for (int i = 0; i < x.length; i++) {
      double d = b[1] + b[2] * x[i];
      double f = Math.exp(-b[0] * x[i]) / d;
      r[i] = y[i] - f;
      jac[i][0] = x[i] * f;
      jac[i][1] = f / d;
      jac[i][2] = x[i] * f / d;
    }
  }

  /** Thurber: f = N / D; df/db(1..4) = x^(0..3) / D, df/db(5..7) = -N x^(1..3) / D^2. */
  public static void thurber(double[] b, double[] x, double[] y, double[] r, double[][] jac) {
    for (int i = 0; i < x.length; i++) {
      double x1 = x[i];
      double x2 = x1 * x1;
      double x3 = x2 * x1;
      double num = b[0] + b[1] * x1 + b[2] * x2 + b[3] * x3;
      double den = 1.0 + b[4] * x1 + b[5] * x2 + b[6] * x3;
      double f = num / den;
      r[i] = y[i] - f;
      double inv = 1.0 / den;
      double[] row = jac[i];
      row[0] = -inv;
      row[1] = -x1 * inv;
      row[2] = -x2 * inv;
      row[3] = -x3 * inv;
      double g = f * inv;
      row[4] = x1 * g;
      row[5] = x2 * g;
      row[6] = x3 * g;
    }
  }
}
