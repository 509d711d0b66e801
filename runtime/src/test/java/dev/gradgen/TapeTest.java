package dev.gradgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * {@link Tape}: graphs whose leaves come from a tape are back-propagated over their creation order;
 * every figure is checked against derivatives worked out by hand, and against the same graph built
 * without a tape (sorted), for graphs mixing tapes, hand-built nodes, nested builders, exceptions
 * and threads.
 */
final class TapeTest {

  private static final double EPS = 1e-12;

  /** f(x, y) = x * y + sin(x) * y, built by a "builder" that calls another one. */
  private static Tensor f(Tensor x, Tensor y) {
    return product(x, y).add(x.sin().mul(y));
  }

  private static Tensor product(Tensor x, Tensor y) {
    return x.mul(y);
  }

  @Test
  void tapeGraphGivesTheAnalyticGradient() {
    Tape tape = new Tape();
    Tensor x = tape.leaf(0.7);
    Tensor y = tape.leaf(-1.3);
    Tensor out = f(x, y);
    out.backward();
    // df/dx = y + cos(x) y, df/dy = x + sin(x).
    assertEquals(-1.3 + Math.cos(0.7) * -1.3, x.grad(), EPS);
    assertEquals(0.7 + Math.sin(0.7), y.grad(), EPS);
    assertEquals(0.7 * -1.3 + Math.sin(0.7) * -1.3, out.data(), 0.0);
    assertEquals(1.0, out.grad(), 0.0);
    assertSame(out, tape.last, "every node joined the tape, the root last");
  }

  @Test
  void tapeAndSortedBackwardAgreeOnEveryNode() {
    Tape tape = new Tape();
    Tensor tx = tape.leaf(0.4);
    Tensor ty = tape.leaf(2.5);
    Tensor tInner = tx.mul(ty);
    Tensor tOut = tInner.exp().add(tInner).mul(tx);
    Tensor sx = new Tensor(0.4);
    Tensor sy = new Tensor(2.5);
    Tensor sInner = sx.mul(sy);
    Tensor sOut = sInner.exp().add(sInner).mul(sx);
    tOut.backward();
    sOut.backward();
    // Each node here receives at most two contributions, so both orders sum them alike.
    assertEquals(sx.grad(), tx.grad(), 0.0);
    assertEquals(sy.grad(), ty.grad(), 0.0);
    assertEquals(sInner.grad(), tInner.grad(), 0.0);
    // out = (e^(xy) + xy) x: d/dy = x^2 (e^(xy) + 1).
    assertEquals(0.16 * (Math.exp(1.0) + 1.0), ty.grad(), EPS);
  }

  @Test
  void deadNodesWithInfinitePartialsAreSkipped() {
    Tape tape = new Tape();
    Tensor x = tape.leaf(0.0);
    Tensor unused = x.sqrt().log(); // sqrt'(0) = +Infinity, and log(0) too: never part of out
    Tensor out = x.mul(3.0).add(x.mul(x));
    out.backward();
    // d(3x + x^2)/dx at 0 = 3; a sweep that visited the dead nodes would add 0 * Infinity = NaN.
    assertEquals(3.0, x.grad(), 0.0);
    assertEquals(0.0, unused.grad(), 0.0);
  }

  @Test
  void aZeroGradientThroughAnInfinitePartialIsNaNOnBothPaths() {
    // The sweep visits exactly the nodes below the root, as the sort does: 0 * sqrt(x) at x = 0
    // passes 0 * Infinity = NaN to x both ways, so the two orders are interchangeable.
    Tape tape = new Tape();
    Tensor tx = tape.leaf(0.0);
    tx.sqrt().mul(0.0).add(tx.mul(tx)).backward();
    Tensor sx = new Tensor(0.0);
    sx.sqrt().mul(0.0).add(sx.mul(sx)).backward();
    assertTrue(Double.isNaN(tx.grad()));
    assertTrue(Double.isNaN(sx.grad()));
  }

  @Test
  void nodesMadeAfterTheRootAreIgnored() {
    Tape tape = new Tape();
    Tensor x = tape.leaf(2.0);
    Tensor root = x.mul(x).add(x);
    Tensor later = root.mul(100.0).exp();
    root.backward();
    assertEquals(5.0, x.grad(), 0.0); // d(x^2 + x)/dx = 2x + 1
    assertEquals(0.0, later.grad(), 0.0);
  }

  @Test
  void repeatedBackwardAddsTheSameAmountsAgain() {
    Tape tape = new Tape();
    Tensor x = tape.leaf(3.0);
    Tensor square = x.mul(x);
    Tensor out = square.mul(square).add(square); // x^4 + x^2
    out.backward();
    out.backward();
    assertEquals(2 * (4 * 27.0 + 2 * 3.0), x.grad(), 0.0);
    // The intermediate node holds d(out)/d(square) = 2 square + 1 of the last call alone.
    assertEquals(19.0, square.grad(), 0.0);
  }

