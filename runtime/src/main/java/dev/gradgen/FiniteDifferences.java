package dev.gradgen;

/**
 * One partial derivative by central differences at four halving steps, extrapolated by Richardson,
 * with an estimate of its error and a test of whether the differences converge as a smooth
 * function's do. The numerical core of {@link DerivativeChecker}.
 *
 * <p>For a step {@code h} the central difference is {@code D(h) = (f(x + h) - f(x - h)) / (2h)}, and
 * for a smooth function {@code D(h) = f'(x) + c2 h^2 + c4 h^4 + ...}. From {@code D(h)}, {@code
 * D(h/2)}, {@code D(h/4)} and {@code D(h/8)}, Richardson's extrapolation (Neville's tableau) cancels
 * the {@code h^2}, {@code h^4} and {@code h^6} terms; the last entry {@code R} is the estimate. Its
 * error is estimated by its distance from the two entries extrapolated one step less (their error,
 * which bounds {@code R}'s when the expansion holds) plus a bound on the rounding error of {@code R}
 * computed from the function's values (see {@link #ROUNDING_ULPS}).
 */
final class FiniteDifferences {

  /** The machine epsilon of {@code double}, 2^-52. */
  static final double EPS = Math.ulp(1.0);

  /**
   * The first step relative to {@code max(|x|, 1)}: 1e-3. Four halving steps extrapolated by
   * Richardson remove the {@code h^2}, {@code h^4} and {@code h^6} terms, so the truncation error is
   * of order {@code h^8}: at 1e-3 it is far below rounding for any function smooth on the scale of
   * the input, while the rounding error, which grows as {@code 1/h}, is about 165 times smaller than
   * at {@code eps^(1/3)} (6.06e-6), the best step of a plain central difference. Functions that vary
   * faster, kinks and domain boundaries within the step are handled by the smaller steps tried next.
   */
  static final double FIRST_STEP = 1e-3;

  /** How many central differences an attempt takes, at {@code h, h/2, h/4, h/8}. */
  static final int LEVELS = 4;

  /**
   * How far the ratio of successive differences may stray from 4 and still count as converged:
   * {@code |t1 - 4 t2| <= |t1| / RATIO_SLACK} (plus rounding), a ratio between 3.56 and 4.57. A
   * smooth function at a step small against its scale is far inside; two such ratios that hold by
   * coincidence (an oscillation aliased by a step spanning periods) are unlikely.
   */
  static final double RATIO_SLACK = 8;

  /** How much smaller each further attempt's step is, when an attempt's differences do not converge. */
  static final double SHRINK = 100;

  /**
   * At most how many steps are tried: {@code 1e-3, 1e-5, ..., 1e-17} times {@code max(|x|, 1)}, the
   * small ones for small inputs (an input of 1e-10 of {@code log} settles at 1e-13 and 1e-15); for
   * larger inputs the steps stop where they would vanish against {@code x}.
   */
  static final int ATTEMPTS = 8;

  /**
   * How many units of the last place each value of the function is assumed to be off by, in the
   * rounding bound: a difference {@code D = (f(x + h) - f(x - h)) / (2h)} is taken to carry a rounding
   * error of at most {@code ROUNDING_ULPS * (eps * (|f(x + h)| + |f(x - h)| + 2 |x D|) + 2 *
   * Double.MIN_VALUE) / (2h)}, room for the rounding of a long computation: the values' own
   * rounding, the rounding of the input as the function scales it, and that of subnormal values.
   */
  static final double ROUNDING_ULPS = 100;

  private FiniteDifferences() {}

  /**
   * The first step for an input of value {@code x}.
   *
   * @param x the input's value
   * @return {@code 1e-3 * max(|x|, 1)}
   */
  static double firstStep(double x) {
    return FIRST_STEP * Math.max(Math.abs(x), 1.0);
  }

  /**
   * The points an attempt evaluates the function at.
   *
   * @param x the input's value
   * @param h the attempt's step
   * @return {@code x + h, x - h, x + h/2, x - h/2, ...}, {@link #LEVELS} pairs
   */
  static double[] stencil(double x, double h) {
    double[] points = new double[2 * LEVELS];
    for (int level = 0; level < LEVELS; level++) {
      double step = h / (1 << level);
      points[2 * level] = x + step;
      points[2 * level + 1] = x - step;
    }
    return points;
  }

  /**
   * One attempt's result.
   *
   * @param value the extrapolated derivative
   * @param error the estimate of its error: the truncation estimate plus the rounding bound;
   *     infinite when a value was not finite or the step vanished
   * @param step the attempt's step {@code h}
   * @param converged whether the differences behave as a smooth function's: each difference of
   *     successive {@code D}'s about four times the next, or within rounding
   * @param flat whether the function took one value at every point
   */
  record Estimate(double value, double error, double step, boolean converged, boolean flat) {

