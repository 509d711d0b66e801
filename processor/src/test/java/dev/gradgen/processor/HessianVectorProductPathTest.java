package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Hessian-vector product's path (a width-1 {@code DualTape}, preaccumulated loops whose
 * {@code DualReduction} gives a node read by two iterations one slot): H·v against closed-form
 * Hessians times v, against central differences of the generated gradient, and equal to {@code
 * mHessian} times v, through a preaccumulated loop and through fused statements.
 */
class HessianVectorProductPathTest {

  private static final String SOURCE = """
      package p;
      import dev.gradgen.Differentiable;
      class V {
        @Differentiable static double rosenbrock(double[] x) {
          double sum = 0.0;
          for (int i = 0; i + 1 < x.length; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1.0 - x[i];
            sum += 100.0 * a * a + b * b;
          }
          return sum;
        }
        /** A stencil over three neighbours: each x[i] read by three iterations. */
        @Differentiable static double stencil(double[] x) {
          double s = 0.0;
          for (int i = 1; i + 1 < x.length; i++) {
            s += x[i - 1] * x[i] * x[i + 1] - Math.sin(x[i]) * x[i + 1];
          }
          return s;
        }
        /** x[i] times its mirror x[n-1-i]: the middle term reads one node twice. */
        @Differentiable static double mirror(double[] x) {
          double s = 0.0;
          for (int i = 0; i < x.length; i++) {
            s += x[i] * x[x.length - 1 - i] * x[i];
          }
          return s;
        }
        /** Scalars around an array: flat order (a, x_0 .. x_(n-1), b). */
        @Differentiable static double mixed(double a, double[] x, double b) {
          double s = a * b * b;
          for (int i = 0; i < x.length; i++) {
            s += a * x[i] * x[i] + b * Math.exp(x[i]);
          }
          return s;
        }
        /** Elements read outside the loop too, before it and after it: leaves taking over slots. */
        @Differentiable static double outside(double[] x) {
          double s = x[0] * x[0] * x[1];
          for (int i = 0; i < x.length; i++) {
            s += x[i] * x[i] * x[i];
          }
          return s + x[0] * x[x.length - 1];
        }
        /** x_i^2 x_p(i), p(i) = 2 floor(i / 2): two inputs of one term one element for even i. */
        @Differentiable static double pairs(double[] x) {
          double s = 0.0;
          for (int i = 0; i < x.length; i++) {
            s += x[i] * x[i / 2 * 2] * x[i];
          }
          return s;
        }
        /** x_i^2 + cbrt(x_i): at x_i = 0 the second derivative is infinite. */
        @Differentiable static double cusp(double[] x) {
          double s = 0.0;
          for (int i = 0; i < x.length; i++) {
            s += x[i] * x[i] + Math.cbrt(x[i]);
          }
          return s;
        }
        @Differentiable static double normCdf(double x) {
          return 0.5 * (1.0 + erf(x * 0.7071067811865476));
        }
        @Differentiable static double erf(double x) {
          if (x < 0.0) {
            return -erf(-x);
          }
          double t = 1.0 / (1.0 + 0.3275911 * x);
          double poly =
              ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t
                  + 0.254829592) * t;
          return 1.0 - poly * Math.exp(-x * x);
        }
        @Differentiable(wrt = {"s", "sigma", "r", "t"})
        static double blackScholes(double s, double k, double sigma, double r, double t) {
          double sqrtT = Math.sqrt(t);
          double sigmaSqrtT = sigma * sqrtT;
          double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / sigmaSqrtT;
          double d2 = d1 - sigmaSqrtT;
          double discount = Math.exp(-r * t);
          return s * normCdf(d1) - k * discount * normCdf(d2);
        }
      }
      """;

  private static final Compiled COMPILED = Compiled.of("p.V", SOURCE);

  private static double[] hv(String method, Object... args) {
    return (double[]) COMPILED.call("p.VGradients", method + "HessianVectorProduct", args);
  }

  private static double[][] hessian(String method, Object... args) {
    return (double[][])
        Compiled.component(COMPILED.call("p.VGradients", method + "Hessian", args), "hessian");
  }

