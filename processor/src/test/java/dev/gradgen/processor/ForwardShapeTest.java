package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradgen.ForwardTangents;
import org.junit.jupiter.api.Test;

/**
 * How {@code mJacobian} chooses between the graph-free forward function (few inputs) and the graph
 * (many inputs: forward sweeps or backward passes by shape), both against analytic Jacobians and
 * against each other, and {@code mTangent}'s one-direction scalar form against analytic
 * Jacobian-vector products, a copied array written in place among them.
 */
class ForwardShapeTest {

  private static final double TOLERANCE = 1e-12;

  private static final String SOURCE = """
      package f;

      import dev.gradgen.Differentiable;

      final class Shapes {
        // One output: log(1 + sum (i + 1) x_i^2).
        @Differentiable
        static double[] one(double[] x) {
          double s = 0;
          for (int i = 0; i < x.length; i++) {
            s += (i + 1) * x[i] * x[i];
          }
          return new double[] {Math.log(1 + s)};
        }

        // m outputs: sin(x_a) x_b with a = j mod n, b = (7 j + 3) mod n.
        @Differentiable
        static double[] many(double[] x, int m) {
          double[] r = new double[m];
          for (int j = 0; j < m; j++) {
            r[j] = Math.sin(x[j % x.length]) * x[(7 * j + 3) % x.length];
          }
          return r;
        }

        // Writes a copy's elements: y_i <- 2 y_i + y_0 y_i (y_0 read first, then written).
        @Differentiable
        static double[] inPlace(double[] x) {
          double[] y = x.clone();
          double first = y[0];
          for (int i = 0; i < y.length; i++) {
            y[i] = 2 * y[i] + first * y[i];
          }
          return y;
        }
      }
      """;

  private static final Compiled COMPILED = Compiled.of("f.Shapes", SOURCE);
  private static final String COMPANION = "f.ShapesGradients";

  private static Object call(String name, Object... args) {
    return COMPILED.call(COMPANION, name, args);
  }

  private static double[] point(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = 0.3 + 0.05 * i * Math.cos(i);
    }
    return x;
  }

  private static double[][] oneJacobian(double[] x) {
    double s = 0;
    for (int i = 0; i < x.length; i++) {
      s += (i + 1) * x[i] * x[i];
    }
    double[][] j = new double[1][x.length];
    for (int i = 0; i < x.length; i++) {
      j[0][i] = 2 * (i + 1) * x[i] / (1 + s);
    }
    return j;
  }

  private static double[][] manyJacobian(double[] x, int m) {
    int n = x.length;
    double[][] jac = new double[m][n];
    for (int j = 0; j < m; j++) {
      int a = j % n;
      int b = (7 * j + 3) % n;
      jac[j][a] += Math.cos(x[a]) * x[b];
      jac[j][b] += Math.sin(x[a]);
    }
    return jac;
  }

  private static void assertClose(double[][] expected, double[][] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i].length, actual[i].length);
      for (int j = 0; j < expected[i].length; j++) {
        assertEquals(
            expected[i][j], actual[i][j], TOLERANCE * Math.max(1.0, Math.abs(expected[i][j])));
      }
    }
  }

  /** The forward function's Jacobian, called directly with every input's direction. */
  private static double[][] forwardJacobian(String name, double[] x, Object... rest) {
    double[][][] returned = new double[1][][];
    Object[] args = new Object[rest.length + 4];
    args[0] = x;
    System.arraycopy(rest, 0, args, 1, rest.length);
    args[rest.length + 1] = ForwardTangents.units(x.length, 0, x.length);
    args[rest.length + 2] = x.length;
    args[rest.length + 3] = returned;
    call(name + "Forward", args);
    return returned[0];
  }

  private static double[][] jacobian(Object record) {
    return (double[][]) Compiled.component(record, "x");
  }

  @Test
  void fortyInputsOneOutputIsTheAnalyticJacobianAndBothPathsAgree() {
    double[] x = point(40);
    double[][] graph = jacobian(call("oneJacobian", (Object) x));
    assertClose(oneJacobian(x), graph);
    assertClose(graph, forwardJacobian("one", x));
  }

  @Test
  void fortyInputsHundredOutputsIsTheAnalyticJacobianAndBothPathsAgree() {
    double[] x = point(40);
    double[][] graph = jacobian(call("manyJacobian", x, 100));
    assertClose(manyJacobian(x, 100), graph);
    assertClose(graph, forwardJacobian("many", x, 100));
  }

  @Test
  void fewInputsGoThroughTheForwardFunction() {
    double[] x = point(12);
    assertClose(oneJacobian(x), jacobian(call("oneJacobian", (Object) x)));
    assertClose(manyJacobian(x, 100), jacobian(call("manyJacobian", x, 100)));
    assertArrayEquals((double[]) COMPILED.call("f.Shapes", "many", x, 100), (double[])
        Compiled.component(call("manyJacobian", x, 100), "value"));
  }

  @Test
  void theJacobiansJavadocSaysWhichPathAndTheTangentHasAScalarForm() throws Exception {
    String source = COMPILED
        .compilation()
        .generatedSourceFile(COMPANION)
        .orElseThrow()
        .getCharContent(true)
        .toString();
    assertTrue(source.contains("With at most 16 inputs"), source);
    assertTrue(source.contains("if (inputs <= 16)"), source);
    assertTrue(source.contains(" manyForwardScalar("), source);
  }

  @Test
  void oneDirectionTangentIsTheJacobianTimesTheDirection() {
    double[] x = point(40);
    double[] dx = new double[40];
    for (int i = 0; i < 40; i++) {
      dx[i] = Math.sin(1.7 * i) - 0.2;
    }
    double[] given = dx.clone();
    Object tangent = call("manyTangent", x, 100, dx);
    double[][] jac = manyJacobian(x, 100);
    double[] actual = (double[]) Compiled.component(tangent, "tangent");
    for (int j = 0; j < 100; j++) {
      double expected = 0;
      for (int i = 0; i < 40; i++) {
        expected += jac[j][i] * dx[i];
      }
      assertEquals(expected, actual[j], TOLERANCE * Math.max(1.0, Math.abs(expected)));
    }
    assertArrayEquals(given, dx);
  }

  @Test
  void inPlaceWritesMoveTheTangentsButNotTheCallersDirection() {
    double[] x = {0.5, -1.25, 2.0};
    double[] dx = {0.3, 0.7, -1.1};
    double[] given = dx.clone();
    Object tangent = call("inPlaceTangent", x.clone(), dx);
    // x_i' = (2 + x_0) x_i for i > 0: d = (2 + x_0) dx_i + x_i dx_0; x_0' = 2 x_0 + x_0^2.
    double[] expected = new double[3];
    expected[0] = (2 + 2 * x[0]) * dx[0];
    for (int i = 1; i < 3; i++) {
      expected[i] = (2 + x[0]) * dx[i] + x[i] * dx[0];
    }
    double[] actual = (double[]) Compiled.component(tangent, "tangent");
    for (int i = 0; i < 3; i++) {
      assertEquals(expected[i], actual[i], TOLERANCE);
    }
    assertArrayEquals(given, dx);
  }
}
