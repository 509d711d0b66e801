package dev.gradgen.processor;

import static dev.gradgen.processor.GradientHarness.at;
import static dev.gradgen.processor.GradientHarness.grads;
import static dev.gradgen.processor.GradientHarness.vec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradgen.Tensor;
import dev.gradgen.processor.GradientHarness.Batch;
import dev.gradgen.processor.GradientHarness.Fn;
import dev.gradgen.processor.GradientHarness.Unit;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Gradients that actually run: each {@code @Differentiable} function below is compiled with the
 * processor, and its generated gradient is checked against the plain method (the value bit for bit),
 * against central finite differences of the plain method, against the derivative worked out by hand,
 * and through its graph builder called directly (see {@link GradientHarness}). Each nested group is
 * one compilation, made twice: as a user's build makes it (straight-line code fused into wide nodes)
 * and with {@code -Agradgen.fuse=false} (one node per operation); every check runs on both.
 *
 * <p>This file: operators, types and locals; fields and constants; control flow; evaluation order;
 * exceptions.
 * {@link GradientMathFunctionsTest} covers the library functions, {@link GradientArraysAndCallsTest}
 * arrays and calls.
 */
class GradientCorrectnessTest {

  static double sq(double x) {
    return x * x;
  }

  // ==================================================================== operators, types, locals

  @Nested
  class Basics extends Batch {
    final Unit basics = unit("ex.basics.Basics", """
        package ex.basics;

        import dev.gradgen.Differentiable;

        class Basics {
          // @methods
        }
        """);

    final Fn tutorial = basics.method("""
        @Differentiable
        static double f(double a, double b, double c) {
          return a * b + c;
        }
        """);

    @Test
    void tutorialFunction() {
      Object g = tutorial.gradient(10.0, 5.0, 10.0);
      assertEquals(60.0, Compiled.component(g, "value"));
      assertEquals(5.0, Compiled.component(g, "a"));
      assertEquals(10.0, Compiled.component(g, "b"));
      assertEquals(1.0, Compiled.component(g, "c"));
      tutorial.check(
          p -> grads("a", p.d(1), "b", p.d(0), "c", 1.0),
          at(10.0, 5.0, 10.0),
          at(-1.5, 2.25, 0.5),
          at(3.0, -4.0, 7.0));
    }

    @Test
    void graphBuilderIsCallableDirectly() {
      Tensor a = new Tensor(10);
      Tensor b = new Tensor(5);
      Tensor c = new Tensor(10);
      Tensor e = tutorial.builder(a, b, c);
      assertEquals(60.0, e.data());
      e.backward();
      assertEquals(5.0, a.grad());
      assertEquals(10.0, b.grad());
      assertEquals(1.0, c.grad());
    }

    @Test
    void fusedAndUnfusedCompanionsDiffer() {
      // Every check runs on both; make sure the option really gives another companion.
      String fused = generatedSource(tutorial.compiled(), "BasicsGradients");
      String unfused = generatedSource(
          tutorial.compiledWith(GradientHarness.VARIANTS.get(1)).compiled(), "BasicsGradients");
      assertNotEquals(fused, unfused);
    }

    @Test
    void harnessRejectsWrongDerivatives() {
      assertThrows(
          AssertionFailedError.class,
          () -> tutorial.check(
              p -> grads("a", p.d(1) * (1 + 1e-8), "b", p.d(0), "c", 1.0), at(10.0, 5.0, 10.0)));
      assertThrows(
          AssertionFailedError.class,
          () -> tutorial.check(p -> grads("a", p.d(1), "b", p.d(0)), at(10.0, 5.0, 10.0)));
      assertThrows(
          AssertionFailedError.class,
          () -> GradientHarness.assertClose(
              1.0, 1.0 + 2e-6, GradientHarness.FD_TOLERANCE, "finite differences"));
      assertThrows(
          AssertionFailedError.class,
          () -> GradientHarness.assertClose(
              vec(1, 2), vec(1, 2.001), GradientHarness.FD_TOLERANCE, "finite differences"));
      assertThrows(
          AssertionFailedError.class,
          () -> GradientHarness.assertBitsEqual(0.1 + 0.2, 0.3, "value"));
    }