  private static double[] times(double[][] h, double[] v) {
    double[] out = new double[h.length];
    for (int i = 0; i < h.length; i++) {
      for (int j = 0; j < v.length; j++) {
        out[i] += h[i][j] * v[j];
      }
    }
    return out;
  }

  private static void assertVector(double[] expected, double[] actual, double tol, String what) {
    assertEquals(expected.length, actual.length, what + ": length");
    for (int i = 0; i < expected.length; i++) {
      assertEquals(
          expected[i],
          actual[i],
          tol * Math.max(1.0, Math.abs(expected[i])),
          what + " [" + i + "]");
    }
  }

  private static double[] random(Random random, int n, double low, double high) {
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = low + (high - low) * random.nextDouble();
    }
    return out;
  }

  /** Rosenbrock's Hessian, from its closed form. */
  private static double[][] rosenbrockHessian(double[] x) {
    int n = x.length;
    double[][] h = new double[n][n];
    for (int i = 0; i + 1 < n; i++) {
      // f_i = 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2
      h[i][i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
      h[i][i + 1] += -400 * x[i];
      h[i + 1][i] += -400 * x[i];
      h[i + 1][i + 1] += 200;
    }
    return h;
  }

  @Test
  void rosenbrockMatchesItsClosedFormHessianTimesV() {
    Random random = new Random(13);
    for (int n : new int[] {1, 2, 10, 100}) {
      for (int point = 0; point < 3; point++) {
        double[] x = random(random, n, -2.0, 2.0);
        double[] v = random(random, n, -1.0, 1.0);
        double[] expected = times(rosenbrockHessian(x), v);
        double[] actual = hv("rosenbrock", x.clone(), v.clone());
        assertVector(expected, actual, 1e-12, "Rosenbrock H v, n = " + n);
        assertVector(
            times(hessian("rosenbrock", (Object) x.clone()), v),
            actual,
            1e-12,
            "Rosenbrock H v against the dense Hessian times v, n = " + n);
      }
    }
  }

  @Test
  void rosenbrockAtTheMinimumAndAlongAUnitVector() {
    // At x = (1, ..., 1) the Hessian has 802 on the inner diagonal, 200 at the end and -400 beside.
    int n = 10;
    double[] x = new double[n];
    java.util.Arrays.fill(x, 1.0);
    for (int k = 0; k < n; k++) {
      double[] e = new double[n];
      e[k] = 1.0;
      double[] column = hv("rosenbrock", x.clone(), e);
      for (int i = 0; i < n; i++) {
        double expected = i == k
            ? (i == 0 ? 802.0 : i == n - 1 ? 200.0 : 1002.0)
            : Math.abs(i - k) == 1 ? -400.0 : 0.0;
        assertEquals(expected, column[i], 1e-12 * 1002.0, "H[" + i + "][" + k + "]");
      }
    }
  }

  /** The stencil's Hessian, from its closed form. */
  private static double[][] stencilHessian(double[] x) {
    int n = x.length;
    double[][] h = new double[n][n];
    for (int i = 1; i + 1 < n; i++) {
      // f_i = x_{i-1} x_i x_{i+1} - sin(x_i) x_{i+1}
      int a = i - 1;
      int c = i + 1;
      h[a][i] += x[c];
      h[i][a] += x[c];
      h[a][c] += x[i];
      h[c][a] += x[i];
      h[i][c] += x[a] - Math.cos(x[i]);
      h[c][i] += x[a] - Math.cos(x[i]);
      h[i][i] += Math.sin(x[i]) * x[c];
    }
    return h;
  }

  @Test
  void aStencilReadingEachNodeInThreeIterations() {
    Random random = new Random(17);
    for (int n : new int[] {1, 2, 3, 4, 11, 60}) {
      double[] x = random(random, n, -1.5, 1.5);
      double[] v = random(random, n, -1.0, 1.0);
      double[] actual = hv("stencil", x.clone(), v.clone());
      assertVector(times(stencilHessian(x), v), actual, 1e-12, "stencil H v, n = " + n);
      assertVector(
          times(hessian("stencil", (Object) x.clone()), v), actual, 1e-12, "stencil, dense");
    }
  }

  @Test
  void aTermThatReadsOneNodeTwice() {
    Random random = new Random(19);
    for (int n : new int[] {1, 2, 3, 5, 8}) {
      double[] x = random(random, n, -1.5, 1.5);
      double[] v = random(random, n, -1.0, 1.0);
      // f = sum_i x_i^2 x_m(i), m(i) = n - 1 - i.
      double[][] h = new double[n][n];
      for (int i = 0; i < n; i++) {
        int m = n - 1 - i;
        if (m == i) {
          h[i][i] += 6 * x[i];
        } else {
          h[i][i] += 2 * x[m];
          h[i][m] += 2 * x[i];
          h[m][i] += 2 * x[i];
        }
      }
      double[] actual = hv("mirror", x.clone(), v.clone());
      assertVector(times(h, v), actual, 1e-12, "mirror H v, n = " + n);
      assertVector(times(hessian("mirror", (Object) x.clone()), v), actual, 1e-12, "mirror, dense");
    }
  }

  @Test
  void theProductTakesArrayParametersAsArrayLeaves() throws java.io.IOException {
    String generated = COMPILED
        .compilation()
        .generatedSourceFile("p.VGradients")
        .orElseThrow()
        .getCharContent(true)
        .toString();
    // The H v methods of rosenbrock, stencil, mirror, mixed, outside, pairs and cusp.
    assertEquals(7, count(generated, "DualArrayLeaf xNode = tape.array(x);"));
    assertTrue(
        generated.contains("private static DualTensor mixed(DualTensor a, DualArrayLeaf x,"));
    assertTrue(generated.contains(".input(a0, k0, "));
  }

  private static int count(String text, String what) {
    int n = 0;
    for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void scalarsAroundAnArrayKeepTheFlatOrder() {
    Random random = new Random(29);
    for (int n : new int[] {0, 1, 2, 7}) {
      double[] x = random(random, n, -1.0, 1.0);
      double a = 0.7;
      double b = -1.3;
      // f = a b^2 + sum a x_i^2 + b exp(x_i); flat (a, x, b).
      int m = n + 2;
      double[][] h = new double[m][m];
      h[0][m - 1] = 2 * b;
      h[m - 1][0] = 2 * b;
      h[m - 1][m - 1] = 2 * a;
      for (int i = 0; i < n; i++) {
        double e = Math.exp(x[i]);
        h[0][1 + i] = 2 * x[i];
        h[1 + i][0] = 2 * x[i];
        h[m - 1][1 + i] = e;
        h[1 + i][m - 1] = e;
        h[1 + i][1 + i] = 2 * a + b * e;
      }
      double[] v = random(random, m, -1.0, 1.0);
      double[] actual = hv("mixed", a, x.clone(), b, v.clone());
      assertVector(times(h, v), actual, 1e-12, "mixed H v, n = " + n);
      double[][] dense = (double[][]) Compiled.component(
          COMPILED.call("p.VGradients", "mixedHessian", a, x.clone(), b), "hessian");
      assertVector(times(dense, v), actual, 1e-12, "mixed, dense, n = " + n);
    }
  }

  @Test
  void elementsReadOutsideTheLoopAreOneAccumulatorEach() {
    Random random = new Random(31);
    for (int n : new int[] {2, 3, 6}) {
      double[] x = random(random, n, -1.5, 1.5);
      // f = x0^2 x1 + sum x_i^3 + x0 x_(n-1).
      double[][] h = new double[n][n];
      h[0][0] += 2 * x[1];
      h[0][1] += 2 * x[0];
      h[1][0] += 2 * x[0];
      for (int i = 0; i < n; i++) {
        h[i][i] += 6 * x[i];
      }
      h[0][n - 1] += 1;
      h[n - 1][0] += 1;
      double[] v = random(random, n, -1.0, 1.0);
      double[] actual = hv("outside", x.clone(), v.clone());
      assertVector(times(h, v), actual, 1e-12, "outside H v, n = " + n);
      assertVector(
          times(hessian("outside", (Object) x.clone()), v), actual, 1e-12, "outside, dense");
    }
  }

  @Test
  void twoInputsOfOneTermThatAreOneElement() {
    Random random = new Random(37);
    for (int n : new int[] {1, 2, 5, 9}) {
      double[] x = random(random, n, -1.5, 1.5);
      double[][] h = new double[n][n];
      for (int i = 0; i < n; i++) {
        int p = i / 2 * 2;
        if (p == i) {
          h[i][i] += 6 * x[i];
        } else {
          h[i][i] += 2 * x[p];
          h[i][p] += 2 * x[i];
          h[p][i] += 2 * x[i];
        }
      }
      double[] v = random(random, n, -1.0, 1.0);
      double[] actual = hv("pairs", x.clone(), v.clone());
      assertVector(times(h, v), actual, 1e-12, "pairs H v, n = " + n);
      assertVector(times(hessian("pairs", (Object) x.clone()), v), actual, 1e-12, "pairs, dense");
    }
  }

  @Test
  void aZeroDirectionAtAnInfiniteSecondDerivativeContributesZero() {
    double[] x = {0.0, 0.8, -1.2, 0.0};
    double[] v = {0.0, 0.5, -0.25, 0.0};
    double[] actual = hv("cusp", x.clone(), v.clone());
    for (int i = 0; i < x.length; i++) {
      // d^2/dx^2 (x^2 + x^(1/3)) = 2 - (2/9) x^(-5/3); infinite at 0, where v is 0.
      double expected = v[i] == 0.0 ? 0.0 : (2 - 2.0 / 9 * Math.pow(Math.cbrt(x[i]), -5)) * v[i];
      assertEquals(expected, actual[i], 1e-12 * Math.max(1.0, Math.abs(expected)), "[" + i + "]");
    }
  }

  @Test
  void anEmptyArray() {
    assertEquals(0, hv("rosenbrock", new double[0], new double[0]).length);
    assertEquals(0, hv("stencil", new double[0], new double[0]).length);
  }

  /** Black–Scholes' gradient in (s, sigma, r, t), from the generated mGradient. */
  private static double[] gradient(double[] p, double k) {
    Object record =
        COMPILED.call("p.VGradients", "blackScholesGradient", p[0], k, p[1], p[2], p[3]);
    return new double[] {
      (double) Compiled.component(record, "s"),
      (double) Compiled.component(record, "sigma"),
      (double) Compiled.component(record, "r"),
      (double) Compiled.component(record, "t")
    };
  }

  @Test
  void blackScholesAgainstDifferencesOfItsGradientAndItsDenseHessian() {
    double k = 100.0;
    double[][] points = {
      {100.0, 0.2, 0.05, 1.0},
      {90.0, 0.35, 0.01, 0.5},
      {120.0, 0.15, 0.08, 2.0},
      {60.0, 0.5, 0.0, 0.25}
    };
    Random random = new Random(23);
    for (double[] p : points) {
      double[] v = random(random, 4, -1.0, 1.0);
      double[] actual = hv("blackScholes", p[0], k, p[1], p[2], p[3], v.clone());
      // Central differences of the gradient along v, with a step relative to the point's scale.
      double step = 1e-5;
      double[] plus = new double[4];
      double[] minus = new double[4];
      for (int i = 0; i < 4; i++) {
        double scale = Math.max(1.0, Math.abs(p[i]));
        plus[i] = p[i] + step * scale * v[i];
        minus[i] = p[i] - step * scale * v[i];
      }
      // Scaled per coordinate, the difference gives H (D v), D = diag(scale): undo by using D v.
      double[] dv = new double[4];
      for (int i = 0; i < 4; i++) {
        dv[i] = Math.max(1.0, Math.abs(p[i])) * v[i];
      }
      double[] gp = gradient(plus, k);
      double[] gm = gradient(minus, k);
      double[] hdv = hv("blackScholes", p[0], k, p[1], p[2], p[3], dv);
      for (int i = 0; i < 4; i++) {
        double difference = (gp[i] - gm[i]) / (2 * step);
        assertEquals(
            difference,
            hdv[i],
            1e-5 * Math.max(1.0, Math.abs(difference)),
            "Black-Scholes H (D v) [" + i + "] by differences");
      }
      double[][] dense = (double[][]) Compiled.component(
          COMPILED.call("p.VGradients", "blackScholesHessian", p[0], k, p[1], p[2], p[3]),
          "hessian");
      assertVector(times(dense, v), actual, 1e-12, "Black-Scholes H v against the dense Hessian");
    }
  }
}
