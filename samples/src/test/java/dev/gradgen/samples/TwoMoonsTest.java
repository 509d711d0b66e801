package dev.gradgen.samples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The network learns the moons, its gradient is right, and the picture is a real PNG. */
class TwoMoonsTest {

  @TempDir
  Path dir;

  @Test
  void dataSetIsTwoBalancedDeterministicMoons() {
    TwoMoons.Data a = TwoMoons.data();
    TwoMoons.Data b = TwoMoons.data();
    assertArrayEquals(a.inputs(), b.inputs());
    assertEquals(200, a.labels().length);
    assertEquals(400, a.inputs().length);
    double ones = 0;
    for (double label : a.labels()) {
      assertTrue(label == 0 || label == 1);
      ones += label;
    }
    assertEquals(100, ones);
  }

  @Test
  void lossGradientMatchesCentralDifferences() {
    TwoMoons.Data data = TwoMoons.data();
    double[] params = TwoMoons.initialParameters();
    TwoMoonsGradients.LossGradient g =
        TwoMoonsGradients.lossGradient(params, data.inputs(), data.labels());
    assertEquals(TwoMoons.loss(params, data.inputs(), data.labels()), g.value());
    // One weight of each layer, one bias of each layer: (f(p+h) - f(p-h)) / 2h has error ~h^2 f'''.
    int[] indices = {
      TwoMoons.W1 + 3,
      TwoMoons.B1 + 5,
      TwoMoons.W2 + 77,
      TwoMoons.B2 + 2,
      TwoMoons.W3 + 9,
      TwoMoons.B3
    };
    double h = 1e-5;
    for (int i : indices) {
      double[] plus = params.clone();
      double[] minus = params.clone();
      plus[i] += h;
      minus[i] -= h;
      double numeric = (TwoMoons.loss(plus, data.inputs(), data.labels())
              - TwoMoons.loss(minus, data.inputs(), data.labels()))
          / (2 * h);
      assertEquals(numeric, g.params()[i], 1e-8, "parameter " + i);
    }
  }

  @Test
  void trainsToAtLeast97PercentAndDrawsTheBoundary() throws Exception {
    TwoMoons.Result r = TwoMoons.run(dir, Quiet.stream());
    assertTrue(r.accuracy() >= 0.97, "training accuracy " + r.accuracy());
    assertEquals(r.accuracy(), TwoMoons.accuracy(r.params(), TwoMoons.data()));
    // Well under a minute even on a slow machine; about 3 s on two cores.
    assertTrue(r.trainingSeconds() < 60, r.trainingSeconds() + " s");

    assertEquals(dir.resolve("two-moons.png"), r.png());
    BufferedImage png = ImageIO.read(r.png().toFile());
    assertNotNull(png);
    assertEquals(720, png.getWidth());
    assertEquals(520, png.getHeight());
  }
}
