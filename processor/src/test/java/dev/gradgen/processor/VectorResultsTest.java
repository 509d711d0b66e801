package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradgen.Tape;
import dev.gradgen.Tensor;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code @Differentiable} methods returning {@code double[]}: their Jacobians against analytic
 * ones, by both strategies, their values bit for bit, and calls of them from other methods (active
 * and constant arguments, aliasing of the result), fused and unfused.
 */
class VectorResultsTest {

  private static final double TOLERANCE = 1e-12;

  static final String SOURCE = """
      package v;

      import dev.gradgen.Differentiable;

      final class Vec {
        // m = 5 outputs, n = 2 inputs: forward sweeps.
        @Differentiable
        static double[] tall(double a, double b) {
          return new double[] {a * a * b, a + 3 * b, Math.exp(a * b), b * b * b, a / b};
        }

        // m = 2 outputs, n = 4 inputs: backward passes.
        @Differentiable
        static double[] wide(double[] x) {
          double sum = 0;
          double product = 1;
          for (int i = 0; i < x.length; i++) {
            sum += x[i] * x[i];
            product *= x[i];
          }
          return new double[] {sum, product};
        }

        // softmax: J = diag(y) - y y^T.
        @Differentiable
        static double[] softmax(double[] x) {
          double[] out = new double[x.length];
          double total = 0;
          for (int i = 0; i < x.length; i++) {
            out[i] = Math.exp(x[i]);
            total += out[i];
          }
          for (int i = 0; i < x.length; i++) {
            out[i] = out[i] / total;
          }
          return out;
        }

        // y_i = exp(k * x_i) + k: a scalar and an array parameter.
        @Differentiable
        static double[] scaledExp(double[] x, double k) {
          double[] out = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            out[i] = Math.exp(k * x[i]) + k;
          }
          return out;
        }

        // Row sums and the (0, 1) element squared of a matrix.
        @Differentiable
        static double[] rows(double[][] m) {
          double[] out = new double[m.length + 1];
          for (int i = 0; i < m.length; i++) {
            for (double e : m[i]) {
              out[i] += e;
            }
          }
          out[m.length] = m[0][1] * m[0][1];
          return out;
        }

        // Early returns, and returning a parameter's own array.
        @Differentiable
        static double[] branchy(double[] x, double t) {
          if (t < 0) {
            return x;
          }
          if (t > 10) {
            return new double[] {t};
          }
          double[] out = x.clone();
          out[0] = out[0] * t;
          return out;
        }

        // Recursion: the powers 1, x, x^2, ..., x^n.
        @Differentiable
        static double[] powers(double x, int n) {
          if (n == 0) {
            return new double[] {1.0};
          }
          double[] previous = powers(x, n - 1);
          double[] out = new double[n + 1];
          for (int i = 0; i < n; i++) {
            out[i] = previous[i];
          }
          out[n] = previous[n - 1] * x;
          return out;
        }

        // Calls: a double method of a vector one, in both active and constant calls.
        @Differentiable
        static double product(double[] x, double t) {
          double[] r = scaledExp(x, t);
          double[] c = scaledExp(new double[] {1.0, 2.0}, 0.5);
          return r[0] * r[1] + c[1] * t;
        }

        // A vector method of a vector one, the call's result read as an element directly.
        @Differentiable
        static double[] chained(double[] x) {
          double[] w = wide(x);
          return new double[] {w[0] + w[1], wide(x)[1] * x[0], tall(x[0], x[1])[2]};
        }

        // The result of a method that returns its argument shares it: a write through one is
        // seen through the other, in the plain method and in the graph.
        @Differentiable
        static double aliased(double x, double y) {
          double[] a = {x, y};
          double[] r = branchy(a, -1.0);
          r[0] = r[0] * 3;
          return a[0] + r[1];
        }

        // A constant local array passed to a vector method whose result is written.
        @Differentiable
        static double constantArgument(double t) {
          double[] c = {1.0, 2.0};
          double[] r = branchy(c, t);
          r[1] = r[1] + t;
          return r[0] + r[1] + c[1];
        }

        // Arrays filled in loops, a while loop with a break, a conditional array.
        @Differentiable
        static double[] loops(double[] x, double s) {
          double[] out = new double[3];
          int i = 0;
          while (true) {
            if (i == x.length) {
              break;
            }
            out[i % 3] += s * x[i];
            i++;
          }
          double[] pick = s > 0 ? out : x;
          return pick;
        }
      }
      """;

  static List<List<String>> variants() {
    return GradientHarness.VARIANTS;
  }

  private static final Map<List<String>, Compiled> COMPILED = new ConcurrentHashMap<>();

