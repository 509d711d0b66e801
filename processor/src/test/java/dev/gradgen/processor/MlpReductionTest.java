package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Preaccumulated reduction loops of the shapes a small neural network has (nested layer loops whose
 * inner sums read node activations and weights of one {@code double[]} parameter) and counting
 * loops whose condition offsets the counter ({@code i + 1 < x.length}): gradients against
 * hand-written backpropagation, fused against unfused, values bit for bit the plain method's, loops
 * that run zero times, and buffers sized from the trip count instead of grown.
 */
class MlpReductionTest {

  private static final String SOURCE = """
      package p;
      import dev.gradgen.Differentiable;
      class Net {
        /** 2-3-2-1 tanh network, squared error over the samples: 9 + 8 + 3 = 20 parameters. */
        @Differentiable(wrt = "p")
        static double mlp(double[] p, double[] xs, double[] ys) {
          int n = ys.length;
          double[] h1 = new double[3];
          double[] h2 = new double[2];
          double loss = 0.0;
          for (int s = 0; s < n; s++) {
            double x0 = xs[2 * s];
            double x1 = xs[2 * s + 1];
            for (int j = 0; j < 3; j++) {
              h1[j] = Math.tanh(p[2 * j] * x0 + p[2 * j + 1] * x1 + p[6 + j]);
            }
            for (int j = 0; j < 2; j++) {
              double z = p[15 + j];
              for (int i = 0; i < 3; i++) {
                z += p[9 + 3 * j + i] * h1[i];
              }
              h2[j] = Math.tanh(z);
            }
            double out = p[19];
            for (int i = 0; i < 2; i++) {
              out += p[17 + i] * h2[i];
            }
            double e = out - ys[s];
            loss += e * e;
          }
          return loss / n;
        }
        @Differentiable static double chain(double[] x) {
          double s = 0.0;
          for (int i = 0; i + 1 < x.length; i++) {
            double a = x[i + 1] - x[i] * x[i];
            s += a * a;
          }
          return s;
        }
        @Differentiable static double chainFromOne(double[] x) {
          double s = 0.0;
          for (int i = 1; 1 + i <= x.length; i++) {
            s += x[i] * x[i - 1];
          }
          return s;
        }
        @Differentiable static double chainDown(double[] x) {
          double s = 0.0;
          for (int i = x.length - 1; i - 1 >= 0; i--) {
            s += x[i] * x[i - 1];
          }
          return s;
        }
        @Differentiable static double chainScaled(double[] x, double c) {
          double s = 0.0;
          for (int i = 0; i + 1 < x.length; i++) {
            s += c * x[i + 1] * x[i];
          }
          return s;
        }
      }
      """;

  private static final Compiled FUSED = Compiled.of("p.Net", SOURCE);
  private static final Compiled UNFUSED =
      Compiled.of(List.of("-Agradgen.fuse=false"), "p.Net", SOURCE);

  private static final double[] XS = {0.5, -1.25, 1.5, 0.75, -0.3, 2.0};
  private static final double[] YS = {0.2, -0.4, 0.9};

  private static double[] parameters() {
    double[] p = new double[20];
    for (int k = 0; k < p.length; k++) {
      p[k] = 0.37 * Math.sin(1.7 * k + 0.3);
    }
    return p;
  }

  @Test
  void theNetworkGradientIsBackpropagationByHand() {
    double[] p = parameters();
    double[] expected = backprop(p, XS, YS);
    for (Compiled compiled : List.of(FUSED, UNFUSED)) {
      Object g = compiled.call("p.NetGradients", "mlpGradient", p, XS, YS);
      GradientHarness.assertClose(expected, Compiled.component(g, "p"), 1e-13, "dp");
      GradientHarness.assertBitsEqual(
          (double) compiled.call("p.Net", "mlp", p, XS, YS),
          (double) Compiled.component(g, "value"),
          "value");
    }
  }

