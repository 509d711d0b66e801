package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The terms the fused second-order helpers write (SecondOrderFusionWriter's {@code ScalarTerm},
 * SecondOrderReductionWriter's reports): negative literals ({@code -0.25}, {@code -0.0}, from
 * private constants, which the reader reads as literals), their negation and double negation, a
 * subtraction of a negative literal, literals of each kind and size in products ({@code int},
 * {@code long}, {@code 1.0}, {@code -1.0}, {@code 1.0E-5}, an infinity), partials that are names
 * or sums, and a second-order reduction that subtracts terms with literal partials. Each against
 * its analytic gradient and Hessian, fused and unfused ({@code -Agradgen.fuse=false}), with the
 * plain method's value bit for bit.
 */
class SecondOrderLiteralTermsTest {

  private static final String SOURCE = """
      package s;
      import dev.gradgen.Differentiable;
      final class Signs {
        private static final double NEG = -0.25;
        private static final double NEG_ZERO = -0.0;
        private static final double TINY = 1.0e-5;
        private static final double NEG_TINY = -1.0e-5;
        private static final double MINUS_ONE = -1.0;
        private static final double INF = 1.0 / 0.0;
        private static final long TWO = 2L;

        /** -0.25 x y + x^2: a negative literal in products. */
        @Differentiable static double negativeLiteral(double x, double y) {
          return NEG * x * y + x * x;
        }

        /** -0.0 x y + x y^2: a negative zero in products. */
        @Differentiable static double negativeZero(double x, double y) {
          return NEG_ZERO * x * y + x * y * y;
        }

        /** x^2 (0.5 - 0.25 y) - (x - (-0.25) y) y: -0.25 as a partial, and -(-0.25). */
        @Differentiable static double negatedLiterals(double x, double y) {
          return x * x * (0.5 - y * 0.25) - (x - y * NEG) * y;
        }

        /** -(-(x y)) x = x^2 y: a double negation. */
        @Differentiable static double doubleNegation(double x, double y) {
          return -(-(x * y)) * x;
        }

        /** x^2 y - (0.5 - 0.25 y): the partial -0.25 negated again, to 0.25. */
        @Differentiable static double negatedTwice(double x, double y) {
          return x * x * y - (0.5 - y * 0.25);
        }

        /** exp(x - (-0.25) y): the partial of a subtracted negative literal's product. */
        @Differentiable static double subtractNegativeProduct(double x, double y) {
          return Math.exp(x - NEG * y);
        }

        /** exp(x y - (-0.25)) + sin(x y - (-0.0)): a negative literal subtracted. */
        @Differentiable static double subtractNegativeLiteral(double x, double y) {
          return Math.exp(x * y - NEG) + Math.sin(x * y - NEG_ZERO);
        }

        /** 2 x y 2L + 0.25 x^2 + x 1.0 y + x (-1.0) y = 4 x y + 0.25 x^2: literals of each kind. */
        @Differentiable static double literalKinds(double x, double y) {
          return 2 * x * y * TWO + 0.25 * x * x + x * 1.0 * y + x * MINUS_ONE * y;
        }

        /** exp(1e-5 x y) - 1e-5 x^2 y + min(x, inf) y: literals written apart. */
        @Differentiable static double smallAndInfinite(double x, double y) {
          return Math.exp(TINY * x * y) + NEG_TINY * x * x * y + Math.min(x, INF) * y;
        }

        /** x y (x + y) (x - y) = x^3 y - x y^3: partials that are names and sums. */
        @Differentiable static double namesAndSums(double x, double y) {
          return x * y * (x + y) * (x - y);
        }

        /** -0.25 y sum x^2 + y + 0.25 y sum x - 0.25 y^2 sum x: subtracted literal partials. */
        @Differentiable static double reduction(double[] x, double y) {
          double s = 0.0;
          double t = 1.0;
          for (int i = 0; i < x.length; i++) {
            s += NEG * x[i] * x[i] * y;
            t -= NEG * x[i];
            t -= 0.25 * x[i] * y;
          }
          return s + t * y;
        }
      }
      """;

