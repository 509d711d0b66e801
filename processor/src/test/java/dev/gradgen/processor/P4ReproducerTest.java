package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reproducer P4 of the second hardening round (issue 10): an assignment used as a value inside
 * a straight-line run ({@code (int) (t3 += 0.5)}), whose fused companion referred to a temporary out
 * of scope and did not compile. Fused and unfused it now compiles, the value equals the plain
 * method's bit for bit at the generator's own random arguments, and d/dx0 matches central
 * differences wherever the function is smooth around the point.
 */
class P4ReproducerTest {

  @Test
  void compilesAndMatchesThePlainMethodInBothModes() throws IOException {
    String source;
    try (InputStream in = P4ReproducerTest.class.getResourceAsStream("/hardening/P4.java")) {
      source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (List<String> options : GradientHarness.VARIANTS) {
      Compiled compiled = Compiled.of(options, "fz.P4", source);
      Random random = new Random(4);
      int smoothChecked = 0;
      for (int i = 0; i < 500; i++) {
        Object[] args = (Object[]) compiled.call("fz.P4", "args", random);
        String where = "P4 " + options + " at " + Arrays.toString(args);
        double expected = (Double) compiled.call("fz.P4", "f", args);
        Object gradient = compiled.call("fz.P4Gradients", "fGradient", args);
        GradientHarness.assertBitsEqual(
            expected, (Double) Compiled.component(gradient, "value"), where + ": value");
        int n = (Integer) args[0];
        double x0 = (Double) args[1];
        double h = 1e-4;
        double coarse = (f(compiled, n, x0 + h) - f(compiled, n, x0 - h)) / (2 * h);
        double fine = (f(compiled, n, x0 + h / 2) - f(compiled, n, x0 - h / 2)) / h;
        if (Math.abs(coarse - fine) > 1e-6) {
          continue; // a jump of the (int) casts or the loop count lies within the step
        }
        double numeric = (4 * fine - coarse) / 3;
        double partial = (Double) Compiled.component(gradient, "x0");
        assertTrue(
            Math.abs(numeric - partial) <= GradientHarness.FD_TOLERANCE,
            where + ": d/dx0 " + partial + " against finite differences " + numeric);
        smoothChecked++;
      }
      assertTrue(smoothChecked > 250, "too few smooth points checked: " + smoothChecked);
    }
  }

  private static double f(Compiled compiled, int n, double x0) {
    return (Double) compiled.call("fz.P4", "f", n, x0);
  }
}