  @Test
  void fusedAndUnfusedNetworkGradientsAgreeUpToSummationOrder() {
    double[] p = parameters();
    Object fused = Compiled.component(FUSED.call("p.NetGradients", "mlpGradient", p, XS, YS), "p");
    Object unfused =
        Compiled.component(UNFUSED.call("p.NetGradients", "mlpGradient", p, XS, YS), "p");
    // Fusion changes how a partial is rounded (a product of local partials instead of a chain of
    // nodes), so the two agree to a few ulps of the gradient's size, not bit for bit.
    GradientHarness.assertClose(unfused, fused, 1e-14, "fused against unfused");
  }

  @Test
  void aNetworkWithNoSamplesHasValueNaNAndZeroGradient() {
    double[] p = parameters();
    Object g = FUSED.call("p.NetGradients", "mlpGradient", p, new double[0], new double[0]);
    // loss / n with n = 0 is 0.0 / 0 = NaN in the plain method; no sample reads a parameter.
    assertTrue(Double.isNaN((double) Compiled.component(g, "value")));
    double[] dp = (double[]) Compiled.component(g, "p");
    for (int k = 0; k < dp.length; k++) {
      assertEquals(0.0, dp[k], "dp[" + k + "]");
    }
  }

  @Test
  void anOffsetCounterConditionGivesTheAnalyticGradient() {
    double[] x = {0.4, -1.1, 2.3, 0.7, -0.2};
    for (Compiled compiled : List.of(FUSED, UNFUSED)) {
      Object g = compiled.call("p.NetGradients", "chainGradient", x);
      // s = sum_i a_i^2 with a_i = x_{i+1} - x_i^2: ds/dx_k = 2 a_{k-1} - 4 x_k a_k.
      double[] dx = (double[]) Compiled.component(g, "x");
      for (int k = 0; k < x.length; k++) {
        double d = 0.0;
        if (k >= 1) {
          d += 2.0 * (x[k] - x[k - 1] * x[k - 1]);
        }
        if (k + 1 < x.length) {
          d -= 4.0 * x[k] * (x[k + 1] - x[k] * x[k]);
        }
        assertEquals(d, dx[k], 1e-12, "x[" + k + "]");
      }
      GradientHarness.assertBitsEqual(
          (double) compiled.call("p.Net", "chain", x),
          (double) Compiled.component(g, "value"),
          "value");
    }
  }

  @Test
  void offsetConditionsUpDownAndWithAScalarGiveTheAnalyticGradients() {
    double[] x = {1.5, -0.5, 0.25, 2.0};
    double c = -1.75;
    // s = sum_{i>=1} x_i x_{i-1} (both loops): ds/dx_k = x_{k-1} + x_{k+1} where they exist.
    for (String method : new String[] {"chainFromOne", "chainDown"}) {
      double[] dx =
          (double[]) Compiled.component(FUSED.call("p.NetGradients", method + "Gradient", x), "x");
      for (int k = 0; k < x.length; k++) {
        double d = (k >= 1 ? x[k - 1] : 0.0) + (k + 1 < x.length ? x[k + 1] : 0.0);
        assertEquals(d, dx[k], 1e-15, method + " x[" + k + "]");
      }
    }
    Object g = FUSED.call("p.NetGradients", "chainScaledGradient", x, c);
    double[] dx = (double[]) Compiled.component(g, "x");
    double dc = 0.0;
    for (int k = 0; k < x.length; k++) {
      double d = (k >= 1 ? x[k - 1] : 0.0) + (k + 1 < x.length ? x[k + 1] : 0.0);
      assertEquals(c * d, dx[k], 1e-15, "chainScaled x[" + k + "]");
      if (k + 1 < x.length) {
        dc += x[k + 1] * x[k];
      }
    }
    assertEquals(dc, (double) Compiled.component(g, "c"), 1e-15, "chainScaled c");
  }

