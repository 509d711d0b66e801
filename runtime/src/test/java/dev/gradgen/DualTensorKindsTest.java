package dev.gradgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/**
 * {@link DualTensor} is closed to its own node kinds, its constants carry no tangents, and the
 * array helpers and rule checks generated code calls behave as Tensor's.
 */
final class DualTensorKindsTest {

  @Test
  void onlyDualTensorsOwnNestedNodeKindsExtendIt() {
    assertTrue(DualTensor.class.isSealed());
    Class<?>[] permitted = DualTensor.class.getPermittedSubclasses();
    // Unary, Binary, Fma, Rule, Fused and Reduction: the leaf is DualTensor itself.
    assertEquals(6, permitted.length);
    for (Class<?> kind : permitted) {
      assertEquals(DualTensor.class, kind.getEnclosingClass(), kind.getName());
      assertTrue(Modifier.isFinal(kind.getModifiers()), kind + " is final");
    }
  }

  @Test
  void constantsHaveNoTangentsAndLeavesTheirSeeds() {
    DualTensor c = new DualTensor(2.0);
    assertEquals(0, c.width());
    assertEquals(0.0, c.tangent(0));
    DualTape tape = DualTape.forHessian(1);
    DualTensor a = tape.leaf(5.0);
    DualTensor b = tape.leaf(7.0);
    assertEquals(0, a.width());
    assertEquals(DualTape.DIRECTIONS, b.width());
    assertEquals(1.0, b.tangent(0));
    assertEquals(0.0, b.tangent(1));
    // b * c has tangent c e_0; a + c has none.
    assertEquals(2.0, b.mul(c).tangent(0));
    assertEquals(0, a.add(c).width());
    DualTape product = DualTape.forDirection(new double[] {0.0, -3.0});
    assertEquals(0, product.leaf(1.0).width());
    assertEquals(-3.0, product.leaf(1.0).tangent(0));
  }

  @Test
  void arrayHelpersMirrorTensors() {
    double[][] values = {{1.0, 2.0}, null, {3.0}};
    DualTensor[][] nodes = DualTensor.of(values);
    assertEquals(null, nodes[1]);
    assertEquals(3.0, DualTensor.data(nodes)[2][0]);
    DualTensor[] row = DualTensor.filled(3, 4.5);
    assertSame(row[0], row[2]);
    DualTensor[][] grid = DualTensor.filled(2, 2, 0.0);
    assertSame(grid[0][0], grid[1][1]);
    DualTape tape = DualTape.forHessian(0);
    DualTensor[] x = tape.leaves(new double[] {2.0, 3.0});
    x[0].mul(x[1]).backward();
    assertEquals(3.0, DualTensor.grads(x)[0]);
    assertEquals(2.0, DualTensor.grads(new DualTensor[][] {x})[0][1]);
    assertEquals("DualTensor(data=2.0)", x[0].toString());
    // d(x0 x1)/dx0 = x1 moves along x1's direction: the gradient's tangents are the Hessian's rows.
    assertEquals(0.0, x[0].gradTangent(0));
    assertEquals(1.0, x[0].gradTangent(1));
    assertEquals(0.0, new DualTensor(1.0).gradTangent(0));
  }

  @Test
  void ruleCheckOfDualPartials() {
    DualTensor[] two = {new DualTensor(1.0), new DualTensor(2.0)};
    assertSame(two, RuleNodes.checked(two, 2, "Rules.dg"));
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> RuleNodes.checked(two, 3, "Rules.dg"));
    assertEquals(
        "the derivative rule Rules.dg returned 2 partials where its target has 3 (one"
            + " per covered double, one per element of a covered double[])",
        e.getMessage());
    assertThrows(
        IllegalStateException.class, () -> RuleNodes.checked((DualTensor[]) null, 1, "Rules.dg"));
  }

  @Test
  void backwardFromALeafAndTwiceAccumulatesInLeavesAsTensorDoes() {
    DualTape tape = DualTape.forHessian(0);
    DualTensor x = tape.leaf(3.0);
    x.backward();
    assertEquals(1.0, x.grad());
    DualTensor y = x.mul(x);
    y.backward();
    y.backward();
    // 1 + 2 * 2x = 13, and the tangent of the gradient 2 * 2 = 4.
    assertEquals(13.0, x.grad());
    assertEquals(4.0, x.gradTangent(0));
    assertEquals(1.0, y.grad());
  }
}
