package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The generated {@code mHessian} and {@code mHessianVectorProduct} (issue 13): against analytic
 * Hessians (Rosenbrock, Black–Scholes' second-order greeks, polynomials through calls, recursion,
 * rules and StrictMath) and central differences of the generated gradient elsewhere; symmetric;
 * H·v equal to the Hessian times v; the gradient equal to {@code mGradient}'s; the same with and
 * without {@code -Agradgen.fuse=false}.
 */
class HessianTest {

  private static final String FNS =
      """
      package h;
      import dev.gradgen.Differentiable;
      final class Fns {
        final double scale = 1.5;

        /** An instance method: the receiver is a constant. 1.5 x^3. */
        @Differentiable
        double scaledCube(double x) {
          return scale * x * x * x;
        }

        /** A double[] result, called by an order-2 method through its DualTensor[] builder. */
        @Differentiable
        static double[] pairOf(double x, double y) {
          return new double[] {x * y, x * x};
        }

        /** x^3 y, through a method returning double[]. */
        @Differentiable
        static double productOfPair(double x, double y) {
          double[] p = pairOf(x, y);
          return p[0] * p[1];
        }
        @Differentiable
        static double rosen2(double x, double y) {
          double a = 1.0 - x;
          double b = y - x * x;
          return a * a + 100.0 * b * b;
        }

        @Differentiable
        static double rosenbrock(double[] x) {
          double sum = 0.0;
          for (int i = 0; i < x.length - 1; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1.0 - x[i];
            sum += 100.0 * a * a + b * b;
          }
          return sum;
        }

        /** sum over i, j of a[i][j] x[i] x[j]: the flattened order is a row by row, then x. */
        @Differentiable
        static double quadForm(double[][] a, double[] x) {
          double s = 0.0;
          for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
              s += a[i][j] * x[i] * x[j];
            }
          }
          return s;
        }

        @Differentiable
        static double cube(double u) {
          return u * u * u;
        }

        /** x^3 y^3 + x^3, through calls. */
        @Differentiable
        static double calls(double x, double y) {
          return cube(x * y) + cube(x);
        }

        /** x^n by recursion. */
        @Differentiable
        static double power(double x, int n) {
          return n == 0 ? 1.0 : x * power(x, n - 1);
        }

        @Differentiable
        static double strict(double x, double y) {
          return StrictMath.sin(x) * StrictMath.exp(y);
        }

        /** Branches, a loop, a local array and a switch: checked against differences of the gradient. */
        @Differentiable
        static double control(double x, double y, double[] w) {
          double[] t = new double[w.length];
          for (int i = 0; i < w.length; i++) {
            t[i] = w[i] * x + Math.sin(y * i);
          }
          double s = 0.0;
          int k = 0;
          while (k < t.length) {
            if (t[k] > 0.0) {
              s += Math.log1p(t[k] * t[k]) * y;
            } else {
              s -= Math.exp(t[k] * x);
            }
            switch (k % 2) {
              case 0 -> s += Math.hypot(x, t[k]);
              default -> s *= 1.0 + 0.1 * Math.tanh(y);
            }
            k++;
          }
          return s + Math.pow(x, 3.0) / (1.0 + y * y);
        }

        /** 150 products added in one expression: nested 150 deep, so it is built by a chain helper. */
        @Differentiable
        static double deep(double x, double y) {
          return DEEP_SUM;
        }

        /** A call through a rule whose partials are @Differentiable: (x y)^3 + x, with cubed opaque. */
        @Differentiable
        static double throughRule(double x, double y) {
          return Opaque.cubed(x * y) + x;
        }

        /** (2x) y^2 through a rule whose partials are a @Differentiable double[]. */
        @Differentiable
        static double throughArrayRule(double x, double y) {
          return Opaque.pair(x * 2.0, y);
        }

        /** w0 s + w1 s^2 through a rule over two double[] parameters. */
        @Differentiable
        static double throughDotRule(double[] w, double s) {
          return Opaque.dot(w, new double[] {s, s * s});
        }

        /** Black–Scholes call price, the normal CDF through a rule. */
        @Differentiable
        static double call(double s, double k, double r, double sigma, double t) {
          double sqrtT = Math.sqrt(t);
          double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / (sigma * sqrtT);
          double d2 = d1 - sigma * sqrtT;
          return s * Opaque.normalCdf(d1) - k * Math.exp(-r * t) * Opaque.normalCdf(d2);
        }
      }
      """.replace("DEEP_SUM", String.join(" + ", Collections.nCopies(150, "x * y")));

