package dev.gradgen.benchmarks;

import org.apache.commons.math3.analysis.differentiation.DerivativeStructure;

/**
 * The workloads in commons-math3 3.6.1 {@link DerivativeStructure} at order 1: dense forward mode,
 * Hipparchus's ancestor.
 */
public final class CommonsMathDerivativeStructurePeer {

  // commons-math3 has no factory; the constructor looks the shared DSCompiler up in a static cache,
  // so the compiler is built once per parameter count (prepare). As with Hipparchus, Rosenbrock at
  // n = 1000 is O(n^2) work and memory, and the compiler's index tables alone take about 1.4 GB.

  private CommonsMathDerivativeStructurePeer() {}

  /**
   * Builds and caches the library's compiler for {@code parameters} at order 1, which otherwise
   * happens inside the first timed call (seconds, and about 1.4 GB, at 1000 parameters).
   */
  public static void prepare(int parameters) {
    new DerivativeStructure(parameters, 1, 0.0);
  }

  /** f = a * b + c. */
  public static double abc(double a, double b, double c, double[] grad) {
    DerivativeStructure ga = new DerivativeStructure(3, 1, 0, a);
    DerivativeStructure gb = new DerivativeStructure(3, 1, 1, b);
    DerivativeStructure gc = new DerivativeStructure(3, 1, 2, c);
    return extract(ga.multiply(gb).add(gc), grad);
  }

  /** Rosenbrock. */
  public static double rosenbrock(double[] x, double[] grad) {
    int n = x.length;
    DerivativeStructure[] v = new DerivativeStructure[n];
    for (int i = 0; i < n; i++) {
      v[i] = new DerivativeStructure(n, 1, i, x[i]);
    }
    DerivativeStructure sum = new DerivativeStructure(n, 1, 0.0);
    for (int i = 0; i < n - 1; i++) {
      DerivativeStructure a = v[i + 1].subtract(v[i].multiply(v[i]));
      DerivativeStructure b = v[i].negate().add(1.0);
      sum = sum.add(a.multiply(100.0).multiply(a).add(b.multiply(b)));
    }
    return extract(sum, grad);
  }

  /** MLP loss, differentiated with respect to all 337 parameters. */
  public static double mlpLoss(double[] p, double[] xs, double[] ys, double[] grad) {
    int m = p.length;
    DerivativeStructure[] w = new DerivativeStructure[m];
    for (int i = 0; i < m; i++) {
      w[i] = new DerivativeStructure(m, 1, i, p[i]);
    }
    DerivativeStructure[] h1 = new DerivativeStructure[16];
    DerivativeStructure[] h2 = new DerivativeStructure[16];
    DerivativeStructure loss = new DerivativeStructure(m, 1, 0.0);
    int n = ys.length;
    for (int s = 0; s < n; s++) {
      double x0 = xs[2 * s];
      double x1 = xs[2 * s + 1];
      for (int j = 0; j < 16; j++) {
        h1[j] =
            w[2 * j].multiply(x0).add(w[2 * j + 1].multiply(x1)).add(w[32 + j]).tanh();
      }
      for (int j = 0; j < 16; j++) {
        DerivativeStructure z = w[304 + j];
        for (int i = 0; i < 16; i++) {
          z = z.add(w[48 + 16 * j + i].multiply(h1[i]));
        }
        h2[j] = z.tanh();
      }
      DerivativeStructure out = w[336];
      for (int i = 0; i < 16; i++) {
        out = out.add(w[320 + i].multiply(h2[i]));
      }
      DerivativeStructure e = out.subtract(ys[s]);
      loss = loss.add(e.multiply(e));
    }
    return extract(loss.divide(n), grad);
  }

  /** Black–Scholes; partials in s, sigma, r, t. */
  public static double blackScholes(
      double s, double k, double sigma, double r, double t, double[] grad) {
    DerivativeStructure gs = new DerivativeStructure(4, 1, 0, s);
    DerivativeStructure gsigma = new DerivativeStructure(4, 1, 1, sigma);
    DerivativeStructure gr = new DerivativeStructure(4, 1, 2, r);
    DerivativeStructure gt = new DerivativeStructure(4, 1, 3, t);
    DerivativeStructure sqrtT = gt.sqrt();
    DerivativeStructure sigmaSqrtT = gsigma.multiply(sqrtT);
    DerivativeStructure d1 = gs.divide(k)
        .log()
        .add(gr.add(gsigma.multiply(0.5).multiply(gsigma)).multiply(gt))
        .divide(sigmaSqrtT);
    DerivativeStructure d2 = d1.subtract(sigmaSqrtT);
    DerivativeStructure discount = gr.negate().multiply(gt).exp();
    DerivativeStructure price =
        gs.multiply(normCdf(d1)).subtract(discount.multiply(k).multiply(normCdf(d2)));
    return extract(price, grad);
  }

  private static DerivativeStructure normCdf(DerivativeStructure x) {
    return erf(x.multiply(0.7071067811865476)).add(1.0).multiply(0.5);
  }

  private static DerivativeStructure erf(DerivativeStructure x) {
    if (x.getValue() < 0.0) {
      return erf(x.negate()).negate();
    }
    DerivativeStructure t = x.multiply(0.3275911).add(1.0).reciprocal();
    DerivativeStructure poly = t.multiply(1.061405429)
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

  // At order 1 the derivative array is [value, d/dx0, d/dx1, ...].
  private static double extract(DerivativeStructure f, double[] grad) {
    double[] all = f.getAllDerivatives();
    System.arraycopy(all, 1, grad, 0, grad.length);
    return all[0];
  }
}
