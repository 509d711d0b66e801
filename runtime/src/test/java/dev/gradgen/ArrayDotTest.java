package dev.gradgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Tensor#fusedDot}: a dot product of array-leaf elements and nodes as one node whose partials
 * are the factors' values. Against the same reduction written as a {@link Tensor#fused(double,
 * Tensor[], double[])} node over the element leaves and the nodes with their partials listed: the
 * same gradients bit for bit (on a tape and sorted, each term's element first and its node first,
 * with and without element leaves), the same parents and partials, the same tangents; against
 * derivatives by hand; and its argument checks.
 */
class ArrayDotTest {

  private static final double[] W = {0.75, -1.5, 2.25, 0.1, -0.3, 1.9, 0.6};
  private static final double[] X = {0.3, -0.8, 1.7};

  /** h[k] = tanh(x[k] * c) over leaves, the nodes a layer's dot products read. */
  private static Tensor[] layer(Tensor[] x, double c) {
    Tensor[] h = new Tensor[x.length];
    for (int k = 0; k < x.length; k++) {
      h[k] = x[k].mul(c).tanh();
    }
    return h;
  }

  /** z = start + sum_t w[first + t] * h[t] as a fusedDot node. */
  private static Tensor dot(
      Tensor start, ArrayLeaf w, int first, Tensor[] h, boolean elementFirst) {
    double value = start.data();
    Tensor[] nodes = new Tensor[h.length + 1];
    nodes[0] = start;
    for (int t = 0; t < h.length; t++) {
      value += w.value(first + t) * h[t].data();
      nodes[t + 1] = h[t];
    }
    return Tensor.fusedDot(value, nodes, h.length, w, first, elementFirst);
  }

  /** The same node written as the reduction writer's node over element leaves and nodes. */
  private static Tensor listed(
      Tensor start, ArrayLeaf w, int first, Tensor[] h, boolean elementFirst) {
    double value = start.data();
    List<Tensor> inputs = new ArrayList<>(List.of(start));
    List<Double> partials = new ArrayList<>(List.of(1.0));
    for (int t = 0; t < h.length; t++) {
      double wv = w.value(first + t);
      double hv = h[t].data();
      value += wv * hv;
      double dw = 0.0;
      double dh = 0.0;
      dw += hv;
      dh += wv;
      if (elementFirst) {
        inputs.add(w.element(first + t));
        partials.add(dw);
      }
      inputs.add(h[t]);
      partials.add(dh);
      if (!elementFirst) {
        inputs.add(w.element(first + t));
        partials.add(dw);
      }
    }
    double[] d = partials.stream().mapToDouble(Double::doubleValue).toArray();
    return Tensor.fused(value, inputs.toArray(new Tensor[0]), d);
  }

  /** Two stacked dot products and a loss, over a tape or not, with or without element leaves. */
  private static double[] gradients(
      boolean useDot, boolean elementFirst, boolean onTape, boolean elementLeaves) {
    Tape tape = new Tape();
    ArrayLeaf w = onTape ? tape.array(W.clone()) : new ArrayLeaf(W.clone());
    Tensor[] x = new Tensor[X.length];
    for (int k = 0; k < X.length; k++) {
      x[k] = onTape ? tape.leaf(X[k]) : new Tensor(X[k]);
    }
    Tensor start = elementLeaves ? w.element(6) : x[0];
    Tensor[] h = layer(x, 1.3);
    Tensor z1 = useDot ? dot(start, w, 0, h, elementFirst) : listed(start, w, 0, h, elementFirst);
    Tensor z2 = useDot ? dot(z1, w, 3, h, !elementFirst) : listed(z1, w, 3, h, !elementFirst);
    Tensor loss = z2.tanh().mul(z1);
    loss.backward();
    double[] out = new double[W.length + X.length + 1];
    System.arraycopy(w.grads(), 0, out, 0, W.length);
    for (int k = 0; k < X.length; k++) {
      out[W.length + k] = x[k].grad();
    }
    out[W.length + X.length] = loss.data();
    return out;
  }

  @Test
  void gradientsAreBitForBitThoseOfTheListedNode() {
    for (boolean elementFirst : new boolean[] {true, false}) {
      for (boolean onTape : new boolean[] {true, false}) {
        for (boolean elementLeaves : new boolean[] {true, false}) {
          double[] expected = gradients(false, elementFirst, onTape, elementLeaves);
          double[] actual = gradients(true, elementFirst, onTape, elementLeaves);
          for (int k = 0; k < expected.length; k++) {
            assertEquals(
                Double.doubleToRawLongBits(expected[k]),
                Double.doubleToRawLongBits(actual[k]),
                "entry " + k + " elementFirst=" + elementFirst + " onTape=" + onTape
                    + " elementLeaves=" + elementLeaves);
          }
        }
      }
    }
  }

