import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Arrays;

/** Interleaved A/B of mTangent (and the gradient beside it) across jars in one JVM: minima per call. */
public final class TangentAB {
  public static void main(String[] a) throws Exception {
    int reps = Integer.parseInt(a[0]);
    int rounds = Integer.parseInt(a[1]);
    int jars = a.length - 2;
    Method[] run = new Method[jars];
    for (int j = 0; j < jars; j++) {
      URLClassLoader cl = new URLClassLoader(new URL[] {Path.of("/tmp/tan-ab/driver/").toUri().toURL(), Path.of(a[2 + j]).toUri().toURL()}, ClassLoader.getPlatformClassLoader());
      run[j] = cl.loadClass("TangentDriver").getMethod("run", String.class, int.class);
    }
    String[] kinds = {"rosenbrockGradient", "rosenbrockTangent", "bsGradient", "bsTangent", "mlpGradient", "mlpTangent"};
    double[][][] t = new double[jars][kinds.length][rounds];
    for (int r = -rounds / 2; r < rounds; r++) {
      for (int j = 0; j < jars; j++) for (int k = 0; k < kinds.length; k++) {
        double ns = (double) run[j].invoke(null, kinds[k], reps);
        if (r >= 0) t[j][k][r] = ns;
      }
    }
    for (int j = 0; j < jars; j++) {
      StringBuilder line = new StringBuilder(String.format("%-16s", Path.of(a[2 + j]).getFileName()));
      for (int k = 0; k < kinds.length; k++) {
        double[] s = t[j][k].clone(); Arrays.sort(s);
        line.append(String.format(" | %s min %.0f", kinds[k], s[0]));
      }
      System.out.println(line);
    }
  }
}
