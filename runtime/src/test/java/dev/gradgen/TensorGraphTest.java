package dev.gradgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The graph side of {@link Tensor}: gradient accumulation, graphs too deep for recursion, shared
 * subgraphs, the topological order, inspection, fused nodes and the array helpers.
 */
final class TensorGraphTest {

  // ---------------------------------------------------------------- accumulation

  @Test
  void squareGivesTwiceTheValue() {
    Tensor a = new Tensor(3.0);
    a.mul(a).backward();
    assertEquals(6.0, a.grad());
  }

  @Test
  void nodeUsedTwiceGetsBothContributions() {
    Tensor a = new Tensor(3.0);
    Tensor b = new Tensor(-2.0);
    Tensor ab = a.mul(b);
    // f = ab * ab + a: df/da = 2ab * b + 1, df/db = 2ab * a.
    Tensor f = ab.mul(ab).add(a);
    f.backward();
    assertEquals(2 * 3.0 * -2.0 * -2.0 + 1, a.grad());
    assertEquals(2 * 3.0 * -2.0 * 3.0, b.grad());
    assertEquals(2 * 3.0 * -2.0, ab.grad());
  }

  @Test
  void backwardOnTwoOutputsAddsUpInLeavesButNotInSharedIntermediates() {
    Tensor a = new Tensor(3.0);
    Tensor b = new Tensor(5.0);
    Tensor u = a.mul(b); // shared by both outputs
    Tensor y1 = u.add(1.0);
    Tensor y2 = u.mul(2.0);

    y1.backward();
    assertEquals(1.0, u.grad());
    assertEquals(5.0, a.grad());

    y2.backward();
    // u holds d(y2)/du alone: the intermediate was cleared, not accumulated to 3.
    assertEquals(2.0, u.grad());
    // The leaves hold d(y1)/da + d(y2)/da = b + 2b and likewise for b.
    assertEquals(15.0, a.grad());
    assertEquals(9.0, b.grad());
  }

  @Test
  void backwardOnAnOutputThatFeedsAnotherOutput() {
    Tensor a = new Tensor(3.0);
    Tensor y1 = a.mul(a); // a^2
    Tensor y2 = y1.mul(4.0); // 4a^2, with y1 as its intermediate
    y1.backward();
    y2.backward();
    // 2a + 8a.
    assertEquals(30.0, a.grad());
    assertEquals(4.0, y1.grad());
  }

  @Test
  void repeatedBackwardAccumulatesInLeavesOnly() {
    Tensor a = new Tensor(3.0);
    Tensor u = a.sin();
    Tensor y = u.mul(u);
    y.backward();
    y.backward();
    // Two calls: leaf gets 2 * d(sin^2 a)/da = 2 * 2 sin a cos a; u keeps one call's 2 sin a.
    assertEquals(2 * 2 * Math.sin(3.0) * Math.cos(3.0), a.grad(), 1e-15);
    assertEquals(2 * Math.sin(3.0), u.grad(), 1e-15);
    assertEquals(1.0, y.grad());
  }

  @Test
  void zeroGradResetsEveryNode() {
    Tensor a = new Tensor(3.0);
    Tensor b = new Tensor(5.0);
    Tensor u = a.mul(b);
    Tensor y = u.add(a).exp();
    y.backward();
    assertTrue(a.grad() != 0 && b.grad() != 0 && u.grad() != 0);
    y.zeroGrad();
    for (Tensor t : List.of(a, b, u, y)) {
      assertEquals(0.0, t.grad());
    }
    y.backward();
    // After the reset a single call again gives d(e^(ab+a))/db = a e^(ab+a) exactly once.
    assertEquals(3.0 * Math.exp(18.0), b.grad(), 1e-9 * Math.exp(18.0));
  }

  @Test
  void backwardOnALeafSetsItsGradientToOne() {
    Tensor a = new Tensor(7.0);
    a.backward();
    assertEquals(1.0, a.grad());
  }

  // ---------------------------------------------------------------- deep graphs

  @Test
  void millionDeepChainOnTheDefaultStack() {
    int n = 1_000_000;
    double c = 1.000001;
    Tensor x = new Tensor(1.0);
    Tensor y = x;
    for (int i = 0; i < n; i++) {
      y = y.mul(c).add(0.0);
    }
    y.backward();
    // y = x c^n, so dy/dx = c^n = e^(n log c); n roundings of about 1e-16 each bound the error.
    double expected = Math.exp(n * Math.log(c));
    assertEquals(expected, x.grad(), 1e-9 * expected);
    assertEquals(expected, y.data(), 1e-9 * expected);
    assertEquals(2 * n + 1, y.topologicalOrder().size());
    y.zeroGrad();
    assertEquals(0.0, x.grad());
  }

