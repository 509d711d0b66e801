package dev.gradgen.processor;

import static dev.gradgen.processor.GradientHarness.at;
import static dev.gradgen.processor.GradientHarness.grads;
import static dev.gradgen.processor.GradientHarness.mat;
import static dev.gradgen.processor.GradientHarness.vec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradgen.Tensor;
import dev.gradgen.processor.GradientHarness.Batch;
import dev.gradgen.processor.GradientHarness.Fn;
import dev.gradgen.processor.GradientHarness.Unit;
import java.util.Arrays;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Gradients that actually run, for arrays ({@code double[]}, {@code double[][]}, creation,
 * initialisers, element updates, clone, {@code wrt}) and calls (other {@code @Differentiable}
 * methods in the same class and in another one, recursion, nested classes, plain helpers with
 * constant arguments). See {@link GradientCorrectnessTest} for what each check does.
 */
class GradientArraysAndCallsTest {

  // ==================================================================== arrays

  @Nested
  class ArrayFunctions extends Batch {
    final Unit vectors = unit("ex.arrays.Vectors", """
        package ex.arrays;

        import dev.gradgen.Differentiable;

        class Vectors {
          // @methods
        }
        """);

    final Fn dot = vectors.method("""
        @Differentiable(wrt = {"w"})
        static double dot(double[] w, double[] x, double bias) {
          double s = bias;
          for (int i = 0; i < w.length; i++) s += w[i] * x[i];
          return s;
        }
        """);

    @Test
    void wrtRestrictsTheGradientToTheWeights() {
      // bias and x are double-based but not in wrt: constants, no record components.
      dot.check(
          p -> grads("w", p.a(1)),
          at(vec(1, 2, 3), vec(0.5, -1, 2), 0.25),
          at(vec(-0.5, 4), vec(3, 0.125), -2.0));
    }

    final Fn quadratic = vectors.method("""
        @Differentiable
        static double quadratic(double[][] a, double[] x) {
          double s = 0;
          for (int i = 0; i < a.length; i++) {
            double[] row = a[i];
            for (int j = 0; j < row.length; j++) s += x[i] * row[j] * x[j];
          }
          return s;
        }
        """);

    @Test
    void quadraticFormOverATwoDimensionalArray() {
      // d(x'Ax)/dA_ij = x_i x_j, d/dx = (A + A')x
      quadratic.check(
          p -> {
            double[][] a = p.m(0);
            double[] x = p.a(1);
            int n = x.length;
            double[][] da = new double[n][n];
            double[] dx = new double[n];
            for (int i = 0; i < n; i++) {
              for (int j = 0; j < n; j++) {
                da[i][j] = x[i] * x[j];
                dx[i] += (a[i][j] + a[j][i]) * x[j];
              }
            }
            return grads("a", da, "x", dx);
          },
          at(mat(vec(1, 2), vec(3, 4)), vec(0.5, -1)),
          at(mat(vec(2, -1, 0), vec(0.5, 1, 3), vec(-2, 0.25, 1)), vec(1, 2, -0.5)));
    }

    final Fn rowPowers = vectors.method("""
        @Differentiable
        static double rowPowers(double[][] m, double p) {
          double total = 0;
          for (double[] row : m) {
            double sq = 0;
            for (double v : row) sq += v * v;
            total += Math.pow(sq, p);
          }
          return total;
        }
        """);

    @Test
    void enhancedForOverRowsAndElements() {
      // sum_i s_i^p with s_i = |row_i|^2: d/dm_ij = p s_i^(p-1) 2 m_ij, d/dp = sum s_i^p ln s_i
      rowPowers.check(
          p -> {
            double[][] m = p.m(0);
            double power = p.d(1);
            double[][] dm = new double[m.length][];
            double dp = 0;
            for (int i = 0; i < m.length; i++) {
              double s = 0;
              for (double v : m[i]) {
                s += v * v;
              }
              dm[i] = new double[m[i].length];
              for (int j = 0; j < m[i].length; j++) {
                dm[i][j] = power * Math.pow(s, power - 1) * 2 * m[i][j];
              }
              dp += Math.pow(s, power) * Math.log(s);
            }
            return grads("m", dm, "p", dp);
          },
          at(mat(vec(1, 2), vec(0.5)), 1.5),
          at(mat(vec(-1, 0.25, 2)), 0.5),
          at(mat(vec(3), vec(1, 1), vec(0.5, -0.5)), -1.0));
    }

