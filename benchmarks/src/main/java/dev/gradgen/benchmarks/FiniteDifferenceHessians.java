package dev.gradgen.benchmarks;

/**
 * Second derivatives by central differences of a gradient: a Hessian-vector product from two
 * gradient calls, a dense Hessian from two per parameter.
 */
public final class FiniteDifferenceHessians {

  // What a user without second-order AD does with a gradient they already have (the benchmarks
  // pass gradgen's generated one, the tests the hand-written one). Steps follow
  // FiniteDifferences: cbrt(eps) max(1, |x_j|) per parameter, divided by the actual distance
  // between the perturbed points; along a direction v, the largest h that moves no coordinate by
  // more than its own step, min over j of cbrt(eps) max(1, |x_j|) / |v_j| (a single scale such as
  // max(1, |x|_inf) / |v|_inf would move Black–Scholes' sigma and t by a step sized for s = 100).
  // The Hessian is symmetrized, (H + H^T) / 2, as a careful user would.

  /** cbrt(2^-52), about 6.06e-6. */
  private static final double STEP = Math.cbrt(Math.ulp(1.0));

  /** A gradient: returns f(x) and writes its gradient into {@code grad}. */
  @FunctionalInterface
  public interface GradientFunction {
    /** f(x), with the gradient written into {@code grad}. */
    double apply(double[] x, double[] grad);
  }

  /** Scratch arrays for a parameter count, so that the differences themselves do not allocate. */
  public static final class Scratch {
    final double[] point;
    final double[] up;
    final double[] down;

    /** Scratch for {@code parameters} parameters. */
    public Scratch(int parameters) {
      point = new double[parameters];
      up = new double[parameters];
      down = new double[parameters];
    }
  }

  private FiniteDifferenceHessians() {}

  /** Returns f(x) and writes H v ~ (grad f(x + h v) - grad f(x - h v)) / 2h into {@code out}. */
  public static double hessianVectorProduct(
      GradientFunction g, double[] x, double[] v, double[] out, Scratch scratch) {
    int n = x.length;
    double h = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      if (v[i] != 0.0) {
        h = Math.min(h, STEP * Math.max(1.0, Math.abs(x[i])) / Math.abs(v[i]));
      }
    }
    double value = g.apply(x, out);
    if (h == Double.POSITIVE_INFINITY) {
      java.util.Arrays.fill(out, 0.0); // v = 0
      return value;
    }
    double[] p = scratch.point;
    for (int i = 0; i < n; i++) {
      p[i] = x[i] + h * v[i];
    }
    g.apply(p, scratch.up);
    for (int i = 0; i < n; i++) {
      p[i] = x[i] - h * v[i];
    }
    g.apply(p, scratch.down);
    for (int i = 0; i < n; i++) {
      out[i] = (scratch.up[i] - scratch.down[i]) / (2.0 * h);
    }
    return value;
  }

  /**
   * Returns f(x), writes its gradient into {@code grad} and the symmetrized Hessian into
   * {@code hess}: 2 x.length + 1 gradient calls.
   */
  public static double hessian(
      GradientFunction g, double[] x, double[] grad, double[][] hess, Scratch scratch) {
    int n = x.length;
    double[] p = scratch.point;
    System.arraycopy(x, 0, p, 0, n);
    for (int j = 0; j < n; j++) {
      double xj = x[j];
      double h = STEP * Math.max(1.0, Math.abs(xj));
      double up = xj + h;
      double down = xj - h;
      p[j] = up;
      g.apply(p, scratch.up);
      p[j] = down;
      g.apply(p, scratch.down);
      p[j] = xj;
      double width = up - down;
      for (int i = 0; i < n; i++) {
        hess[i][j] = (scratch.up[i] - scratch.down[i]) / width;
      }
    }
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < i; j++) {
        double mean = 0.5 * (hess[i][j] + hess[j][i]);
        hess[i][j] = mean;
        hess[j][i] = mean;
      }
    }
    return g.apply(x, grad);
  }
}
