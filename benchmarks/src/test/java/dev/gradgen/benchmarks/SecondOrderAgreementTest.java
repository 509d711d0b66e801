package dev.gradgen.benchmarks;

import static dev.gradgen.benchmarks.Gradients.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every Hessian and Hessian-vector product the second-order benchmarks time outside gradgen,
 * checked first: the hand-written ones against textbook values and finite differences of the
 * hand-written gradients, Hipparchus at order 2 against the hand-written ones (tightly), and the
 * finite-difference peers within their truncation and rounding error.
 */
final class SecondOrderAgreementTest {

  /** The same formula evaluated two ways: only rounding separates them. */
  private static final double TIGHT = 1e-9;
  /** Central differences of a gradient with a cbrt(eps) step, plus their rounding term. */
  private static final double FD = 1e-6;
  private static final double VALUE = 1e-12;
  private static final double STEP = Math.cbrt(Math.ulp(1.0));

  private static final FiniteDifferenceHessians.GradientFunction ROSENBROCK =
      HandWritten::rosenbrock;

  /** The hand-written Black–Scholes gradient as a function of z = (s, sigma, r, t), k fixed. */
  private static FiniteDifferenceHessians.GradientFunction blackScholes(double k) {
    return (z, g) -> HandWritten.blackScholes(z[0], k, z[1], z[2], z[3], g);
  }

  /** Rows of a matrix one after another, the flattened order of gradgen's Hessians too. */
  static double[] flatten(double[][] m) {
    return Stream.of(m).flatMapToDouble(java.util.Arrays::stream).toArray();
  }

