package dev.gradgen.benchmarks;

import org.hipparchus.analysis.differentiation.Gradient;

/**
 * The workloads in Hipparchus 4 {@link Gradient}: dense first-order forward mode, one
 * {@code double[n]} of partials carried by every intermediate value.
 */
public final class HipparchusGradientPeer {

  // Each method repeats the plain formula operation for operation, returns the value and writes the
  // partials into grad. The cost of every operation is O(n), so a gradient costs O(n) times the
  // plain function: fine for the 3- and 4-parameter workloads, quadratic for Rosenbrock and the
  // MLP.

  private HipparchusGradientPeer() {}

  /** f = a * b + c. */
  public static double abc(double a, double b, double c, double[] grad) {
    Gradient ga = Gradient.variable(3, 0, a);
    Gradient gb = Gradient.variable(3, 1, b);
    Gradient gc = Gradient.variable(3, 2, c);
    return extract(ga.multiply(gb).add(gc), grad);
  }

  /** Rosenbrock. */
  public static double rosenbrock(double[] x, double[] grad) {
    int n = x.length;
    Gradient[] v = new Gradient[n];
    for (int i = 0; i < n; i++) {
      v[i] = Gradient.variable(n, i, x[i]);
    }
    Gradient sum = Gradient.constant(n, 0.0);
    for (int i = 0; i < n - 1; i++) {
      Gradient a = v[i + 1].subtract(v[i].multiply(v[i]));
      Gradient b = v[i].negate().add(1.0);
      sum = sum.add(a.multiply(100.0).multiply(a).add(b.multiply(b)));
    }
    return extract(sum, grad);
  }

  /** MLP loss, differentiated with respect to all 337 parameters. */
  public static double mlpLoss(double[] p, double[] xs, double[] ys, double[] grad) {
    int m = p.length;
    Gradient[] w = new Gradient[m];
    for (int i = 0; i < m; i++) {
      w[i] = Gradient.variable(m, i, p[i]);
    }
    Gradient[] h1 = new Gradient[16];
    Gradient[] h2 = new Gradient[16];
    Gradient loss = Gradient.constant(m, 0.0);
    int n = ys.length;
    for (int s = 0; s < n; s++) {
      double x0 = xs[2 * s];
      double x1 = xs[2 * s + 1];
      for (int j = 0; j < 16; j++) {
        h1[j] =
            w[2 * j].multiply(x0).add(w[2 * j + 1].multiply(x1)).add(w[32 + j]).tanh();
      }
      for (int j = 0; j < 16; j++) {
        Gradient z = w[304 + j];
        for (int i = 0; i < 16; i++) {
          z = z.add(w[48 + 16 * j + i].multiply(h1[i]));
        }
        h2[j] = z.tanh();
      }
      Gradient out = w[336];
      for (int i = 0; i < 16; i++) {
        out = out.add(w[320 + i].multiply(h2[i]));
      }
      Gradient e = out.subtract(ys[s]);
      loss = loss.add(e.multiply(e));
    }
    return extract(loss.divide(n), grad);
  }

  /** Black–Scholes; partials in s, sigma, r, t. */
  public static double blackScholes(
      double s, double k, double sigma, double r, double t, double[] grad) {
    Gradient gs = Gradient.variable(4, 0, s);
    Gradient gsigma = Gradient.variable(4, 1, sigma);
    Gradient gr = Gradient.variable(4, 2, r);
    Gradient gt = Gradient.variable(4, 3, t);
    Gradient sqrtT = gt.sqrt();
    Gradient sigmaSqrtT = gsigma.multiply(sqrtT);
    Gradient d1 = gs.divide(k)
        .log()
        .add(gr.add(gsigma.multiply(0.5).multiply(gsigma)).multiply(gt))
        .divide(sigmaSqrtT);
    Gradient d2 = d1.subtract(sigmaSqrtT);
    Gradient discount = gr.negate().multiply(gt).exp();
    Gradient price = gs.multiply(normCdf(d1)).subtract(discount.multiply(k).multiply(normCdf(d2)));
    return extract(price, grad);
  }

  private static Gradient normCdf(Gradient x) {
    return erf(x.multiply(0.7071067811865476)).add(1.0).multiply(0.5);
  }

  // Branches on the value, as the plain code does; the derivative follows the branch taken.
  private static Gradient erf(Gradient x) {
    if (x.getValue() < 0.0) {
      return erf(x.negate()).negate();
    }
    Gradient t = x.multiply(0.3275911).add(1.0).reciprocal();
    Gradient poly = t.multiply(1.061405429)
        .subtract(1.453152027)
        .multiply(t)
        .add(1.421413741)
        .multiply(t)
        .subtract(0.284496736)
        .multiply(t)
        .add(0.254829592)
        .multiply(t);
    return poly.multiply(x.negate().multiply(x).exp()).negate().add(1.0);
  }

  private static double extract(Gradient f, double[] grad) {
    for (int i = 0; i < grad.length; i++) {
      grad[i] = f.getPartialDerivative(i);
    }
    return f.getValue();
  }
}
