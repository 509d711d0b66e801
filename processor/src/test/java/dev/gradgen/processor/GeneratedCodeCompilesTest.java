package dev.gradgen.processor;

import static dev.gradgen.processor.GeneratedCodeLimitsTest.assertErrorOnLine;
import static dev.gradgen.processor.GradientHarness.at;
import static dev.gradgen.processor.GradientHarness.grads;
import static dev.gradgen.processor.GradientHarness.mat;
import static dev.gradgen.processor.GradientHarness.vec;

import dev.gradgen.processor.diagnostics.Messages;
import org.junit.jupiter.api.Test;

/**
 * Shapes on which the generated companion did not compile (found by an independent random-program
 * generator): assignments used as values inside a fused run, node arrays passed where a call of the
 * original method needs plain values, and arrays of rank 3. Each now compiles, fused and unfused,
 * to values bit for bit the plain method's and partials from mathematics, or fails on the user's
 * line.
 */
class GeneratedCodeCompilesTest {

  private static final GradientHarness.Batch BATCH = new GradientHarness.Batch();
  private static final GradientHarness.Unit UNIT = BATCH.unit("p.Shapes", """
      package p;
      import dev.gradgen.Differentiable;
      public final class Shapes {
        static boolean pos(double v) {
          return v > 0.1;
        }
      // @methods
      }
      """);

  // ---------------------------------------------------------------- assignments inside fused runs

  /** The reproducer's shape: {@code t} would be a temporary of the run, written at the call site. */
  private static final GradientHarness.Fn CAST_OF_ASSIGNMENT = UNIT.method("""
      @Differentiable static double castOfAssignment(double x) {
        double t = x;
        double l = (Math.max(t, x / 1.0) + Math.hypot(t, t)) * (int) (t += 0.5);
        double u = (t - 2.0) / (1.0 + t * t);
        return t - l * u;
      }
      """);

  private static final GradientHarness.Fn ASSIGNMENT_IN_CONDITION = UNIT.method("""
      @Differentiable static double assignmentInCondition(double x) {
        double t = x * 2.0;
        double y = t * (pos(t = 3.0) ? 1 : 2);
        return y * t;
      }
      """);

  private static final GradientHarness.Fn PLAIN_ASSIGNMENT_VALUE = UNIT.method("""
      @Differentiable static double plainAssignmentValue(double x) {
        double t = x * x;
        double y = t * (int) (t = t + 1.0);
        return y;
      }
      """);

  private static final GradientHarness.Fn INCREMENT_IN_RUN = UNIT.method("""
      @Differentiable static double incrementInRun(double x, int k) {
        double t = x * 3.0;
        double y = t * k++ + t * k;
        return y + k;
      }
      """);

  @Test
  void assignmentCastToIntInsideARun() {
    // t = x + 0.5 after the cast; l = (max(x, x) + hypot(x, x)) * n with n = (int) (x + 0.5)
    // = (1 + sqrt 2) x n; u = (t - 2) / (1 + t^2); f = t - l u.
    CAST_OF_ASSIGNMENT.check(p -> {
      double x = p.d(0);
      double t = x + 0.5;
      double n = (int) t;
      double l = (1.0 + Math.sqrt(2.0)) * x * n;
      double u = (t - 2.0) / (1.0 + t * t);
      double du = (1.0 + t * t - (t - 2.0) * 2.0 * t) / ((1.0 + t * t) * (1.0 + t * t));
      return grads("x", 1.0 - (1.0 + Math.sqrt(2.0)) * n * u - l * du);
    }, at(1.7), at(2.9), at(-0.2));
  }

  @Test
  void assignmentInAConditionInsideARun() {
    // t = 2x, y = 2x * (3 > 0.1 ? 1 : 2) = 2x, then t = 3: f = 6x.
    ASSIGNMENT_IN_CONDITION.check(p -> grads("x", 6.0), at(0.7), at(-3.0));
  }

  @Test
  void assignmentValueInsideARun() {
    // t = x^2, n = (int) (x^2 + 1), y = x^2 n.
    PLAIN_ASSIGNMENT_VALUE.check(p -> grads("x", 2.0 * p.d(0) * (int) (p.d(0) * p.d(0) + 1.0)),
        at(1.3), at(-2.2));
  }

