package dev.gradgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The finite-difference checker on functions whose derivatives are known in closed form: it passes
 * them, and catches the same derivatives made wrong, at ordinary, ill-scaled and zero inputs and near
 * kinks; it reports where, and never writes the caller's arrays.
 */
class DerivativeCheckerTest {

  /** f(x, y) = x^3 y + 2 y^2; df/dx = 3 x^2 y, df/dy = x^3 + 4 y. */
  private static double poly(double x, double y) {
    return x * x * x * y + 2 * y * y;
  }

  private static DerivativeCheck checkPoly(double x, double y, double dfdx, double dfdy) {
    return new DerivativeChecker("poly")
        .scalar("x", x, dfdx)
        .scalar("y", y, dfdy)
        .check(p -> poly(p.scalar(0), p.scalar(1)));
  }

  @Test
  void polynomialPasses() {
    double x = 1.5;
    double y = -2;
    DerivativeCheck check = checkPoly(x, y, 3 * x * x * y, x * x * x + 4 * y);
    check.assertPassed();
    assertTrue(check.passed());
    assertEquals(2, check.entries().size());
    // A cubic's central differences are exact up to rounding; Richardson keeps them so.
    assertTrue(check.maxRelativeError() < 1e-9, check::toString);
    assertEquals("x", check.entries().get(0).location());
    assertEquals(0, check.entries().get(0).flatIndex());
    assertEquals(-1, check.entries().get(0).index());
    assertEquals(-1, check.entries().get(0).output());
  }

  @Test
  void wrongPartialFailsAtItsParameter() {
    double x = 1.5;
    double y = -2;
    // dy off by one part in 10^4.
    DerivativeCheck check = checkPoly(x, y, 3 * x * x * y, (x * x * x + 4 * y) * (1 + 1e-4));
    assertFalse(check.passed());
    assertEquals(1, check.failures().size());
    DerivativeCheck.Entry worst = check.worst().orElseThrow();
    assertEquals("y", worst.parameter());
    assertEquals(1, worst.flatIndex());
    assertEquals(x * x * x + 4 * y, worst.finiteDifference(), 1e-8);
    assertEquals(1e-4, worst.relativeError(), 1e-6);
    AssertionError error = assertThrows(AssertionError.class, check::assertPassed);
    assertTrue(error.getMessage().startsWith(
        "derivative check of poly failed: 1 of 2 partial derivatives disagree with finite"
            + " differences"), error.getMessage());
    assertTrue(error.getMessage().contains(
        "\n  y: derivative " + (x * x * x + 4 * y) * (1 + 1e-4) + ", finite difference "),
        error.getMessage());
    assertTrue(error.getMessage().contains("tolerance: |derivative - finite difference| <= 0.0 +"
        + " 1.0E-6 * max(|derivative|, |finite difference|) + the finite difference's error"
        + " estimate"), error.getMessage());
  }

  /** f(p) = exp(p0) log(p1) + sin(p0 p1), through an array. */
  @Test
  void expLogSinThroughAnArrayPass() {
    double[] p = {0.3, 2.5};
    double[] gradient = {
      Math.exp(p[0]) * Math.log(p[1]) + p[1] * Math.cos(p[0] * p[1]),
      Math.exp(p[0]) / p[1] + p[0] * Math.cos(p[0] * p[1])
    };
    DerivativeCheck check = new DerivativeChecker("expLog").vector("p", p, gradient)
        .check(point -> {
          double[] q = point.vector(0);
          return Math.exp(q[0]) * Math.log(q[1]) + Math.sin(q[0] * q[1]);
        });
    check.assertPassed();
    assertEquals(List.of("p[0]", "p[1]"), locations(check));
    assertTrue(check.maxRelativeError() < 1e-9, check::toString);
  }

