package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * A callee that reaches state outside its locals (a counter) stays a cut: a fused node would
 * evaluate it once per active argument, each partial under another state.
 */
class OutsideStateTest {

  private static final String SOURCE = """
      package p;
      import dev.gradgen.Differentiable;
      class Sampler {
        static int n;
        static double next() {
          n++;
          return n;
        }
      }
      class Outside {
        @Differentiable static double scaled(double x, double y) {
          double s = Sampler.next();
          return s * x * y;
        }
        @Differentiable static double caller(double x, double y) {
          return 3.0 * scaled(x, y);
        }
      }
      """;

  private static final Compiled FUSED = Compiled.of("p.Outside", SOURCE);

  @Test
  void aCalleeReadingACounterIsEvaluatedOnceAndGivesTheChainRule() throws Exception {
    java.lang.reflect.Field n = FUSED.load("p.Sampler").getDeclaredField("n");
    n.setAccessible(true);
    n.setInt(null, 0);
    Object g = FUSED.call("p.OutsideGradients", "callerGradient", 2.0, 5.0);
    // One evaluation sees s = 1: value 3 s x y, d/dx = 3 s y, d/dy = 3 s x.
    assertEquals(1, n.getInt(null), "evaluations of scaled");
    assertEquals(30.0, (double) Compiled.component(g, "value"), 0.0);
    assertEquals(15.0, (double) Compiled.component(g, "x"), 0.0);
    assertEquals(6.0, (double) Compiled.component(g, "y"), 0.0);
  }
}