    final Fn buffers = vectors.method("""
        @Differentiable
        static double buffers(double x, double y, int n) {
          double[] a = new double[n];
          double[][] g = new double[2][n];
          double[] init = {x, y, 1.0};
          double[] lit = new double[] {y, x * y};
          for (int i = 0; i < n; i++) {
            a[i] = x * i;
            g[0][i] += y;
            g[1][i] = a[i];
            g[1][i] *= 2;
          }
          a[0] += 1;
          a[0] -= y;
          a[1] *= x;
          a[1] /= 4;
          a[2] %= 1.5;
          init[2]++;
          --init[0];
          lit[1]--;
          ++lit[0];
          double[] c = a.clone();
          c[0] = 100;
          double s = 0;
          for (int i = 0; i < n; i++) s += a[i] + c[i] + g[0][i] + g[1][i];
          return s + init[0] * init[1] * init[2] + lit[0] * lit[1];
        }
        """);

    @Test
    void newArraysInitialisersElementUpdatesAndClone() {
      // a = {1 - y, x^2/4, 2x % 1.5, 3x, ..., (n-1)x}, c = a but c[0] = 100, g[0][i] = y,
      // g[1][i] = 2xi, init = {x - 1, y, 2}, lit = {y + 1, xy - 1}.
      buffers.check(
          p -> {
            double x = p.d(0);
            double y = p.d(1);
            int n = p.n(2);
            double s3 = 0;
            for (int i = 3; i < n; i++) {
              s3 += i;
            }
            double dx = x + 4 + 2 * s3 + n * (n - 1) + 2 * y + y * (y + 1);
            double dy = -1 + n + 2 * (x - 1) + x * y - 1 + x * (y + 1);
            return grads("x", dx, "y", dy);
          },
          at(0.3, 1.2, 3),
          at(1.1, -0.4, 5),
          at(-0.35, 2.5, 4));
    }

    final Fn jagged = vectors.method("""
        @Differentiable
        static double jagged(double x, double y) {
          double[][] t = new double[3][];
          for (int i = 0; i < t.length; i++) {
            t[i] = new double[i + 1];
            for (int j = 0; j <= i; j++) t[i][j] = x * (i + 1) + y * j;
          }
          double[][] g = {{x, 1}, {2.0, y}};
          double[][] h = new double[][] {{x * y}, g[1]};
          double s = 0;
          for (double[] row : t) s += row[row.length - 1];
          return s + g[0][0] * g[1][1] + h[0][0] - h[1][0] * h[1][1];
        }
        """);

    @Test
    void jaggedArraysAndNestedInitialisers() {
      // 6x + 3y + xy + xy - 2y
      jagged.check(
          p -> grads("x", 6 + 2 * p.d(1), "y", 1 + 2 * p.d(0)),
          at(0.5, 1.5),
          at(-2.0, 0.25),
          at(3.0, -1.0));
    }

    final Fn weighted = vectors.method("""
        @Differentiable(wrt = {"w", "scale"})
        static double weighted(double[] w, double[] data, double scale) {
          double[] work = data.clone();
          work[0] = scale;
          double s = 0;
          for (double v : w) s += v * v * scale;
          for (double d : data) s += d;
          for (double v : work) s += v * w[0];
          return s;
        }
        """);

    @Test
    void enhancedForOverActiveAndConstantArraysAndACloneOfAParameter() {
      // scale |w|^2 + sum(data) + w0 (scale + data_1 + ... + data_n-1)
      weighted.check(
          p -> {
            double[] w = p.a(0);
            double[] data = p.a(1);
            double scale = p.d(2);
            double rest = 0;
            for (int i = 1; i < data.length; i++) {
              rest += data[i];
            }
            double[] dw = new double[w.length];
            double norm = 0;
            for (int i = 0; i < w.length; i++) {
              dw[i] = 2 * scale * w[i];
              norm += w[i] * w[i];
            }
            dw[0] += scale + rest;
            return grads("w", dw, "scale", norm + w[0]);
          },
          at(vec(1, 2), vec(3, 4, 5), 0.5),
          at(vec(-0.5, 0.25, 2), vec(1), -2.0));
      // The plain method's argument is not written through the clone.
      double[] data = {3, 4, 5};
      weighted.gradient(vec(1, 2), data, 0.5);
      assertEquals(3.0, data[0]);
    }

    final Fn mlp = vectors.method("""
        @Differentiable
        static double mlp(double[] w, double x1, double x2) {
          double h1 = Math.tanh(w[0] * x1 + w[1] * x2 + w[2]);
          double h2 = Math.tanh(w[3] * x1 + w[4] * x2 + w[5]);
          double o = w[6] * h1 + w[7] * h2 + w[8];
          double loss = (o - 1) * (o - 1) + h1 * 0.01;
          return loss;
        }
        """);

