package dev.gradgen.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The generated greeks against the closed form, using an independent normal distribution. */
class BlackScholesTest {

  private static final MathContext MC = new MathContext(60);
  private static final BigDecimal PI =
      new BigDecimal("3.14159265358979323846264338327950288419716939937510582097494459");

  static double normCdf(double x) {
    // Computed as 0.5 erfc(-x/sqrt 2) in 60 digits before rounding, so the tails keep their digits.
    BigDecimal erf = new BigDecimal(erfBig(-x / Math.sqrt(2)));
    return BigDecimal.ONE.subtract(erf, MC).multiply(new BigDecimal("0.5"), MC).doubleValue();
  }

  /** erf by its Taylor series 2/sqrt(pi) sum (-1)^n x^(2n+1) / (n! (2n+1)), to 60 digits. */
  private static String erfBig(double x) {
    if (Math.abs(x) > 5) {
      throw new IllegalArgumentException("the 60-digit series is trusted for |x| <= 5 only: " + x);
    }
    BigDecimal bx = new BigDecimal(x);
    BigDecimal x2 = bx.multiply(bx, MC);
    BigDecimal power = bx;
    BigDecimal sum = BigDecimal.ZERO;
    for (int n = 0; n < 400; n++) {
      // power = (-1)^n x^(2n+1) / n!; the terms grow to about e^(x^2) before they fall, so 60
      // digits leave over 40 after the cancellation for |x| <= 5.
      BigDecimal term = power.divide(BigDecimal.valueOf(2L * n + 1), MC);
      sum = sum.add(term, MC);
      if (term.abs().compareTo(new BigDecimal("1e-45")) < 0) {
        break;
      }
      power = power.multiply(x2, MC).negate().divide(BigDecimal.valueOf(n + 1L), MC);
    }
    return sum.multiply(BigDecimal.valueOf(2), MC).divide(PI.sqrt(MC), MC).toString();
  }

  static double normPdf(double x) {
    return Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
  }

  @ParameterizedTest(name = "erfc({0})")
  @CsvSource({"0.1", "-0.3", "0.46875", "0.5", "-1.0", "2.5", "-3.9", "4.0", "4.5", "-4.9", "5.0"})
  void erfcMatchesTheSeriesInEveryBranch(double x) {
    double expected = new BigDecimal(1).subtract(new BigDecimal(erfBig(x)), MC).doubleValue();
    // Cody's approximations are good to about 1e-16 relative; allow a few roundings.
    assertEquals(expected, BlackScholes.erfc(x), 4e-16 * expected);
  }

  @Test
  void erfcIsExactlyZeroOrTwoWhereItUnderflows() {
    assertEquals(0.0, BlackScholes.erfc(30));
    assertEquals(2.0, BlackScholes.erfc(-30));
  }

  @ParameterizedTest(name = "S={0} K={1} vol={2} r={3} T={4}")
  @CsvSource({
    // at the money: d1, d2 near 0 (erfc's first branch)
    "100, 100, 0.20, 0.05, 1.0",
    // in the money: d1 = 1.66, d2 = 1.48 (second branch)
    "130, 100, 0.25, 0.03, 0.5",
    // long-dated, volatile: d1 = 1.04, d2 = 0.17
    "100, 80, 0.50, 0.10, 3.0",
    // far out of the money: d1 = -5.9 (third branch, the tail)
    "70, 100, 0.06, 0.00, 1.0",
    // deep in the money: d1 = 5.9
    "150, 100, 0.10, 0.02, 0.5",
  })
  void greeksMatchTheClosedForm(
      double spot, double strike, double vol, double rate, double maturity) {
    double sqrtT = Math.sqrt(maturity);
    double d1 = (Math.log(spot / strike) + (rate + vol * vol / 2) * maturity) / (vol * sqrtT);
    double d2 = d1 - vol * sqrtT;
    double discountedStrike = strike * Math.exp(-rate * maturity);
    double price = spot * normCdf(d1) - discountedStrike * normCdf(d2);
    double delta = normCdf(d1);
    double vega = spot * normPdf(d1) * sqrtT;
    double rho = maturity * discountedStrike * normCdf(d2);
    // dC/dT = S phi(d1) vol / (2 sqrt T) + r K e^{-rT} N(d2); the sample's theta is its negative.
    double theta =
        -(spot * normPdf(d1) * vol / (2 * sqrtT) + rate * discountedStrike * normCdf(d2));

    BlackScholes.Greeks g = BlackScholes.generated(spot, strike, vol, rate, maturity);
    assertEquals(price, g.price(), 1e-6);
    assertEquals(delta, g.delta(), 1e-6);
    assertEquals(vega, g.vega(), 1e-6);
    assertEquals(rho, g.rho(), 1e-6);
    assertEquals(theta, g.theta(), 1e-6);
    // The printed closed-form column agrees too.
    BlackScholes.Greeks c = BlackScholes.closedForm(spot, strike, vol, rate, maturity);
    assertEquals(delta, c.delta(), 1e-12);
    assertEquals(vega, c.vega(), 1e-9);
  }

  @Test
  void pricesHullsWorkedExample() {
    // Hull, Options, Futures and Other Derivatives: S = 42, K = 40, r = 10%, vol 20%, six months
    // gives c = 4.76 to the cent.
    assertEquals(4.76, BlackScholes.generated(42, 40, 0.2, 0.1, 0.5).price(), 0.005);
  }

  @Test
  void runReportsBothColumnsForTheAtTheMoneyCall() {
    BlackScholes.Result r = BlackScholes.run(Quiet.stream());
    BlackScholes.Greeks ad = r.generated();
    BlackScholes.Greeks exact = r.closedForm();
    assertEquals(exact.price(), ad.price(), 1e-6);
    assertEquals(exact.delta(), ad.delta(), 1e-6);
    assertEquals(exact.vega(), ad.vega(), 1e-6);
    assertEquals(exact.rho(), ad.rho(), 1e-6);
    assertEquals(exact.theta(), ad.theta(), 1e-6);
  }
}
