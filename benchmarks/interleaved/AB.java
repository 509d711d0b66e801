import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A rough A/B for a machine too loaded for JMH's means: each benchmarks jar in its own class
 * loader in one JVM, short rounds of plain and gradgen calls alternating between the jars, the
 * minimum (least disturbed) and median ns per call of each. Not part of the build; see
 * BENCHMARKS.md, "Levers (issue 14)". Usage (after compiling Driver against a benchmarks jar into
 * /tmp/speed-ab/driver): java -Xms3g -Xmx3g AB workload n repsPerRound rounds jar...
 */
public final class AB {
  public static void main(String[] a) throws Exception {
    String w = a[0]; int n = Integer.parseInt(a[1]); int reps = Integer.parseInt(a[2]); int rounds = Integer.parseInt(a[3]);
    int jars = a.length - 4;
    Method[] run = new Method[jars];
    for (int j = 0; j < jars; j++) {
      URLClassLoader cl = new URLClassLoader(new URL[] {Path.of("/tmp/speed-ab/driver/").toUri().toURL(), Path.of(a[4 + j]).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
      run[j] = cl.loadClass("Driver").getMethod("run", String.class, int.class, int.class);
    }
    String[] kinds = {w + "Plain", w};
    double[][][] t = new double[jars][2][rounds];
    for (int r = -rounds / 2; r < rounds; r++) {   // the first rounds warm up
      for (int j = 0; j < jars; j++) for (int k = 0; k < 2; k++) {
        double ns = (double) run[j].invoke(null, kinds[k], n, reps);
        if (r >= 0) t[j][k][r] = ns;
      }
    }
    for (int j = 0; j < jars; j++) {
      double[] pl = t[j][0].clone(), gr = t[j][1].clone(); Arrays.sort(pl); Arrays.sort(gr);
      System.out.printf("%-24s %-10s n=%-5d plain min %10.1f med %10.1f | gradgen min %12.1f med %12.1f | ratio min %6.1fx med %6.1fx%n",
          Path.of(a[4 + j]).getFileName(), w, n, pl[0], pl[rounds / 2], gr[0], gr[rounds / 2], gr[0] / pl[0], gr[rounds / 2] / pl[rounds / 2]);
    }
  }
}
