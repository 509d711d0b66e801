package dev.gradgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

/**
 * The partials of atan2, hypot and pow where squaring or powering the arguments would overflow or
 * underflow although the partials are finite. The references are computed exactly (or to 40
 * digits) in BigDecimal from the doubles' exact values.
 */
final class ExtremeMagnitudePartialsTest {

  private static final MathContext DIGITS = new MathContext(40);

  private static BigDecimal exact(double x) {
    return new BigDecimal(x);
  }

  /** v / (x^2 + y^2) to 40 digits, rounded to the nearest double. */
  private static double overSquares(double v, double x, double y) {
    BigDecimal squares = exact(x).multiply(exact(x)).add(exact(y).multiply(exact(y)));
    return exact(v).divide(squares, DIGITS).doubleValue();
  }

  private static void assertWithinUlps(double expected, double actual, int ulps, String what) {
    assertTrue(Double.isFinite(expected) && expected != 0.0, what + ": reference " + expected);
    assertTrue(
        Math.abs(actual - expected) <= ulps * Math.ulp(expected),
        () -> what + ": expected " + expected + " but was " + actual);
  }

  @Test
  void atan2PartialsAtTinyArgumentsAreHuge() {
    // At (1e-200, 1e-200) the squares underflow to 0; the partials are +-1/(2e-200) = +-5e199.
    double t = 1e-200;
    assertWithinUlps(overSquares(t, t, t), Derivatives.atan2Y(t, t), 2, "d/dy at 1e-200");
    assertWithinUlps(-overSquares(t, t, t), Derivatives.atan2X(t, t), 2, "d/dx at 1e-200");
    assertEquals(5e199, Derivatives.atan2Y(t, t), 1e186);
    // atan2(y = 3e-160, x = 4e-160): x / r^2 = 4e-160 / 25e-320 = 1.6e159, -y / r^2 = -1.2e159.
    double y = 3e-160;
    double x = 4e-160;
    assertWithinUlps(overSquares(x, x, y), Derivatives.atan2Y(y, x), 2, "d/dy at (3e-160, 4e-160)");
    assertWithinUlps(
        -overSquares(y, x, y), Derivatives.atan2X(y, x), 2, "d/dx at (3e-160, 4e-160)");
    assertEquals(1.6e159, Derivatives.atan2Y(y, x), 1e146);
    assertEquals(-1.2e159, Derivatives.atan2X(y, x), 1e146);
  }

  @Test
  void atan2PartialsAtHugeArgumentsAreTiny() {
    // The squares overflow to Infinity; the partials are about 5e-201 and 1e-300 / 2e600.
    double h = 1e200;
    assertWithinUlps(overSquares(h, h, h), Derivatives.atan2Y(h, h), 2, "d/dy at 1e200");
    assertWithinUlps(
        -overSquares(3e300, 4e300, 3e300),
        Derivatives.atan2X(3e300, 4e300),
        2,
        "d/dx at (3e300, 4e300)");
    // A subnormal partial: 1e-160 / (1e320 + ...) = 1e-310, whatever precision it can hold.
    double partial = Derivatives.atan2X(-1e5, 1e157);
    double reference = -overSquares(-1e5, 1e157, -1e5);
    assertEquals(reference, partial, 2 * Double.MIN_VALUE);
  }

  @Test
  void atan2PartialsInTheNormalRangeAreTheQuotientOfTheSumOfSquares() {
    // d/dy atan2(1, 2) = 2 / 5 and d/dx = -1 / 5: one correctly rounded division each.
    assertEquals(0.4, Derivatives.atan2Y(1.0, 2.0));
    assertEquals(-0.2, Derivatives.atan2X(1.0, 2.0));
    // Mixed: one square is subnormal, the sum is normal, so the quotient is still exact-ish.
    assertWithinUlps(
        overSquares(1e-170, 1e-150, 1e-170),
        Derivatives.atan2X(1e-170, 1e-150) * -1,
        2,
        "d/dx at (1e-170, 1e-150)");
  }

  @Test
  void atan2AtTheOriginIsNaNAsBefore() {
    assertTrue(Double.isNaN(Derivatives.atan2Y(0.0, 0.0)));
    assertTrue(Double.isNaN(Derivatives.atan2X(0.0, 0.0)));
  }