  private static final String OPAQUE = """
      package h;
      import dev.gradgen.DerivativeOf;
      import dev.gradgen.Differentiable;
      final class Opaque {
        /** Opaque to gradgen: a loop it could read, but the rule stands for it. */
        static double cubed(double u) {
          double p = 1.0;
          for (int i = 0; i < 3; i++) {
            p *= u;
          }
          return p;
        }

        @DerivativeOf(method = "cubed")
        @Differentiable
        static double dcubed(double u) {
          return 3.0 * u * u;
        }

        static double pair(double x, double y) {
          return x * y * y;
        }

        @DerivativeOf(method = "pair")
        @Differentiable
        static double[] dpair(double x, double y) {
          return new double[] {y * y, 2.0 * x * y};
        }

        static double dot(double[] w, double[] v) {
          double s = 0.0;
          for (int i = 0; i < w.length; i++) {
            s += w[i] * v[i];
          }
          return s;
        }

        /** The partials flattened: w's elements, then v's. */
        @DerivativeOf(method = "dot")
        @Differentiable
        static double[] ddot(double[] w, double[] v) {
          double[] out = new double[w.length + v.length];
          for (int i = 0; i < w.length; i++) {
            out[i] = v[i];
            out[w.length + i] = w[i];
          }
          return out;
        }

        /** The normal CDF by Abramowitz and Stegun 7.1.26 (its value is not what is tested). */
        static double normalCdf(double x) {
          double z = Math.abs(x) / Math.sqrt(2.0);
          double t = 1.0 / (1.0 + 0.3275911 * z);
          double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741
              + t * (-1.453152027 + t * 1.061405429))));
          double erf = 1.0 - poly * Math.exp(-z * z);
          return x >= 0 ? 0.5 * (1.0 + erf) : 0.5 * (1.0 - erf);
        }

        /** The normal density, the exact derivative of the normal CDF. */
        @DerivativeOf(method = "normalCdf")
        @Differentiable
        static double normalDensity(double x) {
          return Math.exp(-0.5 * x * x) / Math.sqrt(2.0 * Math.PI);
        }
      }
      """;

  private static final Map<List<String>, Compiled> COMPILED = new ConcurrentHashMap<>();

  private static Compiled compiled(List<String> options) {
    return COMPILED.computeIfAbsent(options, o -> Compiled.of(o, "h.Fns", FNS, "h.Opaque", OPAQUE));
  }

  private static Compiled compiled() {
    return compiled(List.of());
  }

  private static double[][] hessian(Object record) {
    return (double[][]) Compiled.component(record, "hessian");
  }

  private static double[] gradient(Object record) {
    return (double[]) Compiled.component(record, "gradient");
  }

  private static double value(Object record) {
    return (double) Compiled.component(record, "value");
  }