  /** f(m) = sum (r + 1) m[r][c]^2 over a ragged matrix; df/dm[r][c] = 2 (r + 1) m[r][c]. */
  @Test
  void raggedMatrixPassesAndAWrongElementIsLocated() {
    double[][] m = {{1, -2, 0.5}, {3}, {}, {0.25, 4}};
    double[][] gradient = new double[m.length][];
    for (int r = 0; r < m.length; r++) {
      gradient[r] = new double[m[r].length];
      for (int c = 0; c < m[r].length; c++) {
        gradient[r][c] = 2 * (r + 1) * m[r][c];
      }
    }
    DerivativeCheck good = checkWeightedSquares(m, gradient);
    good.assertPassed();
    assertEquals(List.of("m[0][0]", "m[0][1]", "m[0][2]", "m[1][0]", "m[3][0]", "m[3][1]"),
        locations(good));

    gradient[3][1] = -gradient[3][1];
    DerivativeCheck bad = checkWeightedSquares(m, gradient);
    assertEquals(1, bad.failures().size());
    DerivativeCheck.Entry worst = bad.worst().orElseThrow();
    assertEquals("m[3][1]", worst.location());
    assertEquals(3, worst.row());
    assertEquals(1, worst.column());
    assertEquals(5, worst.index());
    assertEquals(5, worst.flatIndex());
    // d/dm[3][1] of 4 m[3][1]^2 at 4: 32.
    assertEquals(32, worst.finiteDifference(), 1e-8);
    assertEquals(-32, worst.derivative());
    assertEquals(64, worst.absoluteError(), 1e-8);
    assertEquals(1, worst.relativeError() / 2, 1e-9);
  }

  private static DerivativeCheck checkWeightedSquares(double[][] m, double[][] gradient) {
    return new DerivativeChecker("squares").matrix("m", m, gradient).check(point -> {
      double[][] q = point.matrix(0);
      double s = 0;
      for (int r = 0; r < q.length; r++) {
        for (double v : q[r]) {
          s += (r + 1) * v * v;
        }
      }
      return s;
    });
  }

  @Test
  void illScaledInputsPass() {
    // log at 1e-8: the first steps, 1e-3 to 1e-7, leave the domain; smaller ones do not.
    DerivativeCheck log = new DerivativeChecker("log").scalar("x", 1e-8, 1e8)
        .check(p -> Math.log(p.scalar(0)));
    log.assertPassed();
    assertTrue(log.entries().get(0).step() < 1e-8, log::toString);
    assertEquals(1e8, log.entries().get(0).finiteDifference(), 1e8 * 1e-6);

    // x^2 y at x = 1e8, y = 1e-8: df/dx = 2 x y = 2, df/dy = x^2 = 1e16.
    DerivativeCheck mixed = new DerivativeChecker("x2y").scalar("x", 1e8, 2).scalar("y", 1e-8, 1e16)
        .check(p -> p.scalar(0) * p.scalar(0) * p.scalar(1));
    mixed.assertPassed();
    assertTrue(mixed.maxRelativeError() < 1e-8, mixed::toString);

    // cos at 1e-8: its derivative -sin(1e-8) is tiny against the function's value 1.
    new DerivativeChecker("cos").scalar("x", 1e-8, -Math.sin(1e-8))
        .check(p -> Math.cos(p.scalar(0))).assertPassed();

    // sin at 1e8: the first step, 1e5, spans many periods; a smaller one resolves it.
    DerivativeCheck sin = new DerivativeChecker("sin").scalar("x", 1e8, Math.cos(1e8))
        .check(p -> Math.sin(p.scalar(0)));
    sin.assertPassed();
    assertTrue(sin.entries().get(0).step() < 10, sin::toString);
  }

