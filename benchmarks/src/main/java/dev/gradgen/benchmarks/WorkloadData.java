package dev.gradgen.benchmarks;

import java.util.Random;

/** The fixed inputs every benchmark and test evaluates the workloads at. */
public final class WorkloadData {

  /** The tutorial's inputs: f(2, -3, 10) = 4. */
  public static final double A = 2.0;
  public static final double B = -3.0;
  public static final double C = 10.0;

  /** Black–Scholes inputs; out of the money, so d1 > 0 > d2 and both erf branches run. */
  public static final double SPOT = 100.0;
  public static final double STRIKE = 105.0;
  public static final double SIGMA = 0.2;
  public static final double RATE = 0.05;
  public static final double EXPIRY = 1.0;

  /** Number of MLP data points. */
  public static final int MLP_POINTS = 100;

  private WorkloadData() {}

  /** The Rosenbrock point x_i = 0.5 + 0.01 i. */
  public static double[] rosenbrockPoint(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 0.5 + 0.01 * i;
    }
    return x;
  }

  /**
   * The direction of the Hessian-vector products: v_i = 1 - 0.5 (i mod 3) + 0.01 i, mixed signs and
   * sizes so that no entry of H v is a plain row sum.
   */
  public static double[] direction(int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = 1.0 - 0.5 * (i % 3) + 0.01 * i;
    }
    return v;
  }

  /** The Black–Scholes point as the vector (s, sigma, r, t) of its differentiated inputs. */
  public static double[] blackScholesPoint() {
    return new double[] {SPOT, SIGMA, RATE, EXPIRY};
  }

  /** MLP inputs: {@link #MLP_POINTS} (x0, x1) pairs uniform in [-1, 1], from a fixed seed. */
  public static double[] mlpInputs() {
    Random random = new Random(20240611L);
    double[] xs = new double[2 * MLP_POINTS];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = 2.0 * random.nextDouble() - 1.0;
    }
    return xs;
  }

  /** MLP targets sin(3 x0) cos(2 x1), a smooth surface the network can fit. */
  public static double[] mlpTargets(double[] xs) {
    double[] ys = new double[xs.length / 2];
    for (int s = 0; s < ys.length; s++) {
      ys[s] = Math.sin(3.0 * xs[2 * s]) * Math.cos(2.0 * xs[2 * s + 1]);
    }
    return ys;
  }

  /**
   * Initial MLP parameters from a fixed seed: Glorot-uniform weights and small non-zero biases, so
   * no unit is saturated and no partial derivative is trivially zero.
   */
  public static double[] mlpParameters() {
    Random random = new Random(7L);
    double[] p = new double[Workloads.MLP_PARAMETERS];
    fill(p, 0, 32, Math.sqrt(6.0 / (2 + 16)), random);
    fill(p, 32, 48, 0.1, random);
    fill(p, 48, 304, Math.sqrt(6.0 / (16 + 16)), random);
    fill(p, 304, 320, 0.1, random);
    fill(p, 320, 336, Math.sqrt(6.0 / (16 + 1)), random);
    fill(p, 336, 337, 0.1, random);
    return p;
  }

  private static void fill(double[] p, int from, int to, double limit, Random random) {
    for (int i = from; i < to; i++) {
      p[i] = limit * (2.0 * random.nextDouble() - 1.0);
    }
  }
}
