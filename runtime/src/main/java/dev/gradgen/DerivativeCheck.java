package dev.gradgen;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The result of comparing derivatives with finite differences: one {@link Entry} per partial
 * derivative, each judged against the tolerance, as returned by the generated {@code mCheck} methods
 * and by {@link DerivativeChecker}. In a JUnit test: {@code ModelGradients.fCheck(x, p).assertPassed();}
 *
 * <p><b>The tolerance.</b> An entry passes when its finite differences converged (see {@link
 * Entry#converged()}), the derivative and the finite difference are both finite, and
 *
 * <pre>|derivative - finiteDifference| &lt;= absolute + relative * max(|derivative|, |finiteDifference|)
 *                                     + finiteDifferenceError</pre>
 *
 * <p>where {@code absolute} and {@code relative} are this check's {@link #absoluteTolerance()} and
 * {@link #relativeTolerance()} (by default {@value #DEFAULT_ABSOLUTE_TOLERANCE} and {@value
 * #DEFAULT_RELATIVE_TOLERANCE}) and {@code finiteDifferenceError} is the entry's own error estimate:
 * the distance of the most extrapolated Richardson estimate from the two extrapolated one step less,
 * which estimates the truncation error, plus a bound on the rounding error of the differences,
 * {@code 100 * 2^-52 * (|f(x + h)| + |f(x - h)|) / (2h)} for each of the four steps combined with the
 * weights of the * extrapolation. The rounding part scales with the function's values, which is why the absolute floor
 * may be zero: where the function is zero all around the point, its derivative must be zero. The
 * relative part covers the rounding of the derivative itself. Everything is in the units of the
 * function and the input; nothing assumes they are near 1.
 *
 * @param function what was checked, for messages (such as {@code p.Model.f})
 * @param entries one entry per partial derivative, in the flattened order of the inputs (and, for a
 *     vector function, by output within each input)
 * @param absoluteTolerance the absolute floor of the tolerance
 * @param relativeTolerance the relative part of the tolerance
 */
public record DerivativeCheck(
    String function, List<Entry> entries, double absoluteTolerance, double relativeTolerance) {

  /** The default absolute floor: zero, since the rounding part of each entry's error is a floor. */
  public static final double DEFAULT_ABSOLUTE_TOLERANCE = 0.0;

  /** The default relative part of the tolerance. */
  public static final double DEFAULT_RELATIVE_TOLERANCE = 1e-6;

  /** At most how many failing entries {@link #assertPassed()} lists. */
  private static final int LISTED = 10;

  /**
   * A check of {@code entries} with this tolerance; each entry's {@link Entry#allowed()} is
   * recomputed from it, so the entries and the tolerance always agree.
   *
   * @param function what was checked, for messages
   * @param entries one entry per partial derivative
   * @param absoluteTolerance the absolute floor of the tolerance, at least 0
   * @param relativeTolerance the relative part of the tolerance, at least 0
   * @throws IllegalArgumentException if a tolerance is negative or NaN
   */
  public DerivativeCheck {
    if (!(absoluteTolerance >= 0) || !(relativeTolerance >= 0)) {
      throw new IllegalArgumentException("tolerances must be at least 0, not absolute "
          + absoluteTolerance + " and relative " + relativeTolerance);
    }
    List<Entry> judged = new ArrayList<>(entries.size());
    for (Entry entry : entries) {
      judged.add(entry.withAllowed(absoluteTolerance
          + relativeTolerance * Math.max(Math.abs(entry.derivative()),
              Math.abs(entry.finiteDifference()))
          + entry.finiteDifferenceError()));
    }
    entries = List.copyOf(judged);
  }

  /**
   * The same comparison judged with another tolerance.
   *
   * @param absolute the absolute floor
   * @param relative the relative part
   * @return a check of the same entries with this tolerance
   */
  public DerivativeCheck withTolerance(double absolute, double relative) {
    return new DerivativeCheck(function, entries, absolute, relative);
  }

  /**
   * Whether every entry passes the tolerance.
   *
   * @return true when no entry fails (also when there are no entries)
   */
  public boolean passed() {
    return failures().isEmpty();
  }

  /**
   * The entries that fail, worst first.
   *
   * @return the failing entries, by decreasing {@link Entry#severity()}
   */
  public List<Entry> failures() {
    List<Entry> out = new ArrayList<>();
    for (Entry entry : entries) {
      if (!entry.passed()) {
        out.add(entry);
      }
    }
    out.sort(Comparator.comparingDouble(Entry::severity).reversed());
    return out;
  }

  /**
   * The entry closest to failing, or failing worst: the largest {@link Entry#severity()}.
   *
   * @return that entry, or empty when there are no entries (every array input empty)
   */
  public Optional<Entry> worst() {
    return entries.stream().max(Comparator.comparingDouble(Entry::severity));
  }

  /**
   * The entry with the largest absolute error.
   *
   * @return that entry, or empty when there are no entries
   */
  public Optional<Entry> largestAbsoluteError() {
    return entries.stream().max(Comparator.comparingDouble(DerivativeCheck::absoluteKey));
  }

  /**
   * The entry with the largest relative error.
   *
   * @return that entry, or empty when there are no entries
   */
  public Optional<Entry> largestRelativeError() {
    return entries.stream().max(Comparator.comparingDouble(DerivativeCheck::relativeKey));
  }

  /**
   * The largest absolute error over all entries.
   *
   * @return {@code max |derivative - finiteDifference|}, NaN if an entry's is, 0 with no entries
   */
  public double maxAbsoluteError() {
    return largestAbsoluteError().map(Entry::absoluteError).orElse(0.0);
  }

  /**
   * The largest relative error over all entries.
   *
   * @return {@code max |derivative - finiteDifference| / max(|derivative|, |finiteDifference|)}, NaN
   *     if an entry's is, 0 with no entries
   */
  public double maxRelativeError() {
    return largestRelativeError().map(Entry::relativeError).orElse(0.0);
  }

  /** NaN sorts above everything, so that a NaN error is the one reported. */
  private static double absoluteKey(Entry entry) {
    double error = entry.absoluteError();
    return Double.isNaN(error) ? Double.POSITIVE_INFINITY : error;
  }

  private static double relativeKey(Entry entry) {
    double error = entry.relativeError();
    return Double.isNaN(error) ? Double.POSITIVE_INFINITY : error;
  }

  /**
   * Throws when any entry fails, for one line of a test: {@code FGradients.fCheck(x, p).assertPassed()}.
   *
   * @throws AssertionError listing the failing entries (the ten worst), each with its derivative,
   *     finite difference, error and allowance, and the tolerance
   */
  public void assertPassed() {
    List<Entry> failures = failures();
    if (failures.isEmpty()) {
      return;
    }
    StringBuilder message = new StringBuilder(String.format(Locale.ROOT,
        "derivative check of %s failed: %d of %d partial derivatives disagree with finite"
            + " differences%n", function, failures.size(), entries.size()));
    for (Entry entry : failures.subList(0, Math.min(LISTED, failures.size()))) {
      message.append("  ").append(entry).append(String.format(Locale.ROOT, "%n"));
    }
    if (failures.size() > LISTED) {
      message.append(String.format(Locale.ROOT, "  ... and %d more%n", failures.size() - LISTED));
    }
    message.append(tolerance());
    throw new AssertionError(message.toString());
  }

  /** The tolerance in words. */
  private String tolerance() {
    return String.format(Locale.ROOT, "tolerance: |derivative - finite difference| <= %s + %s *"
        + " max(|derivative|, |finite difference|) + the finite difference's error estimate",
        absoluteTolerance, relativeTolerance);
  }

  /**
   * A summary: passed or failed, how many entries, the largest absolute and relative errors and
   * where they are, and the tolerance.
   *
   * @return the summary, on one line when the check passed
   */
  @Override
  public String toString() {
    List<Entry> failures = failures();
    StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
        "derivative check of %s %s: %d partial derivatives", function,
        failures.isEmpty() ? "passed" : "FAILED (" + failures.size() + " outside the tolerance)",
        entries.size()));
    largestAbsoluteError().ifPresent(entry -> out.append(String.format(Locale.ROOT,
        ", largest absolute error %.3g at %s", entry.absoluteError(), entry.location())));
    largestRelativeError().ifPresent(entry -> out.append(String.format(Locale.ROOT,
        ", largest relative error %.3g at %s", entry.relativeError(), entry.location())));
    worst().ifPresent(entry -> out.append("; closest to failing: ").append(entry));
    return out.append("; ").append(tolerance()).toString();
  }

  /**
   * One partial derivative: where it is, the derivative under test and the finite difference.
   *
   * @param parameter the input's name
   * @param flatIndex the position in the flattened inputs: declaration order, a {@code double} one
   *     entry, a {@code double[]} its elements, a {@code double[][]} row by row
   * @param index the element within the input, row by row for a {@code double[][]}; -1 for a {@code
   *     double}
   * @param row the row within a {@code double[][]}, else -1
   * @param column the column within a {@code double[][]}, else -1
   * @param output the output's index for a vector function, -1 for a {@code double} one
   * @param derivative the derivative under test (from the generated gradient or Jacobian)
   * @param finiteDifference the Richardson-extrapolated central difference
   * @param finiteDifferenceError the estimate of its error (truncation and rounding); infinite when
   *     the function was not finite at the points or the step vanished
   * @param step the step {@code h} of the attempt used: the differences are at {@code h}, {@code
   *     h/2}, {@code h/4} and {@code h/8}
   * @param converged whether the finite differences settled: at two successive steps, 100 times
   *     apart, they behaved as a smooth function's and their estimates agreed within their error
   *     estimates. An entry whose differences did not settle fails, because its finite difference
   *     confirms nothing (a kink, a jump or a domain boundary within the steps, or a function too
   *     noisy for them)
   * @param allowed the largest absolute error the tolerance allows for this entry
   */
  public record Entry(
      String parameter,
      int flatIndex,
      int index,
      int row,
      int column,
      int output,
      double derivative,
      double finiteDifference,
      double finiteDifferenceError,
      double step,
      boolean converged,
      double allowed) {

    /**
     * This entry with another allowance.
     *
     * @param newAllowed the allowance
     * @return a copy with {@code allowed = newAllowed}
     */
    Entry withAllowed(double newAllowed) {
      return new Entry(parameter, flatIndex, index, row, column, output, derivative,
          finiteDifference, finiteDifferenceError, step, converged, newAllowed);
    }

    /**
     * The absolute error.
     *
     * @return {@code |derivative - finiteDifference|}
     */
    public double absoluteError() {
      return Math.abs(derivative - finiteDifference);
    }

    /**
     * The relative error.
     *
     * @return {@code |derivative - finiteDifference| / max(|derivative|, |finiteDifference|)}, 0 when
     *     both are 0
     */
    public double relativeError() {
      double scale = Math.max(Math.abs(derivative), Math.abs(finiteDifference));
      return scale == 0 ? 0 : absoluteError() / scale;
    }

    /**
     * Whether this entry is within the tolerance.
     *
     * @return true when the differences converged, both values are finite, and the absolute error is
     *     at most {@link #allowed()}
     */
    public boolean passed() {
      return converged && Double.isFinite(derivative) && Double.isFinite(finiteDifference)
          && absoluteError() <= allowed;
    }

    /**
     * How close this entry is to failing: the absolute error over the allowance, above 1 when it
     * fails; infinite for an entry that fails for another reason (not converged, not finite).
     *
     * @return {@code absoluteError() / allowed()}, or infinity
     */
    public double severity() {
      if (!converged || !Double.isFinite(derivative) || !Double.isFinite(finiteDifference)
          || !Double.isFinite(allowed)) {
        return Double.POSITIVE_INFINITY;
      }
      double error = absoluteError();
      return error == 0 ? 0 : allowed == 0 ? Double.POSITIVE_INFINITY : error / allowed;
    }

    /**
     * Where this entry is, as code would name it.
     *
     * @return {@code x}, {@code p[3]} or {@code m[1][2]}; for a vector function {@code
     *     d value[2] / d p[3]}
     */
    public String location() {
      String input = row >= 0 ? parameter + "[" + row + "][" + column + "]"
          : index >= 0 ? parameter + "[" + index + "]"
          : parameter;
      return output >= 0 ? "d value[" + output + "] / d " + input : input;
    }

    /**
     * This entry in words.
     *
     * @return its location, the derivative, the finite difference with its error estimate, the
     *     absolute error against the allowance, the step, and why it fails if it does
     */
    @Override
    public String toString() {
      if (!converged) {
        return String.format(Locale.ROOT, "%s: derivative %s, but the finite differences did not"
            + " settle at any step tried (best estimate %s +- %.3g at step %.3g): a kink, a jump or a"
            + " domain boundary within the step of the point? Check at a point away from it",
            location(), derivative, finiteDifference, finiteDifferenceError, step);
      }
      String verdict = passed() ? "<=" : ">";
      String reason = Double.isFinite(derivative) && Double.isFinite(finiteDifference)
          ? "" : " (not finite)";
      return String.format(Locale.ROOT, "%s: derivative %s, finite difference %s (+- %.3g), error"
          + " %.3g %s allowed %.3g%s (step %.3g)", location(), derivative, finiteDifference,
          finiteDifferenceError, absoluteError(), verdict, allowed, reason, step);
    }
  }
}
