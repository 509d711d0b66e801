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
 * Array leaves built by hand: a node over elements read by index, elements read as leaves of
 * their own, and both at once, against derivatives worked out by hand; the backward sweep adds
 * into each element exactly what a graph of one leaf per element would, in the same order.
 */
class ArrayLeafTest {

  /**
   * s = 0.5 * sum over k of x[idx[k]]^2 as one node: partial x[idx[k]] per entry, so d s/d x[i] is
   * x[i] times how often i is listed.
   */
  private static Tensor halfSumOfSquares(ArrayLeaf x, int[] idx, Tensor start) {
    int[] slots = new int[idx.length + 1];
    double[] partials = new double[idx.length + 1];
    slots[0] = -1;
    partials[0] = 1.0;
    double value = start.data();
    for (int k = 0; k < idx.length; k++) {
      double v = x.value(idx[k]);
      value += 0.5 * v * v;
      slots[k + 1] = idx[k];
      partials[k + 1] = v;
    }
    return Tensor.fused(value, new Tensor[] {start}, 1, x, slots, partials, idx.length + 1);
  }

  @Test
  void repeatedIndicesAddTheirPartials() {
    ArrayLeaf x = new Tape().array(new double[] {1.5, -2.0, 3.0, 0.25});
    Tensor s = halfSumOfSquares(x, new int[] {0, 2, 2, 3, 0, 2}, new Tensor(0.0));
    s.backward();
    // 0 listed twice, 1 never, 2 three times, 3 once.
    assertArrayEquals(new double[] {2 * 1.5, 0.0, 3 * 3.0, 0.25}, x.grads(), 0.0);
    assertEquals(0.5 * (2 * 1.5 * 1.5 + 3 * 9.0 + 0.0625), s.data(), 1e-15);
  }

  @Test
  void elementsReadInsideAndOutsideTheReductionShareOneGradient() {
    Tape tape = new Tape();
    ArrayLeaf x = tape.array(new double[] {2.0, 3.0, -1.0});
    // f = x0 * x2 + 0.5 (x0^2 + x1^2 + x2^2), with x0 and x2 as leaves of their own too.
    Tensor product = x.element(0).mul(x.element(2));
    Tensor f = halfSumOfSquares(x, new int[] {0, 1, 2}, product);
    f.backward();
    double[] expected = {-1.0 + 2.0, 3.0, 2.0 + -1.0};
    assertArrayEquals(expected, x.grads(), 0.0);
    assertEquals(expected[0], x.element(0).grad(), 0.0);
    assertEquals(expected[1], x.grad(1), 0.0);
    assertSame(x.element(2), x.element(2));
  }

  @Test
  void aLeafMadeAfterABackwardPassTakesOverWhatItsSlotGathered() {
    ArrayLeaf x = new ArrayLeaf(new double[] {4.0, 5.0});
    Tensor s = halfSumOfSquares(x, new int[] {1}, new Tensor(0.0));
    s.backward();
    assertEquals(5.0, x.element(1).grad(), 0.0);
    s.backward();
    assertEquals(10.0, x.element(1).grad(), 0.0);
    assertArrayEquals(new double[] {0.0, 10.0}, x.grads(), 0.0);
    x.zeroGrad();
    assertArrayEquals(new double[] {0.0, 0.0}, x.grads(), 0.0);
  }

