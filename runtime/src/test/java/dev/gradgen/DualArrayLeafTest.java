package dev.gradgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * {@link DualArrayLeaf} and {@link DualReduction#input(DualArrayLeaf, int, double)}: elements
 * recorded by index give the closed forms' gradient and H v in flat order, element leaves take
 * over their slots, and a Hessian tape refuses array leaves.
 */
final class DualArrayLeafTest {

  /** s = x0 x1 + x1 x2 over an array leaf, as a stencil loop reports it (merging x1). */
  private static DualTensor stencil(DualArrayLeaf x) {
    DualReduction r = new DualReduction(new DualTensor(0.0), 2);
    for (int i = 0; i < 2; i++) {
      r.add(x.value(i) * x.value(i + 1));
      int a = r.input(x, i + 1, x.value(i));
      int b = r.input(x, i, x.value(i + 1));
      r.hessian(b, a, 1.0);
    }
    return r.node();
  }

  @Test
  void elementsByIndexGiveTheClosedFormsAfterAScalarLeaf() {
    // Flat order (c, x0, x1, x2); f = c (x0 x1 + x1 x2).
    double c = 1.5;
    double[] x = {1.0, 2.0, 3.0};
    double[] v = {0.5, 1.0, -1.0, 2.0};
    DualTape tape = DualTape.forDirection(v);
    DualTensor cNode = tape.leaf(c);
    DualArrayLeaf xNode = tape.array(x);
    assertEquals(4, tape.leafCount());
    assertEquals(-1.0, xNode.tangent(1), 0.0);
    DualTensor f = cNode.mul(stencil(xNode));
    assertEquals(12.0, f.data(), 0.0);
    f.backward();
    // grad = (s, c x1, c (x0 + x2), c x1) with s = 8.
    assertArrayEquals(new double[] {8.0, 3.0, 6.0, 3.0}, tape.gradient(), 0.0);
    // H = [[0, x1, x0 + x2, x1], [x1, 0, c, 0], [x0 + x2, c, 0, c], [x1, 0, c, 0]].
    double[] expected = {
      2.0 * 1.0 + 4.0 * -1.0 + 2.0 * 2.0,
      2.0 * 0.5 + c * -1.0,
      4.0 * 0.5 + c * 1.0 + c * 2.0,
      2.0 * 0.5 + c * -1.0
    };
    assertArrayEquals(expected, tape.hessianVectorProduct(), 1e-15);
  }

  @Test
  void anElementLeafMadeBeforeOrAfterTheReductionTakesItsContributions() {
    // f = s + x0 x2, s the stencil; x0's leaf made before the reduction, x2's after.
    double[] x = {1.0, 2.0, 3.0};
    double[] v = {1.0, -1.0, 2.0};
    DualTape tape = DualTape.forDirection(v);
    DualArrayLeaf xNode = tape.array(x);
    DualTensor x0 = xNode.element(0);
    DualTensor s = stencil(xNode);
    DualTensor f = s.add(x0.mul(xNode.element(2)));
    f.backward();
    // grad = (x1 + x2, x0 + x2, x1 + x0) = (5, 4, 3); H = [[0, 1, 1], [1, 0, 1], [1, 1, 0]].
    assertArrayEquals(new double[] {5.0, 4.0, 3.0}, tape.gradient(), 0.0);
    assertArrayEquals(new double[] {1.0, 3.0, 0.0}, tape.hessianVectorProduct(), 0.0);
    assertEquals(5.0, xNode.grad(0), 0.0);
    assertEquals(3.0, xNode.gradTangent(1), 0.0);
  }

  @Test
  void aHessianTapeRefusesArrayLeaves() {
    assertThrows(IllegalStateException.class, () -> DualTape.forHessian(0).array(new double[2]));
  }
}
