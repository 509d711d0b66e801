import dev.gradgen.benchmarks.WorkloadData;
import dev.gradgen.benchmarks.WorkloadsGradients;

/** Calls one gradient in a loop for a fixed time, for JFR. */
public final class Loop {
  static double sink;
  public static void main(String[] a) {
    int n = Integer.parseInt(a[0]);
    double[] x = WorkloadData.rosenbrockPoint(n);
    long end = System.nanoTime() + Long.parseLong(a[1]) * 1_000_000_000L;
    while (System.nanoTime() < end) {
      for (int i = 0; i < 100; i++) sink += WorkloadsGradients.rosenbrockGradient(x).x()[1];
    }
    System.out.println(sink);
  }
}
