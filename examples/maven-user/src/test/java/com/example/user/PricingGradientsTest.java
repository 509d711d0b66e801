package com.example.user;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The generated gradients against derivatives worked out by hand. */
class PricingGradientsTest {

  private static final double TOLERANCE = 1e-12;

  @Test
  void lossGradientIsTheChainRule() {
    double w = 0.5;
    double b = 0.1;
    double x = 2.0;
    PricingGradients.LossGradient g = PricingGradients.lossGradient(w, b, x);
    double y = Math.tanh(w * x + b);
    // d(y^2) = 2 y (1 - y^2) d(w x + b)
    double outer = 2 * y * (1 - y * y);
    assertEquals(Pricing.loss(w, b, x), g.value(), 0.0);
    assertEquals(outer * x, g.w(), TOLERANCE);
    assertEquals(outer, g.b(), TOLERANCE);
    assertEquals(outer * w, g.x(), TOLERANCE);
  }

  @Test
  void logSumExpGradientIsTheSoftmax() {
    double[] x = {0.5, -1.0, 2.0};
    PricingGradients.LogSumExpGradient g = PricingGradients.logSumExpGradient(x);
    double sum = Math.exp(0.5) + Math.exp(-1.0) + Math.exp(2.0);
    assertEquals(Math.log(sum), g.value(), TOLERANCE);
    for (int i = 0; i < x.length; i++) {
      assertEquals(Math.exp(x[i]) / sum, g.x()[i], TOLERANCE);
    }
  }

  @Test
  void discountedGradientIsWithRespectToTheRateOnly() {
    double payoff = 100.0;
    double rate = 0.05;
    int years = 3;
    PricingGradients.DiscountedGradient g =
        PricingGradients.discountedGradient(payoff, rate, years);
    // d/dr of P (1 + r)^-n is -n P (1 + r)^-(n + 1)
    assertEquals(payoff / Math.pow(1 + rate, years), g.value(), 1e-12 * payoff);
    assertEquals(-years * payoff / Math.pow(1 + rate, years + 1), g.rate(), 1e-10);
  }

  @Test
  void springEnergyGradientIsTheForce() {
    Spring spring = new Spring(4.0);
    SpringGradients.EnergyGradient g = SpringGradients.energyGradient(spring, 1.5);
    assertEquals(spring.energy(1.5), g.value(), 0.0);
    assertEquals(4.0 * 1.5, g.x(), TOLERANCE);
  }
}