  @Test
  void theSameEntriesAsLeavesGiveTheSameGradientsBitForBit() {
    // Contributions of awkward sizes to a few elements, through a multiplying root (g != 1).
    double[] values = {0.1, 0.7, 1.0 / 3.0, 1e-3, 12.5};
    int[] idx = {3, 1, 3, 0, 3, 4, 1, 2, 3};
    double[] entryPartials = {0.3, 1.7, -2.9, 0.11, 7.0 / 9.0, 3.3, -0.2, 5.5, 1e-7};
    Tape tape = new Tape();
    ArrayLeaf x = tape.array(values);
    Tensor[] leaves = new Tape().leaves(values);
    Tensor c = new Tensor(0.0);
    int[] slots = new int[idx.length + 1];
    double[] partials = new double[idx.length + 1];
    Tensor[] inputs = new Tensor[idx.length + 1];
    slots[0] = -1;
    partials[0] = 1.0;
    inputs[0] = c;
    for (int k = 0; k < idx.length; k++) {
      slots[k + 1] = idx[k];
      partials[k + 1] = entryPartials[k];
      inputs[k + 1] = leaves[idx[k]];
    }
    Tensor overArray = Tensor.fused(0.9, new Tensor[] {c}, 1, x, slots, partials, slots.length);
    Tensor overLeaves = Tensor.fused(0.9, inputs, partials);
    overArray.mul(overArray.add(x.element(0))).backward();
    overLeaves.mul(overLeaves.add(leaves[0])).backward();
    double[] expected = Tensor.grads(leaves);
    double[] actual = x.grads();
    for (int i = 0; i < values.length; i++) {
      assertEquals(
          Double.doubleToLongBits(expected[i]), Double.doubleToLongBits(actual[i]), "x" + i);
    }
    // d/dx_i of s (s + x0) with s = 0.9 + ...: (2 s + x0) * (sum of x_i's partials), + s for x0.
    double sumFor3 = 0.3 - 2.9 + 7.0 / 9.0 + 1e-7;
    assertEquals((2 * 0.9 + 0.1) * sumFor3, actual[3], 1e-14);
    assertEquals((2 * 0.9 + 0.1) * 0.11 + 0.9, actual[0], 1e-14);
  }

  @Test
  void zeroLengthArraysAndEmptyReductionsWork() {
    ArrayLeaf empty = new Tape().array(new double[0]);
    Tensor y = new Tensor(2.0);
    Tensor node =
        Tensor.fused(2.0, new Tensor[] {y}, 1, empty, new int[] {-1}, new double[] {3.0}, 1);
    node.backward();
    assertEquals(3.0, y.grad(), 0.0);
    assertEquals(0, empty.grads().length);
    assertEquals(0, empty.elements().length);
    Tensor none = Tensor.fused(0.0, new Tensor[0], 0, empty, new int[0], new double[0], 0);
    none.backward();
    assertEquals(0, none.parents().size());
  }

  @Test
  void handBuiltGraphsOffEveryTapeAreSortedToTheSameGradients() {
    double[] values = {0.5, -1.25, 2.0};
    double[][] grads = new double[2][];
    for (int variant = 0; variant < 2; variant++) {
      ArrayLeaf x = variant == 0 ? new Tape().array(values) : new ArrayLeaf(values);
      Tensor s = halfSumOfSquares(x, new int[] {0, 1, 2, 1}, x.element(2).exp());
      // Deeper than one operation, so the sweep is the tape's or a sort.
      s.mul(s).add(x.element(0)).backward();
      grads[variant] = x.grads();
    }
    assertArrayEquals(grads[0], grads[1], 0.0);
    double s = Math.exp(2.0) + 0.5 * (0.25 + 2 * 1.5625 + 4.0);
    assertEquals(2 * s * 0.5 + 1.0, grads[0][0], 1e-12);
    assertEquals(2 * s * 2 * -1.25, grads[0][1], 1e-12);
    assertEquals(2 * s * (2.0 + Math.exp(2.0)), grads[0][2], 1e-12);
  }