  @Test
  void twoOutputsOfOneTapeAccumulateInTheLeaves() {
    Tape tape = new Tape();
    Tensor x = tape.leaf(1.5);
    Tensor y = tape.leaf(-0.5);
    Tensor shared = x.mul(y);
    Tensor first = shared.mul(2.0).add(x); // 2xy + x
    Tensor second = shared.mul(shared); // (xy)^2
    first.backward();
    second.backward();
    assertEquals(2 * -0.5 + 1.0 + 2 * (1.5 * -0.5) * -0.5, x.grad(), EPS);
    assertEquals(2 * 1.5 + 2 * (1.5 * -0.5) * 1.5, y.grad(), EPS);
    assertEquals(2 * (1.5 * -0.5), shared.grad(), EPS); // of the output back-propagated last
  }

  @Test
  void aHandBuiltOperationNodeInATapeGraphFallsBackToTheSort() {
    Tape tape = new Tape();
    Tensor x = tape.leaf(0.3);
    Tensor c = new Tensor(2.0);
    Tensor handBuilt = c.mul(c).add(c); // an operation made without a tape: c^2 + c
    Tensor out = x.mul(x).mul(handBuilt).add(x);
    out.backward();
    assertEquals(2 * 0.3 * 6.0 + 1.0, x.grad(), EPS);
    assertEquals(0.09 * (2 * 2.0 + 1.0), c.grad(), EPS); // the hand-built part is reached too
  }

  @Test
  void nodesOfTwoTapesMixedFallBackToTheSort() {
    Tape a = new Tape();
    Tape b = new Tape();
    Tensor x = a.leaf(1.2);
    Tensor y = b.leaf(0.8);
    Tensor fromA = x.mul(x).sin();
    Tensor fromB = y.exp().mul(y);
    Tensor out = fromA.mul(fromB).add(fromA);
    out.backward();
    double ya = Math.exp(0.8) * 0.8;
    double xa = Math.sin(1.44);
    // d/dx = cos(x^2) 2x (y e^y + 1), d/dy = sin(x^2) e^y (1 + y).
    assertEquals(Math.cos(1.44) * 2.4 * (ya + 1.0), x.grad(), EPS);
    assertEquals(xa * Math.exp(0.8) * 1.8, y.grad(), EPS);
    // And each tape still sweeps its own graphs.
    Tensor onlyA = fromA.mul(3.0);
    x.zeroGrad();
    onlyA.backward();
    assertEquals(3.0 * Math.cos(1.44) * 2.4, x.grad(), EPS);
  }

  @Test
  void graphsBuiltInterleavedOnTwoOpenTapes() {
    Tape a = new Tape();
    Tape b = new Tape();
    Tensor xa = a.leaf(2.0);
    Tensor xb = b.leaf(5.0);
    Tensor ga = xa;
    Tensor gb = xb;
    for (int i = 0; i < 10; i++) {
      ga = ga.mul(xa); // xa^(i+2)
      gb = gb.add(xb.mul(xb)); // xb + (i+1) xb^2
    }
    gb.backward();
    ga.backward();
    assertEquals(11 * Math.pow(2.0, 10), xa.grad(), 0.0);
    assertEquals(1.0 + 10 * 2 * 5.0, xb.grad(), 0.0);
  }

  @Test
  void aLeafOfTheTapeMixedWithConstantLeavesStaysOnTheTape() {
    Tape tape = new Tape();
    Tensor x = tape.leaf(4.0);
    Tensor zero = new Tensor(0.0);
    Tensor sum = zero;
    for (int i = 1; i <= 3; i++) {
      sum = Tensor.fused(sum.data() + i * x.data(), sum, 1.0, x, i);
    }
    sum.backward();
    assertEquals(6.0, x.grad(), 0.0);
    assertEquals(1.0, zero.grad(), 0.0);
    assertEquals(24.0, sum.data(), 0.0);
  }

  @Test
  void everyNodeKindPropagatesOverTheTape() {
    Tape tape = new Tape();
    Tensor[] v = tape.leaves(new double[] {1.0, 2.0, 3.0, 4.0});
    Tensor unary = Tensor.fused(v[0].data() * 5.0, v[0], 5.0);
    Tensor fma = Tensor.fma(v[1], v[2], unary); // v1 v2 + 5 v0
    Tensor wide =
        Tensor.fused(0.0, new Tensor[] {fma, v[3], fma, v[0]}, new double[] {1.0, 10.0, 2.0, 100.0
        }); // partials as given
    Tensor out = wide.mul(fma);
    out.backward();
    double w = 0.0;
    double fm = 2.0 * 3.0 + 5.0;
    // d out = fma d wide + wide d fma, d wide = 3 d fma + 10 d v3 + 100 d v0.
    double dFma = w + fm * 3.0;
    assertEquals(dFma * 5.0 + fm * 100.0, v[0].grad(), EPS);
    assertEquals(dFma * 3.0, v[1].grad(), EPS);
    assertEquals(dFma * 2.0, v[2].grad(), EPS);
    assertEquals(fm * 10.0, v[3].grad(), EPS);
  }

