package dev.gradgen;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * What {@link Tensor#backward()} called more than once does, on every shape of graph: each call adds
 * d(root)/d(leaf) to every leaf it reaches (the tutorial's {@code grad +=}), a leaf root included;
 * the root and the intermediate nodes hold the derivatives of the latest call only. The expected
 * numbers are the derivatives worked out by hand, times the number of calls.
 */
final class RepeatedBackwardTest {

  @Test
  void leafRootAddsOnePerCall() {
    Tensor a = new Tensor(3.0);
    a.backward();
    assertEquals(1.0, a.grad());
    a.backward();
    assertEquals(2.0, a.grad());
    a.zeroGrad();
    a.backward();
    assertEquals(1.0, a.grad());
  }

  @Test
  void oneOperationAddsToItsLeavesAndResetsItsRoot() {
    Tensor a = new Tensor(3.0);
    Tensor r = a.mul(1.0);
    r.backward();
    r.backward();
    assertEquals(2.0, a.grad());
    assertEquals(1.0, r.grad());
    // a * b at (2, 5): d/da = 5, d/db = 2, three calls.
    Tensor x = new Tensor(2.0);
    Tensor y = new Tensor(5.0);
    Tensor p = x.mul(y);
    for (int i = 0; i < 3; i++) {
      p.backward();
    }
    assertEquals(15.0, x.grad());
    assertEquals(6.0, y.grad());
    assertEquals(1.0, p.grad());
  }

  @Test
  void sharedIntermediateHoldsOneCallsDerivative() {
    // r = m^2 + m with m = a * b at (2, 3): dr/dm = 2m + 1 = 13, dr/da = 13 b = 39, dr/db = 26.
    Tensor a = new Tensor(2.0);
    Tensor b = new Tensor(3.0);
    Tensor m = a.mul(b);
    Tensor r = m.mul(m).add(m);
    r.backward();
    r.backward();
    assertEquals(78.0, a.grad());
    assertEquals(52.0, b.grad());
    assertEquals(13.0, m.grad());
    assertEquals(1.0, r.grad());
  }

  @Test
  void diamondAddsBothPathsOncePerCall() {
    // r = u * v with u = a + 1, v = a * a at a = 3: dr/da = v + u * 2a = 9 + 4 * 6 = 33.
    Tensor a = new Tensor(3.0);
    Tensor u = a.add(1.0);
    Tensor v = a.mul(a);
    Tensor r = u.mul(v);
    r.backward();
    assertEquals(33.0, a.grad());
    r.backward();
    assertEquals(66.0, a.grad());
    // dr/du = v = 9 and dr/dv = u = 4, from the latest call alone.
    assertEquals(9.0, u.grad());
    assertEquals(4.0, v.grad());
  }

  @Test
  void twoOutputsSumIntoTheirSharedLeaves() {
    // m = a * b at (2, 3); y1 = m * m (dy1/da = 2 m b = 36), y2 = 4 m (dy2/da = 4 b = 12).
    Tensor a = new Tensor(2.0);
    Tensor b = new Tensor(3.0);
    Tensor m = a.mul(b);
    Tensor y1 = m.mul(m);
    Tensor y2 = m.mul(4.0);
    y1.backward();
    assertEquals(12.0, m.grad());
    y2.backward();
    assertEquals(48.0, a.grad());
    assertEquals(24.0 + 8.0, b.grad());
    // The shared intermediate holds the derivative of the last output, not a sum.
    assertEquals(4.0, m.grad());
    assertEquals(1.0, y1.grad());
    assertEquals(1.0, y2.grad());
  }

  @Test
  void fusedRootsFollowTheSameRule() {
    // A fused node over leaves takes backward()'s one-level shortcut; a fused node over an
    // intermediate takes the sorted path. Both add their partials per call.
    Tensor a = new Tensor(2.0);
    Tensor b = new Tensor(3.0);
    Tensor c = new Tensor(5.0);
    Tensor three = Tensor.fused(0.0, a, 7.0, b, 11.0, c, 13.0);
    three.backward();
    three.backward();
    assertEquals(14.0, a.grad());
    assertEquals(22.0, b.grad());
    assertEquals(26.0, c.grad());
    Tensor wide = Tensor.fused(0.0, new Tensor[] {a.mul(2.0), b}, new double[] {0.5, 1.0});
    wide.backward();
    wide.backward();
    // d/da = 0.5 * 2 per call, on top of 14; d/db = 1 per call, on top of 22.
    assertEquals(16.0, a.grad());
    assertEquals(24.0, b.grad());
  }
}