  @Test
  void millionDeepSineChainOnASmallStack() throws InterruptedException {
    int n = 1_000_000;
    AtomicReference<Throwable> failure = new AtomicReference<>();
    // 256 KiB is far below what a recursive sort of a million nodes needs.
    Thread worker = new Thread(
        null,
        () -> {
          try {
            Tensor x = new Tensor(1.0);
            Tensor y = x;
            for (int i = 0; i < n; i++) {
              y = y.sin();
            }
            y.backward();
            // Chain rule: d sin^n(x)/dx = product of cos(x_k) over the iterates x_k = sin^k(x).
            double v = 1.0;
            double product = 1.0;
            for (int i = 0; i < n; i++) {
              product *= Math.cos(v);
              v = Math.sin(v);
            }
            assertEquals(v, y.data());
            assertEquals(product, x.grad(), 1e-9 * product);
          } catch (Throwable t) {
            failure.set(t);
          }
        },
        "deep-sine",
        256 * 1024);
    worker.start();
    worker.join();
    if (failure.get() != null) {
      throw new AssertionError(failure.get());
    }
  }

  @Test
  void fiftyDoublingsGiveTwoToTheFiftyExactly() {
    Tensor x = new Tensor(3.0);
    Tensor y = x;
    for (int i = 0; i < 50; i++) {
      y = y.add(y);
    }
    // 2^50 paths lead from y to x: this only finishes if every node is visited once.
    y.backward();
    assertEquals(0x1p50, x.grad());
    assertEquals(3.0 * 0x1p50, y.data());
    assertEquals(51, y.topologicalOrder().size());
  }

  @Test
  void repeatedSquaring() {
    double x0 = 1.0001;
    Tensor x = new Tensor(x0);
    Tensor y = x;
    for (int i = 0; i < 10; i++) {
      y = y.mul(y);
    }
    y.backward();
    // y = x^1024, dy/dx = 1024 x^1023; squaring doubles relative error, so about 1024 ulps.
    double expected = 1024 * Math.pow(x0, 1023);
    assertEquals(expected, x.grad(), 1e-11 * expected);
  }

  @Test
  void fibonacciLadderNeedsATrueTopologicalOrder() {
    // f0 = x, f1 = y, f(k+1) = f(k) + f(k-1), so f70 = F69 x + F70 y with Fibonacci numbers F.
    Tensor x = new Tensor(1.0);
    Tensor y = new Tensor(1.0);
    Tensor previous = x;
    Tensor current = y;
    for (int k = 1; k < 70; k++) {
      Tensor next = current.add(previous);
      previous = current;
      current = next;
    }
    current.backward();
    assertEquals(117669030460994.0, x.grad());
    assertEquals(190392490709135.0, y.grad());
  }

  // ---------------------------------------------------------------- topological order

