import dev.gradgen.benchmarks.WorkloadData;
import dev.gradgen.benchmarks.Workloads;
import dev.gradgen.benchmarks.WorkloadsGradients;

/** Loaded once per jar's class loader by AB: times reps calls of one workload, returns ns per call. */
public final class Driver {
  static double sink;
  static double[] x;
  /** The direction of the Hessian-vector products, and the Black-Scholes direction. */
  static double[] v, v4 = {0.3, -0.7, 0.5, 0.9};
  static double[] p, xs, ys;
  /** The direction of the MLP's Hessian-vector product, one entry per parameter. */
  static double[] vp;
  static double[] abc = {WorkloadData.A, WorkloadData.B, WorkloadData.C};

  public static double run(String w, int n, int reps) {
    if (x == null) {
      x = WorkloadData.rosenbrockPoint(n);
      v = WorkloadData.direction(n);
      xs = WorkloadData.mlpInputs();
      ys = WorkloadData.mlpTargets(xs);
      p = WorkloadData.mlpParameters();
    }
    double s = 0;
    long t0 = System.nanoTime();
    switch (w) {
      case "abc": for (int i = 0; i < reps; i++) s += WorkloadsGradients.abcGradient(abc[0], abc[1], abc[2]).a(); break;
      case "abcPlain": for (int i = 0; i < reps; i++) s += Workloads.abc(abc[0], abc[1], abc[2]); break;
      case "rosenbrock": for (int i = 0; i < reps; i++) s += WorkloadsGradients.rosenbrockGradient(x).x()[1]; break;
      case "rosenbrockPlain": for (int i = 0; i < reps; i++) s += Workloads.rosenbrock(x); break;
      case "mlp": for (int i = 0; i < reps; i++) s += WorkloadsGradients.mlpLossGradient(p, xs, ys).p()[1]; break;
      case "mlpPlain": for (int i = 0; i < reps; i++) s += Workloads.mlpLoss(p, xs, ys); break;
      case "bs": for (int i = 0; i < reps; i++) s += WorkloadsGradients.blackScholesGradient(WorkloadData.SPOT, WorkloadData.STRIKE, WorkloadData.SIGMA, WorkloadData.RATE, WorkloadData.EXPIRY + abc[0] * 0).s(); break;
      case "bsPlain": for (int i = 0; i < reps; i++) s += Workloads.blackScholes(WorkloadData.SPOT, WorkloadData.STRIKE, WorkloadData.SIGMA, WorkloadData.RATE, WorkloadData.EXPIRY + abc[0] * 0); break;
      // Second order (issue 13): "Plain" is the gradient, so AB's ratio is to the gradient.
      case "rhvp": for (int i = 0; i < reps; i++) s += WorkloadsGradients.rosenbrockHessianVectorProduct(x, v)[1]; break;
      case "rhess": for (int i = 0; i < reps; i++) s += WorkloadsGradients.rosenbrockHessian(x).hessian()[1][1]; break;
      case "rhvpPlain": case "rhessPlain": for (int i = 0; i < reps; i++) s += WorkloadsGradients.rosenbrockGradient(x).x()[1]; break;
      case "mlphvp": if (vp == null) { vp = WorkloadData.direction(p.length); } for (int i = 0; i < reps; i++) s += WorkloadsGradients.mlpLossHessianVectorProduct(p, xs, ys, vp)[1]; break;
      case "mlphvpPlain": for (int i = 0; i < reps; i++) s += WorkloadsGradients.mlpLossGradient(p, xs, ys).p()[1]; break;
      case "bshvp": for (int i = 0; i < reps; i++) s += WorkloadsGradients.blackScholesHessianVectorProduct(WorkloadData.SPOT, WorkloadData.STRIKE, WorkloadData.SIGMA, WorkloadData.RATE, WorkloadData.EXPIRY + abc[0] * 0, v4)[1]; break;
      case "bshess": for (int i = 0; i < reps; i++) s += WorkloadsGradients.blackScholesHessian(WorkloadData.SPOT, WorkloadData.STRIKE, WorkloadData.SIGMA, WorkloadData.RATE, WorkloadData.EXPIRY + abc[0] * 0).hessian()[1][1]; break;
      case "bshvpPlain": case "bshessPlain": for (int i = 0; i < reps; i++) s += WorkloadsGradients.blackScholesGradient(WorkloadData.SPOT, WorkloadData.STRIKE, WorkloadData.SIGMA, WorkloadData.RATE, WorkloadData.EXPIRY + abc[0] * 0).s(); break;
      default: throw new IllegalArgumentException(w);
    }
    long t1 = System.nanoTime();
    sink += s;
    return (t1 - t0) / (double) reps;
  }
}