    @Test
    void finiteDifferencesAreAccurate() {
      assertEquals(Math.cos(1.0), GradientHarness.derivative(Math::sin, 1.0), 1e-11);
      assertEquals(Math.exp(20), GradientHarness.derivative(Math::exp, 20.0), 1e-9 * Math.exp(20));
      assertEquals(-1e4, GradientHarness.derivative(x -> 1 / x, 0.01), 1e-3);
      assertEquals(3e6, GradientHarness.derivative(x -> x * x * x, 1000.0), 1e-3);
    }

    final Fn neuron = basics.method("""
        @Differentiable
        static double neuron(double x1, double x2, double w1, double w2, double b) {
          double n = x1 * w1 + x2 * w2 + b;
          return Math.tanh(n);
        }
        """);

    @Test
    void tanhNeuronOfTheTutorial() {
      Object[] point = {2.0, 0.0, -3.0, 1.0, 6.8813735870195432};
      assertEquals(0.7071067811865476, (double) neuron.component(point, "value"), 1e-15);
      assertEquals(-1.5, (double) neuron.component(point, "x1"), 1e-12);
      assertEquals(1.0, (double) neuron.component(point, "w1"), 1e-12);
      assertEquals(0.5, (double) neuron.component(point, "x2"), 1e-12);
      assertEquals(0.0, (double) neuron.component(point, "w2"), 1e-12);
      assertEquals(0.5, (double) neuron.component(point, "b"), 1e-12);
      neuron.check(
          p -> {
            double t = 1 - sq(Math.tanh(p.d(0) * p.d(2) + p.d(1) * p.d(3) + p.d(4)));
            return grads(
                "x1", p.d(2) * t, "x2", p.d(3) * t, "w1", p.d(0) * t, "w2", p.d(1) * t, "b", t);
          },
          at(point),
          at(0.5, -1.0, 0.3, 0.8, 0.1),
          at(1.0, 2.0, -0.5, 0.25, -0.2));
    }

    final Fn arithmetic = basics.method("""
        @Differentiable
        static double arithmetic(double x, double y) {
          double s = x + y;
          double d = x - y;
          double p = x * y;
          double q = x / y;
          double u = -x + (+y);
          return 2.5 * s - d / 4 + p * q - u + 1 + .5e1 * 0. - 0x1p-2 * 0;
        }
        """);

    @Test
    void arithmeticOperatorsAndLiterals() {
      // 2.5(x + y) - (x - y)/4 + xy * x/y - (y - x) + 1 = x^2 + 3.25x + 1.75y + 1
      arithmetic.check(
          p -> grads("x", 3.25 + 2 * p.d(0), "y", 1.75),
          at(1.5, 2.0),
          at(-3.0, 0.75),
          at(0.2, -5.0));
    }

    final Fn remainder = basics.method("""
        @Differentiable
        static double remainder(double x, double y) {
          double r = x % y;
          double c = x % 1.5;
          double e = 7.0 % y;
          return r + 2 * c + e;
        }
        """);

    @Test
    void remainderOfNodesAndConstants() {
      // x % y = x - y trunc(x/y): d/dx = 1, d/dy = -trunc(x/y) between the jumps.
      remainder.check(
          p -> grads("x", 3.0, "y", -trunc(p.d(0) / p.d(1)) - trunc(7.0 / p.d(1))),
          at(5.3, 2.0),
          at(-4.1, 1.7),
          at(2.2, -0.9));
    }

    final Fn compound = basics.method("""
        @Differentiable
        static double compound(double x, double y) {
          double r = x;
          r += y;
          r -= 0.5 * x;
          r *= y;
          r /= x;
          r %= 4.0;
          double t = y;
          t = t + 1;
          t++;
          ++t;
          t--;
          --t;
          int k = 0;
          k += 3;
          k *= 2;
          k -= 1;
          k /= 2;
          k %= 2;
          k++;
          return r + t * k;
        }
        """);

