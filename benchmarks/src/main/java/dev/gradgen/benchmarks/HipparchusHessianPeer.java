package dev.gradgen.benchmarks;

import org.hipparchus.analysis.differentiation.DSCompiler;
import org.hipparchus.analysis.differentiation.DSFactory;
import org.hipparchus.analysis.differentiation.DerivativeStructure;

/**
 * Gradients, dense Hessians and Hessian-vector products of the workloads in Hipparchus 4
 * {@link DerivativeStructure} at order 2: forward mode carrying every first and second partial.
 */
public final class HipparchusHessianPeer {

  // The formulas are HipparchusDerivativeStructurePeer's, run with an order-2 factory: every
  // intermediate value then carries 1 + n + n(n+1)/2 numbers (5,151 at n = 100), so one evaluation
  // is O(n^2) work per operation. Hipparchus has no Hessian-vector product of its own; the natural
  // way to get one from it is the Hessian times v, which is what hessianVectorProduct does.

  private HipparchusHessianPeer() {}

  /**
   * An order-2 factory and where each partial sits in a structure's derivative array, built once per
   * parameter count (getPartialDerivative would allocate an orders array per entry).
   */
  public static final class Layout {
    final DSFactory factory;
    final int[] gradientIndex;
    final int[][] hessianIndex;

    Layout(int parameters) {
      factory = new DSFactory(parameters, 2);
      DSCompiler compiler = factory.getCompiler();
      gradientIndex = new int[parameters];
      hessianIndex = new int[parameters][parameters];
      for (int i = 0; i < parameters; i++) {
        int[] orders = new int[parameters];
        orders[i] = 1;
        gradientIndex[i] = compiler.getPartialDerivativeIndex(orders);
        for (int j = 0; j < parameters; j++) {
          int[] second = new int[parameters];
          second[i] += 1;
          second[j] += 1;
          hessianIndex[i][j] = compiler.getPartialDerivativeIndex(second);
        }
      }
    }

    /** The order-2 factory. */
    public DSFactory factory() {
      return factory;
    }
  }

  /** The layout for {@code parameters} parameters. */
  public static Layout layout(int parameters) {
    return new Layout(parameters);
  }

  /** Rosenbrock's value, gradient and Hessian; {@code layout} has {@code x.length} parameters. */
  public static double rosenbrock(Layout layout, double[] x, double[] grad, double[][] hess) {
    return extract(
        HipparchusDerivativeStructurePeer.rosenbrockStructure(layout.factory, x), layout, grad, hess);
  }

  /** Rosenbrock's Hessian times v, through the dense Hessian (kept in the layout). */
  public static double rosenbrockHessianVectorProduct(
      Layout layout, double[] x, double[] v, double[] out) {
    DerivativeStructure f = HipparchusDerivativeStructurePeer.rosenbrockStructure(layout.factory, x);
    return product(f, layout, v, out);
  }

  /** Black–Scholes' value, gradient and Hessian in (s, sigma, r, t); {@code layout} has 4. */
  public static double blackScholes(
      Layout layout, double s, double k, double sigma, double r, double t, double[] grad,
      double[][] hess) {
    return extract(
        HipparchusDerivativeStructurePeer.blackScholesStructure(layout.factory, s, k, sigma, r, t),
        layout, grad, hess);
  }

  /** Black–Scholes' Hessian times v in (s, sigma, r, t), through the dense Hessian. */
  public static double blackScholesHessianVectorProduct(
      Layout layout, double s, double k, double sigma, double r, double t, double[] v,
      double[] out) {
    DerivativeStructure f =
        HipparchusDerivativeStructurePeer.blackScholesStructure(layout.factory, s, k, sigma, r, t);
    return product(f, layout, v, out);
  }

  private static double extract(
      DerivativeStructure f, Layout layout, double[] grad, double[][] hess) {
    double[] all = f.getAllDerivatives();
    int n = grad.length;
    for (int i = 0; i < n; i++) {
      grad[i] = all[layout.gradientIndex[i]];
      int[] row = layout.hessianIndex[i];
      double[] out = hess[i];
      for (int j = 0; j < n; j++) {
        out[j] = all[row[j]];
      }
    }
    return all[0];
  }

  private static double product(DerivativeStructure f, Layout layout, double[] v, double[] out) {
    double[] all = f.getAllDerivatives();
    int n = v.length;
    for (int i = 0; i < n; i++) {
      int[] row = layout.hessianIndex[i];
      double sum = 0.0;
      for (int j = 0; j < n; j++) {
        sum += all[row[j]] * v[j];
      }
      out[i] = sum;
    }
    return all[0];
  }
}