    /**
     * Whether this estimate and {@code other}, made at another step, agree within their error
     * estimates, both having converged: the check that catches differences that only look
     * converged, such as those of an oscillation sampled at steps spanning whole periods.
     *
     * @param other the estimate at the next, smaller step
     * @return true when both converged and {@code |value - other.value| <= error + other.error}
     */
    boolean agreesWith(Estimate other) {
      return converged && other.converged
          && Math.abs(value - other.value) <= error + other.error;
    }
  }

  /**
   * The estimate from the function's values at the {@link #stencil} points.
   *
   * @param points the points, as {@link #stencil} made them
   * @param values the function's value at each point
   * @param x the input's value, the stencil's centre
   * @param h the step the points were made with
   * @return the extrapolated derivative and its error estimate
   */
  static Estimate estimate(double[] points, double[] values, double x, double h) {
    double[] d = new double[LEVELS];
    double[] rounding = new double[LEVELS];
    double previousWidth = Double.POSITIVE_INFINITY;
    for (int level = 0; level < LEVELS; level++) {
      double plus = values[2 * level];
      double minus = values[2 * level + 1];
      // The step actually taken: x + h and x - h are rounded, and their difference is exact.
      double width = points[2 * level] - points[2 * level + 1];
      if (!(width > 0 && width < previousWidth) || !Double.isFinite(plus)
          || !Double.isFinite(minus)) {
        return new Estimate(Double.NaN, Double.POSITIVE_INFINITY, h, false, false);
      }
      previousWidth = width;
      d[level] = (plus - minus) / width;
      // The values' own rounding, that of the input as the function scales it (a computed
      // sin(100 x) is off by about 100 x eps cos(100 x), that is eps |x f'(x)|), and the absolute
      // rounding of subnormal values.
      rounding[level] = ROUNDING_ULPS * (EPS * (Math.abs(plus) + Math.abs(minus)
          + 2 * Math.abs(x) * Math.abs(d[level])) + 2 * Double.MIN_VALUE) / width;
    }
    boolean flat = true;
    for (double value : values) {
      flat &= value == values[0];
    }
    // Neville's tableau: column k has the h^2, ..., h^(2k) terms eliminated. Each entry is a linear
    // combination of the D's; its weights, carried along, bound its rounding error.
    double[][] table = new double[LEVELS][];
    double[][] weights = new double[LEVELS][];
    for (int i = 0; i < LEVELS; i++) {
      table[i] = new double[i + 1];
      weights[i] = new double[LEVELS * (i + 1)];
      table[i][0] = d[i];
      weights[i][i] = 1;
      double factor = 1;
      for (int k = 1; k <= i; k++) {
        factor *= 4;
        table[i][k] = (factor * table[i][k - 1] - table[i - 1][k - 1]) / (factor - 1);
        for (int j = 0; j < LEVELS; j++) {
          weights[i][k * LEVELS + j] = (factor * weights[i][(k - 1) * LEVELS + j]
              - weights[i - 1][(k - 1) * LEVELS + j]) / (factor - 1);
        }
      }
    }
    int last = LEVELS - 1;
    double r = table[last][last];
    double roundingOfR = 0;
    for (int j = 0; j < LEVELS; j++) {
      roundingOfR += Math.abs(weights[last][last * LEVELS + j]) * rounding[j];
    }
    // The error of the two next-best estimates bounds the best one's when the expansion holds.
    double truncation = Math.max(Math.abs(r - table[last][last - 1]),
        Math.abs(r - table[last - 1][last - 1]));
    double error = truncation + roundingOfR;
    // Smooth: D(i) - D(i+1) = 4 (D(i+1) - D(i+2)) up to a relative O(h^2). A kink or a jump within
    // the step gives a ratio of 1/2 instead. The rounding of D(i) - 5 D(i+1) + 4 D(i+2) is at most
    // e(i) + 5 e(i+1) + 4 e(i+2).
    boolean converged = true;
    for (int i = 0; i + 2 < LEVELS; i++) {
      double t1 = d[i] - d[i + 1];
      double t2 = d[i + 1] - d[i + 2];
      double roundingOfTest = rounding[i] + 5 * rounding[i + 1] + 4 * rounding[i + 2];
      converged &= Math.abs(t1 - 4 * t2) <= Math.abs(t1) / RATIO_SLACK + roundingOfTest;
    }
    if (!Double.isFinite(r) || !Double.isFinite(error)) {
      return new Estimate(r, Double.POSITIVE_INFINITY, h, false, flat);
    }
    return new Estimate(r, error, h, converged, flat);
  }
}