    @Test
    void assignmentsCompoundAssignmentsIncrements() {
      // r = ((0.5x + y) y / x) % 4 = (0.5y + y^2/x) % 4; t = y + 1; k = 1.
      compound.check(
          p -> {
            double x = p.d(0);
            double y = p.d(1);
            return grads("x", -y * y / (x * x), "y", 0.5 + 2 * y / x + 1);
          },
          at(1.0, 1.5),
          at(2.0, 3.0),
          at(-1.5, 2.0));
    }

    final Fn integers = basics.method("""
        @Differentiable
        static double integers(double x, int n, long k) {
          int m = n * 3 + 1;
          int half = m / 2;
          long big = k * m - 5L;
          long mixed = big + n;
          double ratio = (double) big / 4;
          int back = (int) (mixed % 7);
          long widened = (long) half;
          double y = x * m + x * half - ratio;
          y = y + (double) (back + widened) * x;
          return y + mixed / 3 + (n > 2 ? 1 : 0);
        }
        """);

    @Test
    void intAndLongArithmeticAndCasts() {
      // Linear in x with slope m + half + back + widened, all integers computed from n and k.
      integers.check(
          p -> {
            int m = p.n(1) * 3 + 1;
            int half = m / 2;
            long mixed = p.l(2) * m - 5 + p.n(1);
            return grads("x", (double) (m + half + (int) (mixed % 7) + half));
          },
          at(1.25, 2, 10L),
          at(-0.5, 5, -3L),
          at(3.0, 0, 7L));
    }

    final Fn truncation = basics.method("""
        @Differentiable
        static double truncation(double x, double y) {
          int k = (int) x;
          long l = (long) (x * y);
          double frac = x - k;
          return frac * y + k * y + l + (double) (int) y;
        }
        """);

    @Test
    void castOfAnActiveValueToIntIsAConstant() {
      // (x - k) y + k y + trunc(xy) + trunc(y) = xy + piecewise constants.
      truncation.check(
          p -> grads("x", p.d(1), "y", p.d(0)), at(2.3, 1.7), at(-1.6, 3.2), at(5.45, -0.6));
    }

    final Fn logic = basics.method("""
        @Differentiable
        static double logic(double x, double y) {
          boolean bigger = x > y;
          boolean near = Math.abs(x - y) < 0.5;
          boolean bothPositive = x >= 0 && y >= 0;
          boolean special = x <= -1 || (int) y == 2;
          double r = 0;
          if (bigger && !near) r += x * y;
          if (!bothPositive || special) r += x;
          if (bigger == bothPositive && y != 0.0) r -= y * y;
          return r;
        }
        """);

    @Test
    void comparisonsAndLogicalOperators() {
      logic.check(
          p -> {
            double x = p.d(0);
            double y = p.d(1);
            boolean bigger = x > y;
            boolean near = Math.abs(x - y) < 0.5;
            boolean bothPositive = x >= 0 && y >= 0;
            boolean special = x <= -1 || (int) y == 2;
            double dx = 0;
            double dy = 0;
            if (bigger && !near) {
              dx += y;
              dy += x;
            }
            if (!bothPositive || special) {
              dx += 1;
            }
            if (bigger == bothPositive) {
              dy -= 2 * y;
            }
            return grads("x", dx, "y", dy);
          },
          at(3.0, 1.0),
          at(-2.0, 0.5),
          at(0.3, 2.4),
          at(1.2, 1.0));
    }

    final Fn conditional = basics.method("""
        @Differentiable
        static double conditional(double x, double y) {
          double m = x > y ? x * x : 3 * y;
          double a = x < 0 ? -x : x;
          double c = y > 100 ? 1 : y;
          return m + a * c + (x > 0 ? Math.sin(x) : 0.5);
        }
        """);

    @Test
    void conditionalOperatorOnActiveValues() {
      conditional.check(
          p -> {
            double x = p.d(0);
            double y = p.d(1);
            double a = Math.abs(x);
            double c = y > 100 ? 1 : y;
            double dx = (x > y ? 2 * x : 0) + Math.signum(x) * c + (x > 0 ? Math.cos(x) : 0);
            double dy = (x > y ? 0 : 3) + (y > 100 ? 0 : a);
            return grads("x", dx, "y", dy);
          },
          at(2.0, 1.0),
          at(-1.5, 0.5),
          at(0.7, 150.0));
    }