  @Test
  void illScaledWrongDerivativesFail() {
    assertFalse(new DerivativeChecker("log").scalar("x", 1e-8, 1e8 * (1 + 1e-4))
        .check(p -> Math.log(p.scalar(0))).passed());
    DerivativeCheck mixed = new DerivativeChecker("x2y").scalar("x", 1e8, 2)
        .scalar("y", 1e-8, 1e16 * (1 - 1e-5))
        .check(p -> p.scalar(0) * p.scalar(0) * p.scalar(1));
    assertEquals(List.of("y"), mixed.failures().stream().map(DerivativeCheck.Entry::location)
        .toList());
    // A derivative of 2 where it is 2 * (1 + 1e-5), at an input of 1e8.
    assertFalse(new DerivativeChecker("x2y").scalar("x", 1e8, 2 * (1 + 1e-5))
        .scalar("y", 1e-8, 1e16).check(p -> p.scalar(0) * p.scalar(0) * p.scalar(1)).passed());
  }

  @Test
  void zeroInputs() {
    // sin'(0) = 1, (x^2)'(0) = 0, and d(x y)/dx = y = 0 where the function is zero all around.
    new DerivativeChecker("sin").scalar("x", 0, 1).check(p -> Math.sin(p.scalar(0)))
        .assertPassed();
    DerivativeCheck square = new DerivativeChecker("square").scalar("x", 0, 0)
        .check(p -> p.scalar(0) * p.scalar(0));
    square.assertPassed();
    assertEquals(0, square.entries().get(0).finiteDifference());
    new DerivativeChecker("xy").scalar("x", 0.7, 0).scalar("y", 0, 0.7)
        .check(p -> p.scalar(0) * p.scalar(1)).assertPassed();

    // Wrong: 1e-3 for (x^2)'(0), and 1e-20 for d(x y)/dx at y = 0 (the function is 0 at every
    // point the check visits, so even that is caught: the default absolute floor is 0).
    assertFalse(new DerivativeChecker("square").scalar("x", 0, 1e-3)
        .check(p -> p.scalar(0) * p.scalar(0)).passed());
    DerivativeCheck xy = new DerivativeChecker("xy").scalar("x", 0.7, 1e-20).scalar("y", 0, 0.7)
        .check(p -> p.scalar(0) * p.scalar(1));
    assertEquals("x", xy.worst().orElseThrow().location());
    assertFalse(xy.passed());
    // With an absolute floor it passes.
    assertTrue(xy.withTolerance(1e-12, 1e-6).passed());
  }

  @Test
  void nearAKinkTheStepStaysOnOneSide() {
    // |x| at 1e-7, within the first steps (1e-3, 1e-5) of the kink at 0: their differences do not
    // converge; the next, 1e-7, and the one after stay right of 0.
    DerivativeCheck abs = new DerivativeChecker("abs").scalar("x", 1e-7, 1)
        .check(p -> Math.abs(p.scalar(0)));
    abs.assertPassed();
    DerivativeCheck.Entry entry = abs.entries().get(0);
    assertTrue(entry.step() < 1e-6, abs::toString);
    assertEquals(1, entry.finiteDifference(), 1e-9);
    // And the wrong derivative there (the other side's slope) fails.
    assertFalse(new DerivativeChecker("abs").scalar("x", 1e-7, -1)
        .check(p -> Math.abs(p.scalar(0))).passed());
    // max(x, 1) at 1 + 1e-9: right of the kink, derivative 1.
    new DerivativeChecker("max").scalar("x", 1 + 1e-9, 1).check(p -> Math.max(p.scalar(0), 1))
        .assertPassed();
  }

  @Test
  void atAKinkCentralDifferencesGiveTheMeanSlope() {
    // relu at 0: f(h) - f(-h) = h, so every difference is 1/2; gradgen's relu'(0) = 0 fails.
    DerivativeCheck relu = new DerivativeChecker("relu").scalar("x", 0, 0)
        .check(p -> Math.max(p.scalar(0), 0));
    assertFalse(relu.passed());
    assertEquals(0.5, relu.entries().get(0).finiteDifference());
    // abs at 0: symmetric, every difference is 0, which is gradgen's abs'(0) = 0.
    new DerivativeChecker("abs").scalar("x", 0, 0).check(p -> Math.abs(p.scalar(0)))
        .assertPassed();
  }