  @Test
  void parentsTopologicalOrderAndZeroGradSeeTheElementsAsLeaves() {
    ArrayLeaf x = new ArrayLeaf(new double[] {3.0, 4.0});
    Tensor start = new Tensor(1.0);
    Tensor s = halfSumOfSquares(x, new int[] {1, 0}, start);
    List<Tensor> parents = s.parents();
    assertEquals(List.of(start, x.element(1), x.element(0)), parents);
    assertArrayEquals(new double[] {1.0, 4.0, 3.0}, s.localPartials(), 0.0);
    Tensor root = s.mul(2.0);
    root.backward();
    assertArrayEquals(new double[] {6.0, 8.0}, x.grads(), 0.0);
    assertTrue(root.topologicalOrder().contains(x.element(0)));
    root.zeroGrad();
    assertArrayEquals(new double[] {0.0, 0.0}, x.grads(), 0.0);
  }

  @Test
  void forwardModeSeesSeededElements() {
    Tape tape = new Tape();
    ArrayLeaf x = tape.array(new double[] {3.0, 4.0, 5.0});
    Tensor s = halfSumOfSquares(x, new int[] {0, 1, 2}, new Tensor(0.0)).mul(x.element(0));
    Tensor x0 = x.element(0);
    Tensor x2 = x.element(2);
    double[] t = Tensor.tangents(new Tensor[] {x0, x2}, new double[] {1.0, 0.5}, new Tensor[] {s});
    // s = x0 * 0.5 |x|^2: ds = (0.5 |x|^2 + x0^2) dx0 + x0 x2 dx2.
    assertEquals((25.0 + 9.0) * 1.0 + 3.0 * 5.0 * 0.5, t[0], 1e-12);
    double[][] jacobian = Tensor.jacobian(new Tensor[] {x0, x2}, new Tensor[] {s, s, s});
    assertEquals(34.0, jacobian[0][0], 1e-12);
    assertEquals(15.0, jacobian[2][1], 1e-12);
  }

  @Test
  void malformedEntriesAreRejected() {
    ArrayLeaf x = new ArrayLeaf(new double[] {1.0});
    Tensor y = new Tensor(1.0);
    IllegalArgumentException outOfRange = assertThrows(
        IllegalArgumentException.class,
        () -> Tensor.fused(0.0, new Tensor[0], 0, x, new int[] {1}, new double[] {1.0}, 1));
    assertEquals("entry 0 reads element 1 of an array of 1", outOfRange.getMessage());
    IllegalArgumentException nodes = assertThrows(
        IllegalArgumentException.class,
        () -> Tensor.fused(0.0, new Tensor[] {y}, 1, x, new int[] {0}, new double[] {1.0}, 1));
    assertEquals("the entries name 0 nodes but nodeCount is 1", nodes.getMessage());
    IllegalArgumentException count = assertThrows(
        IllegalArgumentException.class,
        () -> Tensor.fused(0.0, new Tensor[0], 0, x, new int[] {0}, new double[] {1.0}, 2));
    assertEquals("2 entries but 1 slots and 1 partials", count.getMessage());
  }

  @Test
  void eightThreadsGetBitIdenticalGradients() throws Exception {
    double[] values = new double[257];
    for (int i = 0; i < values.length; i++) {
      values[i] = Math.sin(i * 0.37) * 3.0;
    }
    int[] idx = new int[2 * values.length];
    for (int k = 0; k < idx.length; k++) {
      idx[k] = (k * 31) % values.length;
    }
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<double[]>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        futures.add(pool.submit(() -> {
          double[] last = null;
          for (int round = 0; round < 200; round++) {
            ArrayLeaf x = new Tape().array(values);
            Tensor s = halfSumOfSquares(x, idx, x.element(5).tanh());
            s.mul(s).backward();
            last = x.grads();
          }
          return last;
        }));
      }
      double[] first = futures.get(0).get();
      double s = Math.tanh(values[5]);
      for (int k = 0; k < idx.length; k++) {
        s += 0.5 * values[idx[k]] * values[idx[k]];
      }
      // Every index is listed twice (31 is prime to 257), plus tanh at 5.
      assertEquals(2 * s * 2 * values[7], first[7], 1e-9);
      for (Future<double[]> future : futures) {
        assertArrayEquals(first, future.get(), 0.0);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
