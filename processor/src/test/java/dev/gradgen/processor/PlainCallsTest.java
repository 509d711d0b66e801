package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Plain (not differentiable) methods may see an active value when their result cannot carry a
 * derivative: a test such as {@code Double.isNaN(x)} gets the value, and the gradient is the branch's.
 */
class PlainCallsTest {

  @Test
  void testsOfActiveValuesSeeTheirValues() {
    Compiled c = Compiled.of("p.Guards", """
        package p;
        import dev.gradgen.Differentiable;
        class Guards {
          static int sign(double v) { return v < 0 ? -1 : 1; }
          @Differentiable static double f(double x) {
            if (Double.isNaN(x) || Double.compare(x, 0.0) < 0) {
              return 0.0;
            }
            return sign(x) * x * x;
          }
        }
        """);
    // f = x^2 for x >= 0, 0 below: f'(3) = 6, f'(-1) = 0.
    Object g = c.call("p.GuardsGradients", "fGradient", 3.0);
    assertEquals(9.0, (double) Compiled.component(g, "value"), 0.0);
    assertEquals(6.0, (double) Compiled.component(g, "x"), 0.0);
    Object below = c.call("p.GuardsGradients", "fGradient", -1.0);
    assertEquals(0.0, (double) Compiled.component(below, "value"), 0.0);
    assertEquals(0.0, (double) Compiled.component(below, "x"), 0.0);
    Object nan = c.call("p.GuardsGradients", "fGradient", Double.NaN);
    assertEquals(0.0, (double) Compiled.component(nan, "value"), 0.0);
  }
}