  /** The source compiled once per variant. */
  static Compiled compile(List<String> options) {
    return COMPILED.computeIfAbsent(options, o -> Compiled.of(o, "v.Vec", SOURCE));
  }

  private static Object jacobian(Compiled c, String method, Object... args) {
    return c.call("v.VecGradients", method + "Jacobian", args);
  }

  private static double[] value(Object record) {
    return (double[]) Compiled.component(record, "value");
  }

  private static double[][] block(Object record, String name) {
    return (double[][]) Compiled.component(record, name);
  }

  private static double[] column(Object record, String name) {
    return (double[]) Compiled.component(record, name);
  }

  private static void near(double expected, double actual, String what) {
    assertEquals(expected, actual, TOLERANCE * Math.max(1, Math.abs(expected)), what);
  }

  private static void near(double[][] expected, double[][] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i].length, actual[i].length, "row " + i);
      for (int j = 0; j < expected[i].length; j++) {
        near(expected[i][j], actual[i][j], "[" + i + "][" + j + "]");
      }
    }
  }

  @ParameterizedTest
  @MethodSource("variants")
  void tallJacobianByForwardSweepsIsAnalytic(List<String> options) {
    Compiled c = compile(options);
    double a = 0.7;
    double b = 1.3;
    assertTrue(Tensor.jacobianByForwardSweeps(2, 5));
    Object j = jacobian(c, "tall", a, b);
    assertArrayEquals((double[]) c.call("v.Vec", "tall", a, b), value(j));
    double e = Math.exp(a * b);
    near(new double[][] {{2 * a * b, a * a}, {1, 3}, {b * e, a * e}, {0, 3 * b * b},
        {1 / b, -a / (b * b)}}, transpose(column(j, "a"), column(j, "b")));
  }

  @ParameterizedTest
  @MethodSource("variants")
  void wideJacobianByBackwardPassesIsAnalytic(List<String> options) {
    Compiled c = compile(options);
    double[] x = {0.5, -1.5, 2.0, 3.0};
    assertFalse(Tensor.jacobianByForwardSweeps(4, 2));
    Object j = jacobian(c, "wide", (Object) x);
    assertArrayEquals((double[]) c.call("v.Vec", "wide", (Object) x), value(j));
    double product = x[0] * x[1] * x[2] * x[3];
    double[][] expected = new double[2][4];
    for (int k = 0; k < 4; k++) {
      expected[0][k] = 2 * x[k];
      expected[1][k] = product / x[k];
    }
    near(expected, block(j, "x"));
  }

  /** Both strategies agree: the Jacobian by backward passes against tangents, column by column. */
  @ParameterizedTest
  @MethodSource("variants")
  void strategiesAgree(List<String> options) {
    Compiled c = compile(options);
    double[] x = {0.5, -1.5, 2.0, 3.0};
    double[][] byRows = block(jacobian(c, "wide", (Object) x), "x");
    for (int k = 0; k < x.length; k++) {
      double[] direction = new double[x.length];
      direction[k] = 1;
      double[] tangent = (double[]) Compiled.component(
          c.call("v.VecGradients", "wideTangent", x, direction), "tangent");
      for (int i = 0; i < 2; i++) {
        near(byRows[i][k], tangent[i], "column " + k);
      }
    }
    // The tall one (forward sweeps) against backward passes over its builder's graph.
    double a = 0.7;
    double b = 1.3;
    Object j = jacobian(c, "tall", a, b);
    double[][] forward = transpose(column(j, "a"), column(j, "b"));
    Tape tape = new Tape();
    Tensor an = tape.leaf(a);
    Tensor bn = tape.leaf(b);
    Tensor[] out = (Tensor[]) c.call("v.VecGradients", "tall", an, bn);
    for (int i = 0; i < out.length; i++) {
      an.zeroGrad();
      bn.zeroGrad();
      out[i].backward();
      near(an.grad(), forward[i][0], "row " + i + " a");
      near(bn.grad(), forward[i][1], "row " + i + " b");
    }
  }

  @ParameterizedTest
  @MethodSource("variants")
  void softmaxJacobianIsAnalytic(List<String> options) {
    Compiled c = compile(options);
    double[] x = {0.1, -0.4, 1.2};
    Object j = jacobian(c, "softmax", (Object) x);
    double[] y = value(j);
    assertArrayEquals((double[]) c.call("v.Vec", "softmax", (Object) x), y);
    double total = Math.exp(0.1) + Math.exp(-0.4) + Math.exp(1.2);
    double[][] expected = new double[3][3];
    for (int i = 0; i < 3; i++) {
      double yi = Math.exp(x[i]) / total;
      for (int k = 0; k < 3; k++) {
        double yk = Math.exp(x[k]) / total;
        expected[i][k] = (i == k ? yi : 0) - yi * yk;
      }
    }
    near(expected, block(j, "x"));
  }

  @ParameterizedTest
  @MethodSource("variants")
  void exponentialWithScalarParameter(List<String> options) {
    Compiled c = compile(options);
    double[] x = {0.3, -0.2, 0.9, 1.1, 2.0};
    double k = 0.6;
    Object j = jacobian(c, "scaledExp", x, k);
    assertArrayEquals((double[]) c.call("v.Vec", "scaledExp", x, k), value(j));
    double[][] dx = block(j, "x");
    double[] dk = column(j, "k");
    for (int i = 0; i < x.length; i++) {
      for (int m = 0; m < x.length; m++) {
        near(i == m ? k * Math.exp(k * x[i]) : 0, dx[i][m], "dx");
      }
      near(x[i] * Math.exp(k * x[i]) + 1, dk[i], "dk");
    }
  }

  @ParameterizedTest
  @MethodSource("variants")
  void matrixParameterGivesOneBlockPerOutput(List<String> options) {
    Compiled c = compile(options);
    double[][] m = {{1.0, 2.0, 3.0}, {4.0}, {5.0, 6.0}};
    Object j = jacobian(c, "rows", (Object) m);
    assertArrayEquals((double[]) c.call("v.Vec", "rows", (Object) m), value(j));
    double[][][] dm = (double[][][]) Compiled.component(j, "m");
    assertEquals(4, dm.length);
    for (int i = 0; i < 4; i++) {
      for (int r = 0; r < m.length; r++) {
        assertEquals(m[r].length, dm[i][r].length);
        for (int e = 0; e < m[r].length; e++) {
          double expected = i < 3 ? (i == r ? 1 : 0) : (r == 0 && e == 1 ? 2 * m[0][1] : 0);
          near(expected, dm[i][r][e], "[" + i + "][" + r + "][" + e + "]");
        }
      }
    }
  }

  @ParameterizedTest
  @MethodSource("variants")
  void earlyReturnsAndParameterArrays(List<String> options) {
    Compiled c = compile(options);
    double[] x = {2.0, 5.0};
    // t < 0: the parameter itself, J = (I, 0).
    Object j = jacobian(c, "branchy", x, -1.0);
    assertArrayEquals(x, value(j));
    near(new double[][] {{1, 0}, {0, 1}}, block(j, "x"));
    assertArrayEquals(new double[] {0, 0}, column(j, "t"));
    // t > 10: one output, t itself.
    j = jacobian(c, "branchy", x, 11.0);
    assertArrayEquals(new double[] {11.0}, value(j));
    near(new double[][] {{0, 0}}, block(j, "x"));
    assertArrayEquals(new double[] {1}, column(j, "t"));
    // otherwise (x0 t, x1).
    j = jacobian(c, "branchy", x, 3.0);
    assertArrayEquals((double[]) c.call("v.Vec", "branchy", x, 3.0), value(j));
    near(new double[][] {{3, 0}, {0, 1}}, block(j, "x"));
    near(new double[][] {{2.0}, {0}}, new double[][] {{column(j, "t")[0]}, {column(j, "t")[1]}});
  }

  @ParameterizedTest
  @MethodSource("variants")
  void recursionGivesThePowersDerivatives(List<String> options) {
    Compiled c = compile(options);
    double x = 1.7;
    Object j = jacobian(c, "powers", x, 6);
    assertArrayEquals((double[]) c.call("v.Vec", "powers", x, 6), value(j));
    double[] dx = column(j, "x");
    assertEquals(7, dx.length);
    for (int i = 0; i < 7; i++) {
      near(i == 0 ? 0 : i * Math.pow(x, i - 1), dx[i], "d x^" + i);
    }
  }

  @ParameterizedTest
  @MethodSource("variants")
  void doubleMethodCallingAVectorMethod(List<String> options) {
    Compiled c = compile(options);
    double[] x = {0.4, -0.3};
    double t = 0.8;
    Object g = c.call("v.VecGradients", "productGradient", x, t);
    assertEquals((double) c.call("v.Vec", "product", x, t), (double) Compiled.component(g, "value"));
    // r_i = exp(t x_i) + t; f = r0 r1 + c1 t with c1 = exp(1.0) + 0.5.
    double r0 = Math.exp(t * x[0]) + t;
    double r1 = Math.exp(t * x[1]) + t;
    double c1 = Math.exp(0.5 * 2.0) + 0.5;
    double[] dx = (double[]) Compiled.component(g, "x");
    near(t * Math.exp(t * x[0]) * r1, dx[0], "dx0");
    near(r0 * t * Math.exp(t * x[1]), dx[1], "dx1");
    near((x[0] * Math.exp(t * x[0]) + 1) * r1 + r0 * (x[1] * Math.exp(t * x[1]) + 1) + c1,
        (double) Compiled.component(g, "t"), "dt");
  }

  @ParameterizedTest
  @MethodSource("variants")
  void vectorMethodCallingVectorMethods(List<String> options) {
    Compiled c = compile(options);
    double[] x = {0.5, 1.5, -2.0};
    Object j = jacobian(c, "chained", (Object) x);
    assertArrayEquals((double[]) c.call("v.Vec", "chained", (Object) x), value(j));
    double p = x[0] * x[1] * x[2];
    double e = Math.exp(x[0] * x[1]);
    double[][] expected = new double[3][3];
    for (int k = 0; k < 3; k++) {
      expected[0][k] = 2 * x[k] + p / x[k];
      expected[1][k] = (p / x[k]) * x[0] + (k == 0 ? p : 0);
    }
    expected[2][0] = x[1] * e;
    expected[2][1] = x[0] * e;
    near(expected, block(j, "x"));
  }

  @ParameterizedTest
  @MethodSource("variants")
  void aResultSharedWithItsArgument(List<String> options) {
    Compiled c = compile(options);
    double x = 1.25;
    double y = -0.5;
    // a[0] becomes 3x through r: the value is 3x + y, the gradient (3, 1).
    Object g = c.call("v.VecGradients", "aliasedGradient", x, y);
    assertEquals((double) c.call("v.Vec", "aliased", x, y), (double) Compiled.component(g, "value"));
    assertEquals(3 * x + y, (double) Compiled.component(g, "value"));
    near(3, (double) Compiled.component(g, "x"), "dx");
    near(1, (double) Compiled.component(g, "y"), "dy");
    // t < 0 returns c itself, so c[1] = 2 + t: the value 1 + 2 (2 + t), d/dt = 2; otherwise the
    // copy (t, 2 + t) and c[1] = 2: value 2t + 4, d/dt = 2 as well, at other values.
    for (double t : new double[] {-0.75, 0.75}) {
      Object h = c.call("v.VecGradients", "constantArgumentGradient", t);
      double plain = (double) c.call("v.Vec", "constantArgument", t);
      assertEquals(plain, (double) Compiled.component(h, "value"));
      assertEquals(t < 0 ? 1 + 2 * (2 + t) : 2 * t + 4, plain, 1e-15);
      near(2, (double) Compiled.component(h, "t"), "dt at " + t);
    }
  }

  @ParameterizedTest
  @MethodSource("variants")
  void loopsAndConditionalArrays(List<String> options) {
    Compiled c = compile(options);
    double[] x = {1.0, 2.0, 3.0, 4.0, 5.0};
    double s = 0.5;
    Object j = jacobian(c, "loops", x, s);
    assertArrayEquals((double[]) c.call("v.Vec", "loops", x, s), value(j));
    // out[i % 3] += s x[i]: out = s (x0 + x3, x1 + x4, x2).
    double[][] dx = block(j, "x");
    for (int i = 0; i < 3; i++) {
      for (int k = 0; k < 5; k++) {
        near(k % 3 == i ? s : 0, dx[i][k], "[" + i + "][" + k + "]");
      }
    }
    assertArrayEquals(new double[] {5.0, 7.0, 3.0}, column(j, "s"));
    // s < 0 picks x: the identity.
    j = jacobian(c, "loops", x, -1.0);
    assertArrayEquals(x, value(j));
    near(new double[][] {{1, 0, 0, 0, 0}, {0, 1, 0, 0, 0}, {0, 0, 1, 0, 0}, {0, 0, 0, 1, 0},
        {0, 0, 0, 0, 1}}, block(j, "x"));
  }

  @ParameterizedTest
  @MethodSource("variants")
  void noGradientForAVectorMethod(List<String> options) {
    Compiled c = compile(options);
    Class<?> companion = c.load("v.VecGradients");
    for (Method method : companion.getDeclaredMethods()) {
      assertFalse(method.getName().equals("tallGradient"), "a vector method has no gradient");
    }
    Method builder = null;
    for (Method method : companion.getDeclaredMethods()) {
      if (method.getName().equals("tall")) {
        builder = method;
      }
    }
    assertEquals(Tensor[].class, builder.getReturnType());
    assertNull(companion.getClassLoader().getResource("v/VecGradients$TallGradient.class"));
  }

  private static double[][] transpose(double[]... columns) {
    double[][] out = new double[columns[0].length][columns.length];
    for (int i = 0; i < out.length; i++) {
      for (int k = 0; k < columns.length; k++) {
        out[i][k] = columns[k][i];
      }
    }
    return out;
  }
}
