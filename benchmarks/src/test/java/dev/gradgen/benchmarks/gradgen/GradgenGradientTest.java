package dev.gradgen.benchmarks.gradgen;

import static dev.gradgen.benchmarks.Gradients.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradgen.benchmarks.HandWritten;
import dev.gradgen.benchmarks.WorkloadData;
import dev.gradgen.benchmarks.Workloads;
import dev.gradgen.benchmarks.WorkloadsGradients;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * gradgen's generated gradients against the hand-written ones (1e-9 relative), and their values
 * against the plain methods bit for bit, as {@code @Differentiable} promises.
 */
final class GradgenGradientTest {

  private static final double TIGHT = 1e-9;

  @Test
  void abc() {
    var g = WorkloadsGradients.abcGradient(WorkloadData.A, WorkloadData.B, WorkloadData.C);
    assertEquals(4.0, g.value());
    assertEquals(-3.0, g.a());
    assertEquals(2.0, g.b());
    assertEquals(1.0, g.c());
  }

  @ParameterizedTest(name = "n = {0}")
  @ValueSource(ints = {10, 100, 1000})
  void rosenbrock(int n) {
    double[] x = WorkloadData.rosenbrockPoint(n);
    double[] expected = new double[n];
    HandWritten.rosenbrock(x, expected);
    var g = WorkloadsGradients.rosenbrockGradient(x);
    assertEquals(Workloads.rosenbrock(x), g.value());
    assertClose("gradgen", expected, g.x(), TIGHT);
  }

  @Test
  void mlpLoss() {
    double[] p = WorkloadData.mlpParameters();
    double[] xs = WorkloadData.mlpInputs();
    double[] ys = WorkloadData.mlpTargets(xs);
    double[] expected = new double[p.length];
    HandWritten.mlpLoss(p, xs, ys, expected);
    var g = WorkloadsGradients.mlpLossGradient(p, xs, ys);
    assertEquals(Workloads.mlpLoss(p, xs, ys), g.value());
    assertClose("gradgen", expected, g.p(), TIGHT);
  }

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

  @ParameterizedTest
  @MethodSource("blackScholesPoints")
  void blackScholes(double[] x) {
    double[] expected = new double[4];
    HandWritten.blackScholes(x[0], x[1], x[2], x[3], x[4], expected);
    var g = WorkloadsGradients.blackScholesGradient(x[0], x[1], x[2], x[3], x[4]);
    assertEquals(Workloads.blackScholes(x[0], x[1], x[2], x[3], x[4]), g.value());
    assertClose("gradgen", expected, new double[] {g.s(), g.sigma(), g.r(), g.t()}, TIGHT);
  }
}