  @Test
  void offsetConditionLoopsThatRunZeroTimesGiveZeroGradients() {
    for (double[] x : new double[][] {{}, {3.0}}) {
      for (String method : new String[] {"chain", "chainFromOne", "chainDown"}) {
        Object g = FUSED.call("p.NetGradients", method + "Gradient", (Object) x);
        assertEquals(0.0, (double) Compiled.component(g, "value"), method);
        double[] dx = (double[]) Compiled.component(g, "x");
        for (double d : dx) {
          assertEquals(0.0, d, method);
        }
      }
      Object g = FUSED.call("p.NetGradients", "chainScaledGradient", x, 2.0);
      assertEquals(0.0, (double) Compiled.component(g, "c"), "chainScaled c");
    }
  }

  @Test
  void offsetConditionLoopsSizeTheirBuffersOnceAndNeverGrowThem() {
    String source = generated();
    for (String method : new String[] {"chain", "chainFromOne", "chainDown", "chainScaled"}) {
      String loop = arrayLeafLoopOf(source, method);
      assertTrue(loop.contains("Trips = "), method + ":\n" + loop);
      assertFalse(loop.contains("copyOf"), method + ":\n" + loop);
    }
    assertTrue(
        arrayLeafLoopOf(source, "chain").contains("Trips = (long) (x.length()) - (i + 1);"),
        source);
    assertTrue(
        arrayLeafLoopOf(source, "chainDown").contains("Trips = (long) (i - 1) - (0) + 1L;"),
        source);
  }

  /**
   * Hand-written backpropagation of {@code mlp}: the chain rule layer by layer, tanh' = 1 - tanh².
   */
  private static double[] backprop(double[] p, double[] xs, double[] ys) {
    int n = ys.length;
    double[] g = new double[p.length];
    for (int s = 0; s < n; s++) {
      double[] x = {xs[2 * s], xs[2 * s + 1]};
      double[] h1 = new double[3];
      for (int j = 0; j < 3; j++) {
        h1[j] = Math.tanh(p[2 * j] * x[0] + p[2 * j + 1] * x[1] + p[6 + j]);
      }
      double[] h2 = new double[2];
      for (int j = 0; j < 2; j++) {
        double z = p[15 + j];
        for (int i = 0; i < 3; i++) {
          z += p[9 + 3 * j + i] * h1[i];
        }
        h2[j] = Math.tanh(z);
      }
      double out = p[19] + p[17] * h2[0] + p[18] * h2[1];
      double dOut = 2.0 * (out - ys[s]) / n;
      g[19] += dOut;
      double[] dh1 = new double[3];
      for (int j = 0; j < 2; j++) {
        g[17 + j] += dOut * h2[j];
        double dz = dOut * p[17 + j] * (1.0 - h2[j] * h2[j]);
        g[15 + j] += dz;
        for (int i = 0; i < 3; i++) {
          g[9 + 3 * j + i] += dz * h1[i];
          dh1[i] += dz * p[9 + 3 * j + i];
        }
      }
      for (int j = 0; j < 3; j++) {
        double dt = dh1[j] * (1.0 - h1[j] * h1[j]);
        g[2 * j] += dt * x[0];
        g[2 * j + 1] += dt * x[1];
        g[6 + j] += dt;
      }
    }
    return g;
  }

  /** The preaccumulated loop of the array-leaf builder of {@code method}. */
  private static String arrayLeafLoopOf(String source, String method) {
    int start = source.indexOf("private static Tensor " + method + "(ArrayLeaf");
    assertTrue(start >= 0, source);
    int loop = source.indexOf("the loop gathers its partials", start);
    // Tensor.fused for the public builder, GeneratedSupport.fused for the array-leaf one.
    int end = source.indexOf(".fused(", loop);
    assertTrue(loop >= 0 && end > loop, source);
    return source.substring(loop, end);
  }

  private static String generated() {
    try {
      return FUSED
          .compilation()
          .generatedSourceFile("p.NetGradients")
          .orElseThrow()
          .getCharContent(true)
          .toString();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
