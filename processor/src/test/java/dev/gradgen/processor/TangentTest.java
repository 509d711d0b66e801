package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Forward mode, {@code mTangent}: for a {@code double} method the tangent is the gradient dotted
 * with the direction, for a {@code double[]} one the Jacobian times the direction, and the value is
 * bit for bit the method's, fused and unfused.
 */
class TangentTest {

  private static final String SOURCE = """
      package t;

      import dev.gradgen.Differentiable;

      final class Fwd {
        final double scale = 1.5;

        @Differentiable
        static double rosenbrock(double[] x) {
          double sum = 0;
          for (int i = 0; i < x.length - 1; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1.0 - x[i];
            sum += 100.0 * a * a + b * b;
          }
          return sum;
        }

        @Differentiable
        static double mixed(double w, double[] v, double[][] m, int n) {
          double s = Math.sin(w) * n;
          for (int i = 0; i < v.length; i++) {
            s += v[i] * m[i][0] + Math.sqrt(m[i][1] * m[i][1] + w * w);
          }
          if (s > 100) {
            return s;
          }
          return s * Math.tanh(w);
        }

        @Differentiable
        static double fib(double x, int n) {
          return n < 2 ? x : fib(x, n - 1) * 0.5 + fib(x, n - 2) * x;
        }

        @Differentiable
        double instance(double x) {
          return scale * x * x;
        }

        // Parameters named like the tangents they would get.
        @Differentiable
        static double names(double x, double xTangent, double direction) {
          return x * xTangent * direction;
        }

        @Differentiable
        static double[] vector(double a, double[] b) {
          double[] out = new double[b.length + 1];
          for (int i = 0; i < b.length; i++) {
            out[i] = Math.exp(a * b[i]);
          }
          out[b.length] = a * a;
          return out;
        }
      }
      """;

  private static final Map<List<String>, Compiled> COMPILED = new ConcurrentHashMap<>();

  static List<List<String>> variants() {
    return GradientHarness.VARIANTS;
  }

  private static Compiled compile(List<String> options) {
    return COMPILED.computeIfAbsent(options, o -> Compiled.of(o, "t.Fwd", SOURCE));
  }

  private static double tangent(Object record) {
    return (double) Compiled.component(record, "tangent");
  }

  private static double get(Object record, String name) {
    return (double) Compiled.component(record, name);
  }

  private static void near(double expected, double actual) {
    assertEquals(expected, actual, 1e-12 * Math.max(1, Math.abs(expected)));
  }

  @ParameterizedTest
  @MethodSource("variants")
  void rosenbrockTangentIsGradientDotDirection(List<String> options) {
    Compiled c = compile(options);
    double[] x = {-1.2, 1.0, 0.5, 2.0};
    double[] v = {0.3, -1.0, 2.0, 0.25};
    Object t = c.call("t.FwdGradients", "rosenbrockTangent", x, v);
    Object g = c.call("t.FwdGradients", "rosenbrockGradient", (Object) x);
    assertEquals((double) c.call("t.Fwd", "rosenbrock", (Object) x), get(t, "value"));
    double[] grad = (double[]) Compiled.component(g, "x");
    double dot = 0;
    for (int i = 0; i < x.length; i++) {
      dot += grad[i] * v[i];
    }
    near(dot, tangent(t));
    // And against the analytic gradient of Rosenbrock's function.
    double analytic = 0;
    for (int i = 0; i < x.length; i++) {
      double d = 0;
      if (i < x.length - 1) {
        d += -400 * x[i] * (x[i + 1] - x[i] * x[i]) - 2 * (1 - x[i]);
      }
      if (i > 0) {
        d += 200 * (x[i] - x[i - 1] * x[i - 1]);
      }
      analytic += d * v[i];
    }
    near(analytic, tangent(t));
  }

