package dev.gradgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The width-1 (Hessian-vector product) path of {@link DualReduction}: the node's tangent and tape
 * worked out while the inputs come in, and its one-pass backward step, against closed forms.
 */
final class DualReductionWidthOneTest {

  /** s = x0 x1 + x1 x2 as a reduction of two terms, as a stencil loop reports it. */
  private static DualTensor stencil(DualTape tape, double[] x, DualTensor[] out) {
    DualTensor[] leaves = tape.leaves(x);
    System.arraycopy(leaves, 0, out, 0, leaves.length);
    DualReduction r = new DualReduction(new DualTensor(0.0), 2);
    for (int i = 0; i < 2; i++) {
      r.add(x[i] * x[i + 1]);
      int a = r.input(leaves[i + 1], x[i]);
      int b = r.input(leaves[i], x[i + 1]);
      r.hessian(b, a, 1.0);
    }
    return r.node();
  }

  @Test
  void tangentGradientAndHessianVectorProductMatchTheClosedForms() {
    double[] x = {1.0, 2.0, 3.0};
    double[] v = {1.0, -1.0, 2.0};
    DualTape tape = DualTape.forDirection(v);
    DualTensor[] leaves = new DualTensor[3];
    DualTensor s = stencil(tape, x, leaves);
    assertEquals(8.0, s.data(), 0.0);
    // grad s = (x1, x0 + x2, x1) = (2, 4, 2); its directional derivative along v: 2 - 4 + 4.
    assertEquals(1, s.width());
    assertEquals(2.0, s.tangent(0), 0.0);
    s.backward();
    assertArrayEquals(new double[] {2.0, 4.0, 2.0}, tape.gradient(), 0.0);
    // H has 1 at (0, 1), (1, 0), (1, 2), (2, 1): H v = (v1, v0 + v2, v1).
    assertArrayEquals(new double[] {-1.0, 3.0, -1.0}, tape.hessianVectorProduct(), 0.0);
  }

  @Test
  void aZeroDirectionGivesANodeWithoutTangentsAndAZeroProduct() {
    DualTape tape = DualTape.forDirection(new double[3]);
    DualTensor s = stencil(tape, new double[] {1.0, 2.0, 3.0}, new DualTensor[3]);
    assertEquals(0, s.width());
    s.backward();
    assertArrayEquals(new double[] {2.0, 4.0, 2.0}, tape.gradient(), 0.0);
    assertArrayEquals(new double[3], tape.hessianVectorProduct(), 0.0);
  }

  @Test
  void theNodeJoinsTheTapeOfItsOperationNodeInputs() {
    // s = sum of (2 y)^2 over one term, y = x0 x1 an operation node: the reduction's node is on
    // the tape, so backward() goes through y to the leaves. s = 4 x0^2 x1^2.
    double[] x = {1.5, -2.0};
    double[] v = {0.5, 3.0};
    DualTape tape = DualTape.forDirection(v);
    DualTensor[] leaves = tape.leaves(x);
    DualTensor y = leaves[0].mul(leaves[1]);
    DualReduction r = new DualReduction(new DualTensor(0.0), 1);
    r.add(4.0 * y.data() * y.data());
    int a = r.input(y, 8.0 * y.data());
    r.hessian(a, a, 8.0);
    DualTensor s = r.node();
    s.backward();
    double x0 = x[0];
    double x1 = x[1];
    // grad = (8 x0 x1^2, 8 x0^2 x1); H = [[8 x1^2, 16 x0 x1], [16 x0 x1, 8 x0^2]].
    assertArrayEquals(new double[] {8 * x0 * x1 * x1, 8 * x0 * x0 * x1}, tape.gradient(), 1e-12);
    assertArrayEquals(
        new double[] {
          8 * x1 * x1 * v[0] + 16 * x0 * x1 * v[1], 16 * x0 * x1 * v[0] + 8 * x0 * x0 * v[1]
        },
        tape.hessianVectorProduct(),
        1e-12);
  }
}