  @Test
  void aJumpWithinEveryStepDoesNotSettleAndFails() {
    // floor(x) + x at 1e-18: every step tried, down to 1e-17, straddles the jump at 0.
    DerivativeCheck check = new DerivativeChecker("floor").scalar("x", 1e-18, 1)
        .check(p -> Math.floor(p.scalar(0)) + p.scalar(0));
    assertFalse(check.passed());
    assertFalse(check.entries().get(0).converged());
    AssertionError error = assertThrows(AssertionError.class, check::assertPassed);
    assertTrue(error.getMessage().contains("x: derivative 1.0, but the finite differences did not"
        + " settle at any step tried"), error.getMessage());
  }

  @Test
  void domainBoundaryAtThePointFails() {
    // sqrt at 0: every point left of 0 is NaN, so no step gives a finite difference.
    DerivativeCheck check = new DerivativeChecker("sqrt").scalar("x", 0, Double.POSITIVE_INFINITY)
        .check(p -> Math.sqrt(p.scalar(0)));
    assertFalse(check.passed());
    assertFalse(check.entries().get(0).converged());
  }

  @Test
  void nanDerivativeFails() {
    DerivativeCheck check = new DerivativeChecker("sq").scalar("x", 2, Double.NaN)
        .check(p -> p.scalar(0) * p.scalar(0));
    assertFalse(check.passed());
    assertTrue(Double.isNaN(check.maxAbsoluteError()));
  }

  @Test
  void callersArraysAreNeverWritten() {
    double[] v = {1, 2, 3};
    double[][] m = {{4, 5}, {6}};
    double[] vBefore = v.clone();
    double[][] mBefore = {m[0].clone(), m[1].clone()};
    List<Object> seen = new ArrayList<>();
    DerivativeCheck check = new DerivativeChecker("sum")
        .vector("v", v, new double[] {1, 1, 1})
        .matrix("m", m, new double[][] {{2 * 4, 2 * 5}, {2 * 6}})
        .check(p -> {
          seen.add(p.vector(0));
          seen.add(p.matrix(1));
          seen.add(p.matrix(1)[0]);
          double s = 0;
          for (double x : p.vector(0)) {
            s += x;
          }
          for (double[] row : p.matrix(1)) {
            for (double x : row) {
              s += x * x;
            }
          }
          return s;
        });
    check.assertPassed();
    assertArrayEquals(vBefore, v);
    assertArrayEquals(mBefore, m);
    for (Object array : seen) {
      assertNotSame(v, array);
      assertNotSame(m, array);
      assertNotSame(m[0], array);
    }
  }

  /** g(x, t) = [x0 t, x1^2, sin t]. */
  @Test
  void jacobianPassesAndAWrongEntryIsLocated() {
    double[] x = {0.5, -1.5};
    double t = 2;
    double[][] dx = {{t, 0}, {0, 2 * x[1]}, {0, 0}};
    double[] dt = {x[0], 0, Math.cos(t)};
    DerivativeCheck good = checkJacobian(x, t, dx, dt);
    good.assertPassed();
    assertEquals(9, good.entries().size());
    assertEquals("d value[1] / d x[0]", good.entries().get(1).location());

    dx[1][1] = 2;   // should be 2 x1 = -3
    DerivativeCheck bad = checkJacobian(x, t, dx, dt);
    DerivativeCheck.Entry worst = bad.worst().orElseThrow();
    assertEquals("d value[1] / d x[1]", worst.location());
    assertEquals(1, worst.output());
    assertEquals(-3, worst.finiteDifference(), 1e-9);
    assertEquals(1, bad.failures().size());
  }

