import dev.gradgen.benchmarks.WorkloadData;
import dev.gradgen.benchmarks.WorkloadsGradients;

/**
 * Loaded once per jar's class loader by TangentAB: times reps calls of one tangent (or the gradient
 * beside it) on Rosenbrock n = 100, Black-Scholes and the MLP loss; returns ns per call.
 */
public final class TangentDriver {
  static double sink;
  static final double[] x = WorkloadData.rosenbrockPoint(100), v = WorkloadData.direction(100);
  static final double[] p = WorkloadData.mlpParameters(), xs = WorkloadData.mlpInputs(), ys = WorkloadData.mlpTargets(xs);
  static final double[] dp = new double[p.length];
  static { for (int i = 0; i < dp.length; i++) dp[i] = (i % 3) - 1; }

  public static double run(String kind, int reps) {
    double s = 0;
    long t0 = System.nanoTime();
    for (int i = 0; i < reps; i++) {
      switch (kind) {
        case "rosenbrockTangent" -> s += WorkloadsGradients.rosenbrockTangent(x, v).tangent();
        case "rosenbrockGradient" -> s += WorkloadsGradients.rosenbrockGradient(x).x()[1];
        case "bsTangent" -> s += WorkloadsGradients.blackScholesTangent(WorkloadData.SPOT, WorkloadData.STRIKE, WorkloadData.SIGMA, WorkloadData.RATE, WorkloadData.EXPIRY, 1.0, 0.0, 0.0, 0.0).tangent();
        case "bsGradient" -> s += WorkloadsGradients.blackScholesGradient(WorkloadData.SPOT, WorkloadData.STRIKE, WorkloadData.SIGMA, WorkloadData.RATE, WorkloadData.EXPIRY).s();
        case "mlpTangent" -> s += WorkloadsGradients.mlpLossTangent(p, xs, ys, dp).tangent();
        case "mlpGradient" -> s += WorkloadsGradients.mlpLossGradient(p, xs, ys).p()[1];
        default -> throw new IllegalArgumentException(kind);
      }
    }
    long t1 = System.nanoTime();
    sink += s;
    return (t1 - t0) / (double) reps;
  }
}