  /** A seeded random graph mixing unary, binary, repeated-argument and fused nodes. */
  private static Tensor randomGraph(long seed, int size) {
    Random random = new Random(seed);
    List<Tensor> nodes = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      nodes.add(new Tensor(random.nextDouble()));
    }
    for (int i = 0; i < size; i++) {
      Tensor p = nodes.get(random.nextInt(nodes.size()));
      Tensor q = nodes.get(random.nextInt(nodes.size()));
      Tensor r = nodes.get(random.nextInt(nodes.size()));
      Tensor next = switch (random.nextInt(5)) {
        case 0 -> p.sin();
        // Each kind keeps values bounded, so no overflow hides a wrong gradient.
        case 1 -> p.add(q).mul(0.5);
        case 2 -> p.mul(p).sin();
        case 3 -> Tensor.fused(0.5, new Tensor[] {p, q, r}, new double[] {1, 2, 3});
        default -> p.sub(q).mul(0.5);
      };
      nodes.add(next);
    }
    // Sum the last few so the root reaches a large part of the graph.
    Tensor root = nodes.get(nodes.size() - 1);
    for (int i = 2; i <= 10; i++) {
      root = root.add(nodes.get(nodes.size() - i));
    }
    return root;
  }

  /** Every node reachable from root, found by a plain search independent of Tensor's sort. */
  private static Set<Tensor> reachable(Tensor root) {
    Set<Tensor> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Tensor> todo = new ArrayDeque<>(List.of(root));
    while (!todo.isEmpty()) {
      Tensor t = todo.pop();
      if (seen.add(t)) {
        todo.addAll(t.parents());
      }
    }
    return seen;
  }

  @Test
  void topologicalOrderHasEveryNodeOnceAfterItsParents() {
    for (long seed = 1; seed <= 20; seed++) {
      Tensor root = randomGraph(seed, 300);
      List<Tensor> order = root.topologicalOrder();
      Map<Tensor, Integer> position = new IdentityHashMap<>();
      for (int i = 0; i < order.size(); i++) {
        assertNull(position.put(order.get(i), i), "node listed twice");
      }
      Set<Tensor> expected = reachable(root);
      assertEquals(expected.size(), order.size());
      assertTrue(expected.containsAll(order));
      assertSame(root, order.get(order.size() - 1));
      for (Tensor t : order) {
        for (Tensor parent : t.parents()) {
          assertTrue(position.get(parent) < position.get(t), "parent after child");
        }
      }
      // The order is a pure function of the graph, so drawings number nodes the same each time.
      assertEquals(order, root.topologicalOrder());
    }
  }

  @Test
  void randomGraphGradientsMatchReverseAccumulationByHand() {
    for (long seed = 1; seed <= 5; seed++) {
      Tensor root = randomGraph(seed, 200);
      // The chain rule written out over the checked order: adjoint(parent) += partial * adjoint.
      List<Tensor> order = root.topologicalOrder();
      Map<Tensor, Double> adjoint = new IdentityHashMap<>();
      adjoint.put(root, 1.0);
      for (int i = order.size() - 1; i >= 0; i--) {
        Tensor t = order.get(i);
        double g = adjoint.getOrDefault(t, 0.0);
        List<Tensor> parents = t.parents();
        double[] partials = t.localPartials();
        for (int j = 0; j < parents.size(); j++) {
          adjoint.merge(parents.get(j), partials[j] * g, Double::sum);
        }
      }
      root.backward();
      for (Tensor t : order) {
        double expected = adjoint.getOrDefault(t, 0.0);
        // Same additions in the same order; the delta only forgives the sign of a zero.
        assertEquals(expected, t.grad(), 1e-12 * Math.abs(expected));
      }
    }
  }

  // ---------------------------------------------------------------- inspection

  @Test
  void leafInspection() {
    Tensor a = new Tensor(2.0);
    assertEquals(Op.LEAF, a.op());
    assertTrue(a.parents().isEmpty());
    assertEquals(0, a.localPartials().length);
    assertEquals(List.of(a), a.topologicalOrder());
    a.setData(4.0);
    assertEquals(4.0, a.data());
  }

  @Test
  void binaryAndUnaryInspection() {
    Tensor a = new Tensor(2.0);
    Tensor b = new Tensor(-3.0);
    Tensor p = a.mul(b);
    assertEquals(Op.MUL, p.op());
    assertEquals(List.of(a, b), p.parents());
    assertArrayEquals(new double[] {-3.0, 2.0}, p.localPartials());

    Tensor d = a.div(b);
    assertEquals(Op.DIV, d.op());
    // d(a/b)/da = 1/b, d(a/b)/db = -a/b^2.
    assertArrayEquals(new double[] {-1.0 / 3.0, -2.0 / 9.0}, d.localPartials(), 1e-16);

    Tensor s = a.sin();
    assertEquals(Op.SIN, s.op());
    assertEquals(List.of(a), s.parents());
    assertArrayEquals(new double[] {Math.cos(2.0)}, s.localPartials());

    // One-Tensor forms keep only the Tensor as parent.
    Tensor q = Tensor.sub(1.0, a);
    assertEquals(Op.SUB, q.op());
    assertEquals(List.of(a), q.parents());
    assertArrayEquals(new double[] {-1.0}, q.localPartials());

    // A node built from the same Tensor twice lists it twice, once per argument.
    assertEquals(List.of(a, a), a.add(a).parents());
  }

  @Test
  void localPartialsIsACopy() {
    Tensor a = new Tensor(2.0);
    Tensor p = a.mul(5.0);
    p.localPartials()[0] = 100.0;
    p.backward();
    assertEquals(5.0, a.grad());
  }

  @Test
  void opSymbols() {
    assertEquals("+", Op.ADD.symbol());
    assertEquals("*", Op.MUL.symbol());
    assertEquals("tanh", Op.TANH.symbol());
    assertEquals("", Op.LEAF.symbol());
    assertEquals(Op.POW, Tensor.pow(2.0, new Tensor(1.0)).op());
    assertEquals(Op.ATAN2, Tensor.atan2(2.0, new Tensor(1.0)).op());
  }

  // ---------------------------------------------------------------- fused nodes

  @Test
  void fusedNodeBehavesLikeTheBinaryOperations() {
    Tensor a = new Tensor(1.5);
    Tensor b = new Tensor(-2.0);
    Tensor c = new Tensor(4.0);
    Tensor fused =
        Tensor.fused(a.data() * b.data() + c.data(), new Tensor[] {a, b, c}, new double[] {
          b.data(), a.data(), 1.0
        });
    assertEquals(Op.FUSED, fused.op());
    assertEquals(List.of(a, b, c), fused.parents());
    assertArrayEquals(new double[] {-2.0, 1.5, 1.0}, fused.localPartials());

    // Used inside a larger graph next to its unfused twin: sin(fused) + sin(ab + c).
    Tensor twin = a.mul(b).add(c);
    assertEquals(twin.data(), fused.data());
    Tensor y = fused.sin().add(twin.sin());
    y.backward();
    // d/da = 2 cos(ab + c) b, d/db = 2 cos(ab + c) a, d/dc = 2 cos(ab + c).
    double cos = Math.cos(1.5 * -2.0 + 4.0);
    assertEquals(2 * cos * -2.0, a.grad(), 1e-15);
    assertEquals(2 * cos * 1.5, b.grad(), 1e-15);
    assertEquals(2 * cos, c.grad(), 1e-15);
    assertEquals(twin.grad(), fused.grad());

    // A second backward clears the fused intermediate like any other.
    y.backward();
    assertEquals(cos, fused.grad(), 1e-15);
    assertEquals(4 * cos, c.grad(), 1e-15);
  }

  @Test
  void fusedNodeWithRepeatedInput() {
    Tensor a = new Tensor(3.0);
    Tensor square = Tensor.fused(9.0, new Tensor[] {a, a}, new double[] {3.0, 3.0});
    square.backward();
    assertEquals(6.0, a.grad());
  }

  @Test
  void fusedRejectsMismatchedArrays() {
    Tensor a = new Tensor(1.0);
    assertThrows(
        IllegalArgumentException.class,
        () -> Tensor.fused(1.0, new Tensor[] {a}, new double[] {1.0, 2.0}));
  }

  // ---------------------------------------------------------------- array helpers

  @Test
  void ofMakesDistinctLeaves() {
    Tensor[] xs = Tensor.of(new double[] {1.0, -2.0, 3.5});
    assertEquals(3, xs.length);
    assertNotSame(xs[0], xs[1]);
    assertArrayEquals(new double[] {1.0, -2.0, 3.5}, Tensor.data(xs));
    for (Tensor x : xs) {
      assertEquals(Op.LEAF, x.op());
    }

    Tensor[][] m = Tensor.of(new double[][] {{1.0, 2.0}, null, {3.0}});
    assertEquals(3, m.length);
    assertNull(m[1]);
    assertEquals(3.0, m[2][0].data());
    assertNotSame(m[0][0], m[0][1]);
  }

  @Test
  void filledSharesOneLeaf() {
    Tensor[] row = Tensor.filled(3, 2.0);
    assertSame(row[0], row[2]);
    // Summing the three entries uses the one leaf three times: its gradient is 3.
    row[0].add(row[1]).add(row[2]).backward();
    assertArrayEquals(new double[] {3.0, 3.0, 3.0}, Tensor.grads(row));

    Tensor[][] grid = Tensor.filled(2, 3, -1.0);
    assertEquals(2, grid.length);
    assertEquals(3, grid[1].length);
    assertSame(grid[0][0], grid[1][2]);
    assertEquals(-1.0, grid[1][1].data());
    assertNotSame(Tensor.filled(1, 0.0)[0], Tensor.filled(1, 0.0)[0]);
  }

  @Test
  void gradsReadsEveryNode() {
    Tensor[][] m = Tensor.of(new double[][] {{1.0, 2.0}, null, {3.0}});
    // f = m00 * m01 * m20: each partial is the product of the other two.
    m[0][0].mul(m[0][1]).mul(m[2][0]).backward();
    double[][] g = Tensor.grads(m);
    assertArrayEquals(new double[] {6.0, 3.0}, g[0]);
    assertNull(g[1]);
    assertArrayEquals(new double[] {2.0}, g[2]);
  }
}