    final Fn inferred = basics.method("""
        @Differentiable
        static double inferred(double x, double[] w) {
          var n = w.length;
          var total = 0.0;
          var big = 10L;
          var scale = x * 2;
          var ok = n > 0;
          var copy = new double[] {x, 1.5e-1, 0x10, 1_000};
          for (var v : w) {
            total += v * scale;
          }
          if (ok) total += copy[0] * copy[1] + copy[2] / copy[3] * big;
          return total;
        }
        """);

    @Test
    void varWithClearInitializerTypes() {
      // 2x sum(w) + 0.15x + 0.16
      inferred.check(
          p -> {
            double sum = 0;
            for (double v : p.a(1)) {
              sum += v;
            }
            double[] dw = new double[p.a(1).length];
            java.util.Arrays.fill(dw, 2 * p.d(0));
            return grads("x", 2 * sum + 0.15, "w", dw);
          },
          at(1.5, vec(1, 2, 3)),
          at(-0.25, vec(0.5, -4)),
          at(2.0, vec(7)));
    }
  }

  static double trunc(double v) {
    return v < 0 ? Math.ceil(v) : Math.floor(v);
  }

  // ==================================================================== fields and constants

  @Nested
  class FieldsAndConstants extends Batch {
    final Unit fields = unit("ex.fields.Fields", """
        package ex.fields;

        import dev.gradgen.Differentiable;
        import ex.consts.Physics;

        class Fields {
          static double scale = 2.5;
          static final double OFFSET = 0.25;
          private static final double SECRET = 1.75;
          static final double[] TABLE = {1.0, -2.0, 0.5};

          // @methods
        }
        """);

    {
      source("ex.consts.Physics", """
          package ex.consts;

          public final class Physics {
            public static final double G = 9.81;
            public static final int N = 4;
            public static double rate = 0.5;

            private Physics() {}
          }
          """);
    }

    final Fn staticFields = fields.method("""
        @Differentiable
        static double staticFields(double x) {
          double s = 0;
          for (int i = 0; i < TABLE.length; i++) s += TABLE[i] * x;
          return scale * x * x + OFFSET + SECRET * x + Fields.scale + s;
        }
        """);

    @Test
    void staticFieldsOfTheEnclosingClass() {
      // 2.5x^2 + 0.25 + 1.75x + 2.5 - 0.5x
      staticFields.check(p -> grads("x", 5 * p.d(0) + 1.75 - 0.5), at(1.5), at(-2.0), at(0.3));
    }

    @Test
    void privateCompileTimeConstantIsInlined() {
      // The companion cannot read a private field: the constant's value is written instead (the
      // Javadoc may still quote the source).
      String code = generatedSource(staticFields.compiled(), "FieldsGradients")
          .lines()
          .filter(line -> !line.trim().startsWith("*") && !line.trim().startsWith("/*"))
          .collect(java.util.stream.Collectors.joining("\n"));
      assertFalse(code.contains("SECRET"), code);
      assertTrue(code.contains("1.75"), code);
    }

    final Fn constants = fields.method("""
        @Differentiable
        static double constants(double r, double t) {
          return Math.PI * r * r + Math.E * t + Physics.G * t * t / 2 + Physics.rate * r + Physics.N;
        }
        """);

    @Test
    void constantsOfOtherClasses() {
      constants.check(
          p -> grads("r", 2 * Math.PI * p.d(0) + 0.5, "t", Math.E + 9.81 * p.d(1)),
          at(1.0, 2.0),
          at(-0.5, 0.25),
          at(3.0, -1.5));
    }

    final Unit model = unit("ex.fields.Model", """
        package ex.fields;

        import dev.gradgen.Differentiable;

        final class Model {
          double weight = 1.5;
          double bias = -0.25;
          double[] coefficients = {0.5, 2.0};

          // @methods
        }
        """);

    final Fn predict = model.method("""
        @Differentiable
        double predict(double x) {
          return weight * x + this.bias + coefficients[1] * x * x;
        }
        """);

