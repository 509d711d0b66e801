package dev.gradgen.processor;

import static dev.gradgen.processor.GradientHarness.assertBitsEqual;
import static dev.gradgen.processor.GradientHarness.at;
import static dev.gradgen.processor.GradientHarness.grads;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradgen.processor.GradientHarness.Batch;
import dev.gradgen.processor.GradientHarness.Fn;
import dev.gradgen.processor.GradientHarness.Unit;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Gradients that run for the rest of {@code java.lang.Math} and {@code StrictMath}: fma, toRadians,
 * toDegrees, copySign, scalb, IEEEremainder, nextUp, nextDown, nextAfter, and the piecewise-constant
 * ulp and getExponent; each fused and unfused, its value bit for bit the plain method's, its partials
 * against finite differences and the derivatives worked out by hand. Then atan2, hypot and pow at
 * magnitudes where naive partials overflow, against exact references, fused and unfused alike.
 */
class GradientMoreMathFunctionsTest {

  private static final double RADIANS_PER_DEGREE = Math.PI / 180;
  private static final double DEGREES_PER_RADIAN = 180 / Math.PI;

  /** The integer nearest q, ties to even: the n of IEEEremainder(x, y) = x - n y for q = x / y. */
  private static double nearest(double q) {
    return Math.rint(q);
  }

  @Nested
  class MathFunctions extends Batch {
    final Unit unit = unit("ex.more.More", """
        package ex.more;

        import dev.gradgen.Differentiable;

        class More {
          // @methods
        }
        """);

    final Fn conversions = unit.method("""
        @Differentiable
        static double conversions(double x, double y) {
          return Math.toRadians(x * y) + Math.toDegrees(x) * 0.5 + Math.nextUp(x * x)
              + Math.nextDown(y) * x + Math.nextAfter(x, y) + Math.nextAfter(y * 2, 0.0)
              + Math.nextAfter(3.0, x);
        }
        """);

    @Test
    void toRadiansToDegreesNextUpNextDownNextAfter() {
      // nextUp and friends move by one ulp: derivative 1 in the value, 0 in the direction.
      conversions.check(
          p -> {
            double x = p.d(0);
            double y = p.d(1);
            return grads(
                "x",
                y * RADIANS_PER_DEGREE + 0.5 * DEGREES_PER_RADIAN + 2 * x + y + 1,
                "y",
                x * RADIANS_PER_DEGREE + x + 2);
          },
          at(1.5, 2.0),
          at(-0.7, 1.3),
          at(30.0, -0.25));
    }

    final Fn signs = unit.method("""
        @Differentiable
        static double signs(double x, double y) {
          return Math.copySign(x * x, y) + Math.copySign(x, -2.0) * y + Math.copySign(3.0, x)
              + Math.copySign(y, x);
        }
        """);

    @Test
    void copySignIsPlusOrMinusOneInTheMagnitudeAndZeroInTheSign() {
      // copySign(m, s) = |m| sgn(s): d/dm = sgn(m) sgn(s), d/ds = 0 away from s = 0.
      signs.check(
          p -> {
            double x = p.d(0);
            double y = p.d(1);
            double sx = Math.signum(x);
            double sy = Math.signum(y);
            return grads("x", sy * 2 * x - sx * y, "y", -Math.abs(x) + sx * sy);
          },
          at(1.5, 2.0),
          at(-0.7, 1.3),
          at(2.0, -0.5),
          at(-1.2, -3.0));
    }

    final Fn scaled = unit.method("""
        @Differentiable
        static double scaled(double x, int n) {
          return Math.scalb(x * x, n) + Math.scalb(x, -3) + Math.scalb(x, n + 1) * x;
        }
        """);

    @Test
    void scalbHasDerivativeTwoToTheN() {
      scaled.check(
          p -> {
            double x = p.d(0);
            int n = p.n(1);
            return grads("x", 2 * x * Math.pow(2, n) + 0.125 + 2 * x * Math.pow(2, n + 1));
          },
          at(1.5, 3),
          at(-0.75, -2),
          at(3.0, 0));
    }

    final Fn remainders = unit.method("""
        @Differentiable
        static double remainders(double x, double y) {
          return Math.IEEEremainder(x, y) + Math.IEEEremainder(x * x, 2.5)
              + Math.IEEEremainder(10.0, y);
        }
        """);