  private static DerivativeCheck checkJacobian(double[] x, double t, double[][] dx, double[] dt) {
    return new DerivativeChecker("g").vectorJacobian("x", x, dx).scalarJacobian("t", t, dt)
        .checkJacobian(p -> {
          double[] q = p.vector(0);
          double s = p.scalar(1);
          return new double[] {q[0] * s, q[1] * q[1], Math.sin(s)};
        });
  }

  @Test
  void drivenByHandWithoutALambda() {
    DerivativeChecker checker = new DerivativeChecker("cube").scalar("x", 2, 12);
    int evaluations = 0;
    while (checker.hasNextPoint()) {
      DerivativeChecker.Point point = checker.nextPoint();
      double x = point.scalar(0);
      checker.value(x * x * x);
      evaluations++;
    }
    // Two steps of four central differences each: a cubic settles at the first two.
    assertEquals(16, evaluations);
    checker.result().assertPassed();
  }

  @Test
  void misuseIsReported() {
    DerivativeChecker checker = new DerivativeChecker("f").scalar("x", 1, 1);
    assertThrows(IllegalStateException.class, () -> checker.value(1));
    assertThrows(IllegalStateException.class, checker::result);
    DerivativeChecker.Point point = checker.nextPoint();
    assertThrows(IllegalStateException.class, checker::nextPoint);
    assertThrows(IllegalStateException.class, () -> checker.values(new double[] {1}));
    assertThrows(IllegalArgumentException.class, () -> point.vector(0));
    assertThrows(IllegalArgumentException.class, () -> point.scalar(1));
    assertThrows(IllegalArgumentException.class,
        () -> new DerivativeChecker("f").vector("v", new double[2], new double[3]));
    assertThrows(IllegalStateException.class,
        () -> new DerivativeChecker("f").scalar("x", 1, 1).scalarJacobian("t", 1, new double[1]));
    assertThrows(IllegalArgumentException.class,
        () -> new DerivativeCheck("f", List.of(), -1, 0));
  }

  @Test
  void toleranceCanBeWidened() {
    DerivativeCheck check = checkPoly(1.5, -2, 3 * 1.5 * 1.5 * -2 * (1 + 1e-4), 1.5 * 1.5 * 1.5 - 8);
    assertFalse(check.passed());
    DerivativeCheck wider = check.withTolerance(0, 1e-3);
    assertTrue(wider.passed());
    assertEquals(1e-3, wider.relativeTolerance());
    // The allowance is recomputed: 1e-3 * max(|derivative|, |finite difference|) + error estimate.
    DerivativeCheck.Entry x = wider.entries().get(0);
    assertEquals(1e-3 * Math.abs(x.derivative()) + x.finiteDifferenceError(), x.allowed(), 1e-15);
  }

  @Test
  void toStringSummarises() {
    String passed = checkPoly(1.5, -2, 3 * 1.5 * 1.5 * -2, 1.5 * 1.5 * 1.5 - 8).toString();
    assertTrue(passed.startsWith("derivative check of poly passed: 2 partial derivatives, largest"
        + " absolute error "), passed);
    assertTrue(passed.contains("largest relative error "), passed);
    String failed = checkPoly(1.5, -2, 0, 1.5 * 1.5 * 1.5 - 8).toString();
    assertTrue(failed.startsWith("derivative check of poly FAILED (1 outside the tolerance): 2"
        + " partial derivatives, largest absolute error 13.5 at x"), failed);
  }

  @Test
  void noEntriesPass() {
    DerivativeCheck check = new DerivativeChecker("empty").vector("v", new double[0], new double[0])
        .check(p -> 1.0);
    assertTrue(check.passed());
    assertEquals(0, check.maxAbsoluteError());
    assertTrue(check.worst().isEmpty());
  }

  private static List<String> locations(DerivativeCheck check) {
    return check.entries().stream().map(DerivativeCheck.Entry::location).toList();
  }
}
