package dev.gradgen.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The greeks through commons-math3's normal CDF and its rule against the closed form (with the
 * independent Cody erfc of {@link BlackScholes}), and the implied volatility's partials against the
 * implicit function theorem's closed form and central finite differences.
 */
class LibraryGreeksTest {

  private static final double SPOT = 100;
  private static final double STRIKE = 95;
  private static final double RATE = 0.03;
  private static final double MATURITY = 0.75;

  @Test
  void greeksAgreeWithTheClosedForm() {
    double vol = 0.25;
    LibraryGreeksGradients.PriceGradient g = LibraryGreeksGradients.priceGradient(
        LibraryGreeks.STANDARD, SPOT, STRIKE, vol, RATE, MATURITY);
    assertEquals(
        LibraryGreeks.price(LibraryGreeks.STANDARD, SPOT, STRIKE, vol, RATE, MATURITY), g.value());
    BlackScholes.Greeks exact = BlackScholes.closedForm(SPOT, STRIKE, vol, RATE, MATURITY);
    assertEquals(exact.price(), g.value(), 1e-11);
    assertEquals(exact.delta(), g.spot(), 1e-12);
    assertEquals(exact.vega(), g.vol(), 1e-10);
    assertEquals(exact.rho(), g.rate(), 1e-10);
    assertEquals(exact.theta(), -g.maturity(), 1e-10);
  }

  @Test
  void impliedVolatilityThroughTheImplicitFunctionTheorem() {
    double vol = 0.25;
    double price = BlackScholes.closedForm(SPOT, STRIKE, vol, RATE, MATURITY).price();
    LibraryGreeksGradients.QuotedVolGradient q =
        LibraryGreeksGradients.quotedVolGradient(price, SPOT, STRIKE, RATE, MATURITY);
    assertEquals(LibraryGreeks.impliedVol(price, SPOT, STRIKE, RATE, MATURITY), q.value());
    assertEquals(vol, q.value(), 1e-12);
    BlackScholes.Greeks exact = BlackScholes.closedForm(SPOT, STRIKE, vol, RATE, MATURITY);
    assertEquals(1 / exact.vega(), q.price(), 1e-12);
    assertEquals(-exact.delta() / exact.vega(), q.spot(), 1e-12);
    double h = 1e-4;
    double dp = (LibraryGreeks.impliedVol(price + h, SPOT, STRIKE, RATE, MATURITY)
            - LibraryGreeks.impliedVol(price - h, SPOT, STRIKE, RATE, MATURITY))
        / (2 * h);
    double ds = (LibraryGreeks.impliedVol(price, SPOT + h, STRIKE, RATE, MATURITY)
            - LibraryGreeks.impliedVol(price, SPOT - h, STRIKE, RATE, MATURITY))
        / (2 * h);
    assertEquals(dp, q.price(), 1e-7);
    assertEquals(ds, q.spot(), 1e-7);
  }
}
