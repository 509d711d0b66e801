package dev.gradgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * The trusted entry points of generated code: the unchecked node over an array leaf gives the
 * checked one's gradients bit for bit (and the analytic Rosenbrock gradient), a wrong argument
 * still fails rather than giving a gradient, and the handed-over gradient array is the array
 * leaf's whole gradient.
 */
class GeneratedSupportTest {

  /** Which factory a reduction node is made with. */
  private enum Factory {
    CHECKED,
    TRUSTED
  }

  /**
   * Rosenbrock's sum as the generated builder makes it: one node over the entries (x[i], x[i+1])
   * of every term, after the constant start of the sum; no node when the loop does not run.
   */
  private static Tensor rosenbrock(ArrayLeaf x, Factory factory) {
    Tensor sum = new Tensor(0);
    int n = x.length();
    if (n < 2) {
      return sum;
    }
    int count = 1 + 2 * (n - 1);
    Tensor[] nodes = {sum};
    int[] slots = new int[count];
    double[] partials = new double[count];
    slots[0] = -1;
    partials[0] = 1.0;
    double value = sum.data();
    int k = 1;
    for (int i = 0; i < n - 1; i++) {
      double a = x.value(i + 1) - x.value(i) * x.value(i);
      double b = 1.0 - x.value(i);
      value += 100.0 * a * a + b * b;
      slots[k] = i;
      partials[k++] = -400.0 * a * x.value(i) - 2.0 * b;
      slots[k] = i + 1;
      partials[k++] = 200.0 * a;
    }
    return factory == Factory.CHECKED
        ? Tensor.fused(value, nodes, 1, x, slots, partials, count)
        : GeneratedSupport.fused(value, nodes, 1, x, slots, partials, count);
  }

  /** The gradient of the extended Rosenbrock function, term by term from its formula. */
  private static double[] analyticGradient(double[] x) {
    int n = x.length;
    double[] g = new double[n];
    for (int j = 0; j < n; j++) {
      if (j + 1 < n) {
        g[j] += -400.0 * x[j] * (x[j + 1] - x[j] * x[j]) - 2.0 * (1.0 - x[j]);
      }
      if (j > 0) {
        g[j] += 200.0 * (x[j] - x[j - 1] * x[j - 1]);
      }
    }
    return g;
  }

  /** Points of every kind: the benchmark's, the minimum (gradient exactly 0), mixed signs. */
  private static double[][] points(int n) {
    double[] ramp = new double[n];
    double[] ones = new double[n];
    double[] mixed = new double[n];
    for (int i = 0; i < n; i++) {
      ramp[i] = 0.5 + 0.01 * i;
      ones[i] = 1.0;
      mixed[i] = (i % 3 == 0 ? -1.0 : 1.0) * (0.3 + 0.7 * Math.sin(i + 1.0));
    }
    return new double[][] {ramp, ones, mixed};
  }

  private static double[] gradient(double[] point, Factory factory, boolean handOver) {
    ArrayLeaf x = new Tape().array(point);
    rosenbrock(x, factory).backward();
    return handOver ? GeneratedSupport.takeGradients(x) : x.grads();
  }

  @Test
  void trustedAndCheckedNodesGiveTheAnalyticGradientBitForBitAlike() {
    for (int n : new int[] {1, 2, 100}) {
      for (double[] point : points(n)) {
        double[] checked = gradient(point, Factory.CHECKED, false);
        double[] trusted = gradient(point, Factory.TRUSTED, true);
        double[] expected = analyticGradient(point);
        for (int i = 0; i < n; i++) {
          assertEquals(
              Double.doubleToLongBits(checked[i]),
              Double.doubleToLongBits(trusted[i]),
              "n = " + n + ", x" + i);
          // The formula sums the same two terms in the other order: a rounding apart at most
          // (each term is below 10^3 at these points, so an ulp of it is below 2.3e-13).
          assertEquals(expected[i], trusted[i], 1e-12 * Math.max(1.0, Math.abs(expected[i])));
        }
      }
    }
  }

  @Test
  void atTheMinimumTheGradientIsExactlyZero() {
    double[] trusted = gradient(points(100)[1], Factory.TRUSTED, true);
    assertArrayEquals(new double[100], trusted, 0.0);
  }