  @Test
  void gradientsAreTheDerivativesByHand() {
    Tape tape = new Tape();
    ArrayLeaf w = tape.array(new double[] {2.0, -3.0, 0.5});
    Tensor a = tape.leaf(1.5);
    Tensor b = tape.leaf(-0.25);
    Tensor ha = a.mul(a);
    Tensor hb = b.mul(4.0);
    // z = b + w0 a^2 + w1 (4 b): dz/dw = (a^2, 4b, 0), dz/da = 2 a w0, dz/db = 1 + 4 w1.
    Tensor z = dot(b, w, 0, new Tensor[] {ha, hb}, true);
    z.backward();
    assertEquals(-0.25 + 2.0 * 2.25 + -3.0 * -1.0, z.data(), 0.0);
    assertArrayEquals(new double[] {2.25, -1.0, 0.0}, w.grads(), 0.0);
    assertEquals(2.0 * 1.5 * 2.0, a.grad(), 0.0);
    assertEquals(1.0 + 4.0 * -3.0, b.grad(), 0.0);
  }

  @Test
  void theElementsReadWhenTheNodeWasMadeAreItsPartials() {
    double[] values = {2.0, -3.0};
    Tape tape = new Tape();
    ArrayLeaf w = tape.array(values);
    Tensor a = tape.leaf(1.5);
    Tensor ha = a.mul(a);
    Tensor hb = a.mul(4.0);
    // z = 0 + w0 a^2 + w1 (4 a): dz/da = 2 a w0 + 4 w1 at the values the node was made with.
    Tensor z = dot(tape.leaf(0.0), w, 0, new Tensor[] {ha, hb}, true);
    values[0] = 100.0;
    values[1] = 100.0;
    z.backward();
    assertEquals(2.0 * 1.5 * 2.0 + 4.0 * -3.0, a.grad(), 0.0);
  }

  @Test
  void parentsPartialsAndTangentsAreTheListedNodes() {
    for (boolean elementFirst : new boolean[] {true, false}) {
      Tape tape = new Tape();
      ArrayLeaf w = tape.array(W.clone());
      Tensor[] x = tape.leaves(X.clone());
      Tensor[] h = layer(x, -0.7);
      Tensor byDot = dot(x[1], w, 2, h, elementFirst);
      Tensor byList = listed(x[1], w, 2, h, elementFirst);
      assertEquals(byList.parents(), byDot.parents());
      assertArrayEquals(byList.localPartials(), byDot.localPartials(), 0.0);
      Tensor[] inputs = {x[0], x[1], x[2], w.element(2), w.element(4)};
      double[] direction = {0.5, -1.0, 2.0, 0.25, -0.75};
      assertArrayEquals(
          Tensor.tangents(inputs, direction, new Tensor[] {byList}),
          Tensor.tangents(inputs, direction, new Tensor[] {byDot}),
          0.0);
      assertArrayEquals(
          Tensor.jacobian(inputs, new Tensor[] {byList})[0],
          Tensor.jacobian(inputs, new Tensor[] {byDot})[0],
          0.0);
    }
  }

  @Test
  void aDotOfNoTermsPassesTheStartOn() {
    Tape tape = new Tape();
    ArrayLeaf w = tape.array(new double[] {1.0});
    Tensor start = tape.leaf(3.0).mul(2.0);
    Tensor z = Tensor.fusedDot(start.data(), new Tensor[] {start}, 0, w, 0, true);
    z.mul(5.0).backward();
    assertEquals(5.0, start.grad(), 0.0);
    assertArrayEquals(new double[] {0.0}, w.grads(), 0.0);
  }

  @Test
  void badArgumentsAreRejected() {
    ArrayLeaf w = new ArrayLeaf(new double[] {1.0, 2.0});
    Tensor h = new Tensor(1.0);
    Tensor[] nodes = {h, h, h};
    assertThrows(IllegalArgumentException.class, () -> Tensor.fusedDot(0.0, nodes, 3, w, 0, true));
    assertThrows(IllegalArgumentException.class, () -> Tensor.fusedDot(0.0, nodes, -1, w, 0, true));
    assertThrows(IllegalArgumentException.class, () -> Tensor.fusedDot(0.0, nodes, 2, w, 1, true));
    assertThrows(IllegalArgumentException.class, () -> Tensor.fusedDot(0.0, nodes, 1, w, -1, true));
    assertEquals(3.0, Tensor.fusedDot(3.0, nodes, 2, w, 0, false).data(), 0.0);
  }
}