    @Test
    void instanceMethodReadsFields() {
      predict.check(p -> grads("x", 1.5 + 4 * p.d(0)), at(0.5), at(-2.0), at(3.0));
    }

    final Fn loss = model.method("""
        @Differentiable
        double loss(double x, double target) {
          double e = predict(x) - target;
          return e * e + this.predict(0.5 * x) * weight;
        }
        """);

    @Test
    void instanceMethodCallsInstanceMethods() {
      loss.check(
          p -> {
            double x = p.d(0);
            double e = 1.5 * x - 0.25 + 2 * x * x - p.d(1);
            return grads(
                "x", 2 * e * (1.5 + 4 * x) + 1.5 * 0.5 * (1.5 + 4 * 0.5 * x), "target", -2 * e);
          },
          at(0.5, 1.0),
          at(-1.0, 0.25),
          at(2.0, 3.0));
    }
  }

  // ==================================================================== control flow

  @Nested
  class ControlFlow extends Batch {
    final Unit flow = unit("ex.flow.Flow", """
        package ex.flow;

        import dev.gradgen.Differentiable;

        class Flow {
          // @methods
        }
        """);

    final Fn piecewise = flow.method("""
        @Differentiable
        static double piecewise(double x) {
          double y;
          if (x < -1) {
            y = -x * x;
          } else if (x < 0) {
            y = x;
          } else if (x < 2) y = Math.sin(x);
          else {
            y = 2 * x - 4 + Math.sin(2);
          }
          return y;
        }
        """);

    @Test
    void ifElseIfChain() {
      piecewise.check(
          p -> {
            double x = p.d(0);
            return grads("x", x < -1 ? -2 * x : x < 0 ? 1 : x < 2 ? Math.cos(x) : 2);
          },
          at(-2.5),
          at(-0.5),
          at(1.2),
          at(3.7));
    }

    final Fn horner = flow.method("""
        @Differentiable
        static double horner(double x, double[] c) {
          double y = 0;
          for (int i = c.length - 1, unused = 0; i >= 0; i--, unused++) y = y * x + c[i];
          return y;
        }
        """);

    @Test
    void forLoopWithSeveralDeclarators() {
      horner.check(
          p -> {
            double x = p.d(0);
            double[] c = p.a(1);
            double dx = 0;
            double[] dc = new double[c.length];
            for (int i = 0; i < c.length; i++) {
              dc[i] = Math.pow(x, i);
              dx += i == 0 ? 0 : i * c[i] * Math.pow(x, i - 1);
            }
            return grads("x", dx, "c", dc);
          },
          at(1.5, vec(1, -2, 0.5, 3)),
          at(-0.75, vec(2, 4)),
          at(2.0, vec(0.25, 0, -1)));
    }

    final Fn doubling = flow.method("""
        @Differentiable
        static double doubling(double x) {
          double s = 0;
          for (double t = x; t < 10; t = t * 2) s += t;
          return s;
        }
        """);

    @Test
    void forLoopWithAnActiveCounter() {
      // s = x (1 + 2 + ... + 2^(k-1)) = x (2^k - 1), k the number of terms below 10.
      doubling.check(
          p -> {
            int k = 0;
            while (p.d(0) * Math.pow(2, k) < 10) {
              k++;
            }
            return grads("x", Math.pow(2, k) - 1);
          },
          at(1.3),
          at(3.0),
          at(0.7));
    }

    final Fn halving = flow.method("""
        @Differentiable
        static double halving(double x) {
          double y = x;
          int k = 0;
          while (y > 1.0) {
            y = y / 2;
            k++;
          }
          return y * k + y;
        }
        """);

    @Test
    void whileLoop() {
      // y = x / 2^k with k the halvings needed to reach 1: f = (k + 1) x / 2^k.
      halving.check(
          p -> {
            int k = (int) Math.ceil(Math.log(p.d(0)) / Math.log(2));
            k = Math.max(k, 0);
            return grads("x", (k + 1) / Math.pow(2, k));
          },
          at(5.3),
          at(0.6),
          at(100.0));
    }