  @Test
  void theHandedOverArrayIsTheLeafsOwnAndHoldsElementLeavesGradients() {
    Tape tape = new Tape();
    ArrayLeaf x = tape.array(new double[] {2.0, 3.0, -1.0});
    // f = x0 * x2 + rosenbrock(x): x0 and x2 are leaves of their own too.
    Tensor product = x.element(0).mul(x.element(2));
    Tensor sum = rosenbrock(x, Factory.TRUSTED);
    product.add(sum).backward();
    double[] copied = x.grads();
    double[] taken = GeneratedSupport.takeGradients(x);
    assertArrayEquals(copied, taken, 0.0);
    double[] expected = analyticGradient(new double[] {2.0, 3.0, -1.0});
    expected[0] += -1.0;
    expected[2] += 2.0;
    assertArrayEquals(expected, taken, 1e-12);
    // Handed over, not copied: a second hand-over is the same array.
    assertSame(taken, GeneratedSupport.takeGradients(x));
  }

  @Test
  void thePublicFactoryStillRejectsBadEntriesWhenTheyAreMade() {
    ArrayLeaf x = new ArrayLeaf(new double[] {1.0, 2.0});
    Tensor y = new Tensor(1.0);
    IllegalArgumentException outOfRange = assertThrows(
        IllegalArgumentException.class,
        () -> Tensor.fused(0.0, new Tensor[0], 0, x, new int[] {2}, new double[] {1.0}, 1));
    assertEquals("entry 0 reads element 2 of an array of 2", outOfRange.getMessage());
    IllegalArgumentException tooFew = assertThrows(
        IllegalArgumentException.class,
        () -> Tensor.fused(0.0, new Tensor[] {y}, 1, x, new int[] {0}, new double[] {1.0}, 1));
    assertEquals("the entries name 0 nodes but nodeCount is 1", tooFew.getMessage());
    IllegalArgumentException tooMany = assertThrows(
        IllegalArgumentException.class,
        () -> Tensor.fused(
            0.0, new Tensor[] {y, y}, 1, x, new int[] {-1, -1}, new double[] {1.0, 1.0}, 2));
    assertEquals("the entries name 2 nodes but nodeCount is 1", tooMany.getMessage());
    IllegalArgumentException count = assertThrows(
        IllegalArgumentException.class,
        () -> Tensor.fused(0.0, new Tensor[0], 0, x, new int[] {0}, new double[] {1.0}, -1));
    assertEquals("-1 entries but 1 slots and 1 partials", count.getMessage());
  }

  @Test
  void theTrustedFactoryChecksItsCounts() {
    ArrayLeaf x = new ArrayLeaf(new double[] {1.0});
    IllegalArgumentException count = assertThrows(
        IllegalArgumentException.class,
        () -> GeneratedSupport.fused(0.0, new Tensor[0], 0, x, new int[] {0}, new double[0], 1));
    assertEquals("1 entries but 1 slots and 0 partials", count.getMessage());
    IllegalArgumentException nodes = assertThrows(
        IllegalArgumentException.class,
        () -> GeneratedSupport.fused(0.0, new Tensor[0], 1, x, new int[0], new double[0], 0));
    assertEquals("1 nodes but an array of 0", nodes.getMessage());
  }

  @Test
  void badEntriesOfTheTrustedFactoryFailInTheBackwardPassInsteadOfGivingAGradient() {
    Tensor y = new Tensor(1.0);
    Tensor outOfRange = GeneratedSupport.fused(
        0.0,
        new Tensor[0],
        0,
        new ArrayLeaf(new double[] {1.0}),
        new int[] {1},
        new double[] {1.0},
        1);
    assertThrows(ArrayIndexOutOfBoundsException.class, outOfRange::backward);
    Tensor nodeNotNamed = GeneratedSupport.fused(
        0.0,
        new Tensor[] {y},
        1,
        new ArrayLeaf(new double[] {1.0}),
        new int[] {0},
        new double[] {1.0},
        1);
    IllegalStateException tooFew =
        assertThrows(IllegalStateException.class, nodeNotNamed::backward);
    assertEquals("the entries name 0 nodes but nodeCount is 1", tooFew.getMessage());
    // With an element made a leaf, the sweep takes its other branch; the check holds there too.
    ArrayLeaf withLeaf = new ArrayLeaf(new double[] {1.0});
    withLeaf.element(0);
    Tensor tooManyNamed = GeneratedSupport.fused(
        0.0, new Tensor[] {y, y}, 1, withLeaf, new int[] {-1, -1}, new double[] {1.0, 1.0}, 2);
    IllegalStateException tooMany =
        assertThrows(IllegalStateException.class, tooManyNamed::backward);
    assertEquals("the entries name 2 nodes but nodeCount is 1", tooMany.getMessage());
  }
}