  static double[] times(double[][] m, double[] v) {
    double[] out = new double[m.length];
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < v.length; j++) {
        out[i] += m[i][j] * v[j];
      }
    }
    return out;
  }

  /**
   * Rounding in a central difference of gradients whose largest component is g: each gradient is
   * off by a few ulps of g, and the difference is divided by 2h >= 2 cbrt(eps).
   */
  static double roundingTerm(double[] grad) {
    double g = 0.0;
    for (double d : grad) {
      g = Math.max(g, Math.abs(d));
    }
    return 16.0 * Math.ulp(g) / (2.0 * STEP);
  }

  // ------------------------------------------------------------------ Rosenbrock

  @Test
  void handWrittenRosenbrockHessianIsTheTextbookOneInTwoVariables() {
    // f = 100 (y - x^2)^2 + (1 - x)^2: H = [[1200 x^2 - 400 y + 2, -400 x], [-400 x, 200]].
    double[] x = {-1.2, 1.0};
    double[][] hess = new double[2][2];
    HandWrittenHessians.rosenbrock(x, new double[2], hess);
    assertArrayEquals(new double[] {1200.0 * 1.44 - 400.0 + 2.0, 480.0}, hess[0], 1e-12);
    assertArrayEquals(new double[] {480.0, 200.0}, hess[1], 1e-12);
  }

  @ParameterizedTest(name = "n = {0}")
  @ValueSource(ints = {10, 100})
  void handWrittenRosenbrockHessianMatchesDifferencesOfTheGradient(int n) {
    double[] x = WorkloadData.rosenbrockPoint(n);
    double[] grad = new double[n];
    double[][] hess = new double[n][n];
    double value = HandWrittenHessians.rosenbrock(x, grad, hess);
    assertEquals(Workloads.rosenbrock(x), value);
    double[] expectedGrad = new double[n];
    HandWritten.rosenbrock(x, expectedGrad);
    assertArrayEquals(expectedGrad, grad);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        assertEquals(hess[i][j], hess[j][i], "symmetry at " + i + ", " + j);
      }
    }
    // Independent of the formula above: central differences of the hand-written gradient.
    double[][] fd = new double[n][n];
    FiniteDifferenceHessians.hessian(ROSENBROCK, x, new double[n], fd,
        new FiniteDifferenceHessians.Scratch(n));
    assertClose("differences of the gradient", flatten(hess), flatten(fd), FD,
        roundingTerm(grad));
  }

  @ParameterizedTest(name = "n = {0}")
  @ValueSource(ints = {10, 100})
  void handWrittenRosenbrockProductIsTheHessianTimesV(int n) {
    double[] x = WorkloadData.rosenbrockPoint(n);
    double[] v = WorkloadData.direction(n);
    double[][] hess = new double[n][n];
    HandWrittenHessians.rosenbrock(x, new double[n], hess);
    double[] product = new double[n];
    double value = HandWrittenHessians.rosenbrockHessianVectorProduct(x, v, product);
    assertEquals(Workloads.rosenbrock(x), value);
    assertClose("H v", times(hess, v), product, 1e-13);
  }

  @ParameterizedTest(name = "n = {0}")
  @ValueSource(ints = {10, 100})
  void hipparchusOrderTwoRosenbrockAgreesWithHandWritten(int n) {
    double[] x = WorkloadData.rosenbrockPoint(n);
    double[] v = WorkloadData.direction(n);
    double[] expectedGrad = new double[n];
    double[][] expected = new double[n][n];
    double value = HandWrittenHessians.rosenbrock(x, expectedGrad, expected);
    HipparchusHessianPeer.Layout layout = HipparchusHessianPeer.layout(n);
    double[] grad = new double[n];
    double[][] hess = new double[n][n];
    assertClose("value", value, HipparchusHessianPeer.rosenbrock(layout, x, grad, hess), VALUE);
    assertClose("gradient", expectedGrad, grad, TIGHT);
    assertClose("Hessian", flatten(expected), flatten(hess), TIGHT);
    double[] product = new double[n];
    assertClose("value", value,
        HipparchusHessianPeer.rosenbrockHessianVectorProduct(layout, x, v, product), VALUE);
    assertClose("H v", times(expected, v), product, TIGHT);
  }

  @ParameterizedTest(name = "n = {0}")
  @ValueSource(ints = {10, 100})
  void finiteDifferenceRosenbrockProductIsCloseToHandWritten(int n) {
    double[] x = WorkloadData.rosenbrockPoint(n);
    double[] v = WorkloadData.direction(n);
    double[] expected = new double[n];
    double value = HandWrittenHessians.rosenbrockHessianVectorProduct(x, v, expected);
    double[] product = new double[n];
    double fdValue = FiniteDifferenceHessians.hessianVectorProduct(ROSENBROCK, x, v, product,
        new FiniteDifferenceHessians.Scratch(n));
    assertEquals(value, fdValue);
    double[] grad = new double[n];
    HandWritten.rosenbrock(x, grad);
    // The step along v is cbrt(eps) / |v_j| at most, |v|_inf about 2 here: the rounding doubles.
    assertClose("differences of the gradient along v", expected, product, FD,
        2.0 * roundingTerm(grad));
    assertArrayEquals(WorkloadData.rosenbrockPoint(n), x, "x must be left as it was");
  }

  // ------------------------------------------------------------------ Black–Scholes

  static Stream<double[]> blackScholesPoints() {
    return GradientAgreementTest.blackScholesPoints();
  }

  @ParameterizedTest
  @MethodSource("blackScholesPoints")
  void handWrittenBlackScholesHessianMatchesDifferencesOfTheGradient(double[] p) {
    double[] grad = new double[4];
    double[][] hess = new double[4][4];
    double value = HandWrittenHessians.blackScholes(p[0], p[1], p[2], p[3], p[4], grad, hess);
    assertEquals(Workloads.blackScholes(p[0], p[1], p[2], p[3], p[4]), value);
    double[] expectedGrad = new double[4];
    HandWritten.blackScholes(p[0], p[1], p[2], p[3], p[4], expectedGrad);
    assertClose("gradient", expectedGrad, grad, 1e-13);
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        assertEquals(hess[i][j], hess[j][i], "symmetry at " + i + ", " + j);
      }
    }
    double[] z = {p[0], p[2], p[3], p[4]};
    double[][] fd = new double[4][4];
    FiniteDifferenceHessians.hessian(blackScholes(p[1]), z, new double[4], fd,
        new FiniteDifferenceHessians.Scratch(4));
    assertClose("differences of the gradient", flatten(hess), flatten(fd), FD,
        roundingTerm(grad));
    double[] v = WorkloadData.direction(4);
    double[] product = new double[4];
    FiniteDifferenceHessians.hessianVectorProduct(blackScholes(p[1]), z, v, product,
        new FiniteDifferenceHessians.Scratch(4));
    assertClose("differences of the gradient along v", times(hess, v), product, FD,
        2.0 * roundingTerm(grad));
  }

  @ParameterizedTest
  @MethodSource("blackScholesPoints")
  void handWrittenBlackScholesHessianIsCloseToTheClosedFormGreeks(double[] p) {
    double s = p[0];
    double k = p[1];
    double sigma = p[2];
    double r = p[3];
    double t = p[4];
    double[][] hess = new double[4][4];
    HandWrittenHessians.blackScholes(s, k, sigma, r, t, new double[4], hess);
    // Gamma, vanna and volga with the exact normal density. The approximate N'' differs from the
    // exact -x phi(x) by up to about 1e-4 (A&S 7.1.26 fits erf, not its derivatives), and the chain
    // rule multiplies that by up to 1 / (sigma sqrt t)^2, so the agreement is loose: 2e-2
    // relative, with the floor of assertClose for volga at the money.
    double sqrtT = Math.sqrt(t);
    double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / (sigma * sqrtT);
    double d2 = d1 - sigma * sqrtT;
    double phi1 = Math.exp(-0.5 * d1 * d1) / Math.sqrt(2.0 * Math.PI);
    double[] closedForm = {
      phi1 / (s * sigma * sqrtT), -phi1 * d2 / sigma, s * phi1 * sqrtT * d1 * d2 / sigma
    };
    assertClose("gamma, vanna, volga", closedForm, new double[] {hess[0][0], hess[0][1], hess[1][1]},
        2e-2, 1e-2 * Math.abs(closedForm[0]) * s);
  }

  @ParameterizedTest
  @MethodSource("blackScholesPoints")
  void hipparchusOrderTwoBlackScholesAgreesWithHandWritten(double[] p) {
    double[] expectedGrad = new double[4];
    double[][] expected = new double[4][4];
    double value =
        HandWrittenHessians.blackScholes(p[0], p[1], p[2], p[3], p[4], expectedGrad, expected);
    HipparchusHessianPeer.Layout layout = HipparchusHessianPeer.layout(4);
    double[] grad = new double[4];
    double[][] hess = new double[4][4];
    assertClose("value", value,
        HipparchusHessianPeer.blackScholes(layout, p[0], p[1], p[2], p[3], p[4], grad, hess),
        VALUE);
    assertClose("gradient", expectedGrad, grad, TIGHT);
    assertClose("Hessian", flatten(expected), flatten(hess), TIGHT);
    double[] v = WorkloadData.direction(4);
    double[] product = new double[4];
    HipparchusHessianPeer.blackScholesHessianVectorProduct(
        layout, p[0], p[1], p[2], p[3], p[4], v, product);
    assertClose("H v", times(expected, v), product, TIGHT);
  }

  @Test
  void erfSecondDerivativeMatchesDifferencesOfItsFirst() {
    for (double z = -3.0; z <= 3.0; z += 0.1) {
      if (Math.abs(z) < 1e-3) {
        continue; // the odd extension's derivative has a kink at 0
      }
      double h = 1e-6;
      double fd = (HandWritten.erfDerivative(z + h) - HandWritten.erfDerivative(z - h)) / (2.0 * h);
      assertEquals(fd, HandWrittenHessians.erfSecondDerivative(z), 1e-8, "erf''(" + z + ")");
    }
    // And it is close to the exact -2x erf'(x) = -4x/sqrt(pi) e^(-x^2), within the 2.4e-4 the
    // approximation's second derivative has at 0 (where the exact one vanishes).
    for (double z = -3.0; z <= 3.0; z += 0.125) {
      double exact = -4.0 * z / Math.sqrt(Math.PI) * Math.exp(-z * z);
      assertEquals(exact, HandWrittenHessians.erfSecondDerivative(z), 2.5e-4, "erf''(" + z + ")");
    }
  }
}
