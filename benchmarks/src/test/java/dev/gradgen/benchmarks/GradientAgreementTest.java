package dev.gradgen.benchmarks;

import static dev.gradgen.benchmarks.Gradients.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import net.finmath.montecarlo.automaticdifferentiation.backward.RandomVariableDifferentiableAADFactory;
import org.hipparchus.analysis.differentiation.DSFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every gradient the benchmarks time is checked here first: each AD peer against the hand-written
 * gradient of the same formula (tightly), the hand-written gradients against independent references
 * (closed-form greeks, finite differences; loosely), and every value against the plain method.
 */
final class GradientAgreementTest {

  /** Peers and hand-written code evaluate the same formula; only rounding separates them. */
  private static final double TIGHT = 1e-9;
  /** Central differences with a cbrt(eps) step: about eps^(2/3) ~ 4e-11 relative, plus curvature. */
  private static final double FD = 1e-6;
  /** Values: the peers' own exp/log/tanh (FastMath, finmath's tanh formula) may differ by ulps. */
  private static final double VALUE = 1e-12;

  private static final RandomVariableDifferentiableAADFactory AAD = FinmathAadPeer.factory();

  /** A gradient of a vector workload: returns the value and fills {@code grad}. */
  interface VectorGradient {
    double apply(double[] x, double[] grad);
  }

  /** A gradient of Black–Scholes at (s, k, sigma, r, t). */
  interface PriceGradient {
    double apply(double s, double k, double sigma, double r, double t, double[] grad);
  }

  /** A gradient of f(a, b, c). */
  interface ScalarGradient {
    double apply(double a, double b, double c, double[] grad);
  }

  /** Peers tightly; finite differences within their truncation and rounding error. */
  private static void check(String name, double value, double[] expected, double[] grad) {
    if (name.startsWith("finite")) {
      Gradients.assertFiniteDifferencesClose(name, value, expected, grad, FD);
    } else {
      assertClose(name, expected, grad, TIGHT);
    }
  }

  // ------------------------------------------------------------------ abc

  static Stream<Arguments> abcPeers() {
    DSFactory ds = HipparchusDerivativeStructurePeer.factory(3);
    return Stream.of(
        Arguments.of("finite differences", (ScalarGradient) FiniteDifferences::abc),
        Arguments.of("Hipparchus Gradient", (ScalarGradient) HipparchusGradientPeer::abc),
        Arguments.of(
            "Hipparchus SparseGradient", (ScalarGradient) HipparchusSparseGradientPeer::abc),
        Arguments.of("Hipparchus DerivativeStructure", (ScalarGradient)
            (a, b, c, g) -> HipparchusDerivativeStructurePeer.abc(ds, a, b, c, g)),
        Arguments.of("commons-math3 DerivativeStructure", (ScalarGradient)
            CommonsMathDerivativeStructurePeer::abc),
        Arguments.of(
            "commons-math3 SparseGradient", (ScalarGradient) CommonsMathSparseGradientPeer::abc),
        Arguments.of(
            "finmath AAD", (ScalarGradient) (a, b, c, g) -> FinmathAadPeer.abc(AAD, a, b, c, g)));
  }

