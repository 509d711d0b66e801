package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Loop-level preaccumulation in the second-order builder (SecondOrderReductionWriter,
 * DualReduction): reduction loops become one DualTensor node per accumulator, and {@code mHessian}
 * and {@code mHessianVectorProduct} through them agree with analytic Hessians, with each other
 * (H·v equal to the Hessian times v), with the unfused builder ({@code -Agradgen.fuse=false},
 * which keeps one node per operation), and return the plain method's value bit for bit.
 */
class SecondOrderReductionTest {

  /** The comment the writer puts before each preaccumulated second-order loop. */
  private static final String MARK = "each iteration reports the partials and local Hessians";

  private static final String SOURCE = """
      package p;
      import dev.gradgen.Differentiable;
      class R {
        @Differentiable static double rosenbrock(double[] x) {
          double sum = 0.0;
          for (int i = 0; i + 1 < x.length; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1.0 - x[i];
            sum += 100.0 * a * a + b * b;
          }
          return sum;
        }
        /** x^T A x, a nested loop: the inner loop is a reduction. */
        @Differentiable(wrt = "x") static double quadratic(double[] x, double[][] a) {
          double q = 0.0;
          for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < x.length; j++) {
              q += x[i] * a[i][j] * x[j];
            }
          }
          return q;
        }
        /** sum of exp(c x_i) - log(x_i): a scalar read in every iteration. */
        @Differentiable static double expLog(double[] x, double c) {
          double s = 0.0;
          for (int i = 0; i < x.length; i++) {
            s += Math.exp(c * x[i]) - Math.log(x[i]);
          }
          return s;
        }
        /** Two accumulators, one subtracting, with an int constant in the body. */
        @Differentiable static double twoSums(double[] x, double y) {
          double s = x[0];
          double t = 1.0;
          for (int i = 0; i < x.length; i++) {
            int k = x.length - 1 - i;
            s += x[i] * x[k];
            t = t - y * x[i] / (1.0 + x[k] * x[k]);
          }
          return s * t;
        }
        /** A loop that runs n times (possibly zero) after an active start. */
        @Differentiable(wrt = "x") static double maybeEmpty(double[] x, int n) {
          double s = x[0] * x[0];
          for (int i = 1; i < n; i++) {
            s += x[i] * x[i] * x[0];
          }
          return s * x[0];
        }
        /** The accumulator read inside the loop: no reduction, a product. */
        @Differentiable static double product(double[] x) {
          double p = 1.0;
          for (int i = 0; i < x.length; i++) {
            p += x[i] * p;
          }
          return p;
        }
      }
      """;

  private static final Compiled FUSED = Compiled.of("p.R", SOURCE);
  private static final Compiled UNFUSED =
      Compiled.of(List.of("-Agradgen.fuse=false"), "p.R", SOURCE);

  private static Object hessianRecord(Compiled compiled, String method, Object... args) {
    return compiled.call("p.RGradients", method + "Hessian", args);
  }

  private static double[][] hessian(Compiled compiled, String method, Object... args) {
    return (double[][]) Compiled.component(hessianRecord(compiled, method, args), "hessian");
  }

  private static double[] hessianVector(Compiled compiled, String method, Object... args) {
    return (double[]) compiled.call("p.RGradients", method + "HessianVectorProduct", args);
  }

  private static void assertClose(double expected, double actual, double relative, String what) {
    assertEquals(expected, actual, relative * Math.max(1.0, Math.abs(expected)), what);
  }

