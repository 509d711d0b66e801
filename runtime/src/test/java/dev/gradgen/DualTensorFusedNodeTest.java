package dev.gradgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * {@link DualTensor#fused(double, DualTensor[], double[], double[])} nodes, as the fused
 * second-order builder makes them: Hessians and Hessian-vector products through them against
 * analytic values, the width-1 path (H·v) against the full-width one (Hessian columns), a null
 * local Hessian as zero, and strong zeros around an infinite local second derivative.
 */
class DualTensorFusedNodeTest {

  /** exp(u) with u = x y as one fused node (partials y and x, mixed second derivative 1). */
  private static DualTensor expOfProduct(DualTape tape, double x, double y) {
    DualTensor a = tape.leaf(x);
    DualTensor b = tape.leaf(y);
    DualTensor u = DualTensor.fused(
        x * y, new DualTensor[] {a, b}, new double[] {y, x}, new double[] {0.0, 1.0, 0.0});
    return u.exp();
  }

  @Test
  void hessianAndProductThroughAFusedNodeAreAnalytic() {
    double x = 0.7;
    double y = -0.4;
    double e = Math.exp(x * y);
    double[][] expected = {{e * y * y, e * (1 + x * y)}, {e * (1 + x * y), e * x * x}};
    DualTape.Hessian h = DualTape.hessian(2, tape -> expOfProduct(tape, x, y));
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        assertEquals(expected[i][j], h.hessian()[i][j], 1e-15, "H[" + i + "][" + j + "]");
      }
    }
    double[] v = {0.3, -1.1};
    double[] hv = DualTape.hessianVectorProduct(v, tape -> expOfProduct(tape, x, y));
    for (int i = 0; i < 2; i++) {
      assertEquals(expected[i][0] * v[0] + expected[i][1] * v[1], hv[i], 1e-15, "(H v)[" + i + "]");
    }
  }

  /** (x + 2y)^2 through a fused node with no local Hessian: H = 2 g g' with g = (1, 2). */
  @Test
  void nullLocalHessianIsZero() {
    DualTape.Hessian h = DualTape.hessian(2, tape -> {
      DualTensor a = tape.leaf(0.5);
      DualTensor b = tape.leaf(1.5);
      DualTensor s =
          DualTensor.fused(0.5 + 2 * 1.5, new DualTensor[] {a, b}, new double[] {1.0, 2.0}, null);
      return s.mul(s);
    });
    double[][] expected = {{2.0, 4.0}, {4.0, 8.0}};
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        assertEquals(expected[i][j], h.hessian()[i][j], 0.0, "H[" + i + "][" + j + "]");
      }
    }
  }

  /**
   * An infinite local second derivative in y does not reach H·v along x alone (y's tangent is
   * 0): the product stays finite, as the Hessian's column 0 does.
   */
  @Test
  void infiniteLocalSecondDerivativeOffTheDirectionStaysOut() {
    DualTape.Graph graph = tape -> {
      DualTensor a = tape.leaf(1.0);
      DualTensor b = tape.leaf(0.0);
      return DualTensor.fused(0.0, new DualTensor[] {a, b}, new double[] {0.0, 1.0}, new double[] {
        3.0, 1.0, Double.POSITIVE_INFINITY
      });
    };
    double[] hv = DualTape.hessianVectorProduct(new double[] {1.0, 0.0}, graph);
    assertEquals(3.0, hv[0], 0.0);
    assertEquals(1.0, hv[1], 0.0);
    DualTape.Hessian h = DualTape.hessian(2, graph);
    assertEquals(3.0, h.hessian()[0][0], 0.0);
    assertEquals(1.0, h.hessian()[1][0], 0.0);
    assertEquals(Double.POSITIVE_INFINITY, h.hessian()[1][1], 0.0);
  }

  @Test
  void hessianOfTheWrongLengthIsRefused() {
    DualTensor[] inputs = {new DualTensor(1.0), new DualTensor(2.0)};
    assertThrows(
        IllegalArgumentException.class,
        () -> DualTensor.fused(0.0, inputs, new double[2], new double[2]));
    assertEquals(0.0, DualTensor.fused(0.0, inputs, new double[2], null).data(), 0.0);
  }

  @Test
  void leafCountCountsTheRowsElements() {
    assertEquals(5, DualTape.leafCount(new double[][] {{1, 2}, null, {3, 4, 5}, {}}));
    DualTape tape = DualTape.forHessian(0);
    tape.leaves(new double[][] {{1, 2}, null, {3, 4, 5}, {}});
    assertEquals(5, tape.leafCount());
  }
}
