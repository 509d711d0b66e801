package dev.gradgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The second derivatives at non-smooth points and at extreme magnitudes, by the conventions {@link
 * DualTensor}'s Javadoc documents, both through {@link Derivatives} and through a graph.
 */
final class SecondDerivativeConventionsTest {

  private static final double NAN = Double.NaN;
  private static final double INF = Double.POSITIVE_INFINITY;

  /** The 1 by 1 Hessian of a one-argument operation at x. */
  private static double second(UnaryOperator<DualTensor> op, double x) {
    return DualTape.hessian(tape -> op.apply(tape.leaf(x))).hessian()[0][0];
  }

  /** The Hessian {xx, xy, yx, yy} of a two-argument operation at (x, y). */
  private static double[] second(BinaryOperator<DualTensor> op, double x, double y) {
    double[][] h =
        DualTape.hessian(tape -> op.apply(tape.leaf(x), tape.leaf(y))).hessian();
    return new double[] {h[0][0], h[0][1], h[1][0], h[1][1]};
  }

  private static void assertAll(double expected, double[] actual, String what) {
    for (double a : actual) {
      // assertEquals(double, double) compares bits: -0.0 would differ from 0.0, so compare by ==.
      assertTrue(
          expected == a || Double.isNaN(expected) && Double.isNaN(a),
          what + ": " + a + " where " + expected + " was expected");
    }
  }

  @Test
  void piecewiseLinearOperationsHaveZeroSecondDerivativesAtTheirKinks() {
    for (double zero : new double[] {0.0, -0.0}) {
      assertEquals(0.0, second(DualTensor::relu, zero), 0.0, "relu''(" + zero + ")");
      assertEquals(0.0, second(DualTensor::abs, zero), 0.0, "abs''(" + zero + ")");
      assertEquals(0.0, second(x -> x.copySign(1.0), zero), 0.0, "copySign");
    }
    assertAll(0.0, second(DualTensor::min, 2.0, 2.0), "min on a tie");
    assertAll(0.0, second(DualTensor::max, 2.0, 2.0), "max on a tie");
    assertAll(0.0, second(DualTensor::rem, 6.0, 2.0), "% at a jump");
    assertAll(0.0, second(DualTensor::IEEEremainder, 5.0, 2.0), "IEEEremainder at a jump");
    assertEquals(0.0, second(x -> x.min(2.0), 2.0), 0.0);
    assertEquals(0.0, second(x -> DualTensor.max(2.0, x), 2.0), 0.0);
  }

  @Test
  void piecewiseLinearOperationsHaveNaNSecondDerivativesWhereTheFirstIsNaN() {
    assertEquals(NAN, Derivatives.piecewiseLinearSecond(NAN));
    assertEquals(0.0, Derivatives.piecewiseLinearSecond(-1.0));
    assertEquals(NAN, second(DualTensor::relu, NAN));
    assertEquals(NAN, second(DualTensor::abs, NAN));
    assertAll(NAN, second(DualTensor::max, NAN, 1.0), "max with NaN");
  }

  @Test
  void rootsAtZero() {
    // sqrt''(0) = -Infinity from inside the domain, for both zeros; NaN outside it.
    assertEquals(Double.NEGATIVE_INFINITY, Derivatives.sqrtSecond(0.0, 0.0));
    assertEquals(Double.NEGATIVE_INFINITY, Derivatives.sqrtSecond(-0.0, Math.sqrt(-0.0)));
    assertEquals(Double.NEGATIVE_INFINITY, second(DualTensor::sqrt, 0.0));
    assertEquals(Double.NEGATIVE_INFINITY, second(DualTensor::sqrt, -0.0));
    assertEquals(NAN, second(DualTensor::sqrt, -1.0));
    // cbrt''(x) = -2/9 x^(-5/3): -Infinity approaching +0, +Infinity approaching -0.
    assertEquals(Double.NEGATIVE_INFINITY, second(DualTensor::cbrt, 0.0));
    assertEquals(INF, second(DualTensor::cbrt, -0.0));
    // log''(0) = -1/0^2 = -Infinity for both zeros.
    assertEquals(Double.NEGATIVE_INFINITY, second(DualTensor::log, 0.0));
    assertEquals(Double.NEGATIVE_INFINITY, second(DualTensor::log, -0.0));
    assertEquals(Double.NEGATIVE_INFINITY, second(DualTensor::log10, 0.0));
    assertEquals(Double.NEGATIVE_INFINITY, second(DualTensor::log10, -0.0));
    // asin''(x) = x (1 - x^2)^(-3/2): +-Infinity at +-1; acos'' the opposite.
    assertEquals(INF, second(DualTensor::asin, 1.0));
    assertEquals(Double.NEGATIVE_INFINITY, second(DualTensor::asin, -1.0));
    assertEquals(Double.NEGATIVE_INFINITY, second(DualTensor::acos, 1.0));
    assertEquals(NAN, second(DualTensor::asin, 1.5));
  }