    final Fn newtonSqrt = flow.method("""
        @Differentiable
        static double newtonSqrt(double a) {
          double x = a > 1 ? a : 1.0;
          int iterations = 0;
          do {
            x = 0.5 * (x + a / x);
            iterations++;
          } while (iterations < 25);
          return x;
        }
        """);

    @Test
    void doWhileLoop() {
      newtonSqrt.check(p -> grads("a", 0.5 / Math.sqrt(p.d(0))), at(2.0), at(0.3), at(50.0));
    }

    final Fn switchClassic = flow.method("""
        @Differentiable
        static double switchClassic(double x, double y, int mode) {
          double r = 1;
          switch (mode) {
            case 0:
              r += x;
            case 1:
              r *= y;
              break;
            case 2:
            case 3:
              r = x - y;
              break;
            default:
              r = -x;
          }
          return r;
        }
        """);

    @Test
    void classicSwitchWithFallthrough() {
      switchClassic.check(
          p -> switch (p.n(2)) {
            case 0 -> grads("x", p.d(1), "y", 1 + p.d(0));
            case 1 -> grads("x", 0, "y", 1);
            case 2, 3 -> grads("x", 1, "y", -1);
            default -> grads("x", -1, "y", 0);
          },
          at(1.5, 2.0, 0),
          at(-0.5, 3.0, 1),
          at(2.0, 0.25, 2),
          at(1.0, 1.0, 3),
          at(4.0, 2.0, 7));
    }

    final Fn switchArrow = flow.method("""
        @Differentiable
        static double switchArrow(double x, double y) {
          double r;
          switch ((int) Math.floor(x)) {
            case 0 -> r = x * y;
            case 1, 2 -> {
              r = y;
              r += x * x;
            }
            case -1 -> throw new IllegalStateException("no value between -1 and 0");
            default -> r = 0.5 * x;
          }
          return r;
        }
        """);

    @Test
    void arrowSwitchOnTheIntPartOfAnActiveValue() {
      switchArrow.check(
          p -> {
            double x = p.d(0);
            return switch ((int) Math.floor(x)) {
              case 0 -> grads("x", p.d(1), "y", x);
              case 1, 2 -> grads("x", 2 * x, "y", 1);
              default -> grads("x", 0.5, "y", 0);
            };
          },
          at(0.5, 2.0),
          at(1.5, -1.0),
          at(2.7, 0.3),
          at(5.2, 1.0),
          at(-3.5, 1.0));
      switchArrow.throwsLikePlain(IllegalStateException.class, at(-0.5, 1.0));
    }

    final Fn sumUntil = flow.method("""
        @Differentiable
        static double sumUntil(double[] v, double limit) {
          double s = 0;
          for (int i = 0; i < v.length; i++) {
            if (v[i] < 0) continue;
            if (v[i] > limit) break;
            s += v[i] * v[i];
          }
          return s;
        }
        """);

    @Test
    void breakAndContinue() {
      sumUntil.check(
          p -> {
            double[] v = p.a(0);
            double[] dv = new double[v.length];
            for (int i = 0; i < v.length; i++) {
              if (v[i] < 0) {
                continue;
              }
              if (v[i] > p.d(1)) {
                break;
              }
              dv[i] = 2 * v[i];
            }
            return grads("v", dv, "limit", 0);
          },
          at(vec(1.5, -2, 0.5, 7, 1), 5.0),
          at(vec(-1, 2, 3), 10.0),
          at(vec(4, 1), 3.0));
    }

    final Fn pairs = flow.method("""
        @Differentiable
        static double pairs(double[] a, double cap) {
          double s = 0;
          outer:
          for (int i = 0; i < a.length; i++) {
            int j = 0;
            while (j < a.length) {
              if (j > i) continue outer;
              double p = a[i] * a[j];
              j++;
              if (p > cap) break outer;
              s += p;
            }
          }
          return s + cap;
        }
        """);

    @Test
    void labelledBreakAndContinue() {
      pairs.check(
          p -> {
            double[] a = p.a(0);
            double[] da = new double[a.length];
            outer:
            for (int i = 0; i < a.length; i++) {
              for (int j = 0; j <= i; j++) {
                if (a[i] * a[j] > p.d(1)) {
                  break outer;
                }
                da[i] += a[j];
                da[j] += a[i];
              }
            }
            return grads("a", da, "cap", 1);
          },
          at(vec(1, 2, 0.5), 10.0),
          at(vec(1, 2, 0.5), 3.0),
          at(vec(-1, 1.5, 2.5, 0.3), 2.0));
    }

