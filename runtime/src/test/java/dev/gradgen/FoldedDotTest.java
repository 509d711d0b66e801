package dev.gradgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * {@link Tensor#fusedDotThen}: a dot product over array-leaf elements and nodes with a function of
 * one argument applied to the finished sum, as one node. Against the two nodes it stands for (a
 * {@link Tensor#fusedDot} node and the function's node over it): the same values and gradients bit
 * for bit, on a tape and sorted, each term's element first and its node first, with and without
 * element leaves; the same tangents and Jacobian; against derivatives by hand; its checks.
 */
class FoldedDotTest {

  private static final double[] W = {0.75, -1.5, 2.25, 0.1, -0.3, 1.9, 0.6};
  private static final double[] X = {0.3, -0.8, 1.7};

  /** The graph's leaves and nodes for one variant. */
  private record Graph(ArrayLeaf w, Tensor[] x, Tensor loss) {}

  /** tanh(start + sum_t w[first + t] * h[t]): one folded node, or a dot node and a tanh node. */
  private static Tensor tanhOfDot(
      Tensor start, ArrayLeaf w, int first, Tensor[] h, boolean elementFirst, boolean folded) {
    double sum = start.data();
    Tensor[] nodes = new Tensor[h.length + 1];
    nodes[0] = start;
    for (int t = 0; t < h.length; t++) {
      sum += w.value(first + t) * h[t].data();
      nodes[t + 1] = h[t];
    }
    if (!folded) {
      return Tensor.fusedDot(sum, nodes, h.length, w, first, elementFirst).tanh();
    }
    double value = Math.tanh(sum);
    return Tensor.fusedDotThen(
        value, Derivatives.tanh(sum, value), nodes, h.length, w, first, elementFirst);
  }

  /** Two stacked layers and a loss that reads the second layer's node twice. */
  private static Graph graph(
      boolean folded, boolean elementFirst, boolean onTape, boolean elementLeaves) {
    Tape tape = new Tape();
    ArrayLeaf w = onTape ? tape.array(W.clone()) : new ArrayLeaf(W.clone());
    Tensor[] x = new Tensor[X.length];
    Tensor[] h = new Tensor[X.length];
    for (int k = 0; k < X.length; k++) {
      x[k] = onTape ? tape.leaf(X[k]) : new Tensor(X[k]);
      h[k] = x[k].mul(1.3).sin();
    }
    Tensor start = elementLeaves ? w.element(6) : x[0];
    Tensor a = tanhOfDot(start, w, 0, h, elementFirst, folded);
    Tensor b = tanhOfDot(a, w, 3, h, !elementFirst, folded);
    Tensor loss = b.mul(b).add(b.mul(x[1])).add(a);
    return new Graph(w, x, loss);
  }

  private static double[] gradients(Graph graph) {
    graph.loss().backward();
    double[] out = new double[W.length + X.length + 1];
    System.arraycopy(graph.w().grads(), 0, out, 0, W.length);
    for (int k = 0; k < X.length; k++) {
      out[W.length + k] = graph.x()[k].grad();
    }
    out[W.length + X.length] = graph.loss().data();
    return out;
  }

  private static void assertBits(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int k = 0; k < expected.length; k++) {
      assertEquals(
          Double.doubleToRawLongBits(expected[k]),
          Double.doubleToRawLongBits(actual[k]),
          what + " entry " + k + ": " + expected[k] + " vs " + actual[k]);
    }
  }

  @Test
  void valuesAndGradientsAreBitForBitThoseOfTheTwoNodes() {
    for (boolean elementFirst : new boolean[] {true, false}) {
      for (boolean onTape : new boolean[] {true, false}) {
        for (boolean elementLeaves : new boolean[] {true, false}) {
          String what =
              "elementFirst=" + elementFirst + " onTape=" + onTape + " leaves=" + elementLeaves;
          assertBits(
              gradients(graph(false, elementFirst, onTape, elementLeaves)),
              gradients(graph(true, elementFirst, onTape, elementLeaves)),
              what);
        }
      }
    }
  }

  @Test
  void tangentsAndJacobianAreThoseOfTheTwoNodes() {
    double[] direction = {0.4, -1.2, 0.9};
    for (boolean elementLeaves : new boolean[] {true, false}) {
      Graph two = graph(false, true, true, elementLeaves);
      Graph one = graph(true, true, true, elementLeaves);
      assertBits(
          Tensor.tangents(two.x(), direction, new Tensor[] {two.loss()}),
          Tensor.tangents(one.x(), direction, new Tensor[] {one.loss()}),
          "tangents, leaves=" + elementLeaves);
      double[][] expected = Tensor.jacobian(two.x(), new Tensor[] {two.loss()});
      double[][] actual = Tensor.jacobian(one.x(), new Tensor[] {one.loss()});
      assertBits(expected[0], actual[0], "Jacobian, leaves=" + elementLeaves);
    }
  }

  @Test
  void gradientsAreTheDerivativesByHand() {
    // y = tanh(s), s = w0 + w1 x0 + w2 x1 over leaves: dy/dw0 = 1 - y^2, dy/dw_{1+t} = (1 - y^2)
    // x_t,
    // dy/dx_t = (1 - y^2) w_{1+t}.
    double[] wv = {0.2, -0.7, 1.1};
    double[] xv = {0.9, -0.4};
    Tape tape = new Tape();
    ArrayLeaf w = tape.array(wv.clone());
    Tensor[] x = tape.leaves(xv);
    double s = wv[0] + wv[1] * xv[0] + wv[2] * xv[1];
    double y = Math.tanh(s);
    Tensor node =
        Tensor.fusedDotThen(y, 1.0 - y * y, new Tensor[] {w.element(0), x[0], x[1]}, 2, w, 1, true);
    node.backward();
    double d = 1.0 - y * y;
    assertEquals(y, node.data(), 0.0);
    assertEquals(d, w.grad(0), 1e-15);
    assertEquals(d * xv[0], w.grad(1), 1e-15);
    assertEquals(d * xv[1], w.grad(2), 1e-15);
    assertEquals(d * wv[1], x[0].grad(), 1e-15);
    assertEquals(d * wv[2], x[1].grad(), 1e-15);
    double[] partials = node.localPartials();
    assertEquals(d, partials[0], 1e-15);
    assertEquals(d * xv[0], partials[1], 1e-15);
    assertEquals(d * wv[1], partials[2], 1e-15);
  }

  @Test
  void theArgumentsAreChecked() {
    ArrayLeaf w = new ArrayLeaf(new double[] {1.0, 2.0});
    Tensor[] nodes = {new Tensor(0.5), new Tensor(1.5), new Tensor(2.5)};
    assertThrows(
        IllegalArgumentException.class, () -> Tensor.fusedDotThen(0.0, 1.0, nodes, 3, w, 0, true));
    assertThrows(
        IllegalArgumentException.class, () -> Tensor.fusedDotThen(0.0, 1.0, nodes, 2, w, 1, true));
  }
}