  @Test
  void anExceptionMidBuildLeavesNothingBehind() {
    Tape tape = new Tape();
    Tensor x = tape.leaf(1.5);
    assertThrows(IllegalStateException.class, () -> {
      Tensor partial = x.mul(x).exp();
      if (partial.data() > 0) {
        throw new IllegalStateException("thrown half-way through a builder");
      }
    });
    // The same tape goes on: the abandoned nodes are dead and skipped.
    Tensor out = x.mul(x).add(x);
    out.backward();
    assertEquals(4.0, x.grad(), 0.0);
    // And a fresh tape on this thread knows nothing of the other.
    Tape fresh = new Tape();
    Tensor y = fresh.leaf(1.5);
    y.mul(y).backward();
    assertEquals(3.0, y.grad(), 0.0);
  }

  @Test
  void inspectionWorksOnTapeGraphs() {
    Tape tape = new Tape();
    Tensor[][] m = tape.leaves(new double[][] {{1.0, 2.0}, null});
    assertEquals(null, m[1]);
    Tensor out = m[0][0].mul(m[0][1]).add(m[0][0]);
    out.backward();
    assertEquals(List.of(m[0][0], m[0][1], out.parents().get(0), out), out.topologicalOrder());
    assertArrayEquals(new double[] {3.0, 1.0}, Tensor.grads(m[0]), 0.0);
    out.zeroGrad();
    assertArrayEquals(new double[] {0.0, 0.0}, Tensor.grads(m[0]), 0.0);
    out.backward();
    assertArrayEquals(new double[] {3.0, 1.0}, Tensor.grads(m[0]), 0.0);
  }

  @Test
  void handBuiltGraphsAfterATapeSweepStillSortCorrectly() {
    Tape tape = new Tape();
    Tensor x = tape.leaf(2.0);
    Tensor onTape = x.mul(x).add(x);
    onTape.backward();
    // The leaf is now used by a graph without a tape: a node of the tape graph is shared too.
    Tensor shared = onTape.mul(new Tensor(1.0).add(new Tensor(1.0)).mul(x)); // (x^2 + x) 2x
    x.zeroGrad();
    shared.backward();
    assertEquals(2.0 * (3 * 4.0 + 2 * 2.0), x.grad(), 0.0); // d(2x^3 + 2x^2)/dx = 6x^2 + 4x
  }

  @Test
  void eightThreadsGetBitIdenticalGradients() throws Exception {
    double[] point = new double[200];
    for (int i = 0; i < point.length; i++) {
      point[i] = 0.5 + 0.01 * i;
    }
    double[] reference = rosenbrockGradient(point);
    // Against the analytic gradient of the Rosenbrock sum.
    for (int i = 0; i < point.length; i++) {
      double expected = (i + 1 < point.length
              ? -400.0 * point[i] * (point[i + 1] - point[i] * point[i]) - 2.0 * (1.0 - point[i])
              : 0.0)
          + (i > 0 ? 200.0 * (point[i] - point[i - 1] * point[i - 1]) : 0.0);
      assertEquals(expected, reference[i], 1e-9 * Math.max(1.0, Math.abs(expected)), "x" + i);
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<double[]>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        results.add(pool.submit(() -> {
          double[] last = null;
          for (int round = 0; round < 200; round++) {
            last = rosenbrockGradient(point);
            assertArrayEquals(reference, last, 0.0);
          }
          return last;
        }));
      }
      for (Future<double[]> result : results) {
        double[] got = result.get();
        for (int i = 0; i < got.length; i++) {
          assertEquals(
              Double.doubleToRawLongBits(reference[i]), Double.doubleToRawLongBits(got[i]));
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Rosenbrock's gradient the way a generated gradient method computes it: one tape per call. */
  private static double[] rosenbrockGradient(double[] point) {
    Tape tape = new Tape();
    Tensor[] x = tape.leaves(point);
    Tensor sum = new Tensor(0.0);
    for (int i = 0; i + 1 < x.length; i++) {
      Tensor a = x[i + 1].sub(x[i].mul(x[i]));
      Tensor b = Tensor.sub(1.0, x[i]);
      sum = sum.add(Tensor.mul(100.0, a).mul(a).add(b.mul(b)));
    }
    sum.backward();
    return Tensor.grads(x);
  }
}
