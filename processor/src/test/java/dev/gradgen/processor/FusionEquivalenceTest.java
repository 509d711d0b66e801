package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fused nodes (one node per straight-line run, partials by a reverse sweep inside a helper) against
 * one node per operation, whose operations the runtime tests check against finite differences: the
 * same value bit for bit, the same partials up to rounding, for every operation a fused node absorbs.
 */
class FusionEquivalenceTest {

  private static final String SOURCE = """
      package p;
      import dev.gradgen.Differentiable;
      import static dev.gradgen.Activations.*;
      class Ops {
        @Differentiable static double arithmetic(double x, double y) {
          double a = x * y - x / y;
          double b = -a + y % 0.7 + 3.0 / x;
          return a * b + (x - 2.0) * (y + 1.0) + x % y;
        }
        @Differentiable static double elementary(double x, double y) {
          double u = Math.exp(x * 0.3) + Math.log(y) + Math.sqrt(x * x + 1.0) + Math.cbrt(y);
          double v = Math.sin(x) * Math.cos(y) + Math.tan(x * 0.2) + Math.atan(y);
          double w = Math.asin(x * 0.1) + Math.acos(y * 0.1) + Math.sinh(x * 0.2) + Math.cosh(y * 0.3);
          double z = Math.tanh(u * 0.1) + Math.expm1(v * 0.1) + Math.log1p(y) + Math.log10(x + 2.0);
          return u * v + w * z + Math.abs(x - y) + sigmoid(x) + relu(y - 0.5) + softplus(x * y);
        }
        @Differentiable static double twoArgument(double x, double y) {
          double p = Math.pow(x, y) + Math.pow(x, 2.5) + Math.pow(1.7, y);
          double q = Math.atan2(x, y) + Math.atan2(x, 2.0) + Math.atan2(3.0, y);
          double r = Math.hypot(x, y) + Math.hypot(x, 1.0) + Math.hypot(2.0, y);
          double s = Math.min(x, y) + Math.max(x, y) + Math.min(x, 1.2) + Math.max(0.9, y);
          return p * q + r * s;
        }
        @Differentiable static double temporaries(double x, double y, double[] v) {
          double t = x * v[0] + y;
          double u = t * t - v[1] * x;
          double w = u / (t + 3.0);
          double acc = 0;
          for (int i = 0; i < v.length; i++) {
            double e = v[i] * t - w;
            acc += e * e;
          }
          return acc + w * u;
        }
      }
      """;

  @Test
  void fusedAndUnfusedAgree() {
    Compiled fused = Compiled.of("p.Ops", SOURCE);
    Compiled unfused = Compiled.of(List.of("-Agradgen.fuse=false"), "p.Ops", SOURCE);
    assertTrue(fusedSource(fused).contains("Fused"), "the fused build has fused helpers");
    assertTrue(!fusedSource(unfused).contains("Fused"), "the unfused build has none");
    Random random = new Random(7);
    for (int trial = 0; trial < 50; trial++) {
      double x = 0.5 + 1.5 * random.nextDouble();
      double y = 0.5 + 1.5 * random.nextDouble();
      for (String f : List.of("arithmetic", "elementary", "twoArgument")) {
        Object a = fused.call("p.OpsGradients", f + "Gradient", x, y);
        Object b = unfused.call("p.OpsGradients", f + "Gradient", x, y);
        double plain = (double) fused.call("p.Ops", f, x, y);
        assertEquals(plain, (double) Compiled.component(a, "value"), 0.0, f);
        assertEquals(plain, (double) Compiled.component(b, "value"), 0.0, f);
        for (String partial : List.of("x", "y")) {
          assertClose(
              (double) Compiled.component(b, partial),
              (double) Compiled.component(a, partial),
              f + " d/d" + partial);
        }
      }
      double[] v = {random.nextDouble(), random.nextDouble(), random.nextDouble()};
      Object a = fused.call("p.OpsGradients", "temporariesGradient", x, y, v);
      Object b = unfused.call("p.OpsGradients", "temporariesGradient", x, y, v);
      assertEquals(
          (double) fused.call("p.Ops", "temporaries", x, y, v),
          (double) Compiled.component(a, "value"),
          0.0);
      assertClose((double) Compiled.component(b, "x"), (double) Compiled.component(a, "x"), "x");
      assertClose((double) Compiled.component(b, "y"), (double) Compiled.component(a, "y"), "y");
      double[] va = (double[]) Compiled.component(a, "v");
      double[] vb = (double[]) Compiled.component(b, "v");
      for (int i = 0; i < v.length; i++) {
        assertClose(vb[i], va[i], "v[" + i + "]");
      }
    }
  }

  @Test
  void readsAfterASideEffectAreNotShared() {
    String source = """
        package p;
        import dev.gradgen.Differentiable;
        class SideEffects {
          @Differentiable(wrt = {"x"}) static double f(double[] x, int[] k) {
            int i = 0;
            double a = x[i] * x[k[i++]];
            double s = a + 3.0 * x[i];
            return s * x[i];
          }
        }
        """;
    Compiled compiled = Compiled.of("p.SideEffects", source);
    double[] x = {2.0, 5.0, 7.0};
    int[] k = {2, 0, 1};
    // i = 0 in the first statement, 1 afterwards: f = (x0 * x2 + 3 x1) * x1.
    Object g = compiled.call("p.SideEffectsGradients", "fGradient", x, k);
    assertEquals((2.0 * 7.0 + 3.0 * 5.0) * 5.0, (double) Compiled.component(g, "value"), 0.0);
    double[] dx = (double[]) Compiled.component(g, "x");
    assertEquals(7.0 * 5.0, dx[0], 0.0);
    assertEquals(2.0 * 7.0 + 6.0 * 5.0, dx[1], 0.0);
    assertEquals(2.0 * 5.0, dx[2], 0.0);
  }

  private static String fusedSource(Compiled compiled) {
    try {
      return compiled
          .compilation()
          .generatedSourceFile("p.OpsGradients")
          .orElseThrow()
          .getCharContent(true)
          .toString();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void assertClose(double expected, double actual, String what) {
    double tolerance = 1e-12 * Math.max(1.0, Math.abs(expected));
    assertEquals(expected, actual, tolerance, what);
  }
}
