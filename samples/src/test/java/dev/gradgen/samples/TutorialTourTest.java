package dev.gradgen.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The tutorial's numbers: 12 + 15, 12 * 15, and f = a*b + c at (10, 5, 10). */
class TutorialTourTest {

  private final TutorialTour.Result result = TutorialTour.run(Quiet.stream());

  @Test
  void printsSumAndProductInTheTutorialsFormat() {
    assertEquals("Tensor(data=27.0)", result.sum());
    assertEquals("Tensor(data=180.0)", result.product());
  }

  @Test
  void handCalledBackwardStepsGiveTheChainRule() {
    // e = d + c passes its gradient 1 unchanged to d and c; d = a*b sends b to a and a to b.
    assertEquals(1.0, result.handD());
    assertEquals(1.0, result.handC());
    assertGrads(result.byHand());
  }

  @Test
  void backwardAndGeneratedGradientAgreeWithCalculus() {
    assertGrads(result.byBackward());
    assertGrads(result.generated());
  }

  @Test
  void activationDerivativesMatchTheirFormulas() {
    TutorialTour.Activation[] acts = result.activations();
    double x = 0.5;
    // tanh' = 1/cosh^2, sigmoid' = e^-x / (1 + e^-x)^2, relu' = 1 above 0 and 0 below.
    assertEquals(Math.tanh(x), acts[0].value(), 1e-15);
    assertEquals(1 / (Math.cosh(x) * Math.cosh(x)), acts[0].grad(), 1e-15);
    assertEquals(1 / (1 + Math.exp(-x)), acts[1].value(), 1e-15);
    assertEquals(Math.exp(-x) / Math.pow(1 + Math.exp(-x), 2), acts[1].grad(), 1e-15);
    assertEquals(0.5, acts[2].value());
    assertEquals(1.0, acts[2].grad());
    assertEquals(0.0, acts[3].value());
    assertEquals(0.0, acts[3].grad());
  }

  private static void assertGrads(TutorialTour.Grads g) {
    assertEquals(60.0, g.value());
    assertEquals(5.0, g.a());
    assertEquals(10.0, g.b());
    assertEquals(1.0, g.c());
  }
}