  private static void assertMatrix(
      double[][] expected, double[][] actual, double relative, String what) {
    assertEquals(expected.length, actual.length, what + ": rows");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i].length, actual[i].length, what + ": columns");
      for (int j = 0; j < expected[i].length; j++) {
        assertClose(expected[i][j], actual[i][j], relative, what + " [" + i + "][" + j + "]");
      }
    }
  }

  private static double[] times(double[][] h, double[] v) {
    double[] out = new double[h.length];
    for (int i = 0; i < h.length; i++) {
      for (int j = 0; j < v.length; j++) {
        out[i] += h[i][j] * v[j];
      }
    }
    return out;
  }

  private static void assertVector(double[] expected, double[] actual, double relative, String w) {
    assertEquals(expected.length, actual.length, w + ": length");
    for (int i = 0; i < expected.length; i++) {
      assertClose(expected[i], actual[i], relative, w + " [" + i + "]");
    }
  }

  private static double[] random(Random random, int n, double low, double high) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = low + (high - low) * random.nextDouble();
    }
    return out;
  }

  /**
   * The Hessian of the flattened inputs (args ahead of the direction), H·v against it and
   * against the expected Hessian times v, symmetry, and the unfused builder's Hessian; returns
   * the Hessian.
   */
  private static double[][] check(String method, double[][] expected, double[] v, Object... args) {
    double[][] fused = hessian(FUSED, method, args);
    assertMatrix(expected, fused, 1e-12, method + " against the analytic Hessian");
    for (int i = 0; i < fused.length; i++) {
      for (int j = 0; j < i; j++) {
        assertClose(fused[i][j], fused[j][i], 1e-13, method + " symmetric [" + i + "][" + j + "]");
      }
    }
    assertMatrix(hessian(UNFUSED, method, args), fused, 1e-12, method + " fused vs unfused");
    Object[] withV = new Object[args.length + 1];
    for (int i = 0; i < args.length; i++) {
      withV[i] = args[i] instanceof double[] array ? array.clone() : args[i];
    }
    withV[args.length] = v.clone();
    double[] hv = hessianVector(FUSED, method, withV);
    assertVector(times(expected, v), hv, 1e-12, method + " H·v against the analytic H v");
    assertVector(times(fused, v), hv, 1e-12, method + " H·v against mHessian times v");
    return fused;
  }

  private static String generated(Compiled compiled) {
    try {
      return compiled
          .compilation()
          .generatedSourceFile("p.RGradients")
          .orElseThrow()
          .getCharContent(true)
          .toString();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void theReductionsBecomeOneSecondOrderNodeEachOnlyWithFusion() {
    // rosenbrock, the inner loop of quadratic, expLog, twoSums (one loop, one comment) and
    // maybeEmpty; product's loop reads its accumulator and is no reduction. Each twice: in the
    // public builder and in the H v builder over array leaves (x of each is one).
    assertEquals(10, count(generated(FUSED), MARK));
    assertFalse(generated(UNFUSED).contains("DualReduction"));
    assertTrue(generated(FUSED).contains("DualReduction tLoop = new DualReduction(t"));
  }

  @Test
  void rosenbrockMatchesItsClosedFormHessian() {
    Random random = new Random(7);
    for (int n : new int[] {2, 3, 10, 40}) {
      double[] x = random(random, n, -1.5, 1.5);
      double[][] h = new double[n][n];
      for (int i = 0; i + 1 < n; i++) {
        // f_i = 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2
        h[i][i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
        h[i][i + 1] += -400 * x[i];
        h[i + 1][i] += -400 * x[i];
        h[i + 1][i + 1] += 200;
      }
      double[][] fused = check("rosenbrock", h, random(random, n, -1, 1), (Object) x.clone());
      assertEquals(n, fused.length);
      double plain = (double) FUSED.call("p.R", "rosenbrock", (Object) x.clone());
      Object record = hessianRecord(FUSED, "rosenbrock", (Object) x.clone());
      assertEquals(
          Double.doubleToRawLongBits(plain),
          Double.doubleToRawLongBits((double) Compiled.component(record, "value")),
          "the value bit for bit");
      double[] gradient = (double[]) Compiled.component(record, "gradient");
      for (int i = 0; i < n; i++) {
        double g = (i + 1 < n ? -400 * x[i] * (x[i + 1] - x[i] * x[i]) - 2 * (1 - x[i]) : 0)
            + (i > 0 ? 200 * (x[i] - x[i - 1] * x[i - 1]) : 0);
        assertClose(g, gradient[i], 1e-12, "gradient [" + i + "]");
      }
    }
  }

  @Test
  void aQuadraticFormHasHessianAPlusItsTranspose() {
    Random random = new Random(11);
    int n = 6;
    double[][] a = new double[n][];
    for (int i = 0; i < n; i++) {
      a[i] = random(random, n, -2, 2);
    }
    double[][] expected = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        expected[i][j] = a[i][j] + a[j][i];
      }
    }
    check("quadratic", expected, random(random, n, -1, 1), random(random, n, -1, 1), a);
  }

  @Test
  void sumsOfExpAndLogWithAScalarReadInEveryIteration() {
    Random random = new Random(13);
    int n = 5;
    double[] x = random(random, n, 0.2, 1.5);
    double c = 0.7;
    // flattened (x_0 .. x_4, c)
    double[][] h = new double[n + 1][n + 1];
    for (int i = 0; i < n; i++) {
      double e = Math.exp(c * x[i]);
      h[i][i] = c * c * e + 1 / (x[i] * x[i]);
      h[i][n] = e * (1 + c * x[i]);
      h[n][i] = h[i][n];
      h[n][n] += x[i] * x[i] * e;
    }
    check("expLog", h, random(random, n + 1, -1, 1), x, c);
  }

  @Test
  void twoAccumulatorsOneSubtracting() {
    // s = x0 + sum x_i x_(n-1-i), t = 1 - y sum x_i / (1 + x_(n-1-i)^2), f = s t; inputs (x, y).
    Random random = new Random(17);
    int n = 4;
    double[] x = random(random, n, -1, 1);
    double y = 0.8;
    double[] ds = new double[n + 1];
    double[] dt = new double[n + 1];
    double[][] hs = new double[n + 1][n + 1];
    double[][] ht = new double[n + 1][n + 1];
    double s = x[0];
    double t = 1.0;
    ds[0] += 1;
    for (int i = 0; i < n; i++) {
      int k = n - 1 - i;
      s += x[i] * x[k];
      ds[i] += x[k];
      ds[k] += x[i];
      hs[i][k] += 1;
      hs[k][i] += 1;
      double q = 1 + x[k] * x[k];
      t -= y * x[i] / q;
      // u = y x_i / q, q = 1 + x_k^2
      double dqk = 2 * x[k];
      dt[n] -= x[i] / q;
      dt[i] -= y / q;
      dt[k] -= -y * x[i] * dqk / (q * q);
      ht[n][i] -= 1 / q;
      ht[i][n] -= 1 / q;
      ht[n][k] -= -x[i] * dqk / (q * q);
      ht[k][n] -= -x[i] * dqk / (q * q);
      ht[i][k] -= -y * dqk / (q * q);
      ht[k][i] -= -y * dqk / (q * q);
      // d/dx_k of x_k / q^2 = (q - 4 x_k^2) / q^3, times -2 y x_i
      ht[k][k] -= -2 * y * x[i] * (q - 4 * x[k] * x[k]) / (q * q * q);
    }
    double[][] h = new double[n + 1][n + 1];
    for (int i = 0; i <= n; i++) {
      for (int j = 0; j <= n; j++) {
        h[i][j] = hs[i][j] * t + ds[i] * dt[j] + ds[j] * dt[i] + s * ht[i][j];
      }
    }
    check("twoSums", h, random(random, n + 1, -1, 1), x, y);
  }

  @Test
  void aLoopThatRunsZeroTimesLeavesTheAccumulator() {
    double[] x = {0.9, -0.4, 1.3};
    // n = 0 and 1: f = x0^3, H = 6 x0 at [0][0].
    for (int n : new int[] {0, 1}) {
      double[][] h = new double[3][3];
      h[0][0] = 6 * x[0];
      check("maybeEmpty", h, new double[] {0.3, -0.2, 0.5}, x.clone(), n);
    }
    // n = 3: f = x0^3 + x0^2 (x1^2 + x2^2).
    double r = x[1] * x[1] + x[2] * x[2];
    double[][] h = {
      {6 * x[0] + 2 * r, 4 * x[0] * x[1], 4 * x[0] * x[2]},
      {4 * x[0] * x[1], 2 * x[0] * x[0], 0},
      {4 * x[0] * x[2], 0, 2 * x[0] * x[0]}
    };
    check("maybeEmpty", h, new double[] {0.3, -0.2, 0.5}, x.clone(), 3);
  }

  @Test
  void anAccumulatorReadInsideTheLoopIsStillRight() {
    // p = prod (1 + x_i): H_ij = p / ((1 + x_i)(1 + x_j)) off the diagonal, 0 on it.
    double[] x = {0.3, -0.6, 1.1, 0.25};
    double p = 1;
    for (double xi : x) {
      p *= 1 + xi;
    }
    double[][] h = new double[4][4];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        h[i][j] = i == j ? 0 : p / ((1 + x[i]) * (1 + x[j]));
      }
    }
    check("product", h, new double[] {1, -1, 0.5, 2}, (Object) x.clone());
  }

  @Test
  void valuesAreThePlainMethodsBitForBit() {
    Random random = new Random(19);
    for (int trial = 0; trial < 20; trial++) {
      double[] x = random(random, 7, 0.1, 2);
      double c = random.nextDouble();
      double plain = (double) FUSED.call("p.R", "expLog", x.clone(), c);
      double value =
          (double) Compiled.component(hessianRecord(FUSED, "expLog", x.clone(), c), "value");
      assertEquals(Double.doubleToRawLongBits(plain), Double.doubleToRawLongBits(value));
      double plainTwo = (double) FUSED.call("p.R", "twoSums", x.clone(), c);
      double valueTwo =
          (double) Compiled.component(hessianRecord(FUSED, "twoSums", x.clone(), c), "value");
      assertEquals(Double.doubleToRawLongBits(plainTwo), Double.doubleToRawLongBits(valueTwo));
    }
  }
}
