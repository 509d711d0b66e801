import dev.gradgen.benchmarks.FiniteDifferenceJacobians;
import dev.gradgen.benchmarks.HipparchusJacobianPeer;
import dev.gradgen.benchmarks.NistProblem;
import dev.gradgen.benchmarks.NistWorkloads;
import dev.gradgen.benchmarks.NistWorkloadsGradients;

/**
 * Loaded once per jar's class loader by NistAB: times reps calls of one method on one NIST model
 * (0 Misra1a, 1 Chwirut2, 2 Thurber) at NIST's first start, returns ns per call.
 */
public final class NistDriver {
  static double sink;
  static double[][] b = new double[3][], x = new double[3][], y = new double[3][], r = new double[3][];
  static double[][][] jac = new double[3][][];

  public static double run(String kind, int m, int reps) {
    if (b[m] == null) {
      NistProblem p = NistProblem.load(NistProblem.NAMES.get(m));
      b[m] = p.start1().clone(); x[m] = p.x(); y[m] = p.y();
      r[m] = new double[p.observations()]; jac[m] = new double[p.observations()][p.parameters()];
    }
    double[] bb = b[m], xx = x[m], yy = y[m], rr = r[m];
    double[][] jj = jac[m];
    double s = 0;
    long t0 = System.nanoTime();
    for (int i = 0; i < reps; i++) {
      switch (kind) {
        case "plain" -> s += (m == 0 ? NistWorkloads.misra1a(bb, xx, yy) : m == 1 ? NistWorkloads.chwirut2(bb, xx, yy) : NistWorkloads.thurber(bb, xx, yy))[1];
        case "fd" -> s += (m == 0 ? FiniteDifferenceJacobians.jacobian(NistWorkloads::misra1a, bb, xx, yy, jj) : m == 1 ? FiniteDifferenceJacobians.jacobian(NistWorkloads::chwirut2, bb, xx, yy, jj) : FiniteDifferenceJacobians.jacobian(NistWorkloads::thurber, bb, xx, yy, jj))[1] + jj[1][1];
        case "hip" -> {
          if (m == 0) HipparchusJacobianPeer.misra1a(bb, xx, yy, rr, jj); else if (m == 1) HipparchusJacobianPeer.chwirut2(bb, xx, yy, rr, jj); else HipparchusJacobianPeer.thurber(bb, xx, yy, rr, jj);
          s += jj[1][1];
        }
        case "gradgen" -> s += (m == 0 ? NistWorkloadsGradients.misra1aJacobian(bb, xx, yy).b() : m == 1 ? NistWorkloadsGradients.chwirut2Jacobian(bb, xx, yy).b() : NistWorkloadsGradients.thurberJacobian(bb, xx, yy).b())[1][1];
        default -> throw new IllegalArgumentException(kind);
      }
    }
    long t1 = System.nanoTime();
    sink += s;
    return (t1 - t0) / (double) reps;
  }
}
