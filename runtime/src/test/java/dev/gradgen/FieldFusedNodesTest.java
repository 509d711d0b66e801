package dev.gradgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The fused nodes of four and five inputs kept in fields ({@code Tensor.fused} with four or five
 * (input, partial) pairs): gradients against analytic ones on a tape and sorted, the same bits as
 * the array-backed node, forward sweeps, the sort, and 8 threads.
 */
final class FieldFusedNodesTest {

  private static final double EPS = 1e-12;

  /** f = x y z u as a four-input node over (x, y, z, u), then g = f * sin(x). */
  private static Tensor product4(Tensor x, Tensor y, Tensor z, Tensor u) {
    double a = x.data();
    double b = y.data();
    double c = z.data();
    double d = u.data();
    Tensor f = Tensor.fused(a * b * c * d, x, b * c * d, y, a * c * d, z, a * b * d, u, a * b * c);
    return f.mul(x.sin());
  }

  @Test
  void fourInputsGiveTheAnalyticGradientOnATapeAndSorted() {
    double[] p = {0.7, -1.3, 2.1, 0.4};
    double f = p[0] * p[1] * p[2] * p[3];
    double s = Math.sin(p[0]);
    double[] expected = {
      p[1] * p[2] * p[3] * s + f * Math.cos(p[0]),
      p[0] * p[2] * p[3] * s,
      p[0] * p[1] * p[3] * s,
      p[0] * p[1] * p[2] * s
    };
    for (boolean onTape : new boolean[] {true, false}) {
      Tape tape = new Tape();
      Tensor[] x = onTape ? tape.leaves(p) : Tensor.of(p);
      Tensor out = product4(x[0], x[1], x[2], x[3]);
      assertEquals(f * s, out.data(), 0.0, "the value is what the node was given, times sin x");
      out.backward();
      assertArrayEquals(expected, Tensor.grads(x), EPS, onTape ? "tape" : "sorted");
      assertEquals(Op.FUSED, out.parents().get(0).op());
      assertEquals(4, out.parents().get(0).parents().size());
    }
  }

  @Test
  void fiveInputsWithAnOperationParentGiveTheAnalyticGradient() {
    // h = q + 2 y + 3 z + 4 u + 5 w over (q = x^2, y, z, u, w): dh/dx = 2x, the rest constants.
    for (boolean onTape : new boolean[] {true, false}) {
      Tape tape = new Tape();
      double[] p = {1.5, -0.5, 0.25, 2.0, -3.0};
      Tensor[] v = onTape ? tape.leaves(p) : Tensor.of(p);
      Tensor q = v[0].mul(v[0]);
      double value = q.data() + 2 * p[1] + 3 * p[2] + 4 * p[3] + 5 * p[4];
      Tensor h = Tensor.fused(value, q, 1.0, v[1], 2.0, v[2], 3.0, v[3], 4.0, v[4], 5.0);
      Tensor out = h.mul(h); // h^2: d/dv = 2 h dh/dv
      out.backward();
      double[] expected = {2 * value * 2 * p[0], 4 * value, 6 * value, 8 * value, 10 * value};
      assertArrayEquals(expected, Tensor.grads(v), EPS, onTape ? "tape" : "sorted");
      if (onTape) {
        assertSame(out, tape.last, "the root is the tape's newest node");
      }
      assertEquals(5, h.parents().size());
      assertArrayEquals(new double[] {1.0, 2.0, 3.0, 4.0, 5.0}, h.localPartials(), 0.0);
    }
  }

  @Test
  void fieldNodesSweepTheSameBitsAsTheArrayNode() {
    double[] p = {0.3, 1.1, -0.9, 2.5, 0.05};
    for (int n = 4; n <= 5; n++) {
      Tape tape1 = new Tape();
      Tape tape2 = new Tape();
      Tensor[] a = tape1.leaves(p);
      Tensor[] b = tape2.leaves(p);
      Tensor outA = chain(a, n, true);
      Tensor outB = chain(b, n, false);
      assertEquals(outB.data(), outA.data(), 0.0);
      outA.backward();
      outB.backward();
      double[] ga = Tensor.grads(a);
      double[] gb = Tensor.grads(b);
      for (int i = 0; i < p.length; i++) {
        assertEquals(
            Double.doubleToRawLongBits(gb[i]), Double.doubleToRawLongBits(ga[i]), "n=" + n);
      }
      double[] tangent = {0.5, -1.0, 0.25, 2.0, 1.0};
      double[] direction = Tensor.tangents(a, tangent, new Tensor[] {outA});
      double expected = 0.0;
      for (int i = 0; i < p.length; i++) {
        expected += ga[i] * tangent[i];
      }
      assertEquals(expected, direction[0], 1e-12, "a forward sweep gives gradient . t");
      assertEquals(
          outA.topologicalOrder().size(), outB.topologicalOrder().size(), "sorted alike, n=" + n);
    }
  }

  /**
   * exp of the first leaf, then a node of n inputs (the exp and n - 1 leaves, partials 1..n), times
   * the last leaf: in fields or from arrays.
   */
  private static Tensor chain(Tensor[] x, int n, boolean fields) {
    Tensor e = x[0].exp();
    Tensor[] inputs = new Tensor[n];
    double[] partials = new double[n];
    double value = 0.0;
    inputs[0] = e;
    for (int i = 0; i < n; i++) {
      if (i > 0) {
        inputs[i] = x[i];
      }
      partials[i] = i + 1.0;
      value += partials[i] * inputs[i].data();
    }
    Tensor node;
    if (!fields) {
      node = Tensor.fused(value, inputs, partials);
    } else if (n == 4) {
      node = Tensor.fused(value, inputs[0], 1.0, inputs[1], 2.0, inputs[2], 3.0, inputs[3], 4.0);
    } else {
      node = Tensor.fused(
          value, inputs[0], 1.0, inputs[1], 2.0, inputs[2], 3.0, inputs[3], 4.0, inputs[4], 5.0);
    }
    return node.mul(x[4]);
  }

  @Test
  void eightThreadsGetTheSequentialBits() throws Exception {
    double[] p = {0.7, -1.3, 2.1, 0.4};
    Tape first = new Tape();
    Tensor[] x0 = first.leaves(p);
    product4(x0[0], x0[1], x0[2], x0[3]).backward();
    double[] reference = Tensor.grads(x0);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<double[]>> results = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        results.add(pool.submit(() -> {
          double[] last = null;
          for (int k = 0; k < 20_000; k++) {
            Tape tape = new Tape();
            Tensor[] x = tape.leaves(p);
            product4(x[0], x[1], x[2], x[3]).backward();
            last = Tensor.grads(x);
            for (int i = 0; i < p.length; i++) {
              if (Double.doubleToRawLongBits(last[i]) != Double.doubleToRawLongBits(reference[i])) {
                return last;
              }
            }
          }
          return last;
        }));
      }
      for (Future<double[]> result : results) {
        assertArrayEquals(reference, result.get(), 0.0);
      }
    } finally {
      pool.shutdown();
    }
  }
}
