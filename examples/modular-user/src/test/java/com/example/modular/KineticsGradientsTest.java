package com.example.modular;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The generated gradient of a modular project, against the derivatives worked out by hand. */
class KineticsGradientsTest {

  @Test
  void energyGradientIsMomentumAndHalfTheSquaredVelocity() {
    KineticsGradients.EnergyGradient g = KineticsGradients.energyGradient(2.0, 3.0);
    assertEquals(9.0, g.value(), 0.0);
    assertEquals(0.5 * 3.0 * 3.0, g.mass(), 1e-15);
    assertEquals(2.0 * 3.0, g.velocity(), 1e-15);
  }
}