    @Test
    void ieeeRemainderHasPartialsOneAndMinusTheNearestQuotient() {
      // x - n y with n the integer nearest x / y; the points keep x / y away from half-integers.
      remainders.check(
          p -> {
            double x = p.d(0);
            double y = p.d(1);
            return grads("x", 1 + 2 * x, "y", -nearest(x / y) - nearest(10 / y));
          },
          at(7.3, 2.1),
          at(-7.3, 2.1),
          at(5.0, 1.5),
          at(0.4, -3.0));
    }

    final Fn fused = unit.method("""
        @Differentiable
        static double fused(double x, double y, double z) {
          return Math.fma(x, y, z) + Math.fma(x * x, 2.0, y) + Math.fma(3.0, y, 1.5)
              + Math.fma(x, -1.0, Math.fma(y, z, x));
        }
        """);

    @Test
    void fmaHasPartialsOfAProductPlusASum() {
      fused.check(
          p -> {
            double x = p.d(0);
            double y = p.d(1);
            double z = p.d(2);
            return grads("x", y + 4 * x - 1 + 1, "y", x + 1 + 3 + z, "z", 1 + y);
          },
          at(1.5, 2.0, -0.5),
          at(-0.7, 1.3, 4.0),
          at(1e3, 1e-3, -1.0));
    }

    final Fn piecewise = unit.method("""
        @Differentiable
        static double piecewise(double x) {
          return Math.ulp(x) * 1e10 + Math.getExponent(x) * x + x;
        }
        """);

    @Test
    void ulpAndGetExponentArePiecewiseConstant() {
      piecewise.check(
          p -> grads("x", Math.getExponent(p.d(0)) + 1.0), at(1.5), at(3.0), at(-0.3), at(100.0));
    }
  }

  @Nested
  class StrictMathFunctions extends Batch {
    final Unit unit = unit("ex.more.StrictMore", """
        package ex.more;

        import dev.gradgen.Differentiable;

        class StrictMore {
          // @methods
        }
        """);

    final Fn strict = unit.method("""
        @Differentiable
        static double strict(double x, double y, int n) {
          return StrictMath.toRadians(x) + StrictMath.toDegrees(y) + StrictMath.nextUp(x)
              + StrictMath.nextDown(y) + StrictMath.nextAfter(x, y) + StrictMath.copySign(x, y)
              + StrictMath.scalb(y, n) + StrictMath.IEEEremainder(x, y) + StrictMath.fma(x, y, x)
              + StrictMath.ulp(y) + StrictMath.getExponent(x);
        }
        """);

    @Test
    void strictMathCounterparts() {
      strict.check(
          p -> {
            double x = p.d(0);
            double y = p.d(1);
            int n = p.n(2);
            return grads(
                "x", RADIANS_PER_DEGREE + 1 + 1 + Math.signum(x) * Math.signum(y) + 1 + y + 1,
                "y", DEGREES_PER_RADIAN + 1 + Math.pow(2, n) - nearest(x / y) + x);
          },
          at(1.3, 0.7, 2),
          at(-2.2, 0.9, -1),
          at(5.1, -1.7, 0));
    }
  }

  // ==================================================================== extreme magnitudes

  @Nested
  class ExtremeMagnitudes extends Batch {
    private static final MathContext DIGITS = new MathContext(40);
    private static final List<String> UNFUSED = List.of("-Agradgen.fuse=false");

    final Unit unit = unit("ex.more.Extreme", """
        package ex.more;

        import dev.gradgen.Differentiable;

        class Extreme {
          // @methods
        }
        """);

    final Fn angle = unit.method("""
        @Differentiable
        static double angle(double x, double y) {
          return Math.atan2(y, x) * 2.0;
        }
        """);

    final Fn length = unit.method("""
        @Differentiable
        static double length(double x, double y) {
          return Math.hypot(x, y) * 0.5;
        }
        """);

    final Fn power = unit.method("""
        @Differentiable
        static double power(double x, double y) {
          return Math.pow(x, y) * 1.0;
        }
        """);