    @Test
    void twoNeuronNetworkWithALoss() {
      mlp.check(
          p -> {
            double[] w = p.a(0);
            double x1 = p.d(1);
            double x2 = p.d(2);
            double h1 = Math.tanh(w[0] * x1 + w[1] * x2 + w[2]);
            double h2 = Math.tanh(w[3] * x1 + w[4] * x2 + w[5]);
            double o = w[6] * h1 + w[7] * h2 + w[8];
            double dO = 2 * (o - 1);
            double dZ1 = (dO * w[6] + 0.01) * (1 - h1 * h1);
            double dZ2 = dO * w[7] * (1 - h2 * h2);
            return grads(
                "w", vec(dZ1 * x1, dZ1 * x2, dZ1, dZ2 * x1, dZ2 * x2, dZ2, dO * h1, dO * h2, dO),
                "x1", dZ1 * w[0] + dZ2 * w[3],
                "x2", dZ1 * w[1] + dZ2 * w[4]);
          },
          at(vec(0.1, -0.2, 0.3, 0.4, 0.5, -0.6, 0.7, 0.8, 0.9), 1.5, -0.5),
          at(vec(-1, 0.5, 0, 2, -0.25, 0.1, 1, -1, 0.5), 0.25, 2.0));
    }
  }

  // ==================================================================== aliases and index side
  // effects

  @Nested
  class Aliases extends Batch {
    final Unit aliases = unit("ex.arrays.Aliases", """
        package ex.arrays;

        import dev.gradgen.Differentiable;

        class Aliases {
          // @methods
        }
        """);

    final Fn aliasWrites = aliases.method("""
        @Differentiable
        static double aliasWrites(double x) {
          double[][] m = new double[2][2];
          double[] row = m[0];
          row[0] = x;
          double[] a = {1, 2};
          double[] b = a;
          b[1] = x * x;
          double[] c = x > 0 ? a : m[1];
          c[0] = 3 * x;
          return m[0][0] + a[1] + a[0] + m[1][0];
        }
        """);

    @Test
    void writesThroughAliasesOfLocalArrays() {
      // m[0][0] = x through row, a[1] = x^2 through b, and 3x into a[0] or m[1][0] through c.
      aliasWrites.check(p -> grads("x", 4 + 2 * p.d(0)), at(1.5), at(-0.5));
    }

    final Fn choose = aliases.method("""
        @Differentiable
        static double choose(double x, double[] w) {
          double[] a = x > 0 ? w : new double[] {x, 2};
          double[] v = w;
          return a[0] * a[1] + v[0];
        }
        """);

    @Test
    void conditionalBetweenAParameterArrayAndAFreshOne() {
      choose.check(
          p -> {
            double[] w = p.a(1);
            return p.d(0) > 0
                ? grads("x", 0, "w", vec(w[1] + 1, w[0]))
                : grads("x", 2, "w", vec(1, 0));
          },
          at(1.5, vec(2, 3)),
          at(-1.5, vec(2, 3)));
    }

    final Fn loopVariable = aliases.method("""
        @Differentiable(wrt = {"x"})
        static double loopVariable(double x, double[] xs) {
          double s = 0;
          for (double v : xs) {
            v = v * x;
            s += v * v;
          }
          return s + xs[0];
        }
        """);

    @Test
    void assigningTheLoopVariableLeavesTheArrayAlone() {
      // The loop variable is a copy: x^2 |xs|^2 + xs[0], and xs is not written.
      loopVariable.check(
          p -> {
            double norm = 0;
            for (double v : p.a(1)) {
              norm += v * v;
            }
            return grads("x", 2 * p.d(0) * norm);
          },
          at(1.5, vec(1, -2, 0.5)),
          at(-0.25, vec(3)));
    }

    final Fn rowVariable = aliases.method("""
        @Differentiable
        static double rowVariable(double x, double[][] m) {
          double[][] copy = new double[m.length][2];
          for (double[] row : copy) {
            row[0] = x;
          }
          double s = 0;
          for (double[] row : m) {
            s += row[0] * row[1];
          }
          return s + copy[0][0] * copy[1][0] + copy[1][1];
        }
        """);