  @Test
  void incrementInsideARun() {
    // y = 3x k + 3x (k + 1), plus k + 1.
    INCREMENT_IN_RUN.check(p -> grads("x", 3.0 * (2 * p.n(1) + 1)), at(0.9, 2), at(-1.5, 5));
  }

  // ---------------------------------------------------------------- node arrays as plain values

  private static final GradientHarness.Fn ARRAYS_IN_CONDITIONS = UNIT.method("""
      @Differentiable static double arraysInConditions(double x, double[][] m, double[] v) {
        if (trace(m) > 1.0) {
          return x * 3.0 + m[0][1];
        }
        if (twice(v) > 1.0) {
          return x * 2.0 + v[1];
        }
        return x * m[0][0];
      }
      @Differentiable static double trace(double[][] m) {
        return m[0][0] + m[1][1];
      }
      @Differentiable static double twice(double[] v) {
        return v[0] * 2.0;
      }
      """);

  @Test
  void twoAndOneDimensionalNodeArraysPassedToTheOriginalMethod() {
    double[][] zeros = {{0, 0}, {0, 0}};
    ARRAYS_IN_CONDITIONS.check(p -> {
      double[][] m = p.m(1);
      double[] v = p.a(2);
      if (m[0][0] + m[1][1] > 1.0) {
        return grads("x", 3.0, "m", mat(vec(0, 1), vec(0, 0)), "v", vec(0, 0));
      }
      if (v[0] * 2.0 > 1.0) {
        return grads("x", 2.0, "m", zeros, "v", vec(0, 1));
      }
      return grads("x", m[0][0], "m", mat(vec(p.d(0), 0), vec(0, 0)), "v", vec(0, 0));
    }, at(0.5, mat(vec(1, 2), vec(3, 4)), vec(1, 1)),
        at(0.5, mat(vec(0.25, 2), vec(3, 0.25)), vec(1, 7)),
        at(0.5, mat(vec(0.25, 2), vec(3, 0.25)), vec(0.25, 7)));
  }

  // ---------------------------------------------------------------- rank 3

  private static final GradientHarness.Fn CONSTANT_RANK_THREE = UNIT.method("""
      @Differentiable static double constantRankThree(double x, double[][][] t) {
        double[][][] k = {{{1.0, 2.0}}, {{3.0, 4.0}}};
        double[][][] z = new double[2][2][2];
        z[1][0][1] = 5.0;
        return x * k[1][0][1] + t[0][0][0] * x + z[1][0][1];
      }
      """);

  @Test
  void constantArraysOfRankThreeStayPlain() {
    double[][][] t = {{{0.25}}};
    CONSTANT_RANK_THREE.check(p -> grads("x", 4.0 + 0.25), at(1.5, t), at(-2.0, t));
  }

  private static final String RANK_HEADER =
      "package p;\nimport dev.gradgen.Differentiable;\nclass Ranks {\n";

  @Test
  void activeLocalOfRankThreeIsAnErrorOnItsDeclaration() {
    String source = RANK_HEADER + """
          @Differentiable static double f(double x) {
            double[][][] a = new double[2][2][2];
            a[1][1][1] = x * x;
            return a[1][1][1];
          }
        }
        """;
    assertErrorOnLine(Compiled.compile("p.Ranks", source), Messages.activeArrayRank("a", 2), 5);
  }

  @Test
  void rankThreeParameterNamedInWrtIsAnError() {
    String source = RANK_HEADER + """
          @Differentiable(wrt = {"x", "t"})
          static double f(double x, double[][][] t) {
            return x * t[0][0][0];
          }
        }
        """;
    assertErrorOnLine(Compiled.compile("p.Ranks", source),
        Messages.wrtArrayRank("t", "double[][][]"), 4);
  }

  @Test
  void activeRankThreeInitializerIsAnError() {
    String source = RANK_HEADER + """
          @Differentiable static double f(double x) {
            double[][][] a = {{{x}}};
            return a[0][0][0];
          }
        }
        """;
    for (var variant : GradientHarness.VARIANTS) {
      assertErrorOnLine(Compiled.compile(variant, "p.Ranks", source),
          Messages.activeArrayRank("a", 2), 5);
    }
  }
}
