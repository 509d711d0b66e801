package dev.gradgen.benchmarks;

/**
 * Central finite differences of a vector function of its parameters: two evaluations per
 * parameter, plus one for the value, each a call of the plain residual method.
 */
public final class FiniteDifferenceJacobians {

  // The step is cbrt(eps) |b_j| (cbrt(eps) for a zero parameter), divided by the actual distance
  // between the two perturbed points. Scaled to the parameter itself rather than to max(1, |b_j|)
  // as in FiniteDifferences, because NIST's parameters range from 1e-4 (Misra1a's b2) to 1e3, and
  // a step of 6e-6 would move the small ones by several percent. b is perturbed in place and
  // restored exactly.

  /** cbrt(2^-52), about 6.06e-6. */
  private static final double STEP = Math.cbrt(Math.ulp(1.0));

  /** Residuals of a model at parameters b for data (x, y), such as {@code NistWorkloads::misra1a}. */
  @FunctionalInterface
  public interface Residuals {
    /** The residual vector at b. */
    double[] apply(double[] b, double[] x, double[] y);
  }

  private FiniteDifferenceJacobians() {}

  /**
   * Returns the residuals at b and writes jac[i][j] ~ d r_i / d b_j: 2 b.length + 1 calls of
   * {@code f}; {@code b} is restored on return.
   */
  public static double[] jacobian(
      Residuals f, double[] b, double[] x, double[] y, double[][] jac) {
    for (int j = 0; j < b.length; j++) {
      double bj = b[j];
      double h = bj == 0.0 ? STEP : STEP * Math.abs(bj);
      double up = bj + h;
      double down = bj - h;
      b[j] = up;
      double[] rUp = f.apply(b, x, y);
      b[j] = down;
      double[] rDown = f.apply(b, x, y);
      b[j] = bj;
      double width = up - down;
      for (int i = 0; i < rUp.length; i++) {
        jac[i][j] = (rUp[i] - rDown[i]) / width;
      }
    }
    return f.apply(b, x, y);
  }
}
