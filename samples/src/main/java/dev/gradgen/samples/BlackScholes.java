package dev.gradgen.samples;

import dev.gradgen.Differentiable;
import java.io.PrintStream;
import java.util.Locale;

/** A Black–Scholes call price in plain Java, whose four greeks come from one generated gradient. */
public final class BlackScholes {

  private BlackScholes() {}

  /** The closed-form greeks next to the ones gradgen generated, for one option. */
  public record Greeks(double price, double delta, double vega, double rho, double theta) {}

  /** Both sets of greeks of a call struck at {@code strike}. */
  public record Result(Greeks generated, Greeks closedForm) {}

  /**
   * The price of a European call without dividends; {@code strike} is a contract term, not a market
   * input, so the gradient leaves it out.
   */
  @Differentiable(wrt = {"spot", "vol", "rate", "maturity"})
  static double price(double spot, double strike, double vol, double rate, double maturity) {
    double volSqrtT = vol * Math.sqrt(maturity);
    double d1 = (Math.log(spot / strike) + (rate + 0.5 * vol * vol) * maturity) / volSqrtT;
    double d2 = d1 - volSqrtT;
    return spot * normCdf(d1) - strike * Math.exp(-rate * maturity) * normCdf(d2);
  }

  /** The standard normal distribution function, through erfc so the left tail keeps its digits. */
  @Differentiable
  static double normCdf(double x) {
    return 0.5 * erfc(-x / Math.sqrt(2.0));
  }

  /**
   * The complementary error function by W. J. Cody's rational approximations (Math. Comp. 1969;
   * netlib SPECFUN CALERF), accurate to about 1e-16 relative. The greeks differentiate the
   * approximation, not erfc, so it must be this good: with Abramowitz–Stegun 7.1.26 (error 1.5e-7)
   * vega and rho come out up to 5e-4 away from the closed form; with this one, 3e-14.
   */
  @Differentiable
  static double erfc(double x) {
    double y = Math.abs(x);
    double result;
    if (y <= 0.46875) {
      // erf(x) = x P(x^2) / Q(x^2) near zero, and erfc = 1 - erf loses nothing there.
      double[] a = {
        3.16112374387056560e00,
        1.13864154151050156e02,
        3.77485237685302021e02,
        3.20937758913846947e03,
        1.85777706184603153e-1
      };
      double[] b = {
        2.36012909523441209e01,
        2.44024637934444173e02,
        1.28261652607737228e03,
        2.84423683343917062e03
      };
      double ysq = y * y;
      double num = a[4] * ysq;
      double den = ysq;
      for (int i = 0; i < 3; i++) {
        num = (num + a[i]) * ysq;
        den = (den + b[i]) * ysq;
      }
      return 1.0 - x * (num + a[3]) / (den + b[3]);
    } else if (y <= 4.0) {
      double[] c = {
        5.64188496988670089e-1,
        8.88314979438837594e00,
        6.61191906371416295e01,
        2.98635138197400131e02,
        8.81952221241769090e02,
        1.71204761263407058e03,
        2.05107837782607147e03,
        1.23033935479799725e03,
        2.15311535474403846e-8
      };
      double[] d = {
        1.57449261107098347e01,
        1.17693950891312499e02,
        5.37181101862009858e02,
        1.62138957456669019e03,
        3.29079923573345963e03,
        4.36261909014324716e03,
        3.43936767414372164e03,
        1.23033935480374942e03
      };
      double num = c[8] * y;
      double den = y;
      for (int i = 0; i < 7; i++) {
        num = (num + c[i]) * y;
        den = (den + d[i]) * y;
      }
      result = (num + c[7]) / (den + d[7]);
    } else if (y < 26.543) {
      double[] p = {
        3.05326634961232344e-1,
        3.60344899949804439e-1,
        1.25781726111229246e-1,
        1.60837851487422766e-2,
        6.58749161529837803e-4,
        1.63153871373020978e-2
      };
      double[] q = {
        2.56852019228982242e00,
        1.87295284992346047e00,
        5.27905102951428412e-1,
        6.05183413124413191e-2,
        2.33520497626869185e-3
      };
      double ysq = 1.0 / (y * y);
      double num = p[5] * ysq;
      double den = ysq;
      for (int i = 0; i < 4; i++) {
        num = (num + p[i]) * ysq;
        den = (den + q[i]) * ysq;
      }
      result = ysq * (num + p[4]) / (den + q[4]);
      result = (0.56418958354775628695 - result) / y;
    } else {
      // erfc underflows to zero beyond this point.
      return x < 0 ? 2.0 : 0.0;
    }
    // exp(-y^2) split as exp(-s^2) exp(-(y - s)(y + s)) with s = y rounded down to 1/16: y^2 itself
    // would lose low bits that exp amplifies. The product is exactly exp(-y^2) as a function of y,
    // so its derivative is right too (s is a constant between the sixteenths).
    double s = (int) (y * 16.0) / 16.0;
    double del = (y - s) * (y + s);
    result = Math.exp(-s * s) * Math.exp(-del) * result;
    return x < 0 ? 2.0 - result : result;
  }