    /** v / (x^2 + y^2) to 40 digits, as the nearest double. */
    private double overSquares(double v, double x, double y) {
      BigDecimal squares = new BigDecimal(x).pow(2).add(new BigDecimal(y).pow(2));
      return new BigDecimal(v).divide(squares, DIGITS).doubleValue();
    }

    private void assertNear(double expected, double actual, String what) {
      assertTrue(Double.isFinite(expected) && expected != 0, what + ": reference " + expected);
      assertTrue(
          Math.abs(actual - expected) <= 4 * Math.ulp(expected),
          () -> what + ": expected " + expected + " but was " + actual);
    }

    /** The partial {@code component} at {@code args}, the same bits fused and unfused. */
    private double partial(Fn fn, String component, Object... args) {
      double fusedPartial = (Double) fn.component(args, component);
      double unfused = (Double) fn.compiledWith(UNFUSED).component(args, component);
      assertBitsEqual(fusedPartial, unfused, fn + ": d/d" + component + " fused against unfused");
      return fusedPartial;
    }

    @Test
    void atan2PartialsAtTinyArguments() {
      // d/dx atan2(y, x) = -y / r^2, d/dy = x / r^2: +-5e199 at 1e-200, and 1.6e159 and -1.2e159
      // at y = 3e-160, x = 4e-160, where r^2 underflows to 0.
      assertNear(
          -2 * overSquares(1e-200, 1e-200, 1e-200),
          partial(angle, "x", 1e-200, 1e-200),
          "d/dx at 1e-200");
      assertNear(
          2 * overSquares(1e-200, 1e-200, 1e-200),
          partial(angle, "y", 1e-200, 1e-200),
          "d/dy at 1e-200");
      assertNear(2 * -1.2e159, partial(angle, "x", 4e-160, 3e-160), "d/dx at (4e-160, 3e-160)");
      assertNear(2 * 1.6e159, partial(angle, "y", 4e-160, 3e-160), "d/dy at (4e-160, 3e-160)");
      assertNear(
          2 * overSquares(4e-160, 4e-160, 3e-160),
          partial(angle, "y", 4e-160, 3e-160),
          "d/dy at (4e-160, 3e-160), exactly");
    }

    @Test
    void atan2PartialsAtHugeArguments() {
      // d/dx = -y / r^2 = 4e300 / 25e600, d/dy = x / r^2 = 3e300 / 25e600: r^2 overflows.
      assertNear(
          2 * overSquares(4e300, 3e300, 4e300),
          partial(angle, "x", 3e300, -4e300),
          "d/dx at (3e300, -4e300)");
      assertNear(
          2 * overSquares(3e300, 3e300, 4e300),
          partial(angle, "y", 3e300, 4e300),
          "d/dy at (3e300, 4e300)");
    }

    @Test
    void hypotPartialsWhereTheValueOverflows() {
      // hypot(1.2e308, 1.6e308) = 2e308 overflows; its partials are still 3/5 and 4/5.
      assertNear(0.5 * 0.6, partial(length, "x", 1.2e308, 1.6e308), "d/dx at (1.2e308, 1.6e308)");
      assertNear(0.5 * 0.8, partial(length, "y", 1.2e308, 1.6e308), "d/dy at (1.2e308, 1.6e308)");
      assertNear(0.5 * 0.6, partial(length, "x", 3e-200, 4e-200), "d/dx at (3e-200, 4e-200)");
    }

    @Test
    void powBasePartialWhereXToTheYMinusOneOverflows() {
      // y x^(y-1) = (y / x) x^y at x = 1e-320, y = 1e-30; x^y = 1 + y ln x far below an ulp.
      double x = 1e-320;
      double y = 1e-30;
      BigDecimal xToY = BigDecimal.ONE.add(new BigDecimal(y * Math.log(x)));
      double reference =
          new BigDecimal(y).divide(new BigDecimal(x), DIGITS).multiply(xToY).doubleValue();
      assertNear(reference, partial(power, "x", x, y), "d/dx pow at (1e-320, 1e-30)");
      // d/dy = x^y ln x = ln(1e-320) (1 + y ln x).
      assertNear(
          new BigDecimal(Math.log(x)).multiply(xToY).doubleValue(),
          partial(power, "y", x, y),
          "d/dy pow at (1e-320, 1e-30)");
    }
  }
}