    final Fn firstCrossing = flow.method("""
        @Differentiable
        static double firstCrossing(double x, double[] w, double threshold) {
          double s = 0;
          for (int i = 0; i < w.length; i++) {
            s += w[i] * x;
            if (s > threshold) {
              return s * 2 + i;
            }
          }
          return -s;
        }
        """);

    @Test
    void earlyReturnFromALoop() {
      firstCrossing.check(
          p -> {
            double x = p.d(0);
            double[] w = p.a(1);
            double s = 0;
            double[] dw = new double[w.length];
            double sumW = 0;
            for (int i = 0; i < w.length; i++) {
              s += w[i] * x;
              sumW += w[i];
              dw[i] = x;
              if (s > p.d(2)) {
                for (int k = 0; k <= i; k++) {
                  dw[k] = 2 * x;
                }
                return grads("x", 2 * sumW, "w", dw, "threshold", 0);
              }
            }
            for (int k = 0; k < w.length; k++) {
              dw[k] = -x;
            }
            return grads("x", -sumW, "w", dw, "threshold", 0);
          },
          at(0.5, vec(1, 2, 3), 2.0),
          at(0.5, vec(1, 2, 3), 10.0),
          at(-1.5, vec(-1, 0.5), 0.75));
    }
  }

  // ==================================================================== subtle evaluation order

  /**
   * Legal but unusual code where the generated graph must follow Java's evaluation order and scoping
   * exactly: side effects inside an expression, locals shared by the cases of a classic switch,
   * sign operators on mixed types, and locals reassigned after a straight-line run.
   */
  @Nested
  class EvaluationOrder extends Batch {
    final Unit order = unit("ex.order.Order", """
        package ex.order;

        import dev.gradgen.Differentiable;

        class Order {
          // @methods
        }
        """);

    final Fn assignmentInside = order.method("""
        @Differentiable
        static double assignmentInside(double x, double y) {
          double s = y;
          double r = s * (s = x) * s;
          return r;
        }
        """);

    @Test
    void assignmentInsideAnExpression() {
      // Java reads s, assigns, then reads the new s: y * x * x.
      assignmentInside.check(
          p -> grads("x", 2 * p.d(0) * p.d(1), "y", p.d(0) * p.d(0)), at(1.5, 2.0), at(-0.5, 3.0));
    }

    final Fn compoundInside = order.method("""
        @Differentiable
        static double compoundInside(double x, double y) {
          double s = y;
          double r = s * (s += x) * s;
          return r + s;
        }
        """);

    @Test
    void compoundAssignmentInsideAnExpression() {
      // y (x + y)^2 + (x + y)
      compoundInside.check(
          p -> {
            double x = p.d(0);
            double y = p.d(1);
            return grads("x", 2 * y * (x + y) + 1, "y", (x + y) * (x + y) + 2 * y * (x + y) + 1);
          },
          at(1.5, 2.0),
          at(-0.5, 3.0));
    }

    final Fn switchScope = order.method("""
        @Differentiable
        static double switchScope(double x, int k) {
          double r = 0;
          switch (k) {
            case 0:
              double t = x * x;
              r = t * 3;
              break;
            default:
              t = x;
              r = t + 1;
          }
          return r;
        }
        """);

    @Test
    void localDeclaredInOneCaseAndAssignedInALaterOne() {
      switchScope.check(
          p -> grads("x", p.n(1) == 0 ? 6 * p.d(0) : 1), at(1.5, 0), at(1.5, 1), at(-0.25, 0));
    }

    final Fn signs = order.method("""
        @Differentiable
        static double signs(double x, int n) {
          double y = n;
          y += x * -n;
          y -= -x;
          return y * +n - (-(x));
        }
        """);

    @Test
    void signOperatorsOnIntsAndNodes() {
      // n (n - nx + x) + x
      signs.check(p -> grads("x", p.n(1) * (1 - p.n(1)) + 1), at(1.5, 3), at(-2.0, -4));
    }

