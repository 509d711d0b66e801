package dev.gradgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Hessians and Hessian-vector products of hand-built graphs through {@link DualTape}: against
 * analytic Hessians (Rosenbrock, a dense cubic, Black-Scholes' second-order greeks), against finite
 * differences of {@link Tensor}'s gradient, symmetric to rounding, H v against H times v, the same
 * whatever the chunking of the directions, with custom rule nodes, graphs off any tape, a 10^6-deep
 * graph on the default stack, and from many threads at once.
 */
final class DualTapeHessianTest {

  private static final int W = DualTape.DIRECTIONS;

  // ---------------------------------------------------------------- the functions

  /** Rosenbrock's function of x, as a graph. */
  private static DualTensor rosenbrock(DualTensor[] x) {
    DualTensor sum = new DualTensor(0.0);
    for (int i = 0; i + 1 < x.length; i++) {
      DualTensor a = x[i + 1].sub(x[i].mul(x[i]));
      DualTensor b = DualTensor.sub(1.0, x[i]);
      sum = sum.add(DualTensor.mul(100.0, a.mul(a))).add(b.mul(b));
    }
    return sum;
  }

  /** The same, on Tensor. */
  private static Tensor rosenbrock(Tensor[] x) {
    Tensor sum = new Tensor(0.0);
    for (int i = 0; i + 1 < x.length; i++) {
      Tensor a = x[i + 1].sub(x[i].mul(x[i]));
      Tensor b = Tensor.sub(1.0, x[i]);
      sum = sum.add(Tensor.mul(100.0, a.mul(a))).add(b.mul(b));
    }
    return sum;
  }

  /** The same, in plain Java, operation for operation. */
  private static double rosenbrock(double[] x) {
    double sum = 0.0;
    for (int i = 0; i + 1 < x.length; i++) {
      double a = x[i + 1] - x[i] * x[i];
      double b = 1.0 - x[i];
      sum = sum + 100.0 * (a * a) + b * b;
    }
    return sum;
  }

  /** Rosenbrock's Hessian, worked out by hand. */
  private static double[][] rosenbrockHessian(double[] x) {
    int n = x.length;
    double[][] h = new double[n][n];
    for (int i = 0; i + 1 < n; i++) {
      h[i][i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
      h[i + 1][i + 1] += 200;
      h[i][i + 1] = -400 * x[i];
      h[i + 1][i] = -400 * x[i];
    }
    return h;
  }

  /** (a.x)^3 + sum sin(x_i) x_(i+1): every entry of its Hessian is nonzero. */
  private static DualTensor dense(DualTensor[] x) {
    DualTensor s = new DualTensor(0.0);
    for (int i = 0; i < x.length; i++) {
      s = s.add(x[i].mul(weight(i)));
    }
    DualTensor f = s.mul(s).mul(s);
    for (int i = 0; i + 1 < x.length; i++) {
      f = f.add(x[i].sin().mul(x[i + 1]));
    }
    return f;
  }

  private static double weight(int i) {
    return 0.3 + 0.1 * i;
  }

  /** The Hessian of {@link #dense}: 6 (a.x) a a^T plus the chain's. */
  private static double[][] denseHessian(double[] x) {
    int n = x.length;
    double s = 0;
    for (int i = 0; i < n; i++) {
      s += weight(i) * x[i];
    }
    double[][] h = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        h[i][j] = 6 * s * weight(i) * weight(j);
      }
    }
    for (int i = 0; i + 1 < n; i++) {
      h[i][i] += -Math.sin(x[i]) * x[i + 1];
      h[i][i + 1] += Math.cos(x[i]);
      h[i + 1][i] += Math.cos(x[i]);
    }
    return h;
  }

  private static double[] point(int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = Math.sin(1.7 * i + 0.4) * 1.3;
    }
    return x;
  }

  // ---------------------------------------------------------------- assertions

  private static void assertClose(
      double[][] expected, double[][] actual, double relative, String what) {
    assertEquals(expected.length, actual.length, what + ": rows");
    double scale = 0;
    for (double[] row : expected) {
      for (double e : row) {
        scale = Math.max(scale, Math.abs(e));
      }
    }
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected.length; j++) {
        double e = expected[i][j];
        double a = actual[i][j];
        int row = i;
        int column = j;
        assertTrue(
            Math.abs(a - e) <= relative * scale,
            () -> what + ": H[" + row + "][" + column + "] = " + a + ", expected " + e);
      }
    }
  }

  private static void assertSymmetric(double[][] h, String what) {
    double[][] transposed = new double[h.length][h.length];
    for (int i = 0; i < h.length; i++) {
      for (int j = 0; j < h.length; j++) {
        transposed[j][i] = h[i][j];
      }
    }
    assertClose(transposed, h, 1e-14, what + " symmetric");
  }

  /** Each entry equal by ==, so 0.0 and -0.0 agree; NaN only with NaN. */
  private static void assertSameEntries(double[][] expected, double[][] actual, String what) {
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected.length; j++) {
        double e = expected[i][j];
        double a = actual[i][j];
        int row = i;
        int column = j;
        assertTrue(
            e == a || Double.isNaN(e) && Double.isNaN(a),
            () -> what + ": H[" + row + "][" + column + "] = " + a + ", expected " + e);
      }
    }
  }

  /** The Hessian from central differences of Tensor's gradient. */
  private static double[][] finiteDifferenceHessian(
      java.util.function.Function<Tensor[], Tensor> f, double[] x) {
    int n = x.length;
    double[][] h = new double[n][n];
    for (int j = 0; j < n; j++) {
      double step = 1e-5 * Math.max(1.0, Math.abs(x[j]));
      double[] up = x.clone();
      double[] down = x.clone();
      up[j] += step;
      down[j] -= step;
      double[] gUp = tensorGradient(f, up);
      double[] gDown = tensorGradient(f, down);
      for (int i = 0; i < n; i++) {
        h[i][j] = (gUp[i] - gDown[i]) / (up[j] - down[j]);
      }
    }
    return h;
  }

  private static double[] tensorGradient(
      java.util.function.Function<Tensor[], Tensor> f, double[] x) {
    Tape tape = new Tape();
    Tensor[] leaves = tape.leaves(x);
    f.apply(leaves).backward();
    return Tensor.grads(leaves);
  }

  /** The Hessian assembled column by column from forDirection(e_j). */
  private static double[][] columnByColumn(DualTape.Graph graph, int n) {
    double[][] h = new double[n][n];
    for (int j = 0; j < n; j++) {
      double[] e = new double[n];
      e[j] = 1.0;
      double[] column = DualTape.hessianVectorProduct(e, graph);
      for (int i = 0; i < n; i++) {
        h[i][j] = column[i];
      }
    }
    return h;
  }

  private static double[] times(double[][] h, double[] v) {
    double[] out = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      for (int j = 0; j < v.length; j++) {
        out[i] += h[i][j] * v[j];
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- Rosenbrock

  @Test
  void rosenbrock2dHessianIsAnalyticAtTheClassicStartAndTheMinimum() {
    for (double[] x : new double[][] {{-1.2, 1.0}, {1.0, 1.0}, {0.3, -0.7}}) {
      DualTape.Hessian h = DualTape.hessian(tape -> rosenbrock(tape.leaves(x)));
      assertEquals(rosenbrock(x), h.value());
      assertArrayEquals(tensorGradient(DualTapeHessianTest::rosenbrock, x), h.gradient());
      // Rosenbrock's Hessian has small integer-valued entries at these points: exact.
      assertClose(rosenbrockHessian(x), h.hessian(), 1e-15, "Rosenbrock 2-D");
    }
    // At (-1.2, 1): 1200 * 1.44 - 400 + 2 = 1330, -400 * -1.2 = 480, 200.
    double[][] start = DualTape.hessian(tape -> rosenbrock(tape.leaves(new double[] {-1.2, 1})))
        .hessian();
    assertClose(new double[][] {{1330, 480}, {480, 200}}, start, 1e-15, "at (-1.2, 1)");
  }

  @Test
  void rosenbrock10HessianIsAnalyticSymmetricAndTheGradientIsTensors() {
    double[] x = point(10);
    DualTape.Hessian h = DualTape.hessian(tape -> rosenbrock(tape.leaves(x)));
    assertEquals(rosenbrock(x), h.value());
    assertArrayEquals(tensorGradient(DualTapeHessianTest::rosenbrock, x), h.gradient());
    assertClose(rosenbrockHessian(x), h.hessian(), 1e-15, "Rosenbrock 10");
    assertSymmetric(h.hessian(), "Rosenbrock 10");
    assertClose(
        finiteDifferenceHessian(DualTapeHessianTest::rosenbrock, x),
        h.hessian(),
        1e-7,
        "Rosenbrock 10 against differences of Tensor's gradient");
  }

  @Test
  void hessianVectorProductIsHessianTimesV() {
    double[] x = point(10);
    double[] v = {1.0, -0.5, 0.0, 2.0, 0.25, -3.0, 0.0, 0.125, 1.5, -1.0};
    for (DualTape.Graph graph : List.<DualTape.Graph>of(
        tape -> rosenbrock(tape.leaves(x)), tape -> dense(tape.leaves(x)))) {
      double[][] h = DualTape.hessian(graph).hessian();
      double[] expected = times(h, v);
      double[] actual = DualTape.hessianVectorProduct(v, graph);
      double scale = 0;
      for (double e : expected) {
        scale = Math.max(scale, Math.abs(e));
      }
      for (int i = 0; i < v.length; i++) {
        assertEquals(expected[i], actual[i], 1e-13 * scale, "(H v)[" + i + "]");
      }
    }
  }

  @Test
  void theForDirectionTapeGivesTheGradientToo() {
    double[] x = point(10);
    DualTape tape = DualTape.forDirection(new double[10]);
    rosenbrock(tape.leaves(x)).backward();
    assertArrayEquals(tensorGradient(DualTapeHessianTest::rosenbrock, x), tape.gradient());
    assertArrayEquals(new double[10], tape.hessianVectorProduct());
  }

  // ---------------------------------------------------------------- chunking

  @ParameterizedTest(name = "n = {0}")
  @ValueSource(ints = {1, 2, W - 1, W, W + 1, 2 * W + 3})
  void chunkedHessianIsAnalyticAndEqualsOneColumnAtATime(int n) {
    double[] x = point(n);
    DualTape.Graph graph = tape -> dense(tape.leaves(x));
    double[][] h = DualTape.hessian(graph).hessian();
    assertClose(denseHessian(x), h, 1e-14, "dense, n = " + n);
    assertSymmetric(h, "dense, n = " + n);
    // Each direction's arithmetic is the same whatever the other directions of its pass.
    assertSameEntries(columnByColumn(graph, n), h, "chunked against one column at a time");
  }

  @Test
  void theWrittenOutLoopGivesWhatHessianGives() {
    double[] x = point(2 * W + 3);
    double[][] hessian = null;
    int passes = 0;
    for (int first = 0; ; first += DualTape.DIRECTIONS) {
      DualTape tape = DualTape.forHessian(first);
      DualTensor out = dense(tape.leaves(x));
      out.backward();
      if (hessian == null) {
        hessian = new double[tape.leafCount()][tape.leafCount()];
      }
      tape.hessianColumns(hessian);
      passes++;
      if (!tape.hasDirectionsAfter()) {
        break;
      }
    }
    assertEquals(3, passes);
    assertSameEntries(
        DualTape.hessian(tape -> dense(tape.leaves(x))).hessian(), hessian, "written-out loop");
  }

  @Test
  void leavesOfTwoDimensionalArraysAreFlattenedRowByRow() {
    double[][] m = {{1.0, 2.0}, null, {3.0}};
    DualTape.Hessian h = DualTape.hessian(tape -> {
      DualTensor[][] a = tape.leaves(m);
      // f = a00 * a01^2 * a20^3: flat indices 0, 1, 2.
      return a[0][0].mul(a[0][1].mul(a[0][1])).mul(a[2][0].pow(3.0));
    });
    // At (1, 2, 3): f_0 = 4 * 27, f_1 = 2 * 2 * 27, f_2 = 4 * 27 = 108 (times 1 * 3 for x^3).
    assertArrayEquals(new double[] {108, 108, 4 * 27}, h.gradient());
    double[][] expected = {
      {0, 2 * 2 * 27, 4 * 27},
      {2 * 2 * 27, 2 * 27, 2 * 2 * 27},
      {4 * 27, 2 * 2 * 27, 4 * 6 * 3}
    };
    assertClose(expected, h.hessian(), 1e-15, "row by row");
  }

  @Test
  void anUnusedLeafHasAZeroRowAndColumnAndALeafRootHasAZeroHessian() {
    DualTape.Hessian h = DualTape.hessian(tape -> {
      DualTensor a = tape.leaf(2.0);
      tape.leaf(5.0);
      return a.mul(a);
    });
    assertArrayEquals(new double[] {4.0, 0.0}, h.gradient());
    assertClose(new double[][] {{2, 0}, {0, 0}}, h.hessian(), 0, "unused leaf");
    DualTape.Hessian leaf = DualTape.hessian(tape -> tape.leaf(3.0));
    assertArrayEquals(new double[] {1.0}, leaf.gradient());
    assertClose(new double[][] {{0}}, leaf.hessian(), 0, "leaf root");
  }

  @ParameterizedTest(name = "n = {0}")
  @ValueSource(ints = {1, 3, W, W + 1, 2 * W + 3})
  void tapesNarrowedToTheLeafCountGiveTheSameHessian(int n) {
    double[] x = point(n);
    DualTape.Graph graph = tape -> dense(tape.leaves(x));
    DualTape.Hessian wide = DualTape.hessian(graph);
    DualTape.Hessian narrow = DualTape.hessian(n, graph);
    assertEquals(wide.value(), narrow.value());
    assertArrayEquals(wide.gradient(), narrow.gradient());
    assertSameEntries(wide.hessian(), narrow.hessian(), "narrowed, n = " + n);
    DualTape last = DualTape.forHessian((n - 1) / W * W, n);
    assertEquals(n - (n - 1) / W * W, last.width());
  }

  @Test
  void aWrongLeafCountIsReported() {
    IllegalStateException e = assertThrows(
        IllegalStateException.class,
        () -> DualTape.hessian(3, tape -> rosenbrock(tape.leaves(new double[] {1, 2}))));
    assertEquals("the graph made 2 leaves, not the 3 announced", e.getMessage());
    assertEquals(
        "firstDirection is 4, outside the 4 leaves",
        assertThrows(IllegalArgumentException.class, () -> DualTape.forHessian(4, 4))
            .getMessage());
  }

  // ---------------------------------------------------------------- strong zeros

  @Test
  void anInfinitePartialDoesNotSpoilTheOtherDirections() {
    // f = x1^2 + sqrt(x0) at x0 = 0: sqrt'(0) = +Infinity and sqrt''(0) = -Infinity, but x1's
    // column is that of x1^2 alone, and the mixed entries are 0, in every chunking.
    DualTape.Graph graph = tape -> {
      DualTensor[] x = tape.leaves(new double[] {0.0, 3.0});
      return x[1].mul(x[1]).add(x[0].sqrt());
    };
    double[][] h = DualTape.hessian(graph).hessian();
    assertEquals(Double.NEGATIVE_INFINITY, h[0][0]);
    assertEquals(0.0, h[0][1], 0.0);
    assertEquals(0.0, h[1][0], 0.0);
    assertEquals(2.0, h[1][1]);
    assertSameEntries(h, columnByColumn(graph, 2), "one column at a time");
  }

  // ---------------------------------------------------------------- Black-Scholes

  private static final double K = 95.0;
  private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);

  /** The standard normal CDF by the Taylor series of erf, accurate to ~1e-15 for |x| below 3. */
  private static double normalCdf(double x) {
    double z = x / Math.sqrt(2);
    double term = z;
    double sum = z;
    for (int n = 1; n < 80; n++) {
      term *= -z * z / n;
      sum += term / (2 * n + 1);
    }
    return 0.5 + sum / Math.sqrt(Math.PI);
  }

  /** N(d) as a rule node: its partial, the density, is built on the graph from d. */
  private static DualTensor cdf(DualTensor d) {
    DualTensor density = d.mul(d).mul(-0.5).exp().div(SQRT_2PI);
    return DualTensor.rule(normalCdf(d.data()), new DualTensor[] {d}, new DualTensor[] {density});
  }

  private static Tensor cdf(Tensor d) {
    return Tensor.fused(normalCdf(d.data()), d, Math.exp(-0.5 * d.data() * d.data()) / SQRT_2PI);
  }

  /** A European call of spot x[0], volatility x[1], rate x[2], maturity x[3], strike K. */
  private static DualTensor call(DualTensor[] x) {
    DualTensor s = x[0];
    DualTensor sigma = x[1];
    DualTensor r = x[2];
    DualTensor t = x[3];
    DualTensor volRoot = sigma.mul(t.sqrt());
    DualTensor d1 = s.div(K).log().add(r.add(sigma.mul(sigma).mul(0.5)).mul(t)).div(volRoot);
    DualTensor d2 = d1.sub(volRoot);
    return s.mul(cdf(d1)).sub(DualTensor.mul(K, r.neg().mul(t).exp()).mul(cdf(d2)));
  }

  private static Tensor call(Tensor[] x) {
    Tensor s = x[0];
    Tensor sigma = x[1];
    Tensor r = x[2];
    Tensor t = x[3];
    Tensor volRoot = sigma.mul(t.sqrt());
    Tensor d1 = s.div(K).log().add(r.add(sigma.mul(sigma).mul(0.5)).mul(t)).div(volRoot);
    Tensor d2 = d1.sub(volRoot);
    return s.mul(cdf(d1)).sub(Tensor.mul(K, r.neg().mul(t).exp()).mul(cdf(d2)));
  }

  @Test
  void blackScholesSecondOrderGreeksAreTheClosedForms() {
    double s = 100;
    double sigma = 0.25;
    double r = 0.03;
    double t = 0.75;
    double[] x = {s, sigma, r, t};
    DualTape.Hessian h = DualTape.hessian(tape -> call(tape.leaves(x)));
    double d1 = (Math.log(s / K) + (r + sigma * sigma / 2) * t) / (sigma * Math.sqrt(t));
    double d2 = d1 - sigma * Math.sqrt(t);
    double phi = Math.exp(-d1 * d1 / 2) / SQRT_2PI;
    double gamma = phi / (s * sigma * Math.sqrt(t));
    double vanna = -phi * d2 / sigma;
    double volga = s * phi * Math.sqrt(t) * d1 * d2 / sigma;
    double delta = normalCdf(d1);
    double vega = s * phi * Math.sqrt(t);
    assertEquals(delta, h.gradient()[0], 1e-14);
    assertEquals(vega, h.gradient()[1], 1e-12 * vega);
    assertEquals(gamma, h.hessian()[0][0], 1e-12 * gamma);
    assertEquals(vanna, h.hessian()[0][1], 1e-12 * Math.abs(vanna));
    assertEquals(vanna, h.hessian()[1][0], 1e-12 * Math.abs(vanna));
    assertEquals(volga, h.hessian()[1][1], 1e-12 * Math.abs(volga));
    assertSymmetric(h.hessian(), "Black-Scholes");
    assertClose(
        finiteDifferenceHessian(DualTapeHessianTest::call, x),
        h.hessian(),
        1e-6,
        "Black-Scholes against differences of Tensor's gradient");
    assertArrayEquals(tensorGradient(DualTapeHessianTest::call, x), h.gradient());
  }

  // ---------------------------------------------------------------- rules

  @Test
  void aRuleNodeCarriesTheTangentsOfItsPartials() {
    double xv = 1.5;
    double yv = -0.75;
    // g = x^2 y by a rule whose partials 2xy and x^2 are graph nodes; f = sin(g).
    DualTape.Hessian h = DualTape.hessian(tape -> {
      DualTensor x = tape.leaf(xv);
      DualTensor y = tape.leaf(yv);
      DualTensor g = DualTensor.rule(
          xv * xv * yv, new DualTensor[] {x, y}, new DualTensor[] {x.mul(y).mul(2.0), x.mul(x)});
      return g.sin();
    });
    double g = xv * xv * yv;
    double[] dg = {2 * xv * yv, xv * xv};
    double[][] hg = {{2 * yv, 2 * xv}, {2 * xv, 0}};
    double[][] expected = new double[2][2];
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        expected[i][j] = Math.cos(g) * hg[i][j] - Math.sin(g) * dg[i] * dg[j];
      }
    }
    assertClose(expected, h.hessian(), 1e-15, "rule");
    assertArrayEquals(new double[] {Math.cos(g) * dg[0], Math.cos(g) * dg[1]}, h.gradient(), 1e-15);
  }

  @Test
  void aRuleWithConstantPartialsIsLinear() {
    DualTape.Hessian h = DualTape.hessian(tape -> {
      DualTensor x = tape.leaf(2.0);
      DualTensor lin = DualTensor.rule(6.0, x, new DualTensor(3.0));
      return lin.mul(lin);
    });
    // (3x)^2: gradient 18x = 36, Hessian 18.
    assertArrayEquals(new double[] {36.0}, h.gradient());
    assertClose(new double[][] {{18.0}}, h.hessian(), 0, "linear rule");
  }

  @Test
  void aRuleWithMismatchedArraysIsRefused() {
    DualTensor x = new DualTensor(1.0);
    IllegalArgumentException e = assertThrows(
        IllegalArgumentException.class,
        () -> DualTensor.rule(1.0, new DualTensor[] {x, x}, new DualTensor[] {x}));
    assertEquals("2 inputs but 1 partials", e.getMessage());
  }

  @Test
  void aFusedNodeWithItsLocalHessianIsTheGraphItStandsFor() {
    double xv = 1.5;
    double yv = -0.75;
    double zv = 0.4;
    // g = x^2 y + z as one node: partials 2xy, x^2, 1; lower triangle 2y; 2x, 0; 0, 0, 0.
    DualTape.Graph fused = tape -> {
      DualTensor[] in = tape.leaves(new double[] {xv, yv, zv});
      DualTensor g = DualTensor.fused(
          xv * xv * yv + zv, in, new double[] {2 * xv * yv, xv * xv, 1.0}, new double[] {
            2 * yv, 2 * xv, 0.0, 0.0, 0.0, 0.0
          });
      return g.sin().mul(in[2]);
    };
    DualTape.Graph unfused = tape -> {
      DualTensor[] in = tape.leaves(new double[] {xv, yv, zv});
      DualTensor g = in[0].mul(in[0]).mul(in[1]).add(in[2]);
      return g.sin().mul(in[2]);
    };
    DualTape.Hessian expected = DualTape.hessian(unfused);
    DualTape.Hessian actual = DualTape.hessian(fused);
    assertArrayEquals(expected.gradient(), actual.gradient(), 1e-15);
    assertClose(expected.hessian(), actual.hessian(), 1e-15, "fused");
    assertSymmetric(actual.hessian(), "fused");
    IllegalArgumentException e = assertThrows(
        IllegalArgumentException.class,
        () -> DualTensor.fused(0.0, new DualTensor[2], new double[2], new double[2]));
    assertEquals("2 inputs need 2 partials and 3 Hessian entries, not 2 and 2", e.getMessage());
  }

  // ---------------------------------------------------------------- off the tape, deep, threads

  @Test
  void aGraphOffAnyTapeIsSortedAndGivesTheSameResults() {
    double[] x = point(5);
    DualTape.Graph onTape = tape -> dense(tape.leaves(x));
    // An operation node made from a constant alone is on no tape, so every node after it is too.
    DualTape.Graph offTape = tape -> dense(tape.leaves(x)).add(new DualTensor(1.0).mul(0.0));
    DualTape.Hessian expected = DualTape.hessian(onTape);
    DualTape.Hessian actual = DualTape.hessian(offTape);
    assertArrayEquals(expected.gradient(), actual.gradient());
    assertSameEntries(expected.hessian(), actual.hessian(), "sorted");
    Tape tape = new Tape();
    Tensor[] leaves = tape.leaves(x);
    Tensor s = new Tensor(0.0);
    for (int i = 0; i < x.length; i++) {
      s = s.add(leaves[i].mul(weight(i)));
    }
    Tensor f = s.mul(s).mul(s);
    for (int i = 0; i + 1 < x.length; i++) {
      f = f.add(leaves[i].sin().mul(leaves[i + 1]));
    }
    f.add(new Tensor(1.0).mul(0.0)).backward();
    assertArrayEquals(Tensor.grads(leaves), actual.gradient());
  }

  @Test
  void aMillionNodesDeepOnTheDefaultStack() {
    int depth = 500_000;
    // y = x0 + depth * (x1 * 2^-20 rounded), two nodes a step; f = y^2 with y = x0 + c x1.
    double c = depth * 0x1p-20;
    DualTape.Graph chain = tape -> {
      DualTensor x0 = tape.leaf(0.5);
      DualTensor x1 = tape.leaf(-1.0);
      DualTensor y = x0;
      for (int i = 0; i < depth; i++) {
        y = y.add(x1.mul(0x1p-20));
      }
      return y.mul(y);
    };
    double[] hv = DualTape.hessianVectorProduct(new double[] {1.0, 1.0}, chain);
    // H = 2 [1 c; c c^2], exact in binary; H (1, 1) = 2 (1 + c, c + c^2).
    assertArrayEquals(new double[] {2 * (1 + c), 2 * (c + c * c)}, hv, 1e-9 * c * c);
    // The same deep chain off any tape goes through the iterative sort.
    double[] sorted = DualTape.hessianVectorProduct(new double[] {1.0, 1.0}, tape -> {
      DualTensor x0 = tape.leaf(0.5).add(new DualTensor(0.0).mul(1.0));
      DualTensor x1 = tape.leaf(-1.0);
      DualTensor y = x0;
      for (int i = 0; i < depth; i++) {
        y = y.add(x1.mul(0x1p-20));
      }
      return y.mul(y);
    });
    assertArrayEquals(hv, sorted);
  }

  @Test
  void hessiansFromManyThreadsAreTheSequentialOnesBitForBit() throws Exception {
    int threads = 8;
    List<double[]> points = new ArrayList<>();
    List<double[][]> expected = new ArrayList<>();
    for (int k = 0; k < 40; k++) {
      double[] x = point(3 + k % 12);
      x[0] += k * 0.01;
      points.add(x);
      expected.add(DualTape.hessian(tape -> dense(tape.leaves(x))).hessian());
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        results.add(pool.submit(() -> {
          for (int round = 0; round < 50; round++) {
            for (int k = 0; k < points.size(); k++) {
              double[] x = points.get(k);
              double[][] h = DualTape.hessian(tape -> dense(tape.leaves(x))).hessian();
              if (!java.util.Arrays.deepEquals(h, expected.get(k))) {
                return false;
              }
            }
          }
          return true;
        }));
      }
      for (Future<Boolean> result : results) {
        assertTrue(result.get());
      }
    } finally {
      pool.shutdown();
    }
  }

  // ---------------------------------------------------------------- misuse

  @Test
  void aDirectionOfTheWrongLengthIsReported() {
    IllegalArgumentException e = assertThrows(
        IllegalArgumentException.class,
        () -> DualTape.hessianVectorProduct(
            new double[] {1, 2, 3}, tape -> rosenbrock(tape.leaves(new double[] {1, 2}))));
    assertEquals(
        "the direction has 3 entries but the function has 2 differentiable inputs" + " (flattened)",
        e.getMessage());
  }

  @Test
  void tapesOfDifferentWidthsDoNotMix() {
    DualTensor a = DualTape.forHessian(0).leaf(1.0);
    DualTensor b = DualTape.forDirection(new double[] {1.0}).leaf(2.0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> a.add(b));
    assertEquals(
        "DualTensors of DualTapes of different widths (" + W + " and 1 directions) meet"
            + " in one graph: build each graph from one DualTape",
        e.getMessage());
  }

  @Test
  void eachTapeKindRefusesTheOthersResult() {
    DualTape hessian = DualTape.forHessian(0);
    hessian.leaf(1.0).mul(2.0).backward();
    assertEquals(
        "hessianVectorProduct() needs a tape of forDirection; this one is of forHessian",
        assertThrows(IllegalArgumentException.class, hessian::hessianVectorProduct)
            .getMessage());
    DualTape product = DualTape.forDirection(new double[] {1.0});
    product.leaf(1.0).mul(2.0).backward();
    assertEquals(
        "hessianColumns() needs a tape of forHessian; this one is of forDirection",
        assertThrows(IllegalArgumentException.class, () -> product.hessianColumns(new double[1][1]))
            .getMessage());
    assertEquals(
        "firstDirection is -1, below 0",
        assertThrows(IllegalArgumentException.class, () -> DualTape.forHessian(-1))
            .getMessage());
  }
}
