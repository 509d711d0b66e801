package dev.gradgen.benchmarks;

import org.hipparchus.analysis.differentiation.DSFactory;
import org.hipparchus.analysis.differentiation.DerivativeStructure;
import org.hipparchus.analysis.differentiation.Gradient;

/**
 * Jacobians of the {@link NistWorkloads} residuals in Hipparchus 4 forward mode: {@link Gradient}
 * (first order, dense) and {@link DerivativeStructure} at order 1 from a cached {@link DSFactory}.
 */
public final class HipparchusJacobianPeer {

  // Forward mode suits these shapes: 2, 3 or 7 parameters and 14 to 54 residuals, so every value
  // carries a handful of partials and one forward pass gives the whole Jacobian. The parameters are
  // made variables once per call and every residual is built from them, as a user of the library
  // would write it; each method writes r and jac[i][j] = d r_i / d b_j.

  private HipparchusJacobianPeer() {}

  /** The factory for {@code parameters} parameters at order 1. */
  public static DSFactory factory(int parameters) {
    return new DSFactory(parameters, 1);
  }

  private static Gradient[] variables(double[] b) {
    Gradient[] v = new Gradient[b.length];
    for (int j = 0; j < b.length; j++) {
      v[j] = Gradient.variable(b.length, j, b[j]);
    }
    return v;
  }

  private static DerivativeStructure[] variables(DSFactory factory, double[] b) {
    DerivativeStructure[] v = new DerivativeStructure[b.length];
    for (int j = 0; j < b.length; j++) {
      v[j] = factory.variable(j, b[j]);
    }
    return v;
  }

  /** Misra1a with {@link Gradient}. */
  public static void misra1a(double[] b, double[] x, double[] y, double[] r, double[][] jac) {
    Gradient[] v = variables(b);
    for (int i = 0; i < x.length; i++) {
      Gradient f = v[0].multiply(v[1].negate().multiply(x[i]).exp().negate().add(1.0));
      store(f.negate().add(y[i]), i, r, jac);
    }
  }

  /** Chwirut2 with {@link Gradient}. */
  public static void chwirut2(double[] b, double[] x, double[] y, double[] r, double[][] jac) {
    Gradient[] v = variables(b);
    for (int i = 0; i < x.length; i++) {
      Gradient f = v[0].negate().multiply(x[i]).exp().divide(v[2].multiply(x[i]).add(v[1]));
      store(f.negate().add(y[i]), i, r, jac);
    }
  }

  /** Thurber with {@link Gradient}. */
  public static void thurber(double[] b, double[] x, double[] y, double[] r, double[][] jac) {
    Gradient[] v = variables(b);
    for (int i = 0; i < x.length; i++) {
      double x1 = x[i];
      double x2 = x1 * x1;
      double x3 = x2 * x1;
      Gradient num = v[0].add(v[1].multiply(x1)).add(v[2].multiply(x2)).add(v[3].multiply(x3));
      Gradient den = v[4].multiply(x1).add(1.0).add(v[5].multiply(x2)).add(v[6].multiply(x3));
      store(num.divide(den).negate().add(y[i]), i, r, jac);
    }
  }

  /** Misra1a with {@link DerivativeStructure}; {@code factory} has 2 parameters. */
  public static void misra1a(
      DSFactory factory, double[] b, double[] x, double[] y, double[] r, double[][] jac) {
    DerivativeStructure[] v = variables(factory, b);
    for (int i = 0; i < x.length; i++) {
      DerivativeStructure f =
          v[0].multiply(v[1].negate().multiply(x[i]).exp().negate().add(1.0));
      store(f.negate().add(y[i]), i, r, jac);
    }
  }

  /** Chwirut2 with {@link DerivativeStructure}; {@code factory} has 3 parameters. */
  public static void chwirut2(
      DSFactory factory, double[] b, double[] x, double[] y, double[] r, double[][] jac) {
    DerivativeStructure[] v = variables(factory, b);
    for (int i = 0; i < x.length; i++) {
      DerivativeStructure f =
          v[0].negate().multiply(x[i]).exp().divide(v[2].multiply(x[i]).add(v[1]));
      store(f.negate().add(y[i]), i, r, jac);
    }
  }

  /** Thurber with {@link DerivativeStructure}; {@code factory} has 7 parameters. */
  public static void thurber(
      DSFactory factory, double[] b, double[] x, double[] y, double[] r, double[][] jac) {
    DerivativeStructure[] v = variables(factory, b);
    for (int i = 0; i < x.length; i++) {
      double x1 = x[i];
      double x2 = x1 * x1;
      double x3 = x2 * x1;
      DerivativeStructure num =
          v[0].add(v[1].multiply(x1)).add(v[2].multiply(x2)).add(v[3].multiply(x3));
      DerivativeStructure den =
          v[4].multiply(x1).add(1.0).add(v[5].multiply(x2)).add(v[6].multiply(x3));
      store(num.divide(den).negate().add(y[i]), i, r, jac);
    }
  }

  private static void store(Gradient ri, int i, double[] r, double[][] jac) {
    r[i] = ri.getValue();
    double[] row = jac[i];
    for (int j = 0; j < row.length; j++) {
      row[j] = ri.getPartialDerivative(j);
    }
  }

  // At order 1 the derivative array is [value, d/db0, d/db1, ...].
  private static void store(DerivativeStructure ri, int i, double[] r, double[][] jac) {
    double[] all = ri.getAllDerivatives();
    r[i] = all[0];
    System.arraycopy(all, 1, jac[i], 0, jac[i].length);
  }
}
