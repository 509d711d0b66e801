package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradgen.Tape;
import dev.gradgen.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The graph-free forward functions behind {@code mJacobian} and {@code mTangent}: Jacobians and
 * tangents against analytic derivatives (polynomial, exponential and rational models, NIST's
 * Misra1a and Thurber among them) and against the graph path (the builder's own {@code
 * Tensor.jacobian}, the gradient) over control flow, loops, arrays, calls, recursion and the
 * non-smooth points, values bit for bit the plain method's, and the methods coverage leaves to the
 * graph.
 */
class GraphFreeForwardTest {

  private static final double TOLERANCE = 1e-12;

  private static final String SOURCE = """
      package f;

      import dev.gradgen.Differentiable;

      final class Models {
        // NIST Misra1a: y = b0 (1 - exp(-b1 x)).
        @Differentiable
        static double[] misra1a(double[] b, double[] x) {
          double[] r = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            r[i] = b[0] * (1 - Math.exp(-b[1] * x[i]));
          }
          return r;
        }

        // NIST Thurber: a cubic over a cubic.
        @Differentiable
        static double[] thurber(double[] b, double[] x) {
          double[] r = new double[x.length];
          for (int i = 0; i < x.length; i++) {
            double t = x[i];
            double num = b[0] + b[1] * t + b[2] * t * t + b[3] * t * t * t;
            double den = 1.0 + b[4] * t + b[5] * t * t + b[6] * t * t * t;
            r[i] = num / den;
          }
          return r;
        }

        // A polynomial in two scalars: p = a x^3 - 2 x a^2 + 5.
        @Differentiable
        static double poly(double x, double a) {
          return a * x * x * x - 2 * x * a * a + 5;
        }

        // Scalars and an array together; compound assignments and a conditional.
        @Differentiable
        static double[] mixed(double s, double[] v, int n) {
          double[] out = new double[n + 1];
          double acc = 0;
          for (int i = 0; i < v.length; i++) {
            acc += v[i] * s;
            acc *= 1.0 + 0.1 * i;
            out[i % n] -= Math.sin(v[i]) / (s + 2);
          }
          out[n] = acc > 0 ? Math.sqrt(acc) : -acc * s;
          return out;
        }

        // Control flow on real values: while, break, continue, a switch, early returns.
        @Differentiable
        static double flow(double x, double y) {
          double z = x;
          int steps = 0;
          while (true) {
            steps++;
            if (steps % 2 == 0) {
              continue;
            }
            z = z * 0.5 + y;
            if (steps > 6) {
              break;
            }
          }
          switch (steps) {
            case 7:
              z = z + Math.pow(x, 3);
              break;
            default:
              z = -z;
          }
          if (z > 100) {
            return Math.log(z);
          }
          return z * Math.atan2(y, x) + Math.hypot(x, y);
        }

        // Calls between covered methods, an array argument and a vector result.
        @Differentiable
        static double norm2(double[] v) {
          double s = 0;
          for (double e : new double[] {1, 2}) {
            s += e * 0;
          }
          for (int i = 0; i < v.length; i++) {
            s += v[i] * v[i];
          }
          return s;
        }

        @Differentiable
        static double[] scaled(double[] v, double k) {
          double[] w = v.clone();
          for (int i = 0; i < w.length; i++) {
            w[i] *= k;
          }
          return w;
        }

        @Differentiable
        static double callsOthers(double[] v, double k) {
          double[] w = scaled(v, k);
          double n = norm2(w);
          return n + power(k, 3) + Math.exp(norm2(v) * 0.01);
        }

        // Recursion: k^n by halving.
        @Differentiable
        static double power(double k, int n) {
          if (n == 0) {
            return 1;
          }
          double half = power(k, n / 2);
          return n % 2 == 0 ? half * half : half * half * k;
        }

        // Non-smooth points: abs at 0, min and max at ties.
        @Differentiable
        static double kinks(double x, double y) {
          return Math.abs(x) + Math.min(x, y) + 2 * Math.max(y, x);
        }

        // Left to the graph: a matrix parameter.
        @Differentiable
        static double[] matrix(double[][] m) {
          return new double[] {m[0][0] * m[1][1], m[0][1]};
        }
      }
      """;

  private static final Compiled COMPILED = Compiled.of("f.Models", SOURCE);

  private static final String COMPANION = "f.ModelsGradients";

  private static Object call(String name, Object... args) {
    return COMPILED.call(COMPANION, name, args);
  }

  private static Object plain(String name, Object... args) {
    return COMPILED.call("f.Models", name, args);
  }

  private static double[][] jacobian(Object record, String component) {
    return (double[][]) Compiled.component(record, component);
  }

