package dev.gradgen.benchmarks;

import java.util.Map;
import net.finmath.montecarlo.automaticdifferentiation.RandomVariableDifferentiable;
import net.finmath.montecarlo.automaticdifferentiation.backward.RandomVariableDifferentiableAADFactory;
import net.finmath.stochastic.RandomVariable;

/**
 * The workloads in finmath-lib 6 reverse mode, {@code RandomVariableDifferentiableAAD}, with
 * deterministic (one-value) random variables: an operator tree recorded during the forward pass and
 * swept back by {@code getGradient()}.
 */
public final class FinmathAadPeer {

  // The caller creates the RandomVariableDifferentiableAADFactory once and reuses it. finmath is
  // built for Monte Carlo paths, so every node and every adjoint is a RandomVariable object and the
  // sweep keys adjoints by node id in maps; scalar use pays that overhead on every operation. Its
  // own fused addProduct is used for the MLP's dot products. RandomVariable has no tanh, so tanh(z)
  // is built as 1 - 2 / (e^(2z) + 1), five recorded operations instead of one.

  private FinmathAadPeer() {}

  /** A factory with the library's default properties. */
  public static RandomVariableDifferentiableAADFactory factory() {
    return new RandomVariableDifferentiableAADFactory();
  }

  /** f = a * b + c. */
  public static double abc(
      RandomVariableDifferentiableAADFactory factory, double a, double b, double c, double[] grad) {
    RandomVariableDifferentiable[] v = {
      factory.createRandomVariable(a),
      factory.createRandomVariable(b),
      factory.createRandomVariable(c)
    };
    return extract(v[0].mult(v[1]).add(v[2]), v, grad);
  }

  /** Rosenbrock. */
  public static double rosenbrock(
      RandomVariableDifferentiableAADFactory factory, double[] x, double[] grad) {
    int n = x.length;
    RandomVariableDifferentiable[] v = variables(factory, x);
    RandomVariable sum = factory.createRandomVariable(0.0);
    for (int i = 0; i < n - 1; i++) {
      RandomVariable a = v[i + 1].sub(v[i].squared());
      RandomVariable b = v[i].mult(-1.0).add(1.0);
      sum = sum.add(a.mult(100.0).mult(a).add(b.squared()));
    }
    return extract(sum, v, grad);
  }

  /** MLP loss, differentiated with respect to all 337 parameters. */
  public static double mlpLoss(
      RandomVariableDifferentiableAADFactory factory,
      double[] p,
      double[] xs,
      double[] ys,
      double[] grad) {
    RandomVariableDifferentiable[] w = variables(factory, p);
    RandomVariable[] h1 = new RandomVariable[16];
    RandomVariable[] h2 = new RandomVariable[16];
    RandomVariable loss = factory.createRandomVariable(0.0);
    int n = ys.length;
    for (int s = 0; s < n; s++) {
      double x0 = xs[2 * s];
      double x1 = xs[2 * s + 1];
      for (int j = 0; j < 16; j++) {
        h1[j] = tanh(w[2 * j].mult(x0).addProduct(w[2 * j + 1], x1).add(w[32 + j]));
      }
      for (int j = 0; j < 16; j++) {
        RandomVariable z = w[304 + j];
        for (int i = 0; i < 16; i++) {
          z = z.addProduct(w[48 + 16 * j + i], h1[i]);
        }
        h2[j] = tanh(z);
      }
      RandomVariable out = w[336];
      for (int i = 0; i < 16; i++) {
        out = out.addProduct(w[320 + i], h2[i]);
      }
      RandomVariable e = out.sub(ys[s]);
      loss = loss.add(e.squared());
    }
    return extract(loss.div(n), w, grad);
  }

  /** Black–Scholes; partials in s, sigma, r, t. */
  public static double blackScholes(
      RandomVariableDifferentiableAADFactory factory,
      double s,
      double k,
      double sigma,
      double r,
      double t,
      double[] grad) {
    RandomVariableDifferentiable[] v = variables(factory, new double[] {s, sigma, r, t});
    RandomVariable gs = v[0];
    RandomVariable gsigma = v[1];
    RandomVariable gr = v[2];
    RandomVariable gt = v[3];
    RandomVariable sqrtT = gt.sqrt();
    RandomVariable sigmaSqrtT = gsigma.mult(sqrtT);
    RandomVariable d1 =
        gs.div(k).log().add(gr.add(gsigma.mult(0.5).mult(gsigma)).mult(gt)).div(sigmaSqrtT);
    RandomVariable d2 = d1.sub(sigmaSqrtT);
    RandomVariable discount = gr.mult(-1.0).mult(gt).exp();
    RandomVariable price = gs.mult(normCdf(d1)).sub(discount.mult(k).mult(normCdf(d2)));
    return extract(price, v, grad);
  }

  private static RandomVariable tanh(RandomVariable z) {
    return z.mult(2.0).exp().add(1.0).invert().mult(-2.0).add(1.0);
  }

  private static RandomVariable normCdf(RandomVariable x) {
    return erf(x.mult(0.7071067811865476)).add(1.0).mult(0.5);
  }

  private static RandomVariable erf(RandomVariable x) {
    if (x.get(0) < 0.0) {
      return erf(x.mult(-1.0)).mult(-1.0);
    }
    RandomVariable t = x.mult(0.3275911).add(1.0).invert();
    RandomVariable poly = t.mult(1.061405429)
        .sub(1.453152027)
        .mult(t)
        .add(1.421413741)
        .mult(t)
        .sub(0.284496736)
        .mult(t)
        .add(0.254829592)
        .mult(t);
    return poly.mult(x.mult(-1.0).mult(x).exp()).mult(-1.0).add(1.0);
  }

  private static RandomVariableDifferentiable[] variables(
      RandomVariableDifferentiableAADFactory factory, double[] values) {
    RandomVariableDifferentiable[] v = new RandomVariableDifferentiable[values.length];
    for (int i = 0; i < values.length; i++) {
      v[i] = factory.createRandomVariable(values[i]);
    }
    return v;
  }

  // The gradient map is keyed by node id; a variable the result does not depend on has no entry.
  private static double extract(
      RandomVariable f, RandomVariableDifferentiable[] variables, double[] grad) {
    Map<Long, RandomVariable> gradient = ((RandomVariableDifferentiable) f).getGradient();
    for (int i = 0; i < variables.length; i++) {
      RandomVariable d = gradient.get(variables[i].getID());
      grad[i] = d == null ? 0.0 : d.get(0);
    }
    return f.get(0);
  }
}