    @Test
    void rowVariablesAliasTheirRows() {
      // Writes through a row variable land in the local array: x^2 + sum_i m_i0 m_i1.
      rowVariable.check(
          p -> {
            double[][] m = p.m(1);
            double[][] dm = new double[m.length][];
            for (int i = 0; i < m.length; i++) {
              dm[i] = vec(m[i][1], m[i][0]);
            }
            return grads("x", 2 * p.d(0), "m", dm);
          },
          at(1.5, mat(vec(1, 2), vec(-3, 0.5))),
          at(-0.75, mat(vec(2, 2), vec(1, -1), vec(4, 0))));
    }

    final Fn incrementInIndex = aliases.method("""
        @Differentiable
        static double incrementInIndex(double[] v) {
          int i = 0;
          return v[i] * v[i++] * v[i];
        }
        """);

    @Test
    void incrementBetweenTwoReadsOfTheSameElement() {
      // v[0] * v[0] * v[1]
      incrementInIndex.check(
          p -> {
            double[] v = p.a(0);
            return grads("v", vec(2 * v[0] * v[1], v[0] * v[0], 0));
          },
          at(vec(1.5, 2.0, 3.0)),
          at(vec(-0.5, 4.0, 1.0)));
    }

    final Fn cursor = aliases.method("""
        @Differentiable
        static double cursor(double x, double[] c) {
          double[] a = new double[3];
          int i = 0;
          a[i++] = x;
          a[i++] = x * x;
          a[i] = a[0] * a[1];
          double t = a[i] * c[i];
          double u = t * a[--i];
          return u + t + a[i] * c[i++] * a[i];
        }
        """);

    @Test
    void writesAndReadsThroughAMovingIndex() {
      // a = {x, x^2, x^3}: x^5 c2 + x^3 c2 + x^5 c1
      cursor.check(
          p -> {
            double x = p.d(0);
            double[] c = p.a(1);
            double x3 = x * x * x;
            double x5 = x3 * x * x;
            return grads(
                "x",
                5 * x * x * x * x * (c[1] + c[2]) + 3 * x * x * c[2],
                "c",
                vec(0, x5, x5 + x3));
          },
          at(0.7, vec(1, 2, 3)),
          at(-1.5, vec(0.5, -1, 2)));
    }
  }

  // ==================================================================== calls

  @Nested
  class Calls extends Batch {
    final Unit calls = unit("ex.calls.Calls", """
        package ex.calls;

        import dev.gradgen.Differentiable;

        class Calls {
          static int steps(int n) {
            return Math.max(n, 1) * 2;
          }

          static double weight(int i) {
            return 1.0 / (i + 1);
          }

          static double factorial(int k) {
            return k <= 1 ? 1 : k * factorial(k - 1);
          }

          // @methods
        }
        """);

    final Unit geometry = unit("ex.calls.Geometry", """
        package ex.calls;

        import dev.gradgen.Differentiable;

        class Geometry {
          // @methods
        }
        """);

    final Unit inner = unit("ex.calls.Outer$Inner", """
        package ex.calls;

        import dev.gradgen.Differentiable;

        class Outer {
          static class Inner {
            // @methods
          }
        }
        """);

    final Fn square = calls.method("""
        @Differentiable
        static double square(double x) {
          return x * x;
        }
        """);

    final Fn sumOfSquares = calls.method("""
        @Differentiable
        static double sumOfSquares(double x, double y) {
          return square(x) + 3 * Calls.square(y) + square(2.0);
        }
        """);

    @Test
    void callsInTheSameClass() {
      square.check(p -> grads("x", 2 * p.d(0)), at(1.5), at(-3.0));
      sumOfSquares.check(
          p -> grads("x", 2 * p.d(0), "y", 6 * p.d(1)),
          at(1.5, 2.0),
          at(-0.5, 0.25),
          at(3.0, -1.0));
    }

    final Fn power = calls.method("""
        @Differentiable
        static double power(double x, int n) {
          if (n == 0) return 1;
          return x * power(x, n - 1);
        }
        """);

    @Test
    void recursionPowerByRepeatedMultiplication() {
      // x^n -> n x^(n-1)
      power.check(
          p -> grads("x", p.n(1) == 0 ? 0 : p.n(1) * Math.pow(p.d(0), p.n(1) - 1)),
          at(1.5, 4),
          at(-2.0, 3),
          at(0.8, 0),
          at(1.1, 1));
    }

    final Fn series = calls.method("""
        @Differentiable
        static double series(double x, int terms) {
          return terms == 0 ? 0 : series(x, terms - 1) + power(x, terms - 1) / factorial(terms - 1);
        }
        """);