  private static final Compiled FUSED = Compiled.of("s.Signs", SOURCE);
  private static final Compiled UNFUSED =
      Compiled.of(List.of("-Agradgen.fuse=false"), "s.Signs", SOURCE);

  private static final double X = 0.7;
  private static final double Y = -1.3;

  /** An analytic value, gradient and Hessian. */
  private record Expected(double value, double[] gradient, double[][] hessian) {}

  private static Expected expected(
      double value, double gx, double gy, double hxx, double hxy, double hyy) {
    return new Expected(value, new double[] {gx, gy}, new double[][] {{hxx, hxy}, {hxy, hyy}});
  }

  private static void assertClose(double expected, double actual, String what) {
    assertEquals(expected, actual, 1e-12 * Math.max(1.0, Math.abs(expected)), what);
  }

  /**
   * The method's mHessian, fused and unfused: the plain value bit for bit, and the gradient and
   * Hessian against the analytic ones.
   */
  private static void check(String method, Expected expected, Object... args) {
    for (Compiled compiled : List.of(FUSED, UNFUSED)) {
      String variant = method + (compiled == FUSED ? " fused" : " unfused");
      Object plain = compiled.call("s.Signs", method, args);
      Object record = compiled.call("s.SignsGradients", method + "Hessian", args);
      double value = (double) Compiled.component(record, "value");
      assertEquals(
          Double.doubleToRawLongBits((double) plain),
          Double.doubleToRawLongBits(value),
          variant + ": the plain value bit for bit");
      assertClose(expected.value(), value, variant + ": value");
      double[] gradient = (double[]) Compiled.component(record, "gradient");
      double[][] hessian = (double[][]) Compiled.component(record, "hessian");
      assertEquals(expected.gradient().length, gradient.length, variant + ": gradient length");
      assertEquals(expected.hessian().length, hessian.length, variant + ": Hessian rows");
      for (int i = 0; i < gradient.length; i++) {
        assertClose(expected.gradient()[i], gradient[i], variant + ": gradient[" + i + "]");
        for (int j = 0; j < gradient.length; j++) {
          assertClose(
              expected.hessian()[i][j], hessian[i][j], variant + ": Hessian[" + i + "][" + j + "]");
        }
      }
    }
  }

