package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * The harness's comparison of a tape's gradient with the sorted graph's: a few ulps of summation
 * order pass, anything larger (or a NaN, an infinity, a sign) still fails.
 */
final class SummationOrderToleranceTest {

  /** Steps {@code x} up by {@code ulps} units in the last place. */
  private static double up(double x, int ulps) {
    double y = x;
    for (int i = 0; i < ulps; i++) {
      y = Math.nextUp(y);
    }
    return y;
  }

  @Test
  void aFewUlpsOfSummationOrderPass() {
    // The case that made the tolerance: 1 + 2 * 7.3 summed in two orders.
    assertDoesNotThrow(
        () -> GradientHarness.assertSameUpToSummationOrder(15.6, 15.600000000000001, "one ulp"));
    assertDoesNotThrow(() -> GradientHarness.assertSameUpToSummationOrder(
        15.6, up(15.6, GradientHarness.SUMMATION_ORDER_ULPS), "the bound"));
    assertDoesNotThrow(() -> GradientHarness.assertSameUpToSummationOrder(
        new double[] {1.0, -3.0}, new double[] {Math.nextUp(1.0), Math.nextDown(-3.0)}, "arrays"));
  }

  @Test
  void moreThanAFewUlpsFail() {
    AssertionFailedError error = assertThrows(
        AssertionFailedError.class,
        () -> GradientHarness.assertSameUpToSummationOrder(
            15.6, up(15.6, GradientHarness.SUMMATION_ORDER_ULPS + 1), "d/dx"));
    assertTrue(error.getMessage().contains("d/dx"), error.getMessage());
    // Four ulps are under 9e-16 relative, so a relative error of 1e-14 is far outside.
    assertThrows(
        AssertionFailedError.class,
        () -> GradientHarness.assertSameUpToSummationOrder(1.0, 1.0 + 1e-14, "relative 1e-14"));
    assertThrows(
        AssertionFailedError.class,
        () -> GradientHarness.assertSameUpToSummationOrder(
            new double[] {1.0, 2.0}, new double[] {1.0, 2.001}, "array element"));
  }

  @Test
  void nonFiniteAndSignsMustMatchExactly() {
    assertThrows(
        AssertionFailedError.class,
        () -> GradientHarness.assertSameUpToSummationOrder(Double.NaN, 1.0, "NaN"));
    assertThrows(
        AssertionFailedError.class,
        () -> GradientHarness.assertSameUpToSummationOrder(
            Double.POSITIVE_INFINITY, Double.MAX_VALUE, "infinity"));
    assertThrows(
        AssertionFailedError.class,
        () -> GradientHarness.assertSameUpToSummationOrder(1.0, -1.0, "sign"));
    assertDoesNotThrow(
        () -> GradientHarness.assertSameUpToSummationOrder(Double.NaN, Double.NaN, "both NaN"));
  }
}
