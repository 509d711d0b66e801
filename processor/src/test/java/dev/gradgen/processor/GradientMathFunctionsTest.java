package dev.gradgen.processor;

import static dev.gradgen.processor.GradientHarness.assertBitsEqual;
import static dev.gradgen.processor.GradientHarness.at;
import static dev.gradgen.processor.GradientHarness.grads;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradgen.Activations;
import dev.gradgen.processor.GradientHarness.Batch;
import dev.gradgen.processor.GradientHarness.Fn;
import dev.gradgen.processor.GradientHarness.Point;
import dev.gradgen.processor.GradientHarness.Unit;
import java.util.Map;
import java.util.function.DoubleBinaryOperator;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Gradients that actually run, for the library functions of the subset: every {@code Math} function
 * (through a static import and qualified), the piecewise-constant ones, {@code StrictMath} (values
 * bit for bit StrictMath's, at points where Math differs) and the runtime's {@code Activations}. See
 * {@link GradientCorrectnessTest} for what each check does.
 */
class GradientMathFunctionsTest {

  static double sq(double x) {
    return x * x;
  }

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  // ==================================================================== Math

  @Nested
  class MathFunctions extends Batch {
    /** Unqualified calls through {@code import static java.lang.Math.*}. */
    final Unit smooth = unit("ex.math.Smooth", """
        package ex.math;

        import static java.lang.Math.*;

        import dev.gradgen.Differentiable;

        class Smooth {
          // @methods
        }
        """);

    /** Qualified calls: {@code Math.pow}, {@code Activations.sigmoid}. */
    final Unit qualified = unit("ex.math.Qualified", """
        package ex.math;

        import static dev.gradgen.Activations.relu;

        import dev.gradgen.Activations;
        import dev.gradgen.Differentiable;

        class Qualified {
          // @methods
        }
        """);

    final Fn roots = smooth.method("""
        @Differentiable
        static double roots(double x) {
          return sqrt(x * x + 1) + cbrt(x) * abs(x - 2);
        }
        """);

    @Test
    void sqrtCbrtAbs() {
      roots.check(
          p -> {
            double x = p.d(0);
            double dx = x / Math.sqrt(x * x + 1)
                + Math.abs(x - 2) / (3 * sq(Math.cbrt(x)))
                + Math.cbrt(x) * Math.signum(x - 2);
            return grads("x", dx);
          },
          at(3.5),
          at(-1.25),
          at(0.8));
    }

    final Fn exponentials = smooth.method("""
        @Differentiable
        static double exponentials(double x, double y) {
          return exp(x) + expm1(y) + log(x) * y + log10(y * y) + log1p(x * y);
        }
        """);

    @Test
    void expExpm1LogLog10Log1p() {
      exponentials.check(
          p -> {
            double x = p.d(0);
            double y = p.d(1);
            return grads(
                "x",
                Math.exp(x) + y / x + y / (1 + x * y),
                "y",
                Math.exp(y) + Math.log(x) + 2 / (y * Math.log(10)) + x / (1 + x * y));
          },
          at(0.5, 1.5),
          at(2.0, -0.3),
          at(1.2, 0.25));
    }

    final Fn powBoth = qualified.method("""
        @Differentiable
        static double powBoth(double x, double y) {
          return Math.pow(x, y);
        }
        """);

    @Test
    void powWithBothArgumentsActive() {
      powBoth.check(
          p -> {
            double x = p.d(0);
            double y = p.d(1);
            return grads("x", y * Math.pow(x, y - 1), "y", Math.pow(x, y) * Math.log(x));
          },
          at(2.0, 3.0),
          at(1.5, -0.5),
          at(0.7, 2.2));
    }

    final Fn powBase = qualified.method("""
        @Differentiable
        static double powBase(double x, int n) {
          return Math.pow(x, 3.5) + Math.pow(x, n) + Math.pow(x, 2);
        }
        """);

    @Test
    void powWithOnlyTheBaseActive() {
      powBase.check(
          p -> {
            double x = p.d(0);
            int n = p.n(1);
            return grads(
                "x", 3.5 * Math.pow(x, 2.5) + (n == 0 ? 0 : n * Math.pow(x, n - 1)) + 2 * x);
          },
          at(1.3, 3),
          at(0.4, 0),
          at(2.0, -2));
    }

    final Fn powExponent = qualified.method("""
        @Differentiable
        static double powExponent(double y) {
          return Math.pow(2.0, y) + Math.pow(Math.E, 2 * y);
        }
        """);

    @Test
    void powWithOnlyTheExponentActive() {
      powExponent.check(
          p -> {
            double y = p.d(0);
            return grads("y", Math.pow(2, y) * Math.log(2) + 2 * Math.exp(2 * y));
          },
          at(0.5),
          at(-1.25),
          at(3.0));
    }

    final Fn trig = smooth.method("""
        @Differentiable
        static double trig(double x, double y) {
          return sin(x) * cos(y) + tan(x * y);
        }
        """);

    @Test
    void sinCosTan() {
      trig.check(
          p -> {
            double x = p.d(0);
            double y = p.d(1);
            double sec2 = 1 / sq(Math.cos(x * y));
            return grads(
                "x",
                Math.cos(x) * Math.cos(y) + y * sec2,
                "y",
                -Math.sin(x) * Math.sin(y) + x * sec2);
          },
          at(0.3, 0.5),
          at(-1.1, 0.4),
          at(2.0, -0.6));
    }

    final Fn inverseTrig = smooth.method("""
        @Differentiable
        static double inverseTrig(double x, double y) {
          return asin(x) + acos(x * y) + atan(y) + atan2(y, x) + atan2(x, 2.0) + atan2(-1.0, y);
        }
        """);

    @Test
    void asinAcosAtanAtan2() {
      inverseTrig.check(
          p -> {
            double x = p.d(0);
            double y = p.d(1);
            double acosFactor = 1 / Math.sqrt(1 - x * x * y * y);
            double r2 = x * x + y * y;
            return grads(
                "x", 1 / Math.sqrt(1 - x * x) - y * acosFactor - y / r2 + 2 / (x * x + 4),
                "y", -x * acosFactor + 1 / (1 + y * y) + x / r2 + 1 / (1 + y * y));
          },
          at(0.3, 0.5),
          at(-0.6, 1.2),
          at(0.9, -0.8));
    }

    final Fn hyperbolic = smooth.method("""
        @Differentiable
        static double hyperbolic(double x, double y) {
          return sinh(x) + cosh(x * y) * tanh(y);
        }
        """);

    @Test
    void sinhCoshTanh() {
      hyperbolic.check(
          p -> {
            double x = p.d(0);
            double y = p.d(1);
            double t = Math.tanh(y);
            return grads(
                "x",
                Math.cosh(x) + y * Math.sinh(x * y) * t,
                "y",
                x * Math.sinh(x * y) * t + Math.cosh(x * y) * (1 - t * t));
          },
          at(0.5, 1.5),
          at(-1.0, 0.25),
          at(2.0, -0.7));
    }

    final Fn hypotMinMax = qualified.method("""
        @Differentiable
        static double hypotMinMax(double x, double y) {
          return Math.hypot(x, y) + Math.hypot(x, 3.0) + Math.hypot(4.0, y)
              + Math.max(x, y) * 2 + Math.min(x, 0.5) + Math.max(-1.0, y) + Math.min(x * y, y);
        }
        """);

    @Test
    void hypotMaxMin() {
      hypotMinMax.check(
          p -> {
            double x = p.d(0);
            double y = p.d(1);
            double h = Math.hypot(x, y);
            double dx = x / h
                + x / Math.hypot(x, 3)
                + (x > y ? 2 : 0)
                + (x < 0.5 ? 1 : 0)
                + (x * y < y ? y : 0);
            double dy = y / h
                + y / Math.hypot(4, y)
                + (x > y ? 0 : 2)
                + (y > -1 ? 1 : 0)
                + (x * y < y ? x : 1);
            return grads("x", dx, "y", dy);
          },
          at(1.5, 2.0),
          at(0.25, -1.5),
          at(-2.0, 0.75),
          at(3.0, -0.5));
    }

    final Fn zeroDerivative = qualified.method("""
        @Differentiable
        static double zeroDerivative(double x, double y) {
          return Math.signum(x) * x + Math.floor(x) + Math.ceil(x * y) + Math.rint(y)
              + Math.round(x * 3) + Math.round(y) * y;
        }
        """);

    @Test
    void signumFloorCeilRintRoundHaveZeroDerivative() {
      zeroDerivative.check(
          p -> grads("x", Math.signum(p.d(0)), "y", (double) Math.round(p.d(1))),
          at(1.3, 2.2),
          at(-0.7, 1.6),
          at(2.55, -0.3));
    }

    final Fn activations = qualified.method("""
        @Differentiable
        static double activations(double x, double y) {
          return Activations.sigmoid(x) * 2 + relu(x * y) + Activations.softplus(y - x);
        }
        """);

    @Test
    void sigmoidReluSoftplus() {
      activations.check(
          p -> {
            double x = p.d(0);
            double y = p.d(1);
            double s = sigmoid(x);
            boolean on = x * y > 0;
            return grads(
                "x",
                2 * s * (1 - s) + (on ? y : 0) - sigmoid(y - x),
                "y",
                (on ? x : 0) + sigmoid(y - x));
          },
          at(0.5, 1.5),
          at(-1.0, 2.0),
          at(3.0, -0.25));
      // The runtime's activations are the plain functions the value must match.
      assertBitsEqual(
          Activations.sigmoid(0.5) * 2 + Activations.relu(0.75) + Activations.softplus(1.0),
          (Double) activations.component(new Object[] {0.5, 1.5}, "value"),
          "activations");
    }
  }

  // ==================================================================== StrictMath

  /**
   * One StrictMath function each, in the order of the cases of {@code strictFunction} below: its
   * reference value, Math's counterpart (to find points where the two differ) and its partials by
   * hand.
   */
  enum Strict {
    SIN(StrictMath::sin, Math::sin, (x, y) -> grads("x", Math.cos(x), "y", 0), 0.03, 0.5),
    COS(StrictMath::cos, Math::cos, (x, y) -> grads("x", -Math.sin(x), "y", 0), 0.08, 0.5),
    TAN(StrictMath::tan, Math::tan, (x, y) -> grads("x", 1 / sq(Math.cos(x)), "y", 0), 0.01, 0.5),
    EXP(StrictMath::exp, Math::exp, (x, y) -> grads("x", Math.exp(x), "y", 0), 0.04, 0.5),
    LOG(StrictMath::log, Math::log, (x, y) -> grads("x", 1 / x, "y", 0), 0.02, 0.5),
    LOG10(
        StrictMath::log10,
        Math::log10,
        (x, y) -> grads("x", 1 / (x * Math.log(10)), "y", 0),
        0.5,
        0.5),
    POW(
        StrictMath::pow,
        Math::pow,
        (x, y) -> grads("x", y * Math.pow(x, y - 1), "y", Math.pow(x, y) * Math.log(x)),
        0.5,
        1.3),
    POW_BASE(
        (x, y) -> StrictMath.pow(x, 2.5),
        (x, y) -> Math.pow(x, 2.5),
        (x, y) -> grads("x", 2.5 * Math.pow(x, 1.5), "y", 0),
        0.5,
        0.5),
    POW_EXPONENT(
        (x, y) -> StrictMath.pow(1.5, y),
        (x, y) -> Math.pow(1.5, y),
        (x, y) -> grads("x", 0, "y", Math.pow(1.5, y) * Math.log(1.5)),
        0.5,
        0.5),
    SQRT(StrictMath::sqrt, Math::sqrt, (x, y) -> grads("x", 0.5 / Math.sqrt(x), "y", 0), 2.0, 0.5),
    CBRT(
        StrictMath::cbrt,
        Math::cbrt,
        (x, y) -> grads("x", 1 / (3 * sq(Math.cbrt(x))), "y", 0),
        2.0,
        0.5),
    EXPM1(StrictMath::expm1, Math::expm1, (x, y) -> grads("x", Math.exp(x), "y", 0), 0.3, 0.5),
    LOG1P(StrictMath::log1p, Math::log1p, (x, y) -> grads("x", 1 / (1 + x), "y", 0), 0.3, 0.5),
    ASIN(
        StrictMath::asin,
        Math::asin,
        (x, y) -> grads("x", 1 / Math.sqrt(1 - x * x), "y", 0),
        0.3,
        0.5),
    ACOS(
        StrictMath::acos,
        Math::acos,
        (x, y) -> grads("x", -1 / Math.sqrt(1 - x * x), "y", 0),
        0.3,
        0.5),
    ATAN(StrictMath::atan, Math::atan, (x, y) -> grads("x", 1 / (1 + x * x), "y", 0), 0.3, 0.5),
    SINH(StrictMath::sinh, Math::sinh, (x, y) -> grads("x", Math.cosh(x), "y", 0), 0.3, 0.5),
    COSH(StrictMath::cosh, Math::cosh, (x, y) -> grads("x", Math.sinh(x), "y", 0), 0.3, 0.5),
    TANH(
        StrictMath::tanh, Math::tanh, (x, y) -> grads("x", 1 - sq(Math.tanh(x)), "y", 0), 0.3, 0.5),
    ATAN2(
        StrictMath::atan2,
        Math::atan2,
        (x, y) -> grads("x", y / (x * x + y * y), "y", -x / (x * x + y * y)),
        0.3,
        0.5),
    ATAN2_CONSTANT_X(
        (x, y) -> StrictMath.atan2(x, 2.0),
        (x, y) -> Math.atan2(x, 2.0),
        (x, y) -> grads("x", 2 / (x * x + 4), "y", 0),
        0.3,
        0.5),
    ATAN2_CONSTANT_Y(
        (x, y) -> StrictMath.atan2(2.0, y),
        (x, y) -> Math.atan2(2.0, y),
        (x, y) -> grads("x", 0, "y", -2 / (y * y + 4)),
        0.3,
        0.5),
    HYPOT(
        StrictMath::hypot,
        Math::hypot,
        (x, y) -> grads("x", x / Math.hypot(x, y), "y", y / Math.hypot(x, y)),
        0.3,
        0.5),
    HYPOT_CONSTANT(
        (x, y) -> StrictMath.hypot(3.0, y),
        (x, y) -> Math.hypot(3.0, y),
        (x, y) -> grads("x", 0, "y", y / Math.hypot(3, y)),
        0.3,
        0.5),
    ABS(
        (x, y) -> StrictMath.abs(x),
        (x, y) -> Math.abs(x),
        (x, y) -> grads("x", Math.signum(x), "y", 0),
        -0.3,
        0.5),
    MAX(
        StrictMath::max,
        Math::max,
        (x, y) -> grads("x", x > y ? 1 : 0, "y", x > y ? 0 : 1),
        0.3,
        0.5),
    MIN(
        (x, y) -> StrictMath.min(x, 0.4),
        (x, y) -> Math.min(x, 0.4),
        (x, y) -> grads("x", x < 0.4 ? 1 : 0, "y", 0),
        0.3,
        0.5);

    final DoubleBinaryOperator strict;
    final DoubleBinaryOperator math;
    final BinaryGrads grads;
    final double x0;
    final double y0;

    Strict(DoubleUnaryOp strict, DoubleUnaryOp math, BinaryGrads grads, double x0, double y0) {
      this((x, y) -> strict.apply(x), (x, y) -> math.apply(x), grads, x0, y0);
    }

    Strict(
        DoubleBinaryOperator strict,
        DoubleBinaryOperator math,
        BinaryGrads grads,
        double x0,
        double y0) {
      this.strict = strict;
      this.math = math;
      this.grads = grads;
      this.x0 = x0;
      this.y0 = y0;
    }

    /**
     * The first point from (x0, y0) on, in small steps, where StrictMath and Math differ; a point
     * next to (x0, y0) where they agree throughout.
     */
    double[] differingPoint() {
      for (int i = 0; i < 5_000; i++) {
        double x = x0 + i * 0.000097;
        double y = y0 + i * 0.000071;
        if (differsFromMath(new double[] {x, y})) {
          return new double[] {x, y};
        }
      }
      return new double[] {x0 + 0.0123, y0 + 0.0171};
    }

    boolean differsFromMath(double[] point) {
      return Double.doubleToLongBits(strict.applyAsDouble(point[0], point[1]))
          != Double.doubleToLongBits(math.applyAsDouble(point[0], point[1]));
    }
  }

  interface DoubleUnaryOp {
    double apply(double x);
  }

  interface BinaryGrads {
    Map<String, Object> of(double x, double y);
  }

  @Nested
  class StrictMathFunctions extends Batch {
    final Unit strict = unit("ex.math.Strict", """
        package ex.math;

        import dev.gradgen.Differentiable;

        class Strict {
          // @methods
        }
        """);

    final Fn strictFunction = strict.method("""
        @Differentiable
        static double strictFunction(double x, double y, int which) {
          switch (which) {
            case 0: return StrictMath.sin(x);
            case 1: return StrictMath.cos(x);
            case 2: return StrictMath.tan(x);
            case 3: return StrictMath.exp(x);
            case 4: return StrictMath.log(x);
            case 5: return StrictMath.log10(x);
            case 6: return StrictMath.pow(x, y);
            case 7: return StrictMath.pow(x, 2.5);
            case 8: return StrictMath.pow(1.5, y);
            case 9: return StrictMath.sqrt(x);
            case 10: return StrictMath.cbrt(x);
            case 11: return StrictMath.expm1(x);
            case 12: return StrictMath.log1p(x);
            case 13: return StrictMath.asin(x);
            case 14: return StrictMath.acos(x);
            case 15: return StrictMath.atan(x);
            case 16: return StrictMath.sinh(x);
            case 17: return StrictMath.cosh(x);
            case 18: return StrictMath.tanh(x);
            case 19: return StrictMath.atan2(x, y);
            case 20: return StrictMath.atan2(x, 2.0);
            case 21: return StrictMath.atan2(2.0, y);
            case 22: return StrictMath.hypot(x, y);
            case 23: return StrictMath.hypot(3.0, y);
            case 24: return StrictMath.abs(x);
            case 25: return StrictMath.max(x, y);
            case 26: return StrictMath.min(x, 0.4);
            default: throw new IllegalArgumentException("no function " + which);
          }
        }
        """);

    @ParameterizedTest
    @EnumSource(Strict.class)
    void strictMathValueBitForBit(Strict function) {
      int which = function.ordinal();
      double[] differing = function.differingPoint();
      Function<Point, Map<String, Object>> analytic = p -> function.grads.of(p.d(0), p.d(1));
      strictFunction.check(
          analytic, at(differing[0], differing[1], which), at(function.x0, function.y0, which));
      double value = (Double)
          strictFunction.component(new Object[] {differing[0], differing[1], which}, "value");
      assertBitsEqual(
          function.strict.applyAsDouble(differing[0], differing[1]), value, function + " value");
      if (function.differsFromMath(differing)) {
        assertNotEquals(function.math.applyAsDouble(differing[0], differing[1]), value);
      }
    }

    @Test
    void strictMathDiffersFromMathForSomeFunctionsAndThrowsOtherwise() {
      // Otherwise the bit-for-bit test above could not tell StrictMath from Math.
      int differing = 0;
      for (Strict function : Strict.values()) {
        if (function.differsFromMath(function.differingPoint())) {
          differing++;
        }
      }
      assertTrue(differing > 0, "Math agrees with StrictMath everywhere we looked");
      strictFunction.throwsLikePlain(IllegalArgumentException.class, at(1.0, 1.0, 99));
    }

    final Fn strictModel = strict.method("""
        @Differentiable
        static double strictModel(double x, double y) {
          double g = StrictMath.exp(-x * x) * StrictMath.sin(3 * y);
          return g + StrictMath.log(1 + x * x) - StrictMath.pow(y, 3) / StrictMath.cos(x);
        }
        """);

    @Test
    void strictMathInAnExpression() {
      strictModel.check(
          p -> {
            double x = p.d(0);
            double y = p.d(1);
            double e = Math.exp(-x * x);
            return grads(
                "x",
                    -2 * x * e * Math.sin(3 * y)
                        + 2 * x / (1 + x * x)
                        - y * y * y * Math.sin(x) / sq(Math.cos(x)),
                "y", 3 * e * Math.cos(3 * y) - 3 * y * y / Math.cos(x));
          },
          at(0.3, 0.7),
          at(-1.1, 0.25),
          at(0.05, -1.5));
    }
  }
}
