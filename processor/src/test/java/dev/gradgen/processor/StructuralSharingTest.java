package dev.gradgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The writers' structural decisions, end to end: equal pure reads of a fused second-order node are
 * one input, but reads with side effects ({@code x[k++]} twice) are two, so the Hessian is that of
 * {@code x[0] x[1]}, not of {@code x[0]^2}; a preaccumulated loop shares equal elements and keeps
 * apart elements at different plain indices; methods named like fused helpers ({@code a}, {@code
 * aFused}, {@code aFused1}) get helpers and forward functions of their own. Expected values are
 * analytic derivatives.
 */
class StructuralSharingTest {

  private static final String SOURCE = """
      package s;

      import dev.gradgen.Differentiable;

      final class Shapes {
        /** x0 x1 + x0^2 + x1^3, one fused node: the x[k++] are two inputs, the x[1] one. */
        @Differentiable(order = 2)
        static double effects(double[] x) {
          int k = 0;
          return x[k++] * x[k++] + x[0] * x[0] + x[1] * x[1] * x[1];
        }

        /** sum over i of x[i] x[i] + x[n - 1 - i] x[i] + x[-(-i)]: as its own loop or not. */
        @Differentiable
        static double reduction(double[] x) {
          double s = 0.0;
          int n = x.length;
          for (int i = 0; i < n; i++) {
            s += x[i] * x[i] + x[n - 1 - i] * x[i] + x[-(-i)];
          }
          return s;
        }

        @Differentiable
        static double a(double x) {
          return x * x * Math.sin(x);
        }

        @Differentiable
        static double aFused(double x) {
          return Math.exp(x) * x + a(x);
        }

        @Differentiable
        static double aFused1(double x) {
          return x * x * x + aFused(x);
        }
      }
      """;

  private static Compiled compile(boolean fuse) {
    Compiled compiled =
        Compiled.of(fuse ? List.of() : List.of("-Agradgen.fuse=false"), "s.Shapes", SOURCE);
    assertThat(compiled.compilation()).succeededWithoutWarnings();
    return compiled;
  }

  private static void near(double expected, double actual, String what) {
    assertEquals(expected, actual, 1e-12 * Math.max(1.0, Math.abs(expected)), what);
  }

  @ParameterizedTest(name = "fuse {0}")
  @ValueSource(booleans = {true, false})
  void readsWithSideEffectsAreNotShared(boolean fuse) {
    double[] x = {0.7, -1.3};
    Object record = compile(fuse).call("s.ShapesGradients", "effectsHessian", (Object) x.clone());
    double[][] h = (double[][]) Compiled.component(record, "hessian");
    // f = x0 x1 + x0^2 + x1^3: H = [[2, 1], [1, 6 x1]].
    near(2.0, h[0][0], "d2f/dx0^2");
    near(1.0, h[0][1], "d2f/dx0dx1");
    near(1.0, h[1][0], "d2f/dx1dx0");
    near(6.0 * x[1], h[1][1], "d2f/dx1^2");
    double[] g = (double[]) Compiled.component(record, "gradient");
    near(x[1] + 2.0 * x[0], g[0], "df/dx0");
    near(x[0] + 3.0 * x[1] * x[1], g[1], "df/dx1");
  }

  @ParameterizedTest(name = "fuse {0}")
  @ValueSource(booleans = {true, false})
  void aLoopSharesEqualElementsOnly(boolean fuse) {
    double[] x = {0.5, -2.0, 3.0, 1.25};
    int n = x.length;
    Object record = compile(fuse).call("s.ShapesGradients", "reductionGradient", (Object) x);
    double[] g = (double[]) Compiled.component(record, "x");
    for (int j = 0; j < n; j++) {
      // d/dx_j of x_i^2 is 2 x_j at i = j; of x_{n-1-i} x_i, x_{n-1-j} at i = j and at
      // i = n - 1 - j; of x_i, 1.
      near(2.0 * x[j] + 2.0 * x[n - 1 - j] + 1.0, g[j], "df/dx" + j);
    }
  }

  @ParameterizedTest(name = "fuse {0}")
  @ValueSource(booleans = {true, false})
  void methodsNamedLikeHelpersKeepTheirOwn(boolean fuse) {
    Compiled compiled = compile(fuse);
    double x = 0.8;
    double da = 2 * x * Math.sin(x) + x * x * Math.cos(x);
    double dFused = Math.exp(x) * (x + 1.0) + da;
    double dFused1 = 3 * x * x + dFused;
    near(
        da,
        (double) Compiled.component(compiled.call("s.ShapesGradients", "aGradient", x), "x"),
        "a'");
    near(
        dFused,
        (double) Compiled.component(compiled.call("s.ShapesGradients", "aFusedGradient", x), "x"),
        "aFused'");
    near(
        dFused1,
        (double) Compiled.component(compiled.call("s.ShapesGradients", "aFused1Gradient", x), "x"),
        "aFused1'");
    near(
        2.0 * dFused1,
        (double) Compiled.component(
            compiled.call("s.ShapesGradients", "aFused1Tangent", x, 2.0), "tangent"),
        "aFused1' in direction 2");
  }
}
