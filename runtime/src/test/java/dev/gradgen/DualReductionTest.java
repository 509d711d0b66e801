package dev.gradgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * {@link DualReduction}, the second-order node of a whole reduction loop: Hessians and
 * Hessian-vector products through it against analytic values (for widths 1 and the Hessian's),
 * the node's tangents, buffers growing past their first size, a loop that ran zero times, strong
 * zeros around an infinite local second derivative, and tapes of different widths meeting.
 */
class DualReductionTest {

  /** s0 + sum over i of x_i^2 x_(i+1) for i below n - 1, as a loop reporting to a reduction. */
  private static DualTensor cubicChain(DualTape tape, double[] x, int perIteration) {
    DualTensor[] leaves = tape.leaves(x);
    DualTensor start = leaves[0].mul(2.0);
    DualReduction r = new DualReduction(start, perIteration);
    for (int i = 0; i + 1 < x.length; i++) {
      double a = x[i];
      double b = x[i + 1];
      r.add(a * a * b);
      int sa = r.input(leaves[i], 2 * a * b);
      int sb = r.input(leaves[i + 1], a * a);
      r.hessian(sa, sa, 2 * b);
      r.hessian(sb, sa, 2 * a);
    }
    return r.node();
  }

  private static double[][] cubicChainHessian(double[] x) {
    int n = x.length;
    double[][] h = new double[n][n];
    for (int i = 0; i + 1 < n; i++) {
      h[i][i] += 2 * x[i + 1];
      h[i][i + 1] += 2 * x[i];
      h[i + 1][i] += 2 * x[i];
    }
    return h;
  }

  @Test
  void hessianAndProductAreAnalyticAndTheBuffersGrow() {
    // 40 inputs, buffers sized for 8 iterations of one: they grow four times.
    double[] x = new double[40];
    for (int i = 0; i < x.length; i++) {
      x[i] = 0.1 * i - 1.7;
    }
    double[][] expected = cubicChainHessian(x);
    DualTape.Hessian h = DualTape.hessian(x.length, tape -> cubicChain(tape, x, 1));
    double value = 2 * x[0];
    for (int i = 0; i + 1 < x.length; i++) {
      value += x[i] * x[i] * x[i + 1];
    }
    assertEquals(value, h.value(), 0.0);
    double[] v = new double[x.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.sin(i + 1.0);
    }
    double[] hv = DualTape.hessianVectorProduct(v, tape -> cubicChain(tape, x, 1));
    for (int i = 0; i < x.length; i++) {
      double row = 0;
      for (int j = 0; j < x.length; j++) {
        assertEquals(expected[i][j], h.hessian()[i][j], 1e-14, "H[" + i + "][" + j + "]");
        row += expected[i][j] * v[j];
      }
      assertEquals(row, hv[i], 1e-13, "(H v)[" + i + "]");
      double g = (i == 0 ? 2 : 0)
          + (i + 1 < x.length ? 2 * x[i] * x[i + 1] : 0)
          + (i > 0 ? x[i - 1] * x[i - 1] : 0);
      assertEquals(g, h.gradient()[i], 1e-14, "gradient [" + i + "]");
    }
  }

  @Test
  void theNodesTangentIsThePartialsTimesTheInputsTangents() {
    double[] x = {0.5, -1.25, 2.0};
    double[] v = {1.0, 0.5, -2.0};
    DualTape tape = DualTape.forDirection(v);
    DualTensor out = cubicChain(tape, x, 2);
    double expected = 2 * v[0];
    for (int i = 0; i + 1 < x.length; i++) {
      expected += 2 * x[i] * x[i + 1] * v[i] + x[i] * x[i] * v[i + 1];
    }
    assertEquals(expected, out.tangent(0), 1e-15);
  }

  @Test
  void aLoopThatRanZeroTimesIsTheAccumulatorItself() {
    DualTape tape = DualTape.forDirection(new double[] {1.0});
    DualTensor start = tape.leaf(3.0).mul(2.0);
    DualReduction r = new DualReduction(start, 4);
    assertSame(start, r.node());
    assertEquals(6.0, r.value(), 0.0);
  }

  @Test
  void aSubtractedTermAndAnInputWithoutTangentsAreFine() {
    // f = 1 - c x^2 with c a constant (no tangents): H = -2c in x.
    double c = 3.0;
    DualTape.Hessian h = DualTape.hessian(1, tape -> {
      DualTensor x = tape.leaf(0.5);
      DualTensor constant = new DualTensor(c);
      DualReduction r = new DualReduction(new DualTensor(1.0), 2);
      r.subtract(c * 0.25);
      int sx = r.input(x, -2 * c * 0.5);
      int sc = r.input(constant, -0.25);
      r.hessian(sx, sx, -2 * c);
      r.hessian(sc, sx, -2 * 0.5);
      return r.node();
    });
    assertEquals(1 - c * 0.25, h.value(), 0.0);
    assertEquals(-2 * c * 0.5, h.gradient()[0], 0.0);
    assertEquals(-2 * c, h.hessian()[0][0], 0.0);
  }

  /**
   * An infinite local second derivative in y does not reach H·v along x alone (y's tangent is
   * 0), as for a fused node.
   */
  @Test
  void infiniteLocalSecondDerivativeOffTheDirectionStaysOut() {
    DualTape.Graph graph = tape -> {
      DualTensor a = tape.leaf(1.0);
      DualTensor b = tape.leaf(0.0);
      DualReduction r = new DualReduction(new DualTensor(0.0), 2);
      r.add(0.0);
      int sa = r.input(a, 0.0);
      int sb = r.input(b, 1.0);
      r.hessian(sa, sa, 3.0);
      r.hessian(sb, sa, 1.0);
      r.hessian(sb, sb, Double.POSITIVE_INFINITY);
      return r.node();
    };
    double[] hv = DualTape.hessianVectorProduct(new double[] {1.0, 0.0}, graph);
    assertEquals(3.0, hv[0], 0.0);
    assertEquals(1.0, hv[1], 0.0);
  }

  @Test
  void tapesOfDifferentWidthsMeetingThrow() {
    DualTensor wide = DualTape.forHessian(0, 2).leaf(1.0);
    DualTensor narrow = DualTape.forDirection(new double[] {1.0}).leaf(1.0);
    DualReduction r = new DualReduction(new DualTensor(0.0), 2);
    r.add(1.0);
    int a = r.input(wide, 1.0);
    int b = r.input(narrow, 1.0);
    assertThrows(IllegalArgumentException.class, () -> r.hessian(a, b, 1.0));
  }
}
