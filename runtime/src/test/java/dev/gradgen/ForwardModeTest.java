package dev.gradgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Forward mode ({@link Tensor#tangents}) and Jacobians ({@link Tensor#jacobian}): against
 * derivatives worked out by hand, on tapes, off every tape (the sorted fallback) and mixing tapes;
 * both Jacobian strategies agree; the inputs' gradients and the graph's marks are left as they
 * were; and {@link Jacobians}' flattening.
 */
final class ForwardModeTest {

  private static final double EPS = 1e-13;

  /** f = (x y + sin x, x^2 e^y, x / y) with hand derivatives below. */
  private static Tensor[] f(Tensor x, Tensor y) {
    return new Tensor[] {x.mul(y).add(x.sin()), x.mul(x).mul(y.exp()), x.div(y)};
  }

  private static double[][] fJacobian(double x, double y) {
    return new double[][] {
        {y + Math.cos(x), x},
        {2 * x * Math.exp(y), x * x * Math.exp(y)},
        {1 / y, -x / (y * y)}};
  }

  private static void near(double[][] expected, double[][] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertArrayEquals(expected[i], actual[i], EPS * 10, "row " + i);
    }
  }

  @Test
  void tangentsOnATapeAreTheJacobianTimesTheDirection() {
    Tape tape = new Tape();
    Tensor x = tape.leaf(0.7);
    Tensor y = tape.leaf(-0.4);
    Tensor[] out = f(x, y);
    double[] v = {2.0, -3.0};
    double[][] j = fJacobian(0.7, -0.4);
    double[] t = Tensor.tangents(new Tensor[] {x, y}, v, out);
    for (int i = 0; i < 3; i++) {
      assertEquals(j[i][0] * v[0] + j[i][1] * v[1], t[i], EPS * 10);
    }
  }

  @Test
  void offEveryTapeTheGraphIsSorted() {
    // Leaves of no tape: the nodes are on none, and the sweep sorts the graph.
    Tensor x = new Tensor(0.7);
    Tensor y = new Tensor(-0.4);
    Tensor[] out = f(x, y);
    double[] t = Tensor.tangents(new Tensor[] {x, y}, new double[] {1.0, 0.0}, out);
    double[][] j = fJacobian(0.7, -0.4);
    assertArrayEquals(new double[] {j[0][0], j[1][0], j[2][0]}, t, EPS * 10);
    // Two tapes mixed: a node off both, over nodes of each.
    Tape one = new Tape();
    Tape two = new Tape();
    Tensor a = one.leaf(1.5);
    Tensor b = two.leaf(2.5);
    Tensor mixed = a.mul(a).mul(b.sin());
    double[] tm = Tensor.tangents(new Tensor[] {a, b}, new double[] {1.0, 1.0},
        new Tensor[] {mixed});
    assertEquals(2 * 1.5 * Math.sin(2.5) + 1.5 * 1.5 * Math.cos(2.5), tm[0], EPS * 10);
  }

  @Test
  void aConstantLeafWithAnInfinitePartialContributesNothing() {
    // sqrt(0) has partial +Infinity, but the leaf 0 does not depend on x: as in backward(),
    // it adds nothing (an Infinity * 0 would make the tangent NaN).
    Tape tape = new Tape();
    Tensor x = tape.leaf(3.0);
    Tensor zero = new Tensor(0.0);
    Tensor out = zero.sqrt().add(x.mul(2.0));
    double[] t = Tensor.tangents(new Tensor[] {x}, new double[] {1.0}, new Tensor[] {out});
    assertEquals(2.0, t[0]);
    out.backward();
    assertEquals(2.0, x.grad());
  }

  @Test
  void leafOutputsAndRepeatedParents() {
    Tape tape = new Tape();
    Tensor x = tape.leaf(2.0);
    Tensor other = new Tensor(5.0);
    Tensor square = x.mul(x);
    double[] t = Tensor.tangents(new Tensor[] {x}, new double[] {0.5},
        new Tensor[] {x, other, square, square});
    assertArrayEquals(new double[] {0.5, 0.0, 2 * 2.0 * 0.5, 2 * 2.0 * 0.5}, t);
  }

  @Test
  void anInputListedTwiceMovesByTheSum() {
    Tape tape = new Tape();
    Tensor x = tape.leaf(2.0);
    Tensor cube = x.mul(x).mul(x);
    double[] t = Tensor.tangents(new Tensor[] {x, x}, new double[] {1.0, 2.0},
        new Tensor[] {cube});
    assertEquals(3 * 4.0 * 3.0, t[0], EPS);
  }

  @Test
  void fusedNodesOfEveryWidth() {
    Tape tape = new Tape();
    Tensor a = tape.leaf(1.0);
    Tensor b = tape.leaf(2.0);
    Tensor c = tape.leaf(3.0);
    Tensor d = tape.leaf(4.0);
    // value = a b c d with its partials, as one node of four inputs, then of three and one.
    Tensor wide = Tensor.fused(24.0, new Tensor[] {a, b, c, d},
        new double[] {24.0, 12.0, 8.0, 6.0});
    Tensor three = Tensor.fused(6.0, a, 6.0, b, 3.0, c, 2.0);
    Tensor one = Tensor.fused(2.0, wide, 0.5);
    double[] v = {1.0, -1.0, 0.5, 2.0};
    double[] t = Tensor.tangents(new Tensor[] {a, b, c, d}, v, new Tensor[] {wide, three, one});
    assertArrayEquals(new double[] {24 - 12 + 4 + 12, 6 - 3 + 1, 0.5 * 28}, t, EPS);
  }

  @Test
  void theInputsKeepTheirGradientsAndTheGraphStaysUsable() {
    Tape tape = new Tape();
    Tensor x = tape.leaf(0.7);
    Tensor y = tape.leaf(-0.4);
    Tensor[] out = f(x, y);
    x.setGrad(11.0);
    y.setGrad(-5.0);
    Tensor.tangents(new Tensor[] {x, y}, new double[] {1.0, 1.0}, out);
    Tensor.jacobian(new Tensor[] {x, y}, out);
    assertEquals(11.0, x.grad());
    assertEquals(-5.0, y.grad());
    // The marks are back at rest: a backward pass adds the usual amounts.
    x.zeroGrad();
    y.zeroGrad();
    out[0].backward();
    double[][] j = fJacobian(0.7, -0.4);
    assertEquals(j[0][0], x.grad(), EPS);
    assertEquals(j[0][1], y.grad(), EPS);
    // And a sort still sees every node once.
    assertEquals(5, out[0].topologicalOrder().size());
  }

  @Test
  void bothJacobianStrategiesAgreeWithTheHandJacobian() {
    // 2 inputs, 3 outputs: forward sweeps.
    assertTrue(Tensor.jacobianByForwardSweeps(2, 3));
    Tape tape = new Tape();
    Tensor x = tape.leaf(0.7);
    Tensor y = tape.leaf(-0.4);
    Tensor[] out = f(x, y);
    double[][] forward = Tensor.jacobian(new Tensor[] {x, y}, out);
    near(fJacobian(0.7, -0.4), forward);
    // The transposed shape, 3 inputs and 2 outputs: backward passes; g(a, b, c) = (a b c, a + c^2).
    assertFalse(Tensor.jacobianByForwardSweeps(3, 2));
    Tape other = new Tape();
    Tensor a = other.leaf(1.5);
    Tensor b = other.leaf(-2.0);
    Tensor c = other.leaf(0.5);
    Tensor[] g = {a.mul(b).mul(c), a.add(c.mul(c))};
    double[][] backward = Tensor.jacobian(new Tensor[] {a, b, c}, g);
    double[][] expected = {{-1.0, 0.75, -3.0}, {1.0, 0.0, 1.0}};
    near(expected, backward);
    // The same graph column by column through tangents (the forward strategy) agrees.
    for (int k = 0; k < 3; k++) {
      double[] e = new double[3];
      e[k] = 1;
      double[] column = Tensor.tangents(new Tensor[] {a, b, c}, e, g);
      assertEquals(backward[0][k], column[0], EPS);
      assertEquals(backward[1][k], column[1], EPS);
    }
    // A tie (2 by 2) uses backward passes.
    assertFalse(Tensor.jacobianByForwardSweeps(2, 2));
  }

  @Test
  void theJacobianOfGraphsOffEveryTape() {
    Tensor x = new Tensor(0.7);
    Tensor y = new Tensor(-0.4);
    near(fJacobian(0.7, -0.4), Tensor.jacobian(new Tensor[] {x, y}, f(x, y)));
    Tensor u = new Tensor(0.7);
    Tensor w = new Tensor(-0.4);
    Tensor[] two = {f(u, w)[0], f(u, w)[2]};
    double[][] j = fJacobian(0.7, -0.4);
    near(new double[][] {j[0], j[2]}, Tensor.jacobian(new Tensor[] {u, w}, two));
  }

  @Test
  void misuseIsRefused() {
    Tensor x = new Tensor(1.0);
    Tensor node = x.mul(2.0);
    assertThrows(IllegalArgumentException.class,
        () -> Tensor.tangents(new Tensor[] {x}, new double[] {1, 2}, new Tensor[] {node}));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Tensor.tangents(new Tensor[] {node}, new double[] {1}, new Tensor[] {node}));
    assertTrue(e.getMessage().contains("must be a leaf"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> Tensor.jacobian(new Tensor[] {node}, new Tensor[] {node}));
  }

  @Test
  void flatteningAndBlocks() {
    Tensor a = new Tensor(1);
    Tensor b = new Tensor(2);
    Tensor c = new Tensor(3);
    Tensor[] flat = Jacobians.concat(new Tensor[] {a}, Jacobians.rows(new Tensor[][] {{b}, null, {c}}));
    assertArrayEquals(new Tensor[] {a, b, c}, flat);
    assertArrayEquals(new double[] {1, 2, 3, 4},
        Jacobians.concat(new double[] {1}, new double[] {2, 3}, new double[] {4}));
    double[][] shape = {{0, 0}, null, {0}};
    assertEquals(3, Jacobians.size(shape));
    assertArrayEquals(new double[] {5, 6, 7},
        Jacobians.direction(shape, new double[][] {{5, 6}, null, {7}}, "mTangent"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Jacobians.direction(shape, new double[][] {{5, 6}, {1}, {7}}, "mTangent"));
    assertEquals("mTangent[1] has 1 elements, but its parameter's row has 0", e.getMessage());
    double[][] jacobian = {{1, 2, 3, 4}, {5, 6, 7, 8}};
    assertArrayEquals(new double[] {1, 5}, Jacobians.column(jacobian, 0));
    double[][] middle = Jacobians.columns(jacobian, 1, 2);
    assertArrayEquals(new double[] {2, 3}, middle[0]);
    assertArrayEquals(new double[] {6, 7}, middle[1]);
    double[][][] blocks = Jacobians.columns(jacobian, 1, shape);
    assertArrayEquals(new double[] {2, 3}, blocks[0][0]);
    assertNull(blocks[0][1]);
    assertArrayEquals(new double[] {4}, blocks[0][2]);
    assertArrayEquals(new double[] {8}, blocks[1][2]);
  }

  @Test
  void aDeepChainOnATape() {
    // 10^5 nodes: the sweep is a loop over the tape, whatever the depth.
    Tape tape = new Tape();
    Tensor x = tape.leaf(1.0);
    Tensor y = x;
    for (int i = 0; i < 100_000; i++) {
      y = y.mul(1.0).add(1.0);
    }
    assertEquals(1.0, Tensor.tangents(new Tensor[] {x}, new double[] {1.0}, new Tensor[] {y})[0]);
    // Off the tape: the iterative sort, no recursion.
    Tensor z = new Tensor(1.0);
    Tensor w = z;
    for (int i = 0; i < 100_000; i++) {
      w = w.mul(1.0).add(1.0);
    }
    assertEquals(1.0, Tensor.tangents(new Tensor[] {z}, new double[] {1.0}, new Tensor[] {w})[0]);
  }
}