    final Fn reassigned = order.method("""
        @Differentiable
        static double reassigned(double x, double y) {
          double a = 1;
          double b = a * 2;
          a = x;
          double s = 0;
          for (int i = 0; i < 3; i++) {
            double t = s * x + i;
            double q = t * y;
            s = q - t / 2;
          }
          double m = Math.min(x, y);
          double z = m * m;
          int k = (int) z;
          return a + b + s + z + k;
        }
        """);

    @Test
    void straightLineRunsAroundReassignedLocals() {
      // a = x, b = 2, s = ((y - 1/2) x + 2)(y - 1/2), z = min(x, y)^2
      reassigned.check(
          p -> {
            double x = p.d(0);
            double y = p.d(1);
            double h = y - 0.5;
            return grads(
                "x", 1 + h * h + (x < y ? 2 * x : 0), "y", 2 * h * x + 2 + (x < y ? 0 : 2 * y));
          },
          at(0.7, 1.3),
          at(1.5, -0.4),
          at(-2.5, 0.6));
    }
  }

  // ==================================================================== exceptions

  @Nested
  class Exceptions extends Batch {
    final Unit checks = unit("ex.errors.Checks", """
        package ex.errors;

        import dev.gradgen.Differentiable;

        class Checks {
          // @methods
        }
        """);

    final Fn checkedLog = checks.method("""
        @Differentiable
        static double checkedLog(double x, int n) {
          if (n <= 0) throw new IllegalArgumentException("n must be positive, got " + n);
          if (x <= 0) throw new ArithmeticException("log of a non-positive number");
          double s = 0;
          for (int i = 1; i <= n; i++) s += Math.log(x * i);
          return s;
        }
        """);

    @Test
    void throwStatements() {
      checkedLog.check(p -> grads("x", p.n(1) / p.d(0)), at(1.5, 3), at(0.2, 1));
      checkedLog.throwsLikePlain(IllegalArgumentException.class, at(1.0, 0));
      checkedLog.throwsLikePlain(IllegalArgumentException.class, at(1.0, -4));
      checkedLog.throwsLikePlain(ArithmeticException.class, at(-1.0, 2));
    }

    final Fn pick = checks.method("""
        @Differentiable
        static double pick(double[] v, int i) {
          return v[i] * v[0];
        }
        """);

    @Test
    void indexOutOfBounds() {
      pick.check(
          p -> {
            double[] dv = new double[p.a(0).length];
            dv[p.n(1)] += p.a(0)[0];
            dv[0] += p.a(0)[p.n(1)];
            return grads("v", dv);
          },
          at(vec(2, 3), 1),
          at(vec(-1.5, 4, 0.5), 0));
      pick.throwsLikePlain(ArrayIndexOutOfBoundsException.class, at(vec(1, 2), 5));
      pick.throwsLikePlain(ArrayIndexOutOfBoundsException.class, at(vec(1, 2), -1));
    }

    final Fn boundedSum = checks.method("""
        @Differentiable
        static double boundedSum(double[] v, double bound) {
          double s = 0;
          for (double e : v) {
            s += e;
            if (s > bound) throw new IllegalStateException("sum exceeds bound");
          }
          return s;
        }
        """);

    @Test
    void throwInTheMiddleOfALoop() {
      boundedSum.check(
          p -> grads("v", vec(1, 1, 1), "bound", 0),
          at(vec(1, 2, 3), 10.0),
          at(vec(-1, 0.5, 2), 3.0));
      boundedSum.throwsLikePlain(IllegalStateException.class, at(vec(1, 2, 3), 2.5));
    }
  }

  // ==================================================================== helpers

  /** The text of a generated source file whose name ends with {@code simpleName}.java. */
  static String generatedSource(Compiled compiled, String simpleName) {
    for (JavaFileObject file : compiled.compilation().generatedSourceFiles()) {
      if (file.getName().endsWith("/" + simpleName + ".java")) {
        try {
          return file.getCharContent(true).toString();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }
    throw new AssertionError("no generated " + simpleName + ".java");
  }
}