  @ParameterizedTest
  @MethodSource("variants")
  void mixedParametersTangentIsGradientDotDirection(List<String> options) {
    Compiled c = compile(options);
    double w = 0.8;
    double[] v = {1.0, -2.0};
    double[][] m = {{0.5, 1.5}, {-1.0, 0.25}};
    double dw = -0.7;
    double[] dv = {0.2, 0.4};
    double[][] dm = {{1.0, -1.0}, {0.5, 2.0}};
    Object t = c.call("t.FwdGradients", "mixedTangent", w, v, m, 3, dw, dv, dm);
    Object g = c.call("t.FwdGradients", "mixedGradient", w, v, m, 3);
    assertEquals((double) c.call("t.Fwd", "mixed", w, v, m, 3), get(t, "value"));
    double dot = get(g, "w") * dw;
    double[] gv = (double[]) Compiled.component(g, "v");
    double[][] gm = (double[][]) Compiled.component(g, "m");
    for (int i = 0; i < 2; i++) {
      dot += gv[i] * dv[i];
      for (int k = 0; k < 2; k++) {
        dot += gm[i][k] * dm[i][k];
      }
    }
    near(dot, tangent(t));
  }

  @ParameterizedTest
  @MethodSource("variants")
  void recursionAndInstanceMethods(List<String> options) {
    Compiled c = compile(options);
    Object t = c.call("t.FwdGradients", "fibTangent", 1.1, 6, 2.0);
    Object g = c.call("t.FwdGradients", "fibGradient", 1.1, 6);
    assertEquals((double) c.call("t.Fwd", "fib", 1.1, 6), get(t, "value"));
    near(2.0 * get(g, "x"), tangent(t));
    Object receiver = c.newInstance("t.Fwd");
    Object it = c.call("t.FwdGradients", "instanceTangent", receiver, 2.0, -3.0);
    assertEquals(1.5 * 2.0 * 2.0, get(it, "value"));
    near(2 * 1.5 * 2.0 * -3.0, tangent(it));
  }

  @ParameterizedTest
  @MethodSource("variants")
  void tangentNamesAvoidTheParameters(List<String> options) {
    Compiled c = compile(options);
    // f = x y z: the tangent is y z dx + x z dy + x y dz.
    Object t = c.call("t.FwdGradients", "namesTangent", 2.0, 3.0, 5.0, 1.0, 10.0, 100.0);
    assertEquals(30.0, get(t, "value"));
    near(15.0 + 10.0 * 10.0 + 100.0 * 6.0, tangent(t));
  }

  @ParameterizedTest
  @MethodSource("variants")
  void vectorTangentIsJacobianTimesDirection(List<String> options) {
    Compiled c = compile(options);
    double a = 0.6;
    double[] b = {1.0, -0.5, 2.0};
    double da = 0.3;
    double[] db = {-1.0, 2.0, 0.5};
    Object t = c.call("t.FwdGradients", "vectorTangent", a, b, da, db);
    Object j = c.call("t.FwdGradients", "vectorJacobian", a, b);
    double[] value = (double[]) Compiled.component(t, "value");
    assertArrayEquals((double[]) c.call("t.Fwd", "vector", a, b), value);
    double[] tangent = (double[]) Compiled.component(t, "tangent");
    double[] ja = (double[]) Compiled.component(j, "a");
    double[][] jb = (double[][]) Compiled.component(j, "b");
    for (int i = 0; i < value.length; i++) {
      double expected = ja[i] * da;
      for (int k = 0; k < b.length; k++) {
        expected += jb[i][k] * db[k];
      }
      near(expected, tangent[i]);
      // Analytic: d exp(a b_i) = exp(a b_i) (b_i da + a db_i); d a^2 = 2 a da.
      near(i < b.length ? Math.exp(a * b[i]) * (b[i] * da + a * db[i]) : 2 * a * da, tangent[i]);
    }
  }

  @ParameterizedTest
  @MethodSource("variants")
  void aTangentOfTheWrongShapeIsRefused(List<String> options) {
    Compiled c = compile(options);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> c.call("t.FwdGradients", "rosenbrockTangent", new double[] {1, 2, 3},
            new double[] {1, 2}));
    assertEquals("xTangent has 2 elements, but its parameter has 3", e.getMessage());
    IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
        () -> c.call("t.FwdGradients", "mixedTangent", 1.0, new double[] {1, 2},
            new double[][] {{1, 2}, {3, 4}}, 1, 1.0, new double[] {1, 2},
            new double[][] {{1, 2}, {3}}));
    assertEquals("mTangent[1] has 1 elements, but its parameter's row has 2", rows.getMessage());
  }
}
