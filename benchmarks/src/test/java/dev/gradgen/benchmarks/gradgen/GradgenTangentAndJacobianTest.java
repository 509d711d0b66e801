package dev.gradgen.benchmarks.gradgen;

import static dev.gradgen.benchmarks.Gradients.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradgen.benchmarks.HandWritten;
import dev.gradgen.benchmarks.HandWrittenJacobians;
import dev.gradgen.benchmarks.NistProblem;
import dev.gradgen.benchmarks.NistWorkloads;
import dev.gradgen.benchmarks.NistWorkloadsGradients;
import dev.gradgen.benchmarks.WorkloadData;
import dev.gradgen.benchmarks.Workloads;
import dev.gradgen.benchmarks.WorkloadsGradients;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the tangent and Jacobian benchmarks time, checked first: gradgen's tangents against the
 * hand-written gradient dotted with the benchmarks' direction, its NIST Jacobians against the
 * hand-written ones (1e-9 relative), and every value against the plain method bit for bit.
 */
final class GradgenTangentAndJacobianTest {

  private static final double TIGHT = 1e-9;

  private static double dot(double[] a, double[] b) {
    double sum = 0.0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  @Test
  void abcTangent() {
    double[] v = WorkloadData.direction(3);
    var t = WorkloadsGradients.abcTangent(WorkloadData.A, WorkloadData.B, WorkloadData.C,
        v[0], v[1], v[2]);
    assertEquals(4.0, t.value());
    // grad = (b, a, 1) = (-3, 2, 1).
    assertClose("tangent", -3.0 * v[0] + 2.0 * v[1] + v[2], t.tangent(), 1e-15);
  }

  @ParameterizedTest(name = "n = {0}")
  @ValueSource(ints = {10, 100, 1000})
  void rosenbrockTangent(int n) {
    double[] x = WorkloadData.rosenbrockPoint(n);
    double[] v = WorkloadData.direction(n);
    double[] grad = new double[n];
    HandWritten.rosenbrock(x, grad);
    var t = WorkloadsGradients.rosenbrockTangent(x, v);
    assertEquals(Workloads.rosenbrock(x), t.value());
    assertClose("tangent", dot(grad, v), t.tangent(), TIGHT);
  }

  @Test
  void mlpLossTangent() {
    double[] p = WorkloadData.mlpParameters();
    double[] xs = WorkloadData.mlpInputs();
    double[] ys = WorkloadData.mlpTargets(xs);
    double[] v = WorkloadData.direction(p.length);
    double[] grad = new double[p.length];
    HandWritten.mlpLoss(p, xs, ys, grad);
    var t = WorkloadsGradients.mlpLossTangent(p, xs, ys, v);
    assertEquals(Workloads.mlpLoss(p, xs, ys), t.value());
    assertClose("tangent", dot(grad, v), t.tangent(), TIGHT);
  }

  @ParameterizedTest
  @MethodSource("dev.gradgen.benchmarks.gradgen.GradgenGradientTest#blackScholesPoints")
  void blackScholesTangent(double[] x) {
    double[] v = WorkloadData.direction(4);
    double[] grad = new double[4];
    HandWritten.blackScholes(x[0], x[1], x[2], x[3], x[4], grad);
    var t = WorkloadsGradients.blackScholesTangent(x[0], x[1], x[2], x[3], x[4],
        v[0], v[1], v[2], v[3]);
    assertEquals(Workloads.blackScholes(x[0], x[1], x[2], x[3], x[4]), t.value());
    assertClose("tangent", dot(grad, v), t.tangent(), TIGHT);
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

  @ParameterizedTest(name = "{0} at {1}")
  @MethodSource("points")
  void nistJacobian(String model, String at, double[] b) {
    NistProblem p = NistProblem.load(model);
    double[] x = p.x();
    double[] y = p.y();
    double[] r = new double[p.observations()];
    double[][] expected = new double[p.observations()][p.parameters()];
    double[] value;
    double[][] jac;
    switch (model) {
      case "Misra1a" -> {
        HandWrittenJacobians.misra1a(b, x, y, r, expected);
        var g = NistWorkloadsGradients.misra1aJacobian(b, x, y);
        assertArrayEquals(NistWorkloads.misra1a(b, x, y), g.value(), "value bit for bit");
        value = g.value();
        jac = g.b();
      }
      case "Chwirut2" -> {
        HandWrittenJacobians.chwirut2(b, x, y, r, expected);
        var g = NistWorkloadsGradients.chwirut2Jacobian(b, x, y);
        assertArrayEquals(NistWorkloads.chwirut2(b, x, y), g.value(), "value bit for bit");
        value = g.value();
        jac = g.b();
      }
      default -> {
        HandWrittenJacobians.thurber(b, x, y, r, expected);
        var g = NistWorkloadsGradients.thurberJacobian(b, x, y);
        assertArrayEquals(NistWorkloads.thurber(b, x, y), g.value(), "value bit for bit");
        value = g.value();
        jac = g.b();
      }
    }
    assertArrayEquals(r, value);
    assertEquals(p.observations(), jac.length);
    for (int j = 0; j < p.parameters(); j++) {
      double[] want = new double[jac.length];
      double[] got = new double[jac.length];
      for (int i = 0; i < jac.length; i++) {
        assertEquals(p.parameters(), jac[i].length);
        want[i] = expected[i][j];
        got[i] = jac[i][j];
      }
      assertClose(model + " column " + j, want, got, TIGHT);
    }
  }
}