  private static String generated(Compiled compiled) {
    try {
      return compiled
          .compilation()
          .generatedSourceFile("s.SignsGradients")
          .orElseThrow()
          .getCharContent(true)
          .toString();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void everyMethodHasAFusedSecondOrderHelperOnlyWithFusion() {
    String fused = generated(FUSED);
    for (String method : List.of(
        "negativeLiteral",
        "negativeZero",
        "negatedLiterals",
        "doubleNegation",
        "negatedTwice",
        "subtractNegativeProduct",
        "subtractNegativeLiteral",
        "literalKinds",
        "smallAndInfinite",
        "namesAndSums",
        "reduction")) {
      assertTrue(fused.contains(method + "FusedDual1("), method + " has a fused helper");
    }
    assertTrue(
        fused.contains("each iteration reports the partials and local Hessians"),
        "the loop is a second-order reduction");
    assertTrue(!generated(UNFUSED).contains("FusedDual"), "no fused helper without fusion");
  }

  @Test
  void aNegativeLiteralInProducts() {
    check(
        "negativeLiteral",
        expected(-0.25 * X * Y + X * X, -0.25 * Y + 2 * X, -0.25 * X, 2.0, -0.25, 0.0),
        X,
        Y);
  }

  @Test
  void aNegativeZeroInProducts() {
    check("negativeZero", expected(X * Y * Y, Y * Y, 2 * X * Y, 0.0, 2 * Y, 2 * X), X, Y);
  }

  @Test
  void aNegatedLiteralAndTheNegationOfANegativeLiteral() {
    // f = 0.5 x^2 - 0.25 x^2 y - x y - 0.25 y^2
    check(
        "negatedLiterals",
        expected(
            0.5 * X * X - 0.25 * X * X * Y - X * Y - 0.25 * Y * Y,
            X - 0.5 * X * Y - Y,
            -0.25 * X * X - X - 0.5 * Y,
            1.0 - 0.5 * Y,
            -0.5 * X - 1.0,
            -0.5),
        X,
        Y);
  }

  @Test
  void aDoubleNegation() {
    check("doubleNegation", expected(X * X * Y, 2 * X * Y, X * X, 2 * Y, 2 * X, 0.0), X, Y);
  }

  @Test
  void aNegatedLiteralNegatedAgain() {
    check(
        "negatedTwice",
        expected(X * X * Y - 0.5 + 0.25 * Y, 2 * X * Y, X * X + 0.25, 2 * Y, 2 * X, 0.0),
        X,
        Y);
  }

  @Test
  void theProductOfASubtractedNegativeLiteral() {
    double e = Math.exp(X + 0.25 * Y);
    check("subtractNegativeProduct", expected(e, e, 0.25 * e, e, 0.25 * e, 0.0625 * e), X, Y);
  }

  @Test
  void aSubtractedNegativeLiteral() {
    double e = Math.exp(X * Y + 0.25);
    double s = Math.sin(X * Y);
    double c = Math.cos(X * Y);
    check(
        "subtractNegativeLiteral",
        expected(
            e + s,
            Y * (e + c),
            X * (e + c),
            Y * Y * (e - s),
            e + c + X * Y * (e - s),
            X * X * (e - s)),
        X,
        Y);
  }

  @Test
  void literalsOfEachKindInProducts() {
    check(
        "literalKinds",
        expected(4 * X * Y + 0.25 * X * X, 4 * Y + 0.5 * X, 4 * X, 0.5, 4.0, 0.0),
        X,
        Y);
  }

  @Test
  void smallAndInfiniteLiterals() {
    double e = Math.exp(1e-5 * X * Y);
    check(
        "smallAndInfinite",
        expected(
            e - 1e-5 * X * X * Y + X * Y,
            1e-5 * Y * e - 2e-5 * X * Y + Y,
            1e-5 * X * e - 1e-5 * X * X + X,
            1e-10 * Y * Y * e - 2e-5 * Y,
            1e-5 * e + 1e-10 * X * Y * e - 2e-5 * X + 1.0,
            1e-10 * X * X * e),
        X,
        Y);
  }

  @Test
  void partialsThatAreNamesAndSums() {
    check(
        "namesAndSums",
        expected(
            X * X * X * Y - X * Y * Y * Y,
            3 * X * X * Y - Y * Y * Y,
            X * X * X - 3 * X * Y * Y,
            6 * X * Y,
            3 * X * X - 3 * Y * Y,
            -6 * X * Y),
        X,
        Y);
  }

  @Test
  void aReductionSubtractingTermsWithLiteralPartials() {
    double[] x = {0.3, -1.1, 0.8};
    double y = 0.6;
    int n = x.length;
    double s1 = 0;
    double s2 = 0;
    for (double xi : x) {
      s1 += xi;
      s2 += xi * xi;
    }
    double[] gradient = new double[n + 1];
    double[][] hessian = new double[n + 1][n + 1];
    for (int i = 0; i < n; i++) {
      gradient[i] = -0.5 * y * x[i] + 0.25 * y - 0.25 * y * y;
      hessian[i][i] = -0.5 * y;
      hessian[i][n] = -0.5 * x[i] + 0.25 - 0.5 * y;
      hessian[n][i] = hessian[i][n];
    }
    gradient[n] = -0.25 * s2 + 1.0 + 0.25 * s1 - 0.5 * y * s1;
    hessian[n][n] = -0.5 * s1;
    double value = -0.25 * y * s2 + y + 0.25 * y * s1 - 0.25 * y * y * s1;
    check("reduction", new Expected(value, gradient, hessian), x, y);
  }
}
