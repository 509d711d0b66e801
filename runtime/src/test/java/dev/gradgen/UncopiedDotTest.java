package dev.gradgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * {@link GeneratedSupport#fusedDotUncopied} and {@link GeneratedSupport#fusedDotThenUncopied}: the
 * dot-product nodes that read their elements' values from the array leaf in the backward pass
 * instead of keeping a copy. While the array is not written they are the copying nodes of {@link
 * Tensor#fusedDot} and {@link Tensor#fusedDotThen} bit for bit (values, gradients on a tape and
 * sorted, with and without element leaves, each term order; parents, partials, tangents); a write
 * to the array before the backward pass reaches them and not the copying ones, which is why only
 * generated code that proved there is none may use them; they check their arguments as the
 * public factories do.
 */
class UncopiedDotTest {

  private static final double[] W = {0.75, -1.5, 2.25, 0.1, -0.3, 1.9, 0.6};
  private static final double[] X = {0.3, -0.8, 1.7};

  /** start + sum_t w[first + t] * h[t], or tanh of it when folded, by one of the factories. */
  private static Tensor dot(
      Tensor start,
      ArrayLeaf w,
      int first,
      Tensor[] h,
      boolean elementFirst,
      boolean folded,
      boolean uncopied) {
    double sum = start.data();
    Tensor[] nodes = new Tensor[h.length + 1];
    nodes[0] = start;
    // The generated code's way: the terms gathered in the array leaf's buffer, from index 0.
    Tensor[] buffer = GeneratedSupport.dotTerms(w, h.length);
    for (int t = 0; t < h.length; t++) {
      sum += w.value(first + t) * h[t].data();
      nodes[t + 1] = h[t];
      buffer[t] = h[t];
    }
    if (!folded) {
      return uncopied
          ? GeneratedSupport.fusedDotUncopied(sum, start, buffer, h.length, w, first, elementFirst)
          : Tensor.fusedDot(sum, nodes, h.length, w, first, elementFirst);
    }
    double value = Math.tanh(sum);
    double outer = Derivatives.tanh(sum, value);
    return uncopied
        ? GeneratedSupport.fusedDotThenUncopied(
            value, outer, start, buffer, h.length, w, first, elementFirst)
        : Tensor.fusedDotThen(value, outer, nodes, h.length, w, first, elementFirst);
  }

  /**
   * Three dot nodes and a loss (the second over the first's term nodes, which it shares when
   * uncopied; the third over leaves and nodes); w's gradients, x's, then the loss's value.
   */
  private static double[] gradients(
      boolean uncopied, boolean folded, boolean elementFirst, boolean onTape, boolean leaves) {
    Tape tape = new Tape();
    ArrayLeaf w = onTape ? tape.array(W.clone()) : new ArrayLeaf(W.clone());
    Tensor[] x = new Tensor[X.length];
    Tensor[] h = new Tensor[X.length];
    for (int k = 0; k < X.length; k++) {
      x[k] = onTape ? tape.leaf(X[k]) : new Tensor(X[k]);
    }
    // Nodes over leaves only (not on the tape until a child links them) and one over a node.
    h[0] = x[0].mul(1.3);
    h[1] = x[1].mul(1.3).sin();
    h[2] = x[2].mul(x[0]);
    Tensor start = leaves ? w.element(6) : x[0];
    Tensor a = dot(start, w, 0, h, elementFirst, folded, uncopied);
    Tensor b = dot(a, w, 3, h, !elementFirst, folded, uncopied);
    Tensor c = dot(b, w, 1, new Tensor[] {x[2], a, b}, elementFirst, folded, uncopied);
    Tensor loss = c.mul(b).add(b.mul(x[1])).add(a);
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
  void withTheArrayUnwrittenTheyAreTheCopyingNodesBitForBit() {
    boolean[] both = {true, false};
    for (boolean folded : both) {
      for (boolean elementFirst : both) {
        for (boolean onTape : both) {
          for (boolean leaves : both) {
            double[] expected = gradients(false, folded, elementFirst, onTape, leaves);
            double[] actual = gradients(true, folded, elementFirst, onTape, leaves);
            String what = "folded=" + folded + " elementFirst=" + elementFirst + " onTape=" + onTape
                + " leaves=" + leaves;
            for (int k = 0; k < expected.length; k++) {
              assertEquals(
                  Double.doubleToRawLongBits(expected[k]),
                  Double.doubleToRawLongBits(actual[k]),
                  what + " entry " + k);
            }
          }
        }
      }
    }
  }

  @Test
  void parentsPartialsTangentsAndJacobianAreTheCopyingNodes() {
    for (boolean folded : new boolean[] {true, false}) {
      Tape tape = new Tape();
      ArrayLeaf w = tape.array(W.clone());
      Tensor[] x = tape.leaves(X.clone());
      Tensor[] h = {x[0].sin(), x[1].mul(x[2]), x[2].exp()};
      Tensor copying = dot(x[1], w, 2, h, true, folded, false);
      Tensor uncopied = dot(x[1], w, 2, h, true, folded, true);
      assertEquals(copying.data(), uncopied.data(), 0.0);
      assertEquals(copying.parents(), uncopied.parents());
      assertArrayEquals(copying.localPartials(), uncopied.localPartials(), 0.0);
      Tensor[] inputs = {x[0], x[1], x[2], w.element(2), w.element(4)};
      double[] direction = {0.5, -1.0, 2.0, 0.25, -0.75};
      assertArrayEquals(
          Tensor.tangents(inputs, direction, new Tensor[] {copying}),
          Tensor.tangents(inputs, direction, new Tensor[] {uncopied}),
          0.0);
      assertArrayEquals(
          Tensor.jacobian(inputs, new Tensor[] {copying})[0],
          Tensor.jacobian(inputs, new Tensor[] {uncopied})[0],
          0.0);
    }
  }

  @Test
  void aWriteBeforeTheBackwardPassReachesOnlyTheUncopiedNode() {
    // z = 0 + w0 a^2 + w1 (4 a): dz/da = 2 a w0 + 4 w1, with w as the backward pass reads it.
    for (boolean uncopied : new boolean[] {false, true}) {
      double[] values = {2.0, -3.0};
      Tape tape = new Tape();
      ArrayLeaf w = tape.array(values);
      Tensor a = tape.leaf(1.5);
      Tensor[] h = {a.mul(a), a.mul(4.0)};
      Tensor z = dot(tape.leaf(0.0), w, 0, h, true, false, uncopied);
      values[0] = 10.0;
      values[1] = 20.0;
      z.backward();
      double expected = uncopied ? 2.0 * 1.5 * 10.0 + 4.0 * 20.0 : 2.0 * 1.5 * 2.0 + 4.0 * -3.0;
      assertEquals(expected, a.grad(), 0.0, "uncopied=" + uncopied);
    }
  }

  @Test
  void theArgumentsAreCheckedAsThePublicFactoriesDo() {
    ArrayLeaf w = new ArrayLeaf(new double[] {1.0, 2.0});
    Tensor h = new Tensor(1.0);
    Tensor[] nodes = {h, h};
    assertThrows(
        IllegalArgumentException.class,
        () -> GeneratedSupport.fusedDotUncopied(0.0, h, nodes, 3, w, 0, true));
    assertThrows(
        IllegalArgumentException.class,
        () -> GeneratedSupport.fusedDotUncopied(0.0, h, nodes, 2, w, 1, true));
    assertThrows(
        IllegalArgumentException.class,
        () -> GeneratedSupport.fusedDotThenUncopied(0.0, 1.0, h, nodes, -1, w, 0, true));
    assertThrows(
        IllegalArgumentException.class,
        () -> GeneratedSupport.fusedDotThenUncopied(0.0, 1.0, h, nodes, 1, w, -1, false));
    assertEquals(
        3.0, GeneratedSupport.fusedDotUncopied(3.0, h, nodes, 2, w, 0, false).data(), 0.0);
    assertEquals(3, GeneratedSupport.dotTerms(w, 3).length);
  }
}
