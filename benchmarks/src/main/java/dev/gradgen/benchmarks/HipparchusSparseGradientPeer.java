package dev.gradgen.benchmarks;

import org.hipparchus.analysis.differentiation.SparseGradient;

/**
 * The workloads in Hipparchus 4 {@link SparseGradient}: forward mode whose partials live in a hash
 * map holding only the variables a value depends on.
 */
public final class HipparchusSparseGradientPeer {

  // Sums are accumulated with SparseGradient.addInPlace, the library's way to avoid copying a
  // growing map at every +=; an accumulator is always a fresh object owned by the method, never a
  // variable, because in-place operations would corrupt the variable. multiplyInPlace is never
  // applied to a value and itself, which it does not support. Sums start from the same term as the
  // plain code, so values agree to the last bit apart from the library's elementary functions.

  private HipparchusSparseGradientPeer() {}

  /** f = a * b + c. */
  public static double abc(double a, double b, double c, double[] grad) {
    SparseGradient ga = SparseGradient.createVariable(0, a);
    SparseGradient gb = SparseGradient.createVariable(1, b);
    SparseGradient gc = SparseGradient.createVariable(2, c);
    SparseGradient f = ga.multiply(gb);
    f.addInPlace(gc);
    return extract(f, grad);
  }

  /** Rosenbrock. */
  public static double rosenbrock(double[] x, double[] grad) {
    int n = x.length;
    SparseGradient[] v = new SparseGradient[n];
    for (int i = 0; i < n; i++) {
      v[i] = SparseGradient.createVariable(i, x[i]);
    }
    SparseGradient sum = SparseGradient.createConstant(0.0);
    for (int i = 0; i < n - 1; i++) {
      SparseGradient a = v[i + 1].subtract(v[i].multiply(v[i]));
      SparseGradient b = v[i].negate().add(1.0);
      SparseGradient term = a.multiply(100.0);
      term.multiplyInPlace(a);
      term.addInPlace(b.multiply(b));
      sum.addInPlace(term);
    }
    return extract(sum, grad);
  }

  /** MLP loss, differentiated with respect to all 337 parameters. */
  public static double mlpLoss(double[] p, double[] xs, double[] ys, double[] grad) {
    int m = p.length;
    SparseGradient[] w = new SparseGradient[m];
    for (int i = 0; i < m; i++) {
      w[i] = SparseGradient.createVariable(i, p[i]);
    }
    SparseGradient[] h1 = new SparseGradient[16];
    SparseGradient[] h2 = new SparseGradient[16];
    SparseGradient loss = SparseGradient.createConstant(0.0);
    int n = ys.length;
    for (int s = 0; s < n; s++) {
      double x0 = xs[2 * s];
      double x1 = xs[2 * s + 1];
      for (int j = 0; j < 16; j++) {
        SparseGradient a = w[2 * j].multiply(x0);
        a.addInPlace(w[2 * j + 1].multiply(x1));
        a.addInPlace(w[32 + j]);
        h1[j] = a.tanh();
      }
      for (int j = 0; j < 16; j++) {
        SparseGradient z = w[304 + j].add(w[48 + 16 * j].multiply(h1[0]));
        for (int i = 1; i < 16; i++) {
          z.addInPlace(w[48 + 16 * j + i].multiply(h1[i]));
        }
        h2[j] = z.tanh();
      }
      SparseGradient out = w[336].add(w[320].multiply(h2[0]));
      for (int i = 1; i < 16; i++) {
        out.addInPlace(w[320 + i].multiply(h2[i]));
      }
      // out - y without copying out's 337 partials: add a constant in place.
      out.addInPlace(SparseGradient.createConstant(-ys[s]));
      loss.addInPlace(out.multiply(out));
    }
    return extract(loss.divide(n), grad);
  }

  /** Black–Scholes; partials in s, sigma, r, t. */
  public static double blackScholes(
      double s, double k, double sigma, double r, double t, double[] grad) {
    SparseGradient gs = SparseGradient.createVariable(0, s);
    SparseGradient gsigma = SparseGradient.createVariable(1, sigma);
    SparseGradient gr = SparseGradient.createVariable(2, r);
    SparseGradient gt = SparseGradient.createVariable(3, t);
    SparseGradient sqrtT = gt.sqrt();
    SparseGradient sigmaSqrtT = gsigma.multiply(sqrtT);
    SparseGradient d1 = gs.divide(k)
        .log()
        .add(gr.add(gsigma.multiply(0.5).multiply(gsigma)).multiply(gt))
        .divide(sigmaSqrtT);
    SparseGradient d2 = d1.subtract(sigmaSqrtT);
    SparseGradient discount = gr.negate().multiply(gt).exp();
    SparseGradient price =
        gs.multiply(normCdf(d1)).subtract(discount.multiply(k).multiply(normCdf(d2)));
    return extract(price, grad);
  }

  private static SparseGradient normCdf(SparseGradient x) {
    return erf(x.multiply(0.7071067811865476)).add(1.0).multiply(0.5);
  }

  private static SparseGradient erf(SparseGradient x) {
    if (x.getValue() < 0.0) {
      return erf(x.negate()).negate();
    }
    SparseGradient t = x.multiply(0.3275911).add(1.0).reciprocal();
    SparseGradient poly = t.multiply(1.061405429)
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

  private static double extract(SparseGradient f, double[] grad) {
    for (int i = 0; i < grad.length; i++) {
      grad[i] = f.getDerivative(i);
    }
    return f.getValue();
  }
}