  /** The standard normal density. */
  static double normPdf(double x) {
    return Math.exp(-0.5 * x * x) / Math.sqrt(2.0 * Math.PI);
  }

  /** The greeks of the generated gradient; theta is -dPrice/dMaturity, the decay per year. */
  public static Greeks generated(
      double spot, double strike, double vol, double rate, double maturity) {
    BlackScholesGradients.PriceGradient g =
        BlackScholesGradients.priceGradient(spot, strike, vol, rate, maturity);
    return new Greeks(g.value(), g.spot(), g.vol(), g.rate(), -g.maturity());
  }

  /** The textbook closed-form greeks of a call; theta = -dPrice/dMaturity. */
  public static Greeks closedForm(
      double spot, double strike, double vol, double rate, double maturity) {
    double sqrtT = Math.sqrt(maturity);
    double d1 = (Math.log(spot / strike) + (rate + 0.5 * vol * vol) * maturity) / (vol * sqrtT);
    double d2 = d1 - vol * sqrtT;
    double discountedStrike = strike * Math.exp(-rate * maturity);
    double delta = normCdf(d1);
    double vega = spot * normPdf(d1) * sqrtT;
    double rho = maturity * discountedStrike * normCdf(d2);
    double dPriceDMaturity =
        spot * normPdf(d1) * vol / (2.0 * sqrtT) + rate * discountedStrike * normCdf(d2);
    double price = spot * delta - discountedStrike * normCdf(d2);
    return new Greeks(price, delta, vega, rho, -dPriceDMaturity);
  }

  /** Prices one at-the-money call and prints its greeks both ways. */
  public static Result run(PrintStream out) {
    double spot = 100;
    double strike = 100;
    double vol = 0.2;
    double rate = 0.05;
    double maturity = 1.0;
    Greeks ad = generated(spot, strike, vol, rate, maturity);
    Greeks exact = closedForm(spot, strike, vol, rate, maturity);
    out.printf(
        Locale.ROOT,
        "European call: spot %.0f, strike %.0f, vol %.2f, rate %.2f, " + "maturity %.1f year%n",
        spot,
        strike,
        vol,
        rate,
        maturity);
    out.println("Theta here is -dPrice/dMaturity: the value lost per year as time passes.");
    out.println();
    out.printf(
        Locale.ROOT, "  %-7s %20s %20s %11s%n", "", "priceGradient", "closed form", "difference");
    row(out, "price", ad.price(), exact.price());
    row(out, "delta", ad.delta(), exact.delta());
    row(out, "vega", ad.vega(), exact.vega());
    row(out, "rho", ad.rho(), exact.rho());
    row(out, "theta", ad.theta(), exact.theta());
    return new Result(ad, exact);
  }

  private static void row(PrintStream out, String name, double generated, double closedForm) {
    out.printf(
        Locale.ROOT,
        "  %-7s %20.15f %20.15f %11.1e%n",
        name,
        generated,
        closedForm,
        generated - closedForm);
  }

  public static void main(String[] args) {
    run(System.out);
  }
}
