import dev.gradgen.benchmarks.WorkloadData;
import dev.gradgen.benchmarks.WorkloadsGradients;
import java.lang.management.ManagementFactory;

/** Bytes allocated per gradient call (ThreadMXBean), after warm-up: what JMH's gc.alloc.rate.norm reports. */
public final class Alloc {
  static double sink;
  public static void main(String[] a) {
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    double[] x100 = WorkloadData.rosenbrockPoint(100), x1000 = WorkloadData.rosenbrockPoint(1000);
    double[] xs = WorkloadData.mlpInputs(), ys = WorkloadData.mlpTargets(xs), p = WorkloadData.mlpParameters();
    String[] names = {"rosenbrock100", "rosenbrock1000", "mlp", "bs", "abc"};
    for (String w : names) {
      int reps = w.equals("mlp") ? 200 : w.equals("rosenbrock1000") ? 2000 : 20000;
      long best = Long.MAX_VALUE;
      for (int round = 0; round < 5; round++) {
        long t = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(t);
        for (int i = 0; i < reps; i++) {
          switch (w) {
            case "rosenbrock100" -> sink += WorkloadsGradients.rosenbrockGradient(x100).x()[1];
            case "rosenbrock1000" -> sink += WorkloadsGradients.rosenbrockGradient(x1000).x()[1];
            case "mlp" -> sink += WorkloadsGradients.mlpLossGradient(p, xs, ys).p()[1];
            case "bs" -> sink += WorkloadsGradients.blackScholesGradient(100, 100, 0.2, 0.05, 1.0).s();
            default -> sink += WorkloadsGradients.abcGradient(2, -3, 10).a();
          }
        }
        best = Math.min(best, (mx.getThreadAllocatedBytes(t) - before) / reps);
      }
      System.out.println(w + " B/call " + best);
    }
  }
}
