package dev.gradgen.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Adam on the generated gradient finds the Rosenbrock minimum at all ones. */
class RosenbrockTest {

  @Test
  void adamReachesAllOnes() {
    Rosenbrock.Result r = Rosenbrock.run(Quiet.stream());
    assertEquals(Rosenbrock.DIMENSION, r.x().length);
    for (double xi : r.x()) {
      assertEquals(1.0, xi, 1e-3);
    }
    assertTrue(r.maxError() < 1e-3);
    assertEquals(0.0, r.value(), 1e-6);
  }

  @Test
  void generatedGradientMatchesTheHandDerivedOne() {
    // df/dx_i = -400 x_i (x_{i+1} - x_i^2) - 2 (1 - x_i)   [term i, for i < n-1]
    //         + 200 (x_i - x_{i-1}^2)                        [term i-1, for i > 0]
    Random random = new Random(3);
    double[] x = new double[Rosenbrock.DIMENSION];
    for (int i = 0; i < x.length; i++) {
      x[i] = -2 + 4 * random.nextDouble();
    }
    double[] expected = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      if (i + 1 < x.length) {
        expected[i] += -400 * x[i] * (x[i + 1] - x[i] * x[i]) - 2 * (1 - x[i]);
      }
      if (i > 0) {
        expected[i] += 200 * (x[i] - x[i - 1] * x[i - 1]);
      }
    }
    RosenbrockGradients.RosenbrockGradient g = RosenbrockGradients.rosenbrockGradient(x);
    assertArrayEquals(expected, g.x(), 1e-9);
    assertEquals(Rosenbrock.rosenbrock(x), g.value());
  }

  @Test
  void minimumIsZeroAtAllOnes() {
    double[] ones = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    assertEquals(0.0, Rosenbrock.rosenbrock(ones));
    assertArrayEquals(
        new double[10], RosenbrockGradients.rosenbrockGradient(ones).x());
  }
}