  private static void assertClose(double expected, double actual) {
    assertEquals(expected, actual, TOLERANCE * Math.max(1.0, Math.abs(expected)));
  }

  private static void assertClose(double[][] expected, double[][] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i].length, actual[i].length);
      for (int j = 0; j < expected[i].length; j++) {
        assertClose(expected[i][j], actual[i][j]);
      }
    }
  }

  private static String generated() throws java.io.IOException {
    return COMPILED
        .compilation()
        .generatedSourceFile(COMPANION)
        .orElseThrow()
        .getCharContent(true)
        .toString();
  }

  @Test
  void misra1aJacobianIsTheAnalyticOneAndTheValueThePlainMethods() {
    double[] b = {238.9, 5.5e-4};
    double[] x = {77.6, 114.9, 141.1, 190.8, 239.9, 289.0};
    Object record = call("misra1aJacobian", b, x);
    double[][] expected = new double[x.length][2];
    for (int i = 0; i < x.length; i++) {
      double e = Math.exp(-b[1] * x[i]);
      expected[i][0] = 1 - e;
      expected[i][1] = b[0] * x[i] * e;
    }
    assertClose(expected, jacobian(record, "b"));
    assertArrayEquals(
        (double[]) plain("misra1a", b, x), (double[]) Compiled.component(record, "value"));
  }

  @Test
  void thurberJacobianIsTheQuotientRule() {
    double[] b = {1288.0, 1491.0, 583.0, 75.0, 0.97, 0.39, 0.049};
    double[] x = {-3.067, -2.981, -0.5, 0.0, 1.2, 2.1};
    Object record = call("thurberJacobian", b, x);
    double[][] expected = new double[x.length][7];
    for (int i = 0; i < x.length; i++) {
      double t = x[i];
      double[] powers = {1, t, t * t, t * t * t};
      double num = b[0] + b[1] * t + b[2] * t * t + b[3] * t * t * t;
      double den = 1.0 + b[4] * t + b[5] * t * t + b[6] * t * t * t;
      for (int j = 0; j < 4; j++) {
        expected[i][j] = powers[j] / den;
      }
      for (int j = 1; j < 4; j++) {
        expected[i][3 + j] = -num * powers[j] / (den * den);
      }
    }
    assertClose(expected, jacobian(record, "b"));
    assertArrayEquals(
        (double[]) plain("thurber", b, x), (double[]) Compiled.component(record, "value"));
  }

  @Test
  void polynomialTangentIsTheAnalyticDirectionalDerivative() {
    double x = 1.3;
    double a = -0.7;
    double dx = 0.25;
    double da = -1.5;
    Object tangent = call("polyTangent", x, a, dx, da);
    double px = 3 * a * x * x - 2 * a * a;
    double pa = x * x * x - 4 * x * a;
    assertClose(px * dx + pa * da, (double) Compiled.component(tangent, "tangent"));
    assertEquals((double) plain("poly", x, a), (double) Compiled.component(tangent, "value"));
  }

  @Test
  void mixedJacobianAgreesWithTheGraphAndFiniteDifferencesShape() {
    double s = 0.8;
    double[] v = {0.3, -1.1, 2.0, 0.7};
    int n = 3;
    Object record = call("mixedJacobian", s, v, n);
    Tape tape = new Tape();
    Tensor sNode = tape.leaf(s);
    Tensor[] vNode = tape.leaves(v);
    Tensor[] out = (Tensor[]) call("mixed", sNode, vNode, n);
    Tensor[] inputs = new Tensor[v.length + 1];
    inputs[0] = sNode;
    System.arraycopy(vNode, 0, inputs, 1, v.length);
    double[][] graph = Tensor.jacobian(inputs, out);
    double[] sBlock = (double[]) Compiled.component(record, "s");
    double[][] vBlock = jacobian(record, "v");
    for (int i = 0; i < out.length; i++) {
      assertClose(graph[i][0], sBlock[i]);
      for (int j = 0; j < v.length; j++) {
        assertClose(graph[i][1 + j], vBlock[i][j]);
      }
    }
    assertArrayEquals(
        (double[]) plain("mixed", s, v, n), (double[]) Compiled.component(record, "value"));
    // The other branch of the conditional.
    double[] negative = {-0.3, -1.1, -2.0, -0.7};
    Object other = call("mixedJacobian", s, negative, n);
    Tape tape2 = new Tape();
    Tensor s2 = tape2.leaf(s);
    Tensor[] v2 = tape2.leaves(negative);
    Tensor[] out2 = (Tensor[]) call("mixed", s2, v2, n);
    Tensor[] inputs2 = new Tensor[negative.length + 1];
    inputs2[0] = s2;
    System.arraycopy(v2, 0, inputs2, 1, negative.length);
    double[][] graph2 = Tensor.jacobian(inputs2, out2);
    double[] s2Block = (double[]) Compiled.component(other, "s");
    for (int i = 0; i < out2.length; i++) {
      assertClose(graph2[i][0], s2Block[i]);
    }
  }

  /** A tangent equals the graph's gradient dotted with the direction, to rounding. */
  private static void assertTangentIsGradientDot(String name, double[] point, double[] direction) {
    Object[] args = new Object[point.length * 2];
    Object[] plainArgs = new Object[point.length];
    for (int i = 0; i < point.length; i++) {
      args[i] = point[i];
      args[point.length + i] = direction[i];
      plainArgs[i] = point[i];
    }
    Object tangent = call(name + "Tangent", args);
    Object gradient = call(name + "Gradient", plainArgs);
    double expected = 0;
    String[] names = {"x", "y"};
    for (int i = 0; i < point.length; i++) {
      expected += (double) Compiled.component(gradient, names[i]) * direction[i];
    }
    assertClose(expected, (double) Compiled.component(tangent, "tangent"));
    assertEquals((double) plain(name, plainArgs), (double) Compiled.component(tangent, "value"));
  }

  @Test
  void controlFlowTangentsAgreeWithTheGradient() {
    assertTangentIsGradientDot("flow", new double[] {1.5, 0.25}, new double[] {0.7, -1.2});
    assertTangentIsGradientDot("flow", new double[] {150.0, 90.0}, new double[] {1.0, 0.5});
  }

  @Test
  void callsAndRecursionAgreeWithTheGradient() {
    double[] v = {0.5, -1.5, 2.5};
    double k = 1.25;
    double[] dv = {0.1, 0.2, -0.3};
    double dk = 0.9;
    Object tangent = call("callsOthersTangent", v, k, dv, dk);
    Object gradient = call("callsOthersGradient", v, k);
    double[] gv = (double[]) Compiled.component(gradient, "v");
    double expected = (double) Compiled.component(gradient, "k") * dk;
    for (int i = 0; i < v.length; i++) {
      expected += gv[i] * dv[i];
    }
    assertClose(expected, (double) Compiled.component(tangent, "tangent"));
    assertEquals(
        (double) plain("callsOthers", v, k), (double) Compiled.component(tangent, "value"));
    // power(k, 5) = k^5: d/dk = 5 k^4.
    Object power = call("powerTangent", k, 5, 1.0);
    assertClose(5 * Math.pow(k, 4), (double) Compiled.component(power, "tangent"));
  }

  @Test
  void kinksFollowTheGradientsConventions() {
    // abs'(0) = 0; at a tie min and max choose their first argument (Derivatives.minFirst).
    // kinks(x, y) = |x| + min(x, y) + 2 max(y, x) at x = y = 0: d/dx = 0 + 1 + 0, d/dy = 0 + 2.
    Object dx = call("kinksTangent", 0.0, 0.0, 1.0, 0.0);
    Object dy = call("kinksTangent", 0.0, 0.0, 0.0, 1.0);
    assertEquals(1.0, (double) Compiled.component(dx, "tangent"));
    assertEquals(2.0, (double) Compiled.component(dy, "tangent"));
    assertTangentIsGradientDot("kinks", new double[] {0.0, 0.0}, new double[] {0.3, -0.6});
    assertTangentIsGradientDot("kinks", new double[] {2.0, 2.0}, new double[] {0.3, -0.6});
  }

  @Test
  void coveredMethodsGetForwardFunctionsAndAMatrixParameterKeepsTheGraph() throws Exception {
    String source = generated();
    for (String name : new String[] {
      "misra1a",
      "thurber",
      "poly",
      "mixed",
      "flow",
      "norm2",
      "scaled",
      "callsOthers",
      "power",
      "kinks"
    }) {
      // A method returning double gets its scalar form only, unless a vector form calls it.
      assertTrue(source.contains(" " + name + "Forward"), name);
    }
    assertFalse(source.contains("matrixForward("));
    Object record = call("matrixJacobian", (Object) new double[][] {{1, 2}, {3, 4}});
    double[][][] m = (double[][][]) Compiled.component(record, "m");
    // d(m00 m11)/dm00 = m11 = 4, /dm11 = m00 = 1; d m01 / d m01 = 1.
    assertEquals(4.0, m[0][0][0]);
    assertEquals(1.0, m[0][1][1]);
    assertEquals(1.0, m[1][0][1]);
  }
}
