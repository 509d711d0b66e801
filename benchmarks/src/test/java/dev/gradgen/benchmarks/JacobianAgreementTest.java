package dev.gradgen.benchmarks;

import static dev.gradgen.benchmarks.Gradients.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;
import org.hipparchus.analysis.differentiation.DSFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The NIST data and models, and every Jacobian the Jacobian benchmarks time outside gradgen: the
 * models reproduce NIST's certified residual sums of squares, the hand-written Jacobians match
 * finite differences, and Hipparchus forward mode matches the hand-written ones tightly.
 */
final class JacobianAgreementTest {

  private static final double TIGHT = 1e-9;
  private static final double FD = 1e-6;
  private static final double STEP = Math.cbrt(Math.ulp(1.0));

  /** A Jacobian of a model: writes the residuals into r and d r_i / d b_j into jac. */
  interface Jacobian {
    void apply(double[] b, double[] x, double[] y, double[] r, double[][] jac);
  }

  static FiniteDifferenceJacobians.Residuals residuals(String model) {
    return switch (model) {
      case "Misra1a" -> NistWorkloads::misra1a;
      case "Chwirut2" -> NistWorkloads::chwirut2;
      default -> NistWorkloads::thurber;
    };
  }

  static Jacobian handWritten(String model) {
    return switch (model) {
      case "Misra1a" -> HandWrittenJacobians::misra1a;
      case "Chwirut2" -> HandWrittenJacobians::chwirut2;
      default -> HandWrittenJacobians::thurber;
    };
  }

  static Jacobian hipparchusGradient(String model) {
    return switch (model) {
      case "Misra1a" -> HipparchusJacobianPeer::misra1a;
      case "Chwirut2" -> HipparchusJacobianPeer::chwirut2;
      default -> HipparchusJacobianPeer::thurber;
    };
  }

  static Jacobian hipparchusDerivativeStructure(String model, int parameters) {
    DSFactory f = HipparchusJacobianPeer.factory(parameters);
    return switch (model) {
      case "Misra1a" -> (b, x, y, r, jac) -> HipparchusJacobianPeer.misra1a(f, b, x, y, r, jac);
      case "Chwirut2" -> (b, x, y, r, jac) -> HipparchusJacobianPeer.chwirut2(f, b, x, y, r, jac);
      default -> (b, x, y, r, jac) -> HipparchusJacobianPeer.thurber(f, b, x, y, r, jac);
    };
  }

  /** Every model at NIST's two starting points and at the certified values. */
  static Stream<Arguments> points() {
    return NistProblem.NAMES.stream().flatMap(name -> {
      NistProblem p = NistProblem.load(name);
      return Stream.of(
          Arguments.of(name, "start 1", p.start1()),
          Arguments.of(name, "start 2", p.start2()),
          Arguments.of(name, "certified", p.certified()));
    });
  }

  static double[] column(double[][] jac, int j) {
    double[] c = new double[jac.length];
    for (int i = 0; i < jac.length; i++) {
      c[i] = jac[i][j];
    }
    return c;
  }

  @Test
  void dataSetsHaveNistsShapes() {
    int[][] shapes = {{14, 2}, {54, 3}, {37, 7}};
    for (int m = 0; m < 3; m++) {
      NistProblem p = NistProblem.load(NistProblem.NAMES.get(m));
      assertEquals(shapes[m][0], p.observations(), p.name());
      assertEquals(shapes[m][1], p.parameters(), p.name());
      assertEquals(p.observations(), p.y().length, p.name());
    }
    NistProblem misra = NistProblem.load("Misra1a");
    assertEquals(10.07, misra.y()[0]);
    assertEquals(77.6, misra.x()[0]);
    assertArrayEquals(new double[] {500.0, 1e-4}, misra.start1());
  }

  @Test
  void modelsReproduceTheCertifiedResidualSumsOfSquares() {
    // The certified values are given to 11 digits and the sum is stationary there, so rounding the
    // parameters moves it only at second order: 1e-9 relative is far from any wrong model.
    for (String name : NistProblem.NAMES) {
      NistProblem p = NistProblem.load(name);
      double[] r = residuals(name).apply(p.certified(), p.x(), p.y());
      double ssr = 0.0;
      for (double ri : r) {
        ssr += ri * ri;
      }
      assertClose(name + " residual sum of squares", p.certifiedResidualSumOfSquares(), ssr, 1e-9);
    }
  }

  @ParameterizedTest(name = "{0} at {1}")
  @MethodSource("points")
  void handWrittenJacobianMatchesDifferencesOfTheResiduals(String model, String at, double[] b) {
    NistProblem p = NistProblem.load(model);
    double[] r = new double[p.observations()];
    double[][] jac = new double[p.observations()][p.parameters()];
    handWritten(model).apply(b, p.x(), p.y(), r, jac);
    assertArrayEquals(residuals(model).apply(b, p.x(), p.y()), r, "residuals bit for bit");

    double[] point = b.clone();
    double[][] fd = new double[p.observations()][p.parameters()];
    double[] value = FiniteDifferenceJacobians.jacobian(residuals(model), point, p.x(), p.y(), fd);
    assertArrayEquals(b, point, "b must be left as it was");
    assertArrayEquals(r, value);
    double rMax = 0.0;
    for (double ri : r) {
      rMax = Math.max(rMax, Math.abs(ri));
    }
    for (int j = 0; j < p.parameters(); j++) {
      // Rounding of r(b + h) - r(b - h), divided by 2h with h = cbrt(eps) |b_j|; the model's
      // intermediate values are at most a few times the data, so 16 ulps of the largest |y| bound it.
      double yMax = 0.0;
      for (double yi : p.y()) {
        yMax = Math.max(yMax, Math.abs(yi));
      }
      double rounding = 16.0 * Math.ulp(Math.max(rMax, yMax)) / (2.0 * STEP * Math.abs(b[j]));
      assertClose(model + " column " + j, column(jac, j), column(fd, j), FD, rounding);
    }
  }

  @ParameterizedTest(name = "{0} at {1}")
  @MethodSource("points")
  void hipparchusForwardModeAgreesWithHandWritten(String model, String at, double[] b) {
    NistProblem p = NistProblem.load(model);
    double[] expectedR = new double[p.observations()];
    double[][] expected = new double[p.observations()][p.parameters()];
    handWritten(model).apply(b, p.x(), p.y(), expectedR, expected);
    Jacobian[] peers = {
      hipparchusGradient(model), hipparchusDerivativeStructure(model, p.parameters())
    };
    for (Jacobian peer : peers) {
      double[] r = new double[p.observations()];
      double[][] jac = new double[p.observations()][p.parameters()];
      peer.apply(b, p.x(), p.y(), r, jac);
      // Residuals are differences y - f of nearby numbers at the certified point, so compare them
      // with an absolute allowance of a few ulps of y.
      double yMax = 0.0;
      for (double yi : p.y()) {
        yMax = Math.max(yMax, Math.abs(yi));
      }
      assertClose(model + " residuals", expectedR, r, TIGHT, 8.0 * Math.ulp(yMax));
      for (int j = 0; j < p.parameters(); j++) {
        assertClose(model + " column " + j, column(expected, j), column(jac, j), TIGHT);
      }
    }
  }
}
