package dev.gradgen.benchmarks;

import org.hipparchus.analysis.differentiation.DSFactory;
import org.hipparchus.analysis.differentiation.DerivativeStructure;

/**
 * The workloads in Hipparchus 4 {@link DerivativeStructure} at order 1: dense forward mode driven by
 * a {@link DSFactory}, which the caller creates once per parameter count and reuses.
 */
public final class HipparchusDerivativeStructurePeer {

  // DerivativeStructure handles any order and so routes every operation through its compiler's
  // index tables; at order 1 it computes what Gradient computes, with more overhead per partial.
  // For Rosenbrock at n = 1000 that is O(n^2) work and about 8 KB per intermediate value, and the
  // factory's compiler alone holds about 1.4 GB of index tables (the library caches it for the life
  // of the JVM): slow and heavy, but measured, not left out.

  private HipparchusDerivativeStructurePeer() {}

  /** The factory for {@code parameters} free parameters at order 1. */
  public static DSFactory factory(int parameters) {
    return new DSFactory(parameters, 1);
  }

  /** f = a * b + c; {@code factory} has 3 parameters. */
  public static double abc(DSFactory factory, double a, double b, double c, double[] grad) {
    DerivativeStructure ga = factory.variable(0, a);
    DerivativeStructure gb = factory.variable(1, b);
    DerivativeStructure gc = factory.variable(2, c);
    return extract(ga.multiply(gb).add(gc), grad);
  }

  /** Rosenbrock; {@code factory} has {@code x.length} parameters. */
  public static double rosenbrock(DSFactory factory, double[] x, double[] grad) {
    return extract(rosenbrockStructure(factory, x), grad);
  }

  /**
   * Rosenbrock as a structure of the factory's order; {@link HipparchusHessianPeer} uses it at
   * order 2.
   */
  static DerivativeStructure rosenbrockStructure(DSFactory factory, double[] x) {
    int n = x.length;
    DerivativeStructure[] v = new DerivativeStructure[n];
    for (int i = 0; i < n; i++) {
      v[i] = factory.variable(i, x[i]);
    }
    DerivativeStructure sum = factory.constant(0.0);
    for (int i = 0; i < n - 1; i++) {
      DerivativeStructure a = v[i + 1].subtract(v[i].multiply(v[i]));
      DerivativeStructure b = v[i].negate().add(1.0);
      sum = sum.add(a.multiply(100.0).multiply(a).add(b.multiply(b)));
    }
    return sum;
  }

  /** MLP loss; {@code factory} has 337 parameters. */
  public static double mlpLoss(
      DSFactory factory, double[] p, double[] xs, double[] ys, double[] grad) {
    int m = p.length;
    DerivativeStructure[] w = new DerivativeStructure[m];
    for (int i = 0; i < m; i++) {
      w[i] = factory.variable(i, p[i]);
    }
    DerivativeStructure[] h1 = new DerivativeStructure[16];
    DerivativeStructure[] h2 = new DerivativeStructure[16];
    DerivativeStructure loss = factory.constant(0.0);
    int n = ys.length;
    for (int s = 0; s < n; s++) {
      double x0 = xs[2 * s];
      double x1 = xs[2 * s + 1];
      for (int j = 0; j < 16; j++) {
        h1[j] = w[2 * j].multiply(x0).add(w[2 * j + 1].multiply(x1)).add(w[32 + j]).tanh();
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

  /** Black–Scholes; {@code factory} has 4 parameters: s, sigma, r, t. */
  public static double blackScholes(
      DSFactory factory, double s, double k, double sigma, double r, double t, double[] grad) {
    return extract(blackScholesStructure(factory, s, k, sigma, r, t), grad);
  }

  /**
   * Black–Scholes as a structure of the factory's order in (s, sigma, r, t);
   * {@link HipparchusHessianPeer} uses it at order 2.
   */
  static DerivativeStructure blackScholesStructure(
      DSFactory factory, double s, double k, double sigma, double r, double t) {
    DerivativeStructure gs = factory.variable(0, s);
    DerivativeStructure gsigma = factory.variable(1, sigma);
    DerivativeStructure gr = factory.variable(2, r);
    DerivativeStructure gt = factory.variable(3, t);
    DerivativeStructure sqrtT = gt.sqrt();
    DerivativeStructure sigmaSqrtT = gsigma.multiply(sqrtT);
    DerivativeStructure d1 = gs.divide(k).log()
        .add(gr.add(gsigma.multiply(0.5).multiply(gsigma)).multiply(gt))
        .divide(sigmaSqrtT);
    DerivativeStructure d2 = d1.subtract(sigmaSqrtT);
    DerivativeStructure discount = gr.negate().multiply(gt).exp();
    DerivativeStructure price =
        gs.multiply(normCdf(d1)).subtract(discount.multiply(k).multiply(normCdf(d2)));
    return price;
  }

  private static DerivativeStructure normCdf(DerivativeStructure x) {
    return erf(x.multiply(0.7071067811865476)).add(1.0).multiply(0.5);
  }

  private static DerivativeStructure erf(DerivativeStructure x) {
    if (x.getValue() < 0.0) {
      return erf(x.negate()).negate();
    }
    DerivativeStructure t = x.multiply(0.3275911).add(1.0).reciprocal();
    DerivativeStructure poly = t.multiply(1.061405429).subtract(1.453152027).multiply(t)
        .add(1.421413741).multiply(t).subtract(0.284496736).multiply(t).add(0.254829592)
        .multiply(t);
    return poly.multiply(x.negate().multiply(x).exp()).negate().add(1.0);
  }

  // At order 1 the derivative array is [value, d/dx0, d/dx1, ...]; one copy instead of a
  // getPartialDerivative(int...) call per parameter, each of which allocates an n-long order array.
  private static double extract(DerivativeStructure f, double[] grad) {
    double[] all = f.getAllDerivatives();
    System.arraycopy(all, 1, grad, 0, grad.length);
    return all[0];
  }
}