  @Test
  void hypotAtTheOriginAndOnAnAxis() {
    assertAll(0.0, second(DualTensor::hypot, 0.0, 0.0), "hypot at (0, 0)");
    assertEquals(0.0, second(x -> x.hypot(0.0), 0.0), 0.0);
    // hypot(v, w) at (-2, 0) is |v| along v and bends as 1/|v| across: w^2/r^3 = 0, v^2/r^3 = 1/2.
    double[] h = second(DualTensor::hypot, -2.0, 0.0);
    assertEquals(0.0, h[0], 0.0);
    assertEquals(0.0, h[1], 0.0);
    assertEquals(0.5, h[3]);
  }

  @Test
  void atan2IsNaNAtTheOrigin() {
    assertAll(NAN, second(DualTensor::atan2, 0.0, 0.0), "atan2 at (0, 0)");
    assertEquals(NAN, second(y -> y.atan2(0.0), 0.0));
    assertEquals(NAN, second(x -> DualTensor.atan2(0.0, x), 0.0));
  }

  @Test
  void powAtAZeroBaseAndAtSpecialExponents() {
    // Every partial in the exponent is 0 at a zero base: d pow/dy = 0, so its derivatives are 0.
    double[] h = second(DualTensor::pow, 0.0, 2.5);
    // d^2/dx^2 of x^2.5 at 0 is 2.5 * 1.5 * 0^0.5 = 0.
    assertAll(0.0, h, "pow at (0, 2.5)");
    assertEquals(0.0, Derivatives.powMixed(0.0, 1.0, 0.0));
    assertEquals(0.0, Derivatives.powExponentSecond(0.0, 0.0));
    assertEquals(0.0, second(x -> DualTensor.pow(0.0, x), 2.0), 0.0);
    // pow(x, 0) = 1 everywhere: d^2/dx^2 = 0, and d^2/dx dy = 1/x (d/dy of y x^(y-1) at y = 0).
    h = second(DualTensor::pow, 4.0, 0.0);
    assertEquals(0.0, h[0], 0.0);
    assertEquals(0.25, h[1]);
    assertEquals(0.25, h[2]);
    assertEquals(0.0, second(x -> x.pow(0.0), NAN), 0.0);
    assertEquals(0.0, second(x -> x.pow(1.0), NAN), 0.0);
    assertEquals(2.0, second(x -> x.pow(2.0), -7.0));
  }

  // ---------------------------------------------------------------- extreme magnitudes

  private static final MathContext DIGITS = new MathContext(40);

  private static void assertRelative(
      BigDecimal expected, double actual, double tolerance, String what) {
    double e = expected.doubleValue();
    assertTrue(
        Math.abs(actual - e) <= tolerance * Math.abs(e),
        what + ": " + actual + " where " + e + " was expected");
  }

  @Test
  void atan2SecondDerivativesWhereTheFourthPowerOfTheRadiusOverflows() {
    // At (y, x) = (4e150, 3e150), r^4 = 6.25e602 overflows but -2xy/r^4 = -3.84e-302 is normal.
    double y = 4e150;
    double x = 3e150;
    BigDecimal by = new BigDecimal(y);
    BigDecimal bx = new BigDecimal(x);
    BigDecimal r2 = by.pow(2).add(bx.pow(2));
    BigDecimal r4 = r2.pow(2);
    assertRelative(
        bx.multiply(by).multiply(BigDecimal.valueOf(-2)).divide(r4, DIGITS),
        Derivatives.atan2YY(y, x),
        1e-14,
        "atan2 yy");
    assertRelative(
        by.pow(2).subtract(bx.pow(2)).divide(r4, DIGITS),
        Derivatives.atan2Mixed(y, x),
        1e-14,
        "atan2 xy");
    assertRelative(
        bx.multiply(by).multiply(BigDecimal.valueOf(2)).divide(r4, DIGITS),
        Derivatives.atan2XX(y, x),
        1e-14,
        "atan2 xx");
  }

