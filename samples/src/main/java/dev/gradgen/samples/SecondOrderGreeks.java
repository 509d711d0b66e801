package dev.gradgen.samples;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Gamma, vanna and volga of the Black–Scholes call of {@link BlackScholes}: entries of the Hessian
 * that one generated {@code priceHessian} call returns, beside their closed forms.
 */
public final class SecondOrderGreeks {

  // priceHessian's flattened order is the differentiable parameters' declaration order:
  // price(spot, strike, vol, rate, maturity) with wrt = {spot, vol, rate, maturity}, so spot is
  // entry 0 and vol entry 1 (rate 2, maturity 3).
  static final int SPOT = 0;
  static final int VOL = 1;

  private SecondOrderGreeks() {}

  /**
   * The second-order greeks: gamma = d2C/dS2, vanna = d2C/dS dvol, volga = d2C/dvol2; with the
   * first-order delta and vega the same computation gives.
   */
  public record Greeks(double delta, double vega, double gamma, double vanna, double volga) {}

  /** The generated greeks, the closed forms, and the Hessian's largest asymmetry. */
  public record Result(Greeks generated, Greeks closedForm, double asymmetry) {}

  /** The greeks from one generated priceHessian call: its gradient and its Hessian. */
  public static Greeks generated(
      double spot, double strike, double vol, double rate, double maturity) {
    BlackScholesGradients.PriceHessian p =
        BlackScholesGradients.priceHessian(spot, strike, vol, rate, maturity);
    double[] g = p.gradient();
    double[][] h = p.hessian();
    return new Greeks(g[SPOT], g[VOL], h[SPOT][SPOT], h[SPOT][VOL], h[VOL][VOL]);
  }

  /** The generated Hessian of the price over (spot, vol, rate, maturity). */
  static double[][] hessian(double spot, double strike, double vol, double rate, double maturity) {
    return BlackScholesGradients.priceHessian(spot, strike, vol, rate, maturity).hessian();
  }

  /**
   * The closed forms (Haug, The Complete Guide to Option Pricing Formulas, 2nd ed., ch. 2):
   * delta = N(d1), vega = S n(d1) sqrt T, gamma = n(d1) / (S vol sqrt T),
   * vanna = -n(d1) d2 / vol, volga = S n(d1) sqrt T d1 d2 / vol.
   */
  public static Greeks closedForm(
      double spot, double strike, double vol, double rate, double maturity) {
    double sqrtT = Math.sqrt(maturity);
    double d1 = (Math.log(spot / strike) + (rate + 0.5 * vol * vol) * maturity) / (vol * sqrtT);
    double d2 = d1 - vol * sqrtT;
    double density = BlackScholes.normPdf(d1);
    double vega = spot * density * sqrtT;
    return new Greeks(BlackScholes.normCdf(d1), vega, density / (spot * vol * sqrtT),
        -density * d2 / vol, vega * d1 * d2 / vol);
  }

  /** The largest |H[i][j] - H[j][i]|. */
  static double asymmetry(double[][] h) {
    double max = 0;
    for (int i = 0; i < h.length; i++) {
      for (int j = 0; j < i; j++) {
        max = Math.max(max, Math.abs(h[i][j] - h[j][i]));
      }
    }
    return max;
  }

  /** Prints the greeks of an out-of-the-money call both ways. */
  public static Result run(PrintStream out) {
    // Out of the money, so that d1 and d2 (and with them vanna and volga) are clearly nonzero.
    double spot = 100;
    double strike = 110;
    double vol = 0.2;
    double rate = 0.05;
    double maturity = 1.0;
    Greeks ad = generated(spot, strike, vol, rate, maturity);
    Greeks exact = closedForm(spot, strike, vol, rate, maturity);
    double asymmetry = asymmetry(hessian(spot, strike, vol, rate, maturity));
    out.printf(Locale.ROOT, "European call: spot %.0f, strike %.0f, vol %.2f, rate %.2f, "
        + "maturity %.1f year;%none priceHessian call: the Hessian over (spot, vol, rate, "
        + "maturity) and the gradient%n%n", spot, strike, vol, rate, maturity);
    out.printf(Locale.ROOT, "  %-22s %20s %20s %11s%n",
        "", "priceHessian", "closed form", "difference");
    row(out, "delta  dC/dS", ad.delta(), exact.delta());
    row(out, "vega   dC/dvol", ad.vega(), exact.vega());
    row(out, "gamma  d2C/dS2", ad.gamma(), exact.gamma());
    row(out, "vanna  d2C/dS dvol", ad.vanna(), exact.vanna());
    row(out, "volga  d2C/dvol2", ad.volga(), exact.volga());
    out.printf(Locale.ROOT, "%nThe Hessian is symmetric to %.1e.%n", asymmetry);
    return new Result(ad, exact, asymmetry);
  }

  private static void row(PrintStream out, String name, double generated, double closedForm) {
    out.printf(Locale.ROOT, "  %-22s %20.15f %20.15f %11.1e%n",
        name, generated, closedForm, generated - closedForm);
  }

  public static void main(String[] args) {
    run(System.out);
  }
}
