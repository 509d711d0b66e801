package dev.gradgen.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradgen.processor.Compiled;
import java.lang.reflect.Method;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Minimal reproductions of the processor bugs the gradient fuzzer found, each checked with and
 * without statement-level fusion.
 */
class FuzzRegressionTest {

  private static final String SOURCE = """
      package p;

      import dev.gradgen.Differentiable;

      class R {
        @Differentiable
        static double h(double x, double[] w) {
          return x * w[0];
        }

        // 1. An active array passed to a differentiable call whose value is needed as a plain
        //    value (here in a condition) was written as w.data(), which does not compile.
        @Differentiable
        static double plainCallWithActiveArray(double x, double[] w) {
          double s = x;
          if (h(1.0, w) > 0.0) {
            s = s * 2.0;
          }
          return s * w[1];
        }

        // 2. A fused run kept t as a temporary though a later compound assignment writes it, and
        //    dropped its declaration.
        @Differentiable
        static double temporaryWrittenLater(double x) {
          double t = Math.sin(x) * 2.0;
          double u = t * x + 1.0;
          t -= 1.0;
          return u;
        }

        // 3. Active locals initialised with constants made a fused run without inputs,
        //    Tensor.fused(value, ), which does not compile.
        @Differentiable(wrt = "x")
        static double constantRun(double x, double c) {
          double s = c;
          double t = Math.cos(2.0);
          s += x;
          t = t * x;
          return s + t;
        }

        // 4. Math.min in the index of a compound write into an active array was taken for a side
        //    effect and rejected.
        @Differentiable
        static double pureIndex(double x, int n) {
          double[] t = new double[3];
          t[Math.min(n, 2)] = x;
          t[Math.min(n, 2) % 3] *= x;
          return t[0] + t[1] + t[2];
        }

        // 5. An unused local joined a fused run as an input with partial 0 * sqrt'(x), which is NaN
        //    for x < 0: the gradient of x * y + 1 came out NaN.
        @Differentiable
        static double deadLocal(double x, double y) {
          double unused = Math.sqrt(x) * y;
          return x * y + 1.0;
        }
      }
      """;

  private static Object gradient(Compiled compiled, String name, Class<?>[] types, Object... args)
      throws ReflectiveOperationException {
    Method gradient = compiled.load("p.RGradients").getDeclaredMethod(name + "Gradient", types);
    Method plain = compiled.load("p.R").getDeclaredMethod(name, types);
    plain.setAccessible(true);
    Object record = gradient.invoke(null, args);
    assertEquals(
        Double.doubleToLongBits((double) plain.invoke(null, args)),
        Double.doubleToLongBits((double) Compiled.component(record, "value")),
        name + " value");
    return record;
  }

  private static double component(Object record, String name) {
    return (double) Compiled.component(record, name);
  }

  @ParameterizedTest(name = "fuse={0}")
  @ValueSource(booleans = {true, false})
  void bugsFoundByTheFuzzer(boolean fuse) throws ReflectiveOperationException {
    Compiled compiled =
        Compiled.of(fuse ? List.of() : List.of("-Agradgen.fuse=false"), "p.R", SOURCE);
    Class<?>[] xw = {double.class, double[].class};
    Class<?>[] x = {double.class};
    Class<?>[] xc = {double.class, double.class};
    Class<?>[] xn = {double.class, int.class};

    Object g = gradient(compiled, "plainCallWithActiveArray", xw, 1.5, new double[] {0.5, -2.0});
    assertEquals(-4.0, component(g, "x"), 0.0);
    assertArrayEquals(new double[] {0.0, 3.0}, (double[]) Compiled.component(g, "w"), 0.0);

    g = gradient(compiled, "temporaryWrittenLater", x, 0.7);
    assertEquals(2.0 * Math.cos(0.7) * 0.7 + 2.0 * Math.sin(0.7), component(g, "x"), 1e-15);

    g = gradient(compiled, "constantRun", xc, 0.7, 3.0);
    assertEquals(1.0 + Math.cos(2.0), component(g, "x"), 1e-15);

    for (int n : new int[] {1, 5}) {
      g = gradient(compiled, "pureIndex", xn, 0.7, n);
      assertEquals(1.4, component(g, "x"), 1e-15);
    }

    g = gradient(compiled, "deadLocal", xc, -1.0, 2.0);
    assertEquals(2.0, component(g, "x"), 0.0);
    assertEquals(-1.0, component(g, "y"), 0.0);
  }
}
