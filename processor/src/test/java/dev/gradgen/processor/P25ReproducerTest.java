package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The reproducer P25 of the second hardening round (issue 10): a row initializer
 * ({@code double[][] h20 = {a10}}) whose elements the method then writes through, which the
 * gradient used to write into a copy (0.2986598062013265 against the plain 0.21854655184610047
 * unfused). Fused and unfused, the value equals the plain method's bit for bit, at the reported
 * point and at the generator's own random arguments, and d/dx0 matches central differences.
 */
class P25ReproducerTest {

  private static final double X0 = -0.48067952613135567;

  @Test
  void valueAndPartialMatchThePlainMethodInBothModes() throws IOException {
    String source;
    try (InputStream in = P25ReproducerTest.class.getResourceAsStream("/hardening/P25.java")) {
      source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (List<String> options : GradientHarness.VARIANTS) {
      Compiled compiled = Compiled.of(options, "fz.P25", source);
      String where = "P25 " + options;
      double plain = (Double) compiled.call("fz.P25", "f", X0, 4L, 2);
      Object record = compiled.call("fz.P25Gradients", "fGradient", X0, 4L, 2);
      GradientHarness.assertBitsEqual(
          plain,
          (Double) Compiled.component(record, "value"),
          where + ": value at the reported point");

      double h = 1e-4;
      double coarse = (f(compiled, X0 + h) - f(compiled, X0 - h)) / (2 * h);
      double fine = (f(compiled, X0 + h / 2) - f(compiled, X0 - h / 2)) / h;
      double numeric = (4 * fine - coarse) / 3;
      double partial = (Double) Compiled.component(record, "x0");
      assertTrue(
          Math.abs(numeric - partial) <= GradientHarness.FD_TOLERANCE,
          where + ": d/dx0 " + partial + " against finite differences " + numeric);

      Random random = new Random(25);
      for (int i = 0; i < 500; i++) {
        Object[] args = (Object[]) compiled.call("fz.P25", "args", random);
        double expected = (Double) compiled.call("fz.P25", "f", args);
        Object gradient = compiled.call("fz.P25Gradients", "fGradient", args);
        GradientHarness.assertBitsEqual(
            expected,
            (Double) Compiled.component(gradient, "value"),
            where + ": value at " + java.util.Arrays.toString(args));
      }
    }
  }

  private static double f(Compiled compiled, double x0) {
    return (Double) compiled.call("fz.P25", "f", x0, 4L, 2);
  }
}
