package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SmokeTest {
  @Test
  void tutorialFunction() {
    Compiled c = Compiled.of("p.F", """
        package p;
        import dev.gradgen.Differentiable;
        class F {
          @Differentiable
          static double f(double a, double b, double c) { return a * b + c; }
        }
        """);
    Object g = c.call("p.FGradients", "fGradient", 10.0, 5.0, 10.0);
    assertEquals(60.0, Compiled.component(g, "value"));
    assertEquals(5.0, Compiled.component(g, "a"));
    assertEquals(10.0, Compiled.component(g, "b"));
    assertEquals(1.0, Compiled.component(g, "c"));
  }
}
