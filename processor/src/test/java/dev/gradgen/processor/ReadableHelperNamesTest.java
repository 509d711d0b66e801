package dev.gradgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fused helpers name inputs after the user's variables and their adjoints {@code _d_name}:
 * user variables named like the generated names ({@code _d_x}, {@code t0}, {@code in0}, {@code
 * xNode}, {@code value}, a class the helper names) must still compile, to the right derivatives.
 */
class ReadableHelperNamesTest {

  private static final String SOURCE = """
      package names;

      import dev.gradgen.Differentiable;

      final class Clash {
        @Differentiable
        static double f(double x, double _d_x, double t0, double in0, double Derivatives) {
          double value = x * _d_x + t0 / in0;
          double xNode = Math.sin(value) * Derivatives;
          return xNode * xNode + Math.max(x, t0) * value;
        }

        @Differentiable
        static double g(double[] b, double b_0, double Tensor) {
          return b[0] * b_0 + b[1] * Tensor * b[0];
        }
      }
      """;

  @ParameterizedTest(name = "fuse {0}")
  @ValueSource(booleans = {true, false})
  void namesLikeGeneratedOnesCompileToTheRightGradient(boolean fuse) {
    Compiled compiled =
        Compiled.of(fuse ? List.of() : List.of("-Agradgen.fuse=false"), "names.Clash", SOURCE);
    assertThat(compiled.compilation()).succeededWithoutWarnings();
    double x = 0.7;
    double dx = 1.3;
    double t0 = 0.4;
    double in0 = 2.0;
    double d = 0.9;
    Object gradient = compiled.call("names.ClashGradients", "fGradient", x, dx, t0, in0, d);
    double plain = (double) compiled.call("names.Clash", "f", x, dx, t0, in0, d);
    assertEquals(Double.doubleToLongBits(plain), Double.doubleToLongBits((double)
        Compiled.component(gradient, "value")));
    // f = v^2 + max(x, t0) u with u = x dx + t0 / in0, v = sin(u) D; here x > t0.
    double u = x * dx + t0 / in0;
    double v = Math.sin(u) * d;
    double dv = 2 * v * Math.cos(u) * d;
    assertClose(dv * dx + u + x * dx, Compiled.component(gradient, "x"));
    assertClose(dv * x + x * x, Compiled.component(gradient, "_d_x"));
    assertClose(dv / in0 + x / in0, Compiled.component(gradient, "t0"));
    assertClose((dv + x) * (-t0 / (in0 * in0)), Compiled.component(gradient, "in0"));
    assertClose(2 * v * Math.sin(u), Compiled.component(gradient, "Derivatives"));

    double[] b = {1.5, -0.25};
    double b0 = 3.0;
    double tensor = 0.5;
    Object second = compiled.call("names.ClashGradients", "gGradient", b, b0, tensor);
    // g = b0' b_0 + b1 T b0': dg/db = (b_0 + b1 T, T b0), dg/db_0 = b0', dg/dT = b1 b0'.
    double[] db = (double[]) Compiled.component(second, "b");
    assertClose(b0 + b[1] * tensor, db[0]);
    assertClose(tensor * b[0], db[1]);
    assertClose(b[0], Compiled.component(second, "b_0"));
    assertClose(b[1] * b[0], Compiled.component(second, "Tensor"));
  }

  private static void assertClose(double expected, Object actual) {
    double got = (double) actual;
    assertTrue(
        Math.abs(got - expected) <= 1e-13 * Math.max(1.0, Math.abs(expected)),
        "expected " + expected + " but was " + got);
  }
}
