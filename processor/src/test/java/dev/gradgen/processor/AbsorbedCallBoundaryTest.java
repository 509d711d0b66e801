package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two inputs on which a graph-free forward function would give a plausible wrong derivative, each
 * checked fused and unfused against its analytic value: an assignment to an active variable inside
 * a loop's condition (the forward writer gives tangents only to assignment statements, so such a
 * method has no forward function and no call of it is absorbed), and a callee of two
 * differentiable inputs with an infinite partial in one of them (evaluated along one direction at a
 * time, its other direction's zero tangent would meet that partial as inf * 0 = NaN, so it is not
 * absorbed); and a constant passed for such an input (a forward function would give its zero
 * tangent the same NaN, so the caller has none and its tangent comes from the graph).
 */
class AbsorbedCallBoundaryTest {

  private static final String SOURCE = """
      package p;
      import dev.gradgen.Differentiable;
      class Boundary {
        @Differentiable static double halving(double x) {
          double y = x;
          while ((y *= 0.5) > 1.0) {
          }
          return y;
        }
        @Differentiable static double timesX(double x) {
          return halving(x) * x;
        }
        @Differentiable static double g(double x, double y) {
          return Math.exp(Math.sqrt(x) + y);
        }
        @Differentiable static double viaG(double x, double y) {
          return 2.0 * g(x, y);
        }
        @Differentiable static double atZero(double y) {
          return g(0.0, y);
        }
      }
      """;

  private static final String COMPANION = "p.BoundaryGradients";

  private static final List<List<String>> OPTIONS =
      List.of(List.of(), List.of("-Agradgen.fuse=false"));

  @Test
  void anAssignmentInALoopConditionGivesTheChainRule() {
    for (List<String> options : OPTIONS) {
      Compiled compiled = Compiled.of(options, "p.Boundary", SOURCE);
      // At x = 8 the loop halves y three times: halving(x) = x / 8 there, timesX(x) = x^2 / 8,
      // whose derivative is x / 4 = 2 and second derivative 1/4.
      Object gradient = compiled.call(COMPANION, "timesXGradient", 8.0);
      assertEquals(8.0, (double) Compiled.component(gradient, "value"), 0.0, options.toString());
      assertEquals(2.0, (double) Compiled.component(gradient, "x"), 1e-15, options.toString());
      Object tangent = compiled.call(COMPANION, "halvingTangent", 8.0, 1.0);
      assertEquals(0.125, (double) Compiled.component(tangent, "tangent"), 1e-15);
      Object hessian = compiled.call(COMPANION, "timesXHessian", 8.0);
      double[][] h = (double[][]) Compiled.component(hessian, "hessian");
      assertEquals(0.25, h[0][0], 1e-15, options.toString());
    }
  }

  @Test
  void anInfinitePartialInOneInputLeavesTheOtherInputsDerivativesFinite() {
    for (List<String> options : OPTIONS) {
      Compiled compiled = Compiled.of(options, "p.Boundary", SOURCE);
      // viaG = 2 exp(sqrt(x) + y): at (0, 1), d/dy = 2e and d2/dy2 = 2e; d/dx is +infinity.
      Object gradient = compiled.call(COMPANION, "viaGGradient", 0.0, 1.0);
      assertEquals(2.0 * Math.E, (double) Compiled.component(gradient, "y"), 1e-15);
      double dx = (double) Compiled.component(gradient, "x");
      assertTrue(dx == Double.POSITIVE_INFINITY, options + ": d/dx = " + dx);
      Object hessian = compiled.call(COMPANION, "viaGHessian", 0.0, 1.0);
      double[][] h = (double[][]) Compiled.component(hessian, "hessian");
      assertEquals(2.0 * Math.E, h[1][1], 1e-15, options.toString());
      double[] hv = (double[])
          compiled.call(COMPANION, "viaGHessianVectorProduct", 0.0, 1.0, new double[] {0.0, 1.0});
      assertEquals(2.0 * Math.E, hv[1], 1e-15, options.toString());
      assertFalse(Double.isNaN((double) Compiled.component(gradient, "value")));
    }
  }

  @Test
  void aConstantForAnInputWithAnInfinitePartialAddsNothingToTheTangent() {
    for (List<String> options : OPTIONS) {
      Compiled compiled = Compiled.of(options, "p.Boundary", SOURCE);
      // atZero(y) = exp(sqrt(0) + y) = e^y: its tangent along 1 at y = 1 is e.
      Object tangent = compiled.call(COMPANION, "atZeroTangent", 1.0, 1.0);
      assertEquals(Math.E, (double) Compiled.component(tangent, "tangent"), 1e-15, options + "");
      Object gradient = compiled.call(COMPANION, "atZeroGradient", 1.0);
      assertEquals(Math.E, (double) Compiled.component(gradient, "y"), 1e-15, options + "");
    }
  }
}
