package dev.gradgen.samples;

import dev.gradgen.DerivativeOf;
import dev.gradgen.Differentiable;
import java.io.PrintStream;
import java.util.Locale;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Black–Scholes through commons-math3's {@link NormalDistribution}, which gradgen cannot read, by a
 * {@code @DerivativeOf} rule; and an implied volatility found by Newton's method, whose derivative
 * comes from the implicit function theorem rather than from differentiating the iterations.
 */
public final class LibraryGreeks {

  /** The standard normal distribution; only its deterministic functions are used. */
  static final NormalDistribution STANDARD = new NormalDistribution(0, 1);

  private LibraryGreeks() {}

  /** d Phi(x)/dx is the distribution's density: the rule for its cumulativeProbability. */
  @DerivativeOf(type = NormalDistribution.class, method = "cumulativeProbability")
  static double cdfDerivative(NormalDistribution n, double x) {
    return n.density(x);
  }

  /**
   * The price of a European call without dividends, with the library's normal CDF. Of order 1:
   * the rule's partial (the library's density) is no {@code @Differentiable} method, so second
   * derivatives cannot go through it.
   */
  @Differentiable(wrt = {"spot", "vol", "rate", "maturity"}, order = 1)
  static double price(NormalDistribution n, double spot, double strike, double vol, double rate,
      double maturity) {
    double volSqrtT = vol * Math.sqrt(maturity);
    double d1 = (Math.log(spot / strike) + (rate + 0.5 * vol * vol) * maturity) / volSqrtT;
    double d2 = d1 - volSqrtT;
    return spot * n.cumulativeProbability(d1)
        - strike * Math.exp(-rate * maturity) * n.cumulativeProbability(d2);
  }

  /** The volatility at which the call is worth {@code price}: Newton's method, in plain Java. */
  static double impliedVol(double price, double spot, double strike, double rate,
      double maturity) {
    double vol = 0.3;
    for (int i = 0; i < 50; i++) {
      LibraryGreeksGradients.PriceGradient g =
          LibraryGreeksGradients.priceGradient(STANDARD, spot, strike, vol, rate, maturity);
      double step = (g.value() - price) / g.vol();
      vol -= step;
      if (Math.abs(step) <= 1e-15 * vol) {
        break;
      }
    }
    return vol;
  }

  /**
   * The implicit function theorem on price(vol(p, s, r, t), s, r, t) = p: d vol/dp = 1 / vega, and
   * d vol/dx = -(dPrice/dx) / vega for the other inputs; the strike is a contract term.
   */
  @DerivativeOf(method = "impliedVol", wrt = {"price", "spot", "rate", "maturity"})
  static double[] impliedVolPartials(double price, double spot, double strike, double rate,
      double maturity) {
    double vol = impliedVol(price, spot, strike, rate, maturity);
    LibraryGreeksGradients.PriceGradient g =
        LibraryGreeksGradients.priceGradient(STANDARD, spot, strike, vol, rate, maturity);
    return new double[] {1 / g.vol(), -g.spot() / g.vol(), -g.rate() / g.vol(),
        -g.maturity() / g.vol()};
  }

  /**
   * The implied volatility of a quote, differentiated through the solver's rule (of order 1: the
   * rule returns its partials as a double[]).
   */
  @Differentiable(wrt = {"price", "spot"}, order = 1)
  static double quotedVol(double price, double spot, double strike, double rate, double maturity) {
    return impliedVol(price, spot, strike, rate, maturity);
  }

  /** Prints the greeks beside the closed form, then the implied volatility's sensitivities. */
  public static void run(PrintStream out) {
    double spot = 100;
    double strike = 100;
    double vol = 0.2;
    double rate = 0.05;
    double maturity = 1.0;
    LibraryGreeksGradients.PriceGradient g =
        LibraryGreeksGradients.priceGradient(STANDARD, spot, strike, vol, rate, maturity);
    BlackScholes.Greeks exact = BlackScholes.closedForm(spot, strike, vol, rate, maturity);
    out.println("The same call, priced with commons-math3's NormalDistribution through a rule:");
    out.printf(Locale.ROOT, "  %-7s %20s %20s %11s%n", "", "priceGradient", "closed form",
        "difference");
    row(out, "price", g.value(), exact.price());
    row(out, "delta", g.spot(), exact.delta());
    row(out, "vega", g.vol(), exact.vega());
    row(out, "rho", g.rate(), exact.rho());
    row(out, "theta", -g.maturity(), exact.theta());
    out.println();
    LibraryGreeksGradients.QuotedVolGradient q =
        LibraryGreeksGradients.quotedVolGradient(g.value(), spot, strike, rate, maturity);
    out.printf(Locale.ROOT, "Implied volatility of that price: %.15f (Newton's method)%n",
        q.value());
    row(out, "dv/dp", q.price(), 1 / exact.vega());
    row(out, "dv/dS", q.spot(), -exact.delta() / exact.vega());
  }

  private static void row(PrintStream out, String name, double generated, double closedForm) {
    out.printf(Locale.ROOT, "  %-7s %20.15f %20.15f %11.1e%n", name, generated, closedForm,
        generated - closedForm);
  }

  public static void main(String[] args) {
    run(System.out);
  }
}
