package dev.gradgen.benchmarks;

import static org.junit.jupiter.api.Assertions.fail;

/** Assertions on gradient arrays that report the worst component. */
public final class Gradients {

  private Gradients() {}

  /**
   * Asserts |actual_i - expected_i| <= rel * max(|expected_i|, 1e-3 * max_j |expected_j|) for every
   * i. The floor keeps a component that happens to be almost zero from demanding a relative accuracy
   * that cancellation in a different but correct evaluation order cannot give.
   */
  public static void assertClose(String what, double[] expected, double[] actual, double rel) {
    assertClose(what, expected, actual, rel, 0.0);
  }

  /** As {@link #assertClose(String, double[], double[], double)}, plus an absolute allowance. */
  public static void assertClose(
      String what, double[] expected, double[] actual, double rel, double absolute) {
    if (expected.length != actual.length) {
      fail(what + ": length " + actual.length + ", expected " + expected.length);
    }
    double scale = 0.0;
    for (double e : expected) {
      scale = Math.max(scale, Math.abs(e));
    }
    double floor = 1e-3 * scale;
    int worst = -1;
    double worstRatio = 0.0;
    for (int i = 0; i < expected.length; i++) {
      double tol = rel * Math.max(Math.abs(expected[i]), floor) + absolute;
      double diff = Math.abs(actual[i] - expected[i]);
      // A NaN difference fails too: !(diff <= tol).
      double ratio = diff <= tol ? diff / tol : Double.POSITIVE_INFINITY;
      if (ratio > worstRatio || worst < 0) {
        worstRatio = ratio;
        worst = i;
      }
    }
    if (worstRatio > 1.0) {
      fail(String.format(
          "%s: component %d is %.17g, expected %.17g (relative tolerance %.1e, absolute %.1e)",
          what, worst, actual[worst], expected[worst], rel, absolute));
    }
  }

  /**
   * Asserts that central differences of a function whose value is {@code value} match
   * {@code expected}: relative {@code rel}, plus the rounding error of the differences, about
   * ulp(f) / h per component. That term dominates when f is large compared with a partial, as for
   * Rosenbrock at n = 1000 (f ~ 1e8, partials ~ 1).
   */
  public static void assertFiniteDifferencesClose(
      String what, double value, double[] expected, double[] actual, double rel) {
    assertClose(what, expected, actual, rel, 4.0 * Math.ulp(value) / Math.cbrt(Math.ulp(1.0)));
  }

  /** Asserts |actual - expected| <= rel * |expected|. */
  public static void assertClose(String what, double expected, double actual, double rel) {
    assertClose(what, new double[] {expected}, new double[] {actual}, rel);
  }
}