  @Test
  void hypotSecondDerivativesWhereTheSquaresOverflow() {
    double v = 3e200;
    double w = 4e200;
    double out = Math.hypot(v, w);
    // w^2 / r^3 = 16e400 / 125e600 = 1.28e-201; -vw / r^3 = -9.6e-202.
    assertEquals(1.28e-201, Derivatives.hypotSecond(v, w, out), 1e-215);
    assertEquals(-9.6e-202, Derivatives.hypotMixed(v, w, out), 1e-215);
    // Past the double range, hypot(v, w) is Infinity, and w^2/r^3 = (1/2)/(sqrt(2) 1.5e308) a
    // subnormal, taken from the halved arguments.
    double big = 1.5e308;
    double expected = 0.5 / (Math.sqrt(2) * 0.75e308) / 2;
    double actual = Derivatives.hypotSecond(big, big, Math.hypot(big, big));
    assertTrue(Math.abs(actual - expected) <= 1e-3 * expected, actual + " vs " + expected);
  }

  @Test
  void divisionAndPowWhereANaiveFormulaUnderflowsOrOverflows() {
    // 2x / y^3 at x = 1e-300, y = 1e-200: y^3 underflows, but the value is 2e300.
    double x = 1e-300;
    double y = 1e-200;
    assertEquals(2e300, Derivatives.divisorSecond(y, x / y), 1e286);
    // y (y - 1) x^(y-2) at x = 1e-200, y = 1e-300: x^(y-2) = 1e400 overflows, the value is
    // -1e100 (x^y = 1 to within 5e-298).
    assertEquals(-1e100, Derivatives.powBaseSecond(1e-200, 1e-300), 1e86);
    // -2x / (1 + x^2)^2 at 1e100 is -2e-300, although (1 + x^2)^-2 underflows.
    assertEquals(-2e-300, Derivatives.atanSecond(1e100, Math.atan(1e100)), 1e-314);
    // -1/(4 x^(3/2)) at x = 1e-200: -2.5e299.
    assertEquals(-2.5e299, Derivatives.sqrtSecond(1e-200, Math.sqrt(1e-200)), 1e285);
  }

  @Test
  void secondDerivativesAgreeWithDifferencesOfTheFirstAtModeratePoints() {
    // The Derivatives functions one against the other, independently of any graph.
    double[] xs = {-0.7, 0.3, 1.9};
    for (double x : xs) {
      double h = 1e-6;
      assertNear(
          fd(t -> Derivatives.tan(t, Math.tan(t)), x, h),
          Derivatives.tanSecond(x, Math.tan(x)),
          "tan");
      assertNear(
          fd(t -> Derivatives.tanh(t, Math.tanh(t)), x, h),
          Derivatives.tanhSecond(x, Math.tanh(x)),
          "tanh");
      assertNear(
          fd(t -> Derivatives.sigmoid(t, Activations.sigmoid(t)), x, h),
          Derivatives.sigmoidSecond(x, Activations.sigmoid(x)),
          "sigmoid");
      assertNear(
          fd(t -> Derivatives.softplus(t, Activations.softplus(t)), x, h),
          Derivatives.softplusSecond(x, Activations.softplus(x)),
          "softplus");
      assertNear(
          fd(t -> Derivatives.atan(t, Math.atan(t)), x, h),
          Derivatives.atanSecond(x, Math.atan(x)),
          "atan");
      assertNear(
          fd(t -> Derivatives.cbrt(t, Math.cbrt(t)), x, h),
          Derivatives.cbrtSecond(x, Math.cbrt(x)),
          "cbrt");
      assertNear(fd(t -> Derivatives.atan2Y(t, 1.3), x, h), Derivatives.atan2YY(x, 1.3), "atan2");
      assertNear(
          fd(t -> Derivatives.hypot(t, 0.8, Math.hypot(t, 0.8)), x, h),
          Derivatives.hypotSecond(x, 0.8, Math.hypot(x, 0.8)),
          "hypot");
    }
  }

  private static double fd(java.util.function.DoubleUnaryOperator f, double x, double h) {
    return (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / ((x + h) - (x - h));
  }

  private static void assertNear(double expected, double actual, String what) {
    assertTrue(
        Math.abs(actual - expected) <= 1e-6 * Math.max(1.0, Math.abs(expected)),
        what + ": " + actual + " against a difference of " + expected);
  }
}
