package dev.gradgen.benchmarks;

/**
 * Central finite differences of the plain workloads: two evaluations per parameter, plus one for
 * the value so every gradient method returns the same thing.
 */
public final class FiniteDifferences {

  // The step is cbrt(ulp-scale epsilon) times max(1, |x|), the usual choice that balances
  // truncation against rounding error for central differences, and the difference is divided by the
  // actual distance between the two perturbed points so the representation error of x +/- h
  // cancels. Arrays are perturbed in place and restored exactly, so a call does not allocate.

  /** cbrt(2^-52), about 6.06e-6. */
  private static final double STEP = Math.cbrt(Math.ulp(1.0));

  private FiniteDifferences() {}

  private static double step(double x) {
    return STEP * Math.max(1.0, Math.abs(x));
  }

  /** 7 evaluations of {@link Workloads#abc}. */
  public static double abc(double a, double b, double c, double[] grad) {
    double ha = step(a);
    double hb = step(b);
    double hc = step(c);
    grad[0] = (Workloads.abc(a + ha, b, c) - Workloads.abc(a - ha, b, c)) / ((a + ha) - (a - ha));
    grad[1] = (Workloads.abc(a, b + hb, c) - Workloads.abc(a, b - hb, c)) / ((b + hb) - (b - hb));
    grad[2] = (Workloads.abc(a, b, c + hc) - Workloads.abc(a, b, c - hc)) / ((c + hc) - (c - hc));
    return Workloads.abc(a, b, c);
  }

  /** 2n + 1 evaluations of {@link Workloads#rosenbrock}; {@code x} is restored on return. */
  public static double rosenbrock(double[] x, double[] grad) {
    for (int i = 0; i < x.length; i++) {
      double xi = x[i];
      double h = step(xi);
      double up = xi + h;
      double down = xi - h;
      x[i] = up;
      double fUp = Workloads.rosenbrock(x);
      x[i] = down;
      double fDown = Workloads.rosenbrock(x);
      x[i] = xi;
      grad[i] = (fUp - fDown) / (up - down);
    }
    return Workloads.rosenbrock(x);
  }

  /** 2 * 337 + 1 evaluations of {@link Workloads#mlpLoss}; {@code p} is restored on return. */
  public static double mlpLoss(double[] p, double[] xs, double[] ys, double[] grad) {
    for (int i = 0; i < p.length; i++) {
      double pi = p[i];
      double h = step(pi);
      double up = pi + h;
      double down = pi - h;
      p[i] = up;
      double fUp = Workloads.mlpLoss(p, xs, ys);
      p[i] = down;
      double fDown = Workloads.mlpLoss(p, xs, ys);
      p[i] = pi;
      grad[i] = (fUp - fDown) / (up - down);
    }
    return Workloads.mlpLoss(p, xs, ys);
  }

  /** 9 evaluations of {@link Workloads#blackScholes}; partials in s, sigma, r, t. */
  public static double blackScholes(
      double s, double k, double sigma, double r, double t, double[] grad) {
    double h = step(s);
    grad[0] = (Workloads.blackScholes(s + h, k, sigma, r, t)
            - Workloads.blackScholes(s - h, k, sigma, r, t))
        / ((s + h) - (s - h));
    h = step(sigma);
    grad[1] = (Workloads.blackScholes(s, k, sigma + h, r, t)
            - Workloads.blackScholes(s, k, sigma - h, r, t))
        / ((sigma + h) - (sigma - h));
    h = step(r);
    grad[2] = (Workloads.blackScholes(s, k, sigma, r + h, t)
            - Workloads.blackScholes(s, k, sigma, r - h, t))
        / ((r + h) - (r - h));
    h = step(t);
    grad[3] = (Workloads.blackScholes(s, k, sigma, r, t + h)
            - Workloads.blackScholes(s, k, sigma, r, t - h))
        / ((t + h) - (t - h));
    return Workloads.blackScholes(s, k, sigma, r, t);
  }
}