  private static void assertMatrix(double[][] expected, double[][] actual, double relative) {
    assertEquals(expected.length, actual.length, "rows");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i].length, actual[i].length, "columns of row " + i);
      for (int j = 0; j < expected[i].length; j++) {
        double tolerance = relative * Math.max(1.0, Math.abs(expected[i][j]));
        assertEquals(expected[i][j], actual[i][j], tolerance, "H[" + i + "][" + j + "]");
      }
    }
  }

  private static void assertSymmetric(double[][] h) {
    double scale = 1.0;
    for (double[] row : h) {
      for (double e : row) {
        scale = Math.max(scale, Math.abs(e));
      }
    }
    for (int i = 0; i < h.length; i++) {
      for (int j = 0; j < i; j++) {
        assertEquals(
            h[i][j],
            h[j][i],
            1e-13 * scale,
            "H[" + i + "][" + j + "] against H[" + j + "][" + i + "]");
      }
    }
  }

  // ---------------------------------------------------------------- Rosenbrock

  private static double[][] rosenbrockHessian(double[] x) {
    int n = x.length;
    double[][] h = new double[n][n];
    for (int i = 0; i < n - 1; i++) {
      h[i][i] += 1200.0 * x[i] * x[i] - 400.0 * x[i + 1] + 2.0;
      h[i + 1][i + 1] += 200.0;
      h[i][i + 1] = -400.0 * x[i];
      h[i + 1][i] = -400.0 * x[i];
    }
    return h;
  }

  private static double[] rosenbrockGradient(double[] x) {
    int n = x.length;
    double[] g = new double[n];
    for (int i = 0; i < n - 1; i++) {
      double a = x[i + 1] - x[i] * x[i];
      g[i] += -400.0 * x[i] * a - 2.0 * (1.0 - x[i]);
      g[i + 1] += 200.0 * a;
    }
    return g;
  }

  @Test
  void rosenbrock2dAgainstTheAnalyticHessian() {
    for (double[] p : new double[][] {{-1.2, 1.0}, {1.0, 1.0}, {0.3, -0.7}}) {
      Object r = compiled().call("h.FnsGradients", "rosen2Hessian", p[0], p[1]);
      assertMatrix(rosenbrockHessian(p), hessian(r), 1e-14);
      assertArrayEquals(rosenbrockGradient(p), gradient(r), 1e-12);
      double plain = (double) compiled().call("h.Fns", "rosen2", p[0], p[1]);
      assertEquals(Double.doubleToLongBits(plain), Double.doubleToLongBits(value(r)));
      assertSymmetric(hessian(r));
    }
  }

  @Test
  void rosenbrockN10AndN37AgainstTheAnalyticHessian() {
    for (int n : new int[] {10, 37}) {
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = Math.cos(0.7 * i) - 0.2;
      }
      Object r = compiled().call("h.FnsGradients", "rosenbrockHessian", (Object) x.clone());
      assertMatrix(rosenbrockHessian(x), hessian(r), 1e-13);
      double[] expected = rosenbrockGradient(x);
      for (int i = 0; i < n; i++) {
        assertEquals(expected[i], gradient(r)[i], 1e-12 * Math.max(1, Math.abs(expected[i])));
      }
      double plain = (double) compiled().call("h.Fns", "rosenbrock", (Object) x.clone());
      assertEquals(Double.doubleToLongBits(plain), Double.doubleToLongBits(value(r)));
      assertSymmetric(hessian(r));
    }
  }

  @Test
  void hessianVectorProductIsTheHessianTimesV() {
    double[] x = new double[10];
    double[] v = new double[10];
    for (int i = 0; i < 10; i++) {
      x[i] = 0.5 + 0.1 * i;
      v[i] = Math.sin(1.0 + i);
    }
    double[][] h = rosenbrockHessian(x);
    double[] hv = (double[])
        compiled().call("h.FnsGradients", "rosenbrockHessianVectorProduct", x.clone(), v.clone());
    double[][] generated =
        hessian(compiled().call("h.FnsGradients", "rosenbrockHessian", (Object) x.clone()));
    for (int i = 0; i < 10; i++) {
      double analytic = 0.0;
      double fromGenerated = 0.0;
      for (int j = 0; j < 10; j++) {
        analytic += h[i][j] * v[j];
        fromGenerated += generated[i][j] * v[j];
      }
      assertEquals(analytic, hv[i], 1e-12 * Math.max(1, Math.abs(analytic)), "(Hv)[" + i + "]");
      assertEquals(fromGenerated, hv[i], 1e-12 * Math.max(1, Math.abs(analytic)));
    }
  }

  @Test
  void hessianVectorProductRejectsADirectionOfTheWrongLength() {
    IllegalArgumentException e = assertThrows(
        IllegalArgumentException.class,
        () -> compiled()
            .call("h.FnsGradients", "rosen2HessianVectorProduct", 1.0, 2.0, new double[] {
              1.0, 2.0, 3.0
            }));
    assertTrue(
        e.getMessage()
                .contains("rosen2HessianVectorProduct has one entry per" + " differentiable input")
            && e.getMessage().endsWith("is 3 where there are 2"),
        e.getMessage());
  }

  // ---------------------------------------------------------------- flattened order, arrays

  @Test
  void doubleMatrixParameterFlattensRowByRowThenTheVector() {
    double[][] a = {{1.5, -0.5}, {0.25, 2.0}};
    double[] x = {0.7, -1.3};
    Object r = compiled().call("h.FnsGradients", "quadFormHessian", a, x);
    // Entries 0..3: a[0][0], a[0][1], a[1][0], a[1][1]; 4, 5: x[0], x[1].
    double[][] expected = new double[6][6];
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        int aij = 2 * i + j;
        // d/da_ij = x_i x_j; d/da_ij dx_k = [i == k] x_j + [j == k] x_i
        for (int k = 0; k < 2; k++) {
          double mixed = (i == k ? x[j] : 0.0) + (j == k ? x[i] : 0.0);
          expected[aij][4 + k] = mixed;
          expected[4 + k][aij] = mixed;
        }
        expected[4 + i][4 + j] = a[i][j] + a[j][i];
      }
    }
    assertMatrix(expected, hessian(r), 1e-15);
    double[] g = gradient(r);
    assertArrayEquals(
        new double[] {
          x[0] * x[0],
          x[0] * x[1],
          x[1] * x[0],
          x[1] * x[1],
          2 * a[0][0] * x[0] + (a[0][1] + a[1][0]) * x[1],
          2 * a[1][1] * x[1] + (a[0][1] + a[1][0]) * x[0]
        },
        g,
        1e-15);
  }

  @Test
  void callsBetweenMethodsAgainstTheAnalyticHessian() {
    double x = 0.8;
    double y = -1.1;
    double[][] h = hessian(compiled().call("h.FnsGradients", "callsHessian", x, y));
    assertMatrix(
        new double[][] {
          {6 * x * y * y * y + 6 * x, 9 * x * x * y * y},
          {9 * x * x * y * y, 6 * x * x * x * y}
        },
        h,
        1e-14);
  }

  @Test
  void instanceMethodAndVectorResultsAgainstTheAnalyticHessian() {
    Object fns = compiled().newInstance("h.Fns");
    Object r = compiled().call("h.FnsGradients", "scaledCubeHessian", fns, 0.7);
    assertEquals(9.0 * 0.7, hessian(r)[0][0], 1e-15);
    double x = 1.2;
    double y = -0.4;
    double[][] h = hessian(compiled().call("h.FnsGradients", "productOfPairHessian", x, y));
    assertMatrix(new double[][] {{6 * x * y, 3 * x * x}, {3 * x * x, 0.0}}, h, 1e-15);
  }

  @Test
  void recursionAgainstTheAnalyticSecondDerivative() {
    double x = 1.3;
    for (int n : new int[] {0, 1, 2, 5}) {
      Object r = compiled().call("h.FnsGradients", "powerHessian", x, n);
      double expected = n < 2 ? 0.0 : n * (n - 1) * Math.pow(x, n - 2);
      assertEquals(expected, hessian(r)[0][0], 1e-13 * Math.max(1, expected), "n = " + n);
      assertEquals(n == 0 ? 0.0 : n * Math.pow(x, n - 1), gradient(r)[0], 1e-13 * (1 + n));
    }
  }

  @Test
  void strictMathAgainstTheAnalyticHessian() {
    double x = 0.6;
    double y = 0.4;
    Object r = compiled().call("h.FnsGradients", "strictHessian", x, y);
    double s = StrictMath.sin(x);
    double c = StrictMath.cos(x);
    double e = StrictMath.exp(y);
    assertMatrix(new double[][] {{-s * e, c * e}, {c * e, s * e}}, hessian(r), 1e-15);
    assertEquals(
        Double.doubleToLongBits(StrictMath.sin(x) * StrictMath.exp(y)),
        Double.doubleToLongBits(value(r)));
  }

  @Test
  void deepExpressionBuiltByAChainHelper() {
    double[][] h = hessian(compiled().call("h.FnsGradients", "deepHessian", 0.3, 0.9));
    assertMatrix(new double[][] {{0.0, 150.0}, {150.0, 0.0}}, h, 1e-13);
    double[][] unfused = hessian(
        compiled(List.of("-Agradgen.fuse=false")).call("h.FnsGradients", "deepHessian", 0.3, 0.9));
    assertMatrix(h, unfused, 0.0);
  }

  @Test
  void ruleWithDifferentiablePartialsAgainstTheAnalyticHessian() {
    double x = 0.9;
    double y = 1.4;
    Object r = compiled().call("h.FnsGradients", "throughRuleHessian", x, y);
    // (x y)^3 + x
    assertMatrix(
        new double[][] {
          {6 * x * y * y * y, 9 * x * x * y * y},
          {9 * x * x * y * y, 6 * x * x * x * y}
        },
        hessian(r),
        1e-14);
    assertArrayEquals(
        new double[] {3 * x * x * y * y * y + 1, 3 * x * x * x * y * y}, gradient(r), 1e-14);
  }

  @Test
  void rulesWithArrayPartialsAgainstTheAnalyticHessian() {
    double x = 0.6;
    double y = -1.7;
    Object r = compiled().call("h.FnsGradients", "throughArrayRuleHessian", x, y);
    assertMatrix(new double[][] {{0.0, 4 * y}, {4 * y, 4 * x}}, hessian(r), 1e-15);
    assertArrayEquals(new double[] {2 * y * y, 4 * x * y}, gradient(r), 1e-15);
    double[] w = {0.3, -0.8};
    double s = 1.25;
    Object d = compiled().call("h.FnsGradients", "throughDotRuleHessian", w, s);
    // Flattened: w0, w1, s.
    assertMatrix(
        new double[][] {{0, 0, 1}, {0, 0, 2 * s}, {1, 2 * s, 2 * w[1]}}, hessian(d), 1e-15);
    assertArrayEquals(new double[] {s, s * s, w[0] + 2 * s * w[1]}, gradient(d), 1e-15);
  }

  @Test
  void blackScholesSecondOrderGreeksAgainstTheClosedForms() {
    double s = 100.0;
    double k = 95.0;
    double rate = 0.03;
    double sigma = 0.25;
    double t = 0.75;
    Object r = compiled().call("h.FnsGradients", "callHessian", s, k, rate, sigma, t);
    double[][] h = hessian(r);
    double sqrtT = Math.sqrt(t);
    double d1 = (Math.log(s / k) + (rate + 0.5 * sigma * sigma) * t) / (sigma * sqrtT);
    double d2 = d1 - sigma * sqrtT;
    double density = Math.exp(-0.5 * d1 * d1) / Math.sqrt(2 * Math.PI);
    double gamma = density / (s * sigma * sqrtT);
    double vanna = -density * d2 / sigma;
    double volga = s * density * sqrtT * d1 * d2 / sigma;
    // Flattened order: s, k, r, sigma, t.
    assertEquals(gamma, h[0][0], 1e-12 * gamma, "gamma");
    assertEquals(vanna, h[0][3], 1e-12 * Math.abs(vanna), "vanna");
    assertEquals(vanna, h[3][0], 1e-12 * Math.abs(vanna), "vanna, the other way");
    assertEquals(volga, h[3][3], 1e-11 * Math.abs(volga), "volga");
    assertSymmetric(h);
    // Vega, from the same call: S phi(d1) sqrt(T).
    assertEquals(s * density * sqrtT, gradient(r)[3], 1e-11 * s);
  }

  // ---------------------------------------------------------------- against the gradient

  /** Central differences of the generated gradient, Richardson-extrapolated. */
  private static double[][] differencesOfGradient(Compiled c, double x, double y, double[] w) {
    int n = 2 + w.length;
    double[][] h = new double[n][n];
    for (int j = 0; j < n; j++) {
      double step = 1e-3;
      double[] coarse = centralDifference(c, x, y, w, j, step);
      double[] fine = centralDifference(c, x, y, w, j, step / 2);
      for (int i = 0; i < n; i++) {
        h[i][j] = (4 * fine[i] - coarse[i]) / 3;
      }
    }
    return h;
  }

  private static double[] centralDifference(
      Compiled c, double x, double y, double[] w, int j, double step) {
    double[] plus = controlGradient(c, shifted(x, y, w, j, step));
    double[] minus = controlGradient(c, shifted(x, y, w, j, -step));
    double[] out = new double[plus.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (plus[i] - minus[i]) / (2 * step);
    }
    return out;
  }

  private static double[] shifted(double x, double y, double[] w, int j, double step) {
    double[] point = new double[2 + w.length];
    point[0] = x;
    point[1] = y;
    System.arraycopy(w, 0, point, 2, w.length);
    point[j] += step;
    return point;
  }

  private static double[] controlGradient(Compiled c, double[] point) {
    double[] w = Arrays.copyOfRange(point, 2, point.length);
    Object g = c.call("h.FnsGradients", "controlGradient", point[0], point[1], w);
    double[] out = new double[point.length];
    out[0] = (double) Compiled.component(g, "x");
    out[1] = (double) Compiled.component(g, "y");
    System.arraycopy((double[]) Compiled.component(g, "w"), 0, out, 2, w.length);
    return out;
  }

  @Test
  void controlFlowLoopsAndArraysAgainstDifferencesOfTheGradient() {
    double[] w = {0.4, -0.9, 1.2, 0.05, -0.3};
    for (double[] p : new double[][] {{0.7, 0.3}, {-0.5, 1.1}}) {
      Object r = compiled().call("h.FnsGradients", "controlHessian", p[0], p[1], w.clone());
      double[][] h = hessian(r);
      assertMatrix(differencesOfGradient(compiled(), p[0], p[1], w), h, 1e-6);
      assertSymmetric(h);
      double[] g = controlGradient(compiled(), shifted(p[0], p[1], w, 0, 0.0));
      double[] fromHessian = gradient(r);
      for (int i = 0; i < g.length; i++) {
        assertEquals(g[i], fromHessian[i], 1e-13 * Math.max(1, Math.abs(g[i])), "gradient " + i);
      }
      double[] v = {0.3, -0.2, 0.5, 0.1, -0.7, 0.9, 0.4};
      double[] hv = (double[]) compiled()
          .call("h.FnsGradients", "controlHessianVectorProduct", p[0], p[1], w.clone(), v);
      for (int i = 0; i < v.length; i++) {
        double expected = 0.0;
        for (int j = 0; j < v.length; j++) {
          expected += h[i][j] * v[j];
        }
        assertEquals(expected, hv[i], 1e-12 * Math.max(1, Math.abs(expected)), "(Hv)[" + i + "]");
      }
    }
  }

  @Test
  void fusedAndUnfusedCompilationsGiveTheSameHessiansToRounding() {
    Compiled fused = compiled();
    Compiled unfused = compiled(List.of("-Agradgen.fuse=false"));
    double[] w = {0.4, -0.9, 1.2};
    double[][] a = hessian(fused.call("h.FnsGradients", "controlHessian", 0.7, 0.3, w.clone()));
    double[][] b = hessian(unfused.call("h.FnsGradients", "controlHessian", 0.7, 0.3, w.clone()));
    assertMatrix(a, b, 1e-12);
    double[] x = {0.1, 0.2, 0.3, 0.4};
    assertMatrix(
        hessian(fused.call("h.FnsGradients", "rosenbrockHessian", (Object) x.clone())),
        hessian(unfused.call("h.FnsGradients", "rosenbrockHessian", (Object) x.clone())),
        1e-12);
    assertMatrix(
        hessian(fused.call("h.FnsGradients", "callHessian", 100.0, 95.0, 0.03, 0.25, 0.75)),
        hessian(unfused.call("h.FnsGradients", "callHessian", 100.0, 95.0, 0.03, 0.25, 0.75)),
        1e-12);
  }

  @Test
  void gradientOfTheHessianRecordIsMGradients() {
    for (List<String> options : List.of(List.<String>of(), List.of("-Agradgen.fuse=false"))) {
      Compiled c = compiled(options);
      Object h = c.call("h.FnsGradients", "callHessian", 100.0, 95.0, 0.03, 0.25, 0.75);
      Object g = c.call("h.FnsGradients", "callGradient", 100.0, 95.0, 0.03, 0.25, 0.75);
      String[] names = {"s", "k", "r", "sigma", "t"};
      for (int i = 0; i < names.length; i++) {
        double expected = (double) Compiled.component(g, names[i]);
        assertEquals(expected, gradient(h)[i], 1e-13 * Math.max(1, Math.abs(expected)), names[i]);
      }
      assertEquals((double) Compiled.component(g, "value"), value(h), 0.0);
    }
  }
}
