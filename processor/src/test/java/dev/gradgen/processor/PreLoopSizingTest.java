package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Preaccumulated loops whose buffers are sized before the loop (a counter declared from literals,
 * locals and array lengths, compared on the condition's left): gradients against the analytic
 * ones, up and down, from a start that is a parameter, loops that run zero times, values bit for
 * bit the plain method's, and the generated code sizing the buffers once, ahead of the loop.
 */
class PreLoopSizingTest {

  private static final String SOURCE = """
      package p;
      import dev.gradgen.Differentiable;
      class Sums {
        @Differentiable static double squares(double[] x) {
          double s = 0.0;
          for (int i = 0; i < x.length; i++) {
            s += x[i] * x[i];
          }
          return s;
        }
        @Differentiable(wrt = "x") static double differences(double[] x, int k) {
          double s = 0.0;
          for (int i = k; i < x.length - 1; i++) {
            double a = x[i + 1] - x[i];
            s += a * a;
          }
          return s;
        }
        @Differentiable static double weightedDown(double[] x) {
          double s = 0.0;
          for (int i = x.length - 1; i >= 0; i--) {
            s += (i + 1) * x[i];
          }
          return s;
        }
      }
      """;

  private static final Compiled FUSED = Compiled.of("p.Sums", SOURCE);
  private static final Compiled UNFUSED =
      Compiled.of(List.of("-Agradgen.fuse=false"), "p.Sums", SOURCE);

  private static final double[] X = {0.75, -1.5, 2.25, 0.5, -0.125};

  @Test
  void squaresGiveTwiceTheElements() {
    for (Compiled compiled : List.of(FUSED, UNFUSED)) {
      for (double[] x : new double[][] {X, {}, {3.0}}) {
        Object g = compiled.call("p.SumsGradients", "squaresGradient", (Object) x);
        double[] dx = (double[]) Compiled.component(g, "x");
        assertEquals(x.length, dx.length);
        for (int k = 0; k < x.length; k++) {
          assertEquals(2.0 * x[k], dx[k], 0.0, "x[" + k + "]");
        }
        GradientHarness.assertBitsEqual(
            (double) compiled.call("p.Sums", "squares", (Object) x),
            (double) Compiled.component(g, "value"),
            "value");
      }
    }
  }

  @Test
  void differencesFromAParameterStartGiveTheAnalyticGradient() {
    for (Compiled compiled : List.of(FUSED, UNFUSED)) {
      // k = 10 is past the end: the loop runs zero times and the gradient is zero.
      for (int k : new int[] {0, 2, 3, 4, 10}) {
        Object g = compiled.call("p.SumsGradients", "differencesGradient", X, k);
        double[] dx = (double[]) Compiled.component(g, "x");
        // s = sum_{i=k}^{n-2} (x_{i+1} - x_i)^2: ds/dx_m = 2 a_{m-1} [m-1 >= k] - 2 a_m [m >= k].
        for (int m = 0; m < X.length; m++) {
          double d = 0.0;
          if (m - 1 >= k && m - 1 <= X.length - 2) {
            d += 2.0 * (X[m] - X[m - 1]);
          }
          if (m >= k && m <= X.length - 2) {
            d -= 2.0 * (X[m + 1] - X[m]);
          }
          assertEquals(d, dx[m], 1e-15, "k = " + k + ", x[" + m + "]");
        }
        GradientHarness.assertBitsEqual(
            (double) compiled.call("p.Sums", "differences", X, k),
            (double) Compiled.component(g, "value"),
            "value");
      }
    }
  }

  @Test
  void aLoopCountingDownGivesTheWeights() {
    for (Compiled compiled : List.of(FUSED, UNFUSED)) {
      for (double[] x : new double[][] {X, {}}) {
        Object g = compiled.call("p.SumsGradients", "weightedDownGradient", (Object) x);
        double[] dx = (double[]) Compiled.component(g, "x");
        for (int k = 0; k < x.length; k++) {
          assertEquals(k + 1.0, dx[k], 0.0, "x[" + k + "]");
        }
      }
    }
  }

  @Test
  void theBuffersAreSizedOnceBeforeTheLoop() {
    String source = generated();
    for (String method : new String[] {"squares", "differences", "weightedDown"}) {
      String loop = arrayLeafLoopOf(source, method);
      int sized = loop.indexOf("Trips = ");
      int header = loop.indexOf("for (");
      assertTrue(sized >= 0 && header > sized, method + ":\n" + loop);
      assertFalse(loop.contains("copyOf"), method + ":\n" + loop);
    }
  }

  /** The preaccumulated loop of the array-leaf builder of {@code method}. */
  private static String arrayLeafLoopOf(String source, String method) {
    int start = source.indexOf("private static Tensor " + method + "(ArrayLeaf");
    assertTrue(start >= 0, source);
    int loop = source.indexOf("the loop gathers its partials", start);
    int end = source.indexOf(".fused(", loop);
    assertTrue(loop >= 0 && end > loop, source);
    return source.substring(loop, end);
  }

  private static String generated() {
    try {
      return FUSED
          .compilation()
          .generatedSourceFile("p.SumsGradients")
          .orElseThrow()
          .getCharContent(true)
          .toString();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