    @Test
    void recursionThroughAConditionalAndAPlainHelper() {
      // sum_{k < terms} x^k / k!: the derivative drops the last term.
      series.check(
          p -> {
            double d = 0;
            double factorial = 1;
            for (int k = 1; k < p.n(1); k++) {
              d += Math.pow(p.d(0), k - 1) / factorial;
              factorial *= k;
            }
            return grads("x", d);
          },
          at(0.5, 6),
          at(-1.25, 4),
          at(2.0, 1));
    }

    final Fn helpers = calls.method("""
        @Differentiable
        static double helpers(double x, int n) {
          double s = 0;
          for (int i = 0; i < steps(n); i++) s += weight(i) * Math.sin(x * weight(i));
          return s + Math.abs(-n) + Math.max(n, 3);
        }
        """);

    @Test
    void plainHelpersWithConstantArguments() {
      helpers.check(
          p -> {
            double d = 0;
            for (int i = 0; i < Math.max(p.n(1), 1) * 2; i++) {
              double w = 1.0 / (i + 1);
              d += w * w * Math.cos(p.d(0) * w);
            }
            return grads("x", d);
          },
          at(0.5, 3),
          at(-2.0, 0),
          at(1.25, 5));
    }

    final Fn norm = geometry.method("""
        @Differentiable
        static double norm(double x, double y) {
          return Math.sqrt(x * x + y * y);
        }
        """);

    final Fn scaled = geometry.method("""
        @Differentiable(wrt = {"x"})
        static double scaled(double x, double k) {
          return k * x * x;
        }
        """);

    final Fn total = geometry.method("""
        @Differentiable
        static double total(double[] v) {
          double s = 0;
          for (double e : v) s += e;
          return s;
        }
        """);

    final Fn energy = calls.method("""
        @Differentiable
        static double energy(double x, double y, double m) {
          double r = Geometry.norm(x, y);
          return 0.5 * m * r * r + Geometry.norm(3.0, 4.0) * x;
        }
        """);

    @Test
    void callsIntoAnotherClass() {
      norm.check(
          p -> {
            double r = Math.hypot(p.d(0), p.d(1));
            return grads("x", p.d(0) / r, "y", p.d(1) / r);
          },
          at(3.0, 4.0),
          at(-1.0, 0.5));
      energy.check(
          p -> {
            double x = p.d(0);
            double y = p.d(1);
            double m = p.d(2);
            return grads("x", m * x + 5, "y", m * y, "m", 0.5 * (x * x + y * y));
          },
          at(3.0, 4.0, 2.0),
          at(-1.0, 0.5, 0.25),
          at(0.75, -2.0, -1.5));
    }

    final Fn useScaled = calls.method("""
        @Differentiable
        static double useScaled(double x, double y) {
          double[] v = {x, y * y, 1};
          return Geometry.scaled(x * y, 2.0) + Geometry.scaled(x, 3.0) + Geometry.total(v);
        }
        """);

    @Test
    void callsWithConstantArgumentsForConstantParametersAndActiveArrays() {
      // 2 x^2 y^2 + 3 x^2 + x + y^2 + 1
      scaled.check(p -> grads("x", 2 * p.d(1) * p.d(0)), at(1.5, 2.0), at(-0.5, 3.0));
      total.check(p -> grads("v", vec(1, 1, 1)), at(vec(1, 2, 3)), at(vec(-0.5, 4, 0.25)));
      useScaled.check(
          p -> {
            double x = p.d(0);
            double y = p.d(1);
            return grads("x", 4 * x * y * y + 6 * x + 1, "y", 4 * x * x * y + 2 * y);
          },
          at(1.5, 2.0),
          at(-0.5, 0.25),
          at(2.0, -1.0));
    }

    final Fn gaussian = inner.method("""
        @Differentiable
        static double gaussian(double x) {
          return Math.exp(-x * x);
        }
        """);

    @Test
    void nestedClassCompanion() {
      assertEquals("ex.calls.Outer_InnerGradients", gaussian.companion());
      gaussian.check(
          p -> grads("x", -2 * p.d(0) * Math.exp(-p.d(0) * p.d(0))), at(0.5), at(-1.25), at(2.0));
      Tensor x = new Tensor(0.5);
      Tensor out = gaussian.builder(x);
      out.backward();
      assertEquals(-Math.exp(-0.25), x.grad(), 1e-15);
    }

    @Test
    void gradientLeavesTheArgumentsAlone() {
      double[] v = {1, 2, 3};
      total.gradient(v);
      assertEquals("[1.0, 2.0, 3.0]", Arrays.toString(v));
    }
  }
}
