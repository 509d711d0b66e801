package dev.gradgen.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Gamma, vanna and volga from the generated Hessian against the closed forms. */
class SecondOrderGreeksTest {

  /** gamma, vanna, volga by their closed forms, written out again here. */
  private static double[] closedForm(double s, double k, double vol, double r, double t) {
    double d1 = (Math.log(s / k) + (r + vol * vol / 2) * t) / (vol * Math.sqrt(t));
    double d2 = d1 - vol * Math.sqrt(t);
    double n = Math.exp(-d1 * d1 / 2) / Math.sqrt(2 * Math.PI);
    return new double[] {
      n / (s * vol * Math.sqrt(t)), -n * d2 / vol, s * n * Math.sqrt(t) * d1 * d2 / vol};
  }

  @ParameterizedTest(name = "S={0} K={1} vol={2} r={3} T={4}")
  @CsvSource({
    "100, 110, 0.20, 0.05, 1.0",
    "100, 100, 0.20, 0.05, 1.0",
    "130, 100, 0.25, 0.03, 0.5",
    "100, 80, 0.50, 0.10, 3.0",
    "70, 100, 0.30, 0.00, 2.0",
  })
  void closedFormsAgreeWithDifferencesOfTheGeneratedFirstOrderGreeks(
      double s, double k, double vol, double r, double t) {
    // An independent check of the closed forms themselves: central differences of delta and
    // vega from priceGradient, with steps whose truncation error is far below the tolerance.
    double hs = 1e-4 * s;
    double hv = 1e-5;
    double[] expected = closedForm(s, k, vol, r, t);
    double gamma = (BlackScholes.generated(s + hs, k, vol, r, t).delta()
        - BlackScholes.generated(s - hs, k, vol, r, t).delta()) / (2 * hs);
    double vanna = (BlackScholes.generated(s, k, vol + hv, r, t).delta()
        - BlackScholes.generated(s, k, vol - hv, r, t).delta()) / (2 * hv);
    double volga = (BlackScholes.generated(s, k, vol + hv, r, t).vega()
        - BlackScholes.generated(s, k, vol - hv, r, t).vega()) / (2 * hv);
    assertEquals(expected[0], gamma, 1e-7 * Math.max(1, Math.abs(expected[0])));
    assertEquals(expected[1], vanna, 1e-6 * Math.max(1, Math.abs(expected[1])));
    assertEquals(expected[2], volga, 1e-5 * Math.max(1, Math.abs(expected[2])));
  }

  @ParameterizedTest(name = "S={0} K={1} vol={2} r={3} T={4}")
  @CsvSource({
    "100, 110, 0.20, 0.05, 1.0",
    "100, 100, 0.20, 0.05, 1.0",
    "130, 100, 0.25, 0.03, 0.5",
    "100, 80, 0.50, 0.10, 3.0",
    "70, 100, 0.30, 0.00, 2.0",
  })
  void generatedSecondOrderGreeksMatchTheClosedForms(
      double s, double k, double vol, double r, double t) {
    double[] expected = closedForm(s, k, vol, r, t);
    SecondOrderGreeks.Greeks g = SecondOrderGreeks.generated(s, k, vol, r, t);
    // Cody's erfc is good to about 1e-16 relative, and so are its derivatives here: the
    // differences measured are below 1e-14 relative; 1e-12 leaves room for other JDKs' Math.
    assertEquals(expected[0], g.gamma(), 1e-12 * Math.abs(expected[0]));
    assertEquals(expected[1], g.vanna(), 1e-12 * Math.abs(expected[1]));
    assertEquals(expected[2], g.volga(), 1e-12 * Math.abs(expected[2]));
    BlackScholes.Greeks first = BlackScholes.generated(s, k, vol, r, t);
    assertEquals(first.delta(), g.delta(), 1e-14);
    assertEquals(first.vega(), g.vega(), 1e-12);
  }

  @Test
  void hessianIsSymmetric() {
    double[][] h = SecondOrderGreeks.hessian(100, 110, 0.2, 0.05, 1.0);
    assertEquals(4, h.length);
    double asymmetry = SecondOrderGreeks.asymmetry(h);
    assertTrue(asymmetry < 1e-12, "asymmetry " + asymmetry);
  }

  @Test
  void runPrintsBothColumns() {
    SecondOrderGreeks.Result r = SecondOrderGreeks.run(Quiet.stream());
    assertEquals(r.closedForm().gamma(), r.generated().gamma(), 1e-12 * r.closedForm().gamma());
    assertEquals(r.closedForm().vanna(), r.generated().vanna(), 1e-12 * r.closedForm().vanna());
    assertEquals(r.closedForm().volga(), r.generated().volga(), 1e-12 * r.closedForm().volga());
    assertTrue(r.asymmetry() < 1e-12);
  }
}