  @Test
  void hypotPartialsWhenTheValueOverflows() {
    // hypot(1.5e308, 1.5e308) = 2.1e308 > Double.MAX_VALUE, but each partial is 1/sqrt(2).
    double big = 1.5e308;
    Tensor x = new Tensor(big);
    Tensor y = new Tensor(big);
    Tensor h = x.hypot(y);
    h.backward();
    assertEquals(Double.POSITIVE_INFINITY, h.data());
    double halfRoot2 = BigDecimal.valueOf(0.5).sqrt(DIGITS).doubleValue();
    assertWithinUlps(halfRoot2, x.grad(), 2, "d/dx hypot at 1.5e308");
    assertWithinUlps(halfRoot2, y.grad(), 2, "d/dy hypot at 1.5e308");
    // hypot(1.2e308, 1.6e308) = 2e308 overflows too: partials 3/5 and 4/5.
    assertWithinUlps(
        0.6,
        Derivatives.hypot(1.2e308, 1.6e308, Math.hypot(1.2e308, 1.6e308)),
        2,
        "d/dx hypot at (1.2e308, 1.6e308)");
    assertWithinUlps(
        0.8,
        Derivatives.hypot(1.6e308, 1.2e308, Math.hypot(1.2e308, 1.6e308)),
        2,
        "d/dy hypot at (1.2e308, 1.6e308)");
  }

  @Test
  void hypotPartialsAtTinyAndInfiniteArguments() {
    // hypot scales internally, so x / hypot is accurate at 1e-200 as well: 3/5 and 4/5.
    double out = Math.hypot(3e-200, 4e-200);
    assertWithinUlps(0.6, Derivatives.hypot(3e-200, 4e-200, out), 2, "d/dx at 3e-200");
    assertWithinUlps(0.8, Derivatives.hypot(4e-200, 3e-200, out), 2, "d/dy at 3e-200");
    // An infinite other argument: the finite one's partial is 0, the infinite one's NaN (Inf/Inf).
    assertEquals(0.0, Derivatives.hypot(2.0, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY));
    assertEquals(0.0, Derivatives.hypot(0.0, 0.0, 0.0));
  }

  @Test
  void powBaseWhenXToTheYMinusOneOverflows() {
    // d/dx x^y = y x^(y-1); at x = 1e-320, y = +-1e-30, x^(y-1) ~ 1e320 overflows while the partial
    // is (y / x) x^y ~ +-1e290. x^y = exp(y ln x) = 1 + y ln x to far below a double's precision.
    double x = 1e-320;
    for (double y : new double[] {1e-30, -1e-30}) {
      BigDecimal xToY = BigDecimal.ONE.add(new BigDecimal(y * Math.log(x)));
      double reference = exact(y).divide(exact(x), DIGITS).multiply(xToY).doubleValue();
      assertWithinUlps(reference, Derivatives.powBase(x, y), 2, "d/dx pow at y = " + y);
      Tensor base = new Tensor(x);
      base.pow(y).backward();
      assertEquals(Derivatives.powBase(x, y), base.grad());
    }
  }

  @Test
  void powBaseKeepsItsConventionsAtZeroAndInTheNormalRange() {
    // 0 < y < 1: the partial at x = 0 is +Infinity, not (y / 0) * 0 = NaN.
    assertEquals(Double.POSITIVE_INFINITY, Derivatives.powBase(0.0, 0.5));
    // 3 x^2 at 2 is 12 exactly; 2.5 * 4^1.5 = 20 exactly.
    assertEquals(12.0, Derivatives.powBase(2.0, 3.0));
    assertEquals(20.0, Derivatives.powBase(4.0, 2.5));
    // A partial that overflows itself stays infinite: -x^-2 at 1e-200 is -1e400.
    assertEquals(Double.NEGATIVE_INFINITY, Derivatives.powBase(1e-200, -1.0));
  }

  @Test
  void powExponentAtExtremeMagnitudes() {
    // d/dy x^y = x^y ln x: at x = 1e-300, y = 0.5, 1e-150 * ln(1e-300) = -6.907755e-148.
    double x = 1e-300;
    double out = Math.pow(x, 0.5);
    double reference = exact(out).multiply(new BigDecimal(Math.log(x))).doubleValue();
    assertWithinUlps(reference, Derivatives.powExponent(x, out), 1, "d/dy pow at 1e-300");
    assertEquals(-6.907755278982137e-148, Derivatives.powExponent(x, out), 1e-160);
  }
}
