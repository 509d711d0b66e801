package dev.gradgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A node of a {@link Tape} whose parents are all leaves joins the tape's creation order only when a
 * node is made from it or a forward sweep needs it: every derivative below is worked out by hand,
 * for such nodes as roots, as parents used late, used twice, of every node kind, and swept
 * forwards.
 */
final class TapeNodesOverLeavesTest {

  private static final double EPS = 1e-12;

  @Test
  void aRootOverLeavesWritesNothingIntoItsTapeAndBackPropagates() {
    Tape tape = new Tape();
    Tensor a = tape.leaf(1.5);
    Tensor b = tape.leaf(-2.0);
    Tensor c = tape.leaf(0.25);
    Tensor out = Tensor.fused(1.5 * -2.0 + 0.25, a, -2.0, b, 1.5, c, 1.0); // a * b + c
    assertNull(tape.last, "a node over leaves only is not linked while nothing uses it");
    out.backward();
    assertEquals(-2.0, a.grad(), 0.0);
    assertEquals(1.5, b.grad(), 0.0);
    assertEquals(1.0, c.grad(), 0.0);
    out.backward();
    assertEquals(-4.0, a.grad(), 0.0, "a second backward() adds the same amounts again");
  }

  @Test
  void aNodeOverLeavesUsedLongAfterItWasMadeIsSweptBeforeItsChild() {
    Tape tape = new Tape();
    Tensor x = tape.leaf(0.6);
    Tensor y = tape.leaf(1.7);
    Tensor early = x.mul(y); // over leaves; used only at the end
    Tensor middle = x.sin().add(y); // made after it, linked first
    Tensor out = middle.mul(early); // (sin x + y) * x * y
    out.backward();
    double s = Math.sin(0.6) + 1.7;
    assertEquals(Math.cos(0.6) * 0.6 * 1.7 + s * 1.7, x.grad(), EPS);
    assertEquals(0.6 * 1.7 + s * 0.6, y.grad(), EPS);
    assertEquals(s, early.grad(), EPS);
    assertSame(out, tape.last);
  }

  @Test
  void aNodeOverLeavesWithTwoChildrenIsLinkedOnce() {
    Tape tape = new Tape();
    Tensor x = tape.leaf(2.0);
    Tensor square = x.mul(x);
    Tensor out = square.exp().add(square.mul(3.0)); // e^(x^2) + 3 x^2
    out.backward();
    assertEquals(Math.exp(4.0) * 4.0 + 12.0, x.grad(), 1e-9);
    int linked = 0;
    for (Tensor node = tape.last; node != null; node = node.prevOnTape()) {
      linked++;
    }
    assertEquals(4, linked, "square, exp, mul and add, each once");
  }

  @Test
  void everyNodeKindOverLeavesIsLinkedWhenUsed() {
    Tape tape = new Tape();
    Tensor x = tape.leaf(0.5);
    Tensor y = tape.leaf(3.0);
    Tensor z = tape.leaf(-1.0);
    Tensor w = tape.leaf(2.0);
    Tensor unary = x.exp();
    Tensor binary = x.mul(y);
    Tensor three = Tensor.fma(x, y, z);
    Tensor many = Tensor.fused(
        0.5 + 3.0 - 1.0 + 2.0, new Tensor[] {x, y, z, w}, new double[] {1.0, 1.0, 1.0, 1.0});
    Tensor out = unary.add(binary).add(three.mul(many));
    out.backward();
    // out = e^x + x y + (x y + z)(x + y + z + w)
    double fma = 0.5 * 3.0 - 1.0;
    double sum = 0.5 + 3.0 - 1.0 + 2.0;
    assertEquals(Math.exp(0.5) + 3.0 + 3.0 * sum + fma, x.grad(), EPS);
    assertEquals(0.5 + 0.5 * sum + fma, y.grad(), EPS);
    assertEquals(sum + fma, z.grad(), EPS);
    assertEquals(fma, w.grad(), EPS);
  }

  @Test
  void aTangentOfARootOverLeavesIsItsGradientAlongTheDirection() {
    Tape tape = new Tape();
    Tensor a = tape.leaf(1.5);
    Tensor b = tape.leaf(-2.0);
    Tensor out = a.mul(b);
    double[] t = Tensor.tangents(new Tensor[] {a, b}, new double[] {0.5, 4.0}, new Tensor[] {out});
    assertEquals(-2.0 * 0.5 + 1.5 * 4.0, t[0], 0.0);
    out.backward();
    assertEquals(-2.0, a.grad(), 0.0, "the forward sweep leaves the gradients as they were");
  }

  @Test
  void aJacobianWithOutputsOverLeavesAndDeeperOnes() {
    Tape tape = new Tape();
    Tensor x = tape.leaf(0.3);
    Tensor shallow = x.sin(); // over leaves
    Tensor deep = x.mul(x).mul(x); // x^3
    Tensor[] outputs = {shallow, deep, x.exp()};
    double[][] j = Tensor.jacobian(new Tensor[] {x}, outputs); // by forward sweeps: 1 input < 3
    assertEquals(Math.cos(0.3), j[0][0], EPS);
    assertEquals(3 * 0.09, j[1][0], EPS);
    assertEquals(Math.exp(0.3), j[2][0], EPS);
    // The outputs are on the tape now, and a child made from one still sweeps correctly.
    Tensor later = shallow.mul(deep);
    later.backward();
    assertEquals(Math.cos(0.3) * 0.027 + Math.sin(0.3) * 0.27, x.grad(), EPS);
  }

  @Test
  void aNodeOverLeavesOfTwoTapesUsedInAMixedGraphIsSorted() {
    Tape one = new Tape();
    Tape two = new Tape();
    Tensor x = one.leaf(1.2);
    Tensor y = two.leaf(0.7);
    Tensor fromOne = x.mul(x); // over leaves of one
    Tensor fromTwo = y.exp(); // over leaves of two
    Tensor out = fromOne.mul(fromTwo).add(fromOne); // mixed: sorted
    out.backward();
    assertEquals(2 * 1.2 * Math.exp(0.7) + 2 * 1.2, x.grad(), EPS);
    assertEquals(1.44 * Math.exp(0.7), y.grad(), EPS);
    Tensor onOne = fromOne.add(x); // x^2 + x on tape one alone
    x.zeroGrad();
    onOne.backward();
    assertEquals(2 * 1.2 + 1.0, x.grad(), EPS);
  }

  @Test
  void oneNodeGraphsOnEightThreadsGiveTheAnalyticGradient() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<double[]>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        double a0 = 0.5 + t;
        results.add(pool.submit(() -> {
          double[] sums = new double[3];
          for (int i = 0; i < 20_000; i++) {
            Tape tape = new Tape();
            Tensor a = tape.leaf(a0);
            Tensor b = tape.leaf(i);
            Tensor c = tape.leaf(1.0);
            Tensor out = a.mul(b).add(c);
            out.backward();
            sums[0] += a.grad() - i; // d/da = b
            sums[1] += b.grad() - a0; // d/db = a
            sums[2] += c.grad() - 1.0; // d/dc = 1
          }
          return sums;
        }));
      }
      for (Future<double[]> result : results) {
        for (double residual : result.get()) {
          assertEquals(0.0, residual, 0.0);
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