  @Test
  void handWrittenAbcIsTheTutorialsGradient() {
    double[] grad = new double[3];
    double value = HandWritten.abc(WorkloadData.A, WorkloadData.B, WorkloadData.C, grad);
    assertEquals(4.0, value);
    assertEquals(Workloads.abc(WorkloadData.A, WorkloadData.B, WorkloadData.C), value);
    assertArrayEquals(new double[] {-3.0, 2.0, 1.0}, grad);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("abcPeers")
  void abcPeerAgreesWithHandWritten(String name, ScalarGradient peer) {
    double[] expected = new double[3];
    HandWritten.abc(WorkloadData.A, WorkloadData.B, WorkloadData.C, expected);
    double[] grad = new double[3];
    double value = peer.apply(WorkloadData.A, WorkloadData.B, WorkloadData.C, grad);
    assertClose(name + " value", 4.0, value, VALUE);
    check(name, value, expected, grad);
  }

  // ------------------------------------------------------------------ Rosenbrock

  static Stream<Arguments> rosenbrockPeers() {
    return Stream.of(10, 100, 1000).flatMap(n -> {
      DSFactory ds = HipparchusDerivativeStructurePeer.factory(n);
      return Stream.of(
          Arguments.of("finite differences", n, (VectorGradient) FiniteDifferences::rosenbrock),
          Arguments.of(
              "Hipparchus Gradient", n, (VectorGradient) HipparchusGradientPeer::rosenbrock),
          Arguments.of("Hipparchus SparseGradient", n, (VectorGradient)
              HipparchusSparseGradientPeer::rosenbrock),
          Arguments.of("Hipparchus DerivativeStructure", n, (VectorGradient)
              (x, g) -> HipparchusDerivativeStructurePeer.rosenbrock(ds, x, g)),
          Arguments.of("commons-math3 DerivativeStructure", n, (VectorGradient)
              CommonsMathDerivativeStructurePeer::rosenbrock),
          Arguments.of("commons-math3 SparseGradient", n, (VectorGradient)
              CommonsMathSparseGradientPeer::rosenbrock),
          Arguments.of(
              "finmath AAD", n, (VectorGradient) (x, g) -> FinmathAadPeer.rosenbrock(AAD, x, g)));
    });
  }

  @Test
  void handWrittenRosenbrockMatchesTheTextbookGradientAtTheMinimum() {
    // At x = (1, ..., 1) the function and its gradient vanish.
    double[] ones = {1.0, 1.0, 1.0, 1.0};
    double[] grad = {9.0, 9.0, 9.0, 9.0};
    assertEquals(0.0, HandWritten.rosenbrock(ones, grad));
    assertArrayEquals(new double[4], grad);
    // Two variables: df/dx0 = -400 x0 (x1 - x0^2) - 2 (1 - x0), df/dx1 = 200 (x1 - x0^2).
    double[] x = {-1.2, 1.0};
    HandWritten.rosenbrock(x, grad = new double[2]);
    double a = 1.0 - 1.44;
    assertArrayEquals(new double[] {-400.0 * -1.2 * a - 2.0 * 2.2, 200.0 * a}, grad, 1e-12);
  }

  @ParameterizedTest(name = "n = {0}")
  @ValueSource(ints = {10, 100, 1000})
  void handWrittenRosenbrockValueIsThePlainValue(int n) {
    double[] x = WorkloadData.rosenbrockPoint(n);
    assertEquals(Workloads.rosenbrock(x), HandWritten.rosenbrock(x, new double[n]));
  }

  @ParameterizedTest(name = "{0}, n = {1}")
  @MethodSource("rosenbrockPeers")
  void rosenbrockPeerAgreesWithHandWritten(String name, int n, VectorGradient peer) {
    double[] x = WorkloadData.rosenbrockPoint(n);
    double[] expected = new double[n];
    double value = HandWritten.rosenbrock(x, expected);
    double[] grad = new double[n];
    assertClose(name + " value", value, peer.apply(x, grad), VALUE);
    check(name, value, expected, grad);
    assertArrayEquals(WorkloadData.rosenbrockPoint(n), x, name + " must leave x as it was");
  }

  // ------------------------------------------------------------------ MLP

  static Stream<Arguments> mlpPeers() {
    DSFactory ds = HipparchusDerivativeStructurePeer.factory(Workloads.MLP_PARAMETERS);
    return Stream.of(
        Arguments.of("finite differences", (VectorGradient)
            (p, g) -> FiniteDifferences.mlpLoss(p, XS, YS, g)),
        Arguments.of("Hipparchus Gradient", (VectorGradient)
            (p, g) -> HipparchusGradientPeer.mlpLoss(p, XS, YS, g)),
        Arguments.of("Hipparchus SparseGradient", (VectorGradient)
            (p, g) -> HipparchusSparseGradientPeer.mlpLoss(p, XS, YS, g)),
        Arguments.of("Hipparchus DerivativeStructure", (VectorGradient)
            (p, g) -> HipparchusDerivativeStructurePeer.mlpLoss(ds, p, XS, YS, g)),
        Arguments.of("commons-math3 DerivativeStructure", (VectorGradient)
            (p, g) -> CommonsMathDerivativeStructurePeer.mlpLoss(p, XS, YS, g)),
        Arguments.of("commons-math3 SparseGradient", (VectorGradient)
            (p, g) -> CommonsMathSparseGradientPeer.mlpLoss(p, XS, YS, g)),
        Arguments.of(
            "finmath AAD", (VectorGradient) (p, g) -> FinmathAadPeer.mlpLoss(AAD, p, XS, YS, g)));
  }

  private static final double[] XS = WorkloadData.mlpInputs();
  private static final double[] YS = WorkloadData.mlpTargets(XS);

  @Test
  void mlpDataIsDeterministicAndTheNetworkIsNotTrivial() {
    assertArrayEquals(XS, WorkloadData.mlpInputs());
    assertArrayEquals(WorkloadData.mlpParameters(), WorkloadData.mlpParameters());
    assertEquals(200, XS.length);
    assertEquals(100, YS.length);
    double[] p = WorkloadData.mlpParameters();
    assertEquals(Workloads.MLP_PARAMETERS, p.length);
    double[] grad = new double[p.length];
    double loss = HandWritten.mlpLoss(p, XS, YS, grad);
    assertEquals(Workloads.mlpLoss(p, XS, YS), loss);
    for (int i = 0; i < grad.length; i++) {
      if (grad[i] == 0.0) {
        throw new AssertionError("partial " + i + " is exactly zero");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mlpPeers")
  void mlpPeerAgreesWithHandWrittenBackprop(String name, VectorGradient peer) {
    double[] p = WorkloadData.mlpParameters();
    double[] expected = new double[p.length];
    double value = HandWritten.mlpLoss(p, XS, YS, expected);
    double[] grad = new double[p.length];
    assertClose(name + " value", value, peer.apply(p, grad), VALUE);
    check(name, value, expected, grad);
    assertArrayEquals(WorkloadData.mlpParameters(), p, name + " must leave p as it was");
  }

  // ------------------------------------------------------------------ Black–Scholes

  /** (s, k, sigma, r, t): the benchmark point, deep out of and deep in the money, short expiry. */
  static Stream<double[]> blackScholesPoints() {
    return Stream.of(
        new double[] {
          WorkloadData.SPOT,
          WorkloadData.STRIKE,
          WorkloadData.SIGMA,
          WorkloadData.RATE,
          WorkloadData.EXPIRY
        },
        new double[] {80.0, 110.0, 0.25, 0.03, 0.5},
        new double[] {140.0, 100.0, 0.3, 0.01, 2.0},
        new double[] {100.0, 100.0, 0.15, 0.04, 0.1});
  }

  static Stream<Arguments> blackScholesPeers() {
    DSFactory ds = HipparchusDerivativeStructurePeer.factory(4);
    Stream<Arguments> peers = Stream.of(
        Arguments.of("finite differences", (PriceGradient) FiniteDifferences::blackScholes),
        Arguments.of("Hipparchus Gradient", (PriceGradient) HipparchusGradientPeer::blackScholes),
        Arguments.of("Hipparchus SparseGradient", (PriceGradient)
            HipparchusSparseGradientPeer::blackScholes),
        Arguments.of("Hipparchus DerivativeStructure", (PriceGradient) (s, k, sigma, r, t, g) ->
            HipparchusDerivativeStructurePeer.blackScholes(ds, s, k, sigma, r, t, g)),
        Arguments.of("commons-math3 DerivativeStructure", (PriceGradient)
            CommonsMathDerivativeStructurePeer::blackScholes),
        Arguments.of("commons-math3 SparseGradient", (PriceGradient)
            CommonsMathSparseGradientPeer::blackScholes),
        Arguments.of("finmath AAD", (PriceGradient)
            (s, k, sigma, r, t, g) -> FinmathAadPeer.blackScholes(AAD, s, k, sigma, r, t, g)));
    return peers.flatMap(
        peer -> blackScholesPoints().map(x -> Arguments.of(peer.get()[0], x, peer.get()[1])));
  }

  @ParameterizedTest(name = "{0} at {1}")
  @MethodSource("blackScholesPeers")
  void blackScholesPeerAgreesWithHandWritten(String name, double[] x, PriceGradient peer) {
    double[] expected = new double[4];
    double value = HandWritten.blackScholes(x[0], x[1], x[2], x[3], x[4], expected);
    double[] grad = new double[4];
    assertClose(name + " value", value, peer.apply(x[0], x[1], x[2], x[3], x[4], grad), VALUE);
    check(name, value, expected, grad);
  }

  @ParameterizedTest
  @MethodSource("blackScholesPoints")
  void handWrittenBlackScholesIsCloseToTheClosedFormGreeks(double[] x) {
    double s = x[0];
    double k = x[1];
    double sigma = x[2];
    double r = x[3];
    double t = x[4];
    double[] grad = new double[4];
    double price = HandWritten.blackScholes(s, k, sigma, r, t, grad);
    assertEquals(Workloads.blackScholes(s, k, sigma, r, t), price);

    // Textbook greeks with the exact density and the approximate N. They hold for the approximate
    // formula only up to the error of N' (at most 2.6e-6), which the chain rule divides by
    // sigma sqrt t: 1e-4 relative covers the short-expiry point, where sigma sqrt t is 0.047.
    double sqrtT = Math.sqrt(t);
    double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / (sigma * sqrtT);
    double d2 = d1 - sigma * sqrtT;
    double phi1 = Math.exp(-0.5 * d1 * d1) / Math.sqrt(2.0 * Math.PI);
    double discount = Math.exp(-r * t);
    double[] closedForm = {
      Workloads.normCdf(d1),
      s * phi1 * sqrtT,
      k * t * discount * Workloads.normCdf(d2),
      s * phi1 * sigma / (2.0 * sqrtT) + r * k * discount * Workloads.normCdf(d2)
    };
    assertClose("closed-form greeks", closedForm, grad, 1e-4);
    assertClose(
        "price", s * Workloads.normCdf(d1) - k * discount * Workloads.normCdf(d2), price, 1e-15);
  }

  @Test
  void erfApproximationIsWithinItsStatedError() {
    // Reference values of erf from tables (15 digits).
    double[][] table = {
      {0.1, 0.112462916018285},
      {0.5, 0.520499877813047},
      {1.0, 0.842700792949715},
      {2.0, 0.995322265018953},
      {-0.7, -0.677801193837418}
    };
    for (double[] row : table) {
      assertEquals(row[1], Workloads.erf(row[0]), 1.5e-7, "erf(" + row[0] + ")");
    }
    // Its derivative is close to the exact 2/sqrt(pi) e^(-x^2); the approximation was fitted to the
    // function, not the derivative, whose error peaks at 7.2e-6 at x = 0 (scanned in steps of
    // 1e-4).
    for (double z = -3.0; z <= 3.0; z += 0.125) {
      double exact = 2.0 / Math.sqrt(Math.PI) * Math.exp(-z * z);
      assertEquals(exact, HandWritten.erfDerivative(z), 1e-5, "erf'(" + z + ")");
    }
  }

  @Test
  void erfDerivativeMatchesFiniteDifferencesOfTheApproximation() {
    for (double z = -3.0; z <= 3.0; z += 0.1) {
      if (Math.abs(z) < 1e-3) {
        continue; // the odd extension has a 1e-9 jump at 0
      }
      double h = 1e-6;
      double fd = (Workloads.erf(z + h) - Workloads.erf(z - h)) / (2.0 * h);
      assertEquals(fd, HandWritten.erfDerivative(z), 1e-8, "erf'(" + z + ")");
    }
  }
}
