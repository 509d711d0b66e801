import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The NIST Jacobians on a loaded machine: each benchmarks jar in its own class loader in one JVM,
 * short rounds of plain, central differences, Hipparchus Gradient and gradgen alternating across
 * the jars and models, the minimum and median ns per call of each. Not part of the build; see
 * BENCHMARKS.md, "Jacobian speed (issue 13)". Usage (after compiling NistDriver against a
 * benchmarks jar into /tmp/nist-ab/driver): java -Xms3g -Xmx3g NistAB repsPerRound rounds jar...
 */
public final class NistAB {
  public static void main(String[] a) throws Exception {
    int reps = Integer.parseInt(a[0]);
    int rounds = Integer.parseInt(a[1]);
    int jars = a.length - 2;
    Method[] run = new Method[jars];
    for (int j = 0; j < jars; j++) {
      URLClassLoader cl = new URLClassLoader(new URL[] {Path.of("/tmp/nist-ab/driver/").toUri().toURL(), Path.of(a[2 + j]).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
      run[j] = cl.loadClass("NistDriver").getMethod("run", String.class, int.class, int.class);
    }
    String[] kinds = {"plain", "fd", "hip", "gradgen"};
    String[] models = {"Misra1a", "Chwirut2", "Thurber"};
    double[][][][] t = new double[jars][3][kinds.length][rounds];
    for (int r = -rounds / 2; r < rounds; r++) { // the first rounds warm up
      for (int m = 0; m < 3; m++) for (int j = 0; j < jars; j++) for (int k = 0; k < kinds.length; k++) {
        double ns = (double) run[j].invoke(null, kinds[k], m, reps);
        if (r >= 0) t[j][m][k][r] = ns;
      }
    }
    for (int m = 0; m < 3; m++) for (int j = 0; j < jars; j++) {
      StringBuilder line = new StringBuilder(String.format("%-9s %-16s", models[m], Path.of(a[2 + j]).getFileName()));
      for (int k = 0; k < kinds.length; k++) {
        double[] s = t[j][m][k].clone(); Arrays.sort(s);
        line.append(String.format(" | %-7s min %8.0f med %8.0f", kinds[k], s[0], s[rounds / 2]));
      }
      System.out.println(line);
    }
  }
}
