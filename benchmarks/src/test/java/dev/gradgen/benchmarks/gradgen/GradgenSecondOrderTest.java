package dev.gradgen.benchmarks.gradgen;

import static dev.gradgen.benchmarks.Gradients.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradgen.benchmarks.FiniteDifferenceHessians;
import dev.gradgen.benchmarks.HandWritten;
import dev.gradgen.benchmarks.HandWrittenHessians;
import dev.gradgen.benchmarks.WorkloadData;
import dev.gradgen.benchmarks.Workloads;
import dev.gradgen.benchmarks.WorkloadsGradients;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the second-order gradgen benchmarks time, checked first: the generated Hessians and
 * Hessian-vector products against the hand-written ones (1e-9 relative), their values bit for bit,
 * and the finite differences of the generated gradient within their truncation and rounding error.
 */
final class GradgenSecondOrderTest {

  private static final double TIGHT = 1e-9;
  private static final double FD = 1e-6;
  private static final double STEP = Math.cbrt(Math.ulp(1.0));

  private static double[] flatten(double[][] m) {
    return Stream.of(m).flatMapToDouble(Arrays::stream).toArray();
  }

  /** Rounding of a central difference of gradients: a few ulps of the largest, over 2 cbrt(eps). */
  private static double rounding(double[] grad) {
    double g = 0.0;
    for (double d : grad) {
      g = Math.max(g, Math.abs(d));
    }
    return 2.0 * 16.0 * Math.ulp(g) / (2.0 * STEP);
  }

  @ParameterizedTest(name = "n = {0}")
  @ValueSource(ints = {10, 100})
  void rosenbrock(int n) {
    double[] x = WorkloadData.rosenbrockPoint(n);
    double[] v = WorkloadData.direction(n);
    double[] grad = new double[n];
    double[][] expected = new double[n][n];
    HandWrittenHessians.rosenbrock(x, grad, expected);
    double[] expectedProduct = new double[n];
    HandWrittenHessians.rosenbrockHessianVectorProduct(x, v, expectedProduct);

    var h = WorkloadsGradients.rosenbrockHessian(x);
    assertEquals(Workloads.rosenbrock(x), h.value());
    assertClose("gradient", grad, h.gradient(), TIGHT);
    assertClose("Hessian", flatten(expected), flatten(h.hessian()), TIGHT);
    assertClose("H v", expectedProduct, WorkloadsGradients.rosenbrockHessianVectorProduct(x, v),
        TIGHT);

    double[][] fd = new double[n][n];
    double[] fdGrad = new double[n];
    FiniteDifferenceHessians.Scratch scratch = new FiniteDifferenceHessians.Scratch(n);
    FiniteDifferenceHessians.hessian(GeneratedGradients.ROSENBROCK, x, fdGrad, fd, scratch);
    assertClose("gradient through GeneratedGradients", grad, fdGrad, TIGHT);
    assertClose("differences of the generated gradient", flatten(expected), flatten(fd), FD,
        rounding(grad));
    double[] fdProduct = new double[n];
    FiniteDifferenceHessians.hessianVectorProduct(
        GeneratedGradients.ROSENBROCK, x, v, fdProduct, scratch);
    assertClose("differences of the generated gradient along v", expectedProduct, fdProduct, FD,
        rounding(grad));
    assertArrayEquals(WorkloadData.rosenbrockPoint(n), x, "x must be left as it was");
  }

  @ParameterizedTest
  @MethodSource("dev.gradgen.benchmarks.gradgen.GradgenGradientTest#blackScholesPoints")
  void blackScholes(double[] p) {
    double[] grad = new double[4];
    double[][] expected = new double[4][4];
    HandWrittenHessians.blackScholes(p[0], p[1], p[2], p[3], p[4], grad, expected);
    double[] v = WorkloadData.direction(4);
    double[] expectedProduct = new double[4];
    for (int i = 0; i < 4; i++) {
      for (int j = 0; j < 4; j++) {
        expectedProduct[i] += expected[i][j] * v[j];
      }
    }

    var h = WorkloadsGradients.blackScholesHessian(p[0], p[1], p[2], p[3], p[4]);
    assertEquals(Workloads.blackScholes(p[0], p[1], p[2], p[3], p[4]), h.value());
    assertClose("gradient", grad, h.gradient(), TIGHT);
    assertClose("Hessian", flatten(expected), flatten(h.hessian()), TIGHT);
    assertClose("H v", expectedProduct,
        WorkloadsGradients.blackScholesHessianVectorProduct(p[0], p[1], p[2], p[3], p[4], v),
        TIGHT);

    double[] z = {p[0], p[2], p[3], p[4]};
    FiniteDifferenceHessians.GradientFunction g = GeneratedGradients.blackScholes(p[1]);
    double[] check = new double[4];
    HandWritten.blackScholes(p[0], p[1], p[2], p[3], p[4], check);
    double[] fdGrad = new double[4];
    double[][] fd = new double[4][4];
    FiniteDifferenceHessians.Scratch scratch = new FiniteDifferenceHessians.Scratch(4);
    FiniteDifferenceHessians.hessian(g, z, fdGrad, fd, scratch);
    assertClose("gradient through GeneratedGradients", check, fdGrad, TIGHT);
    assertClose("differences of the generated gradient", flatten(expected), flatten(fd), FD,
        rounding(grad));
    double[] fdProduct = new double[4];
    FiniteDifferenceHessians.hessianVectorProduct(g, z, v, fdProduct, scratch);
    assertClose("differences of the generated gradient along v", expectedProduct, fdProduct, FD,
        rounding(grad));
  }
}
