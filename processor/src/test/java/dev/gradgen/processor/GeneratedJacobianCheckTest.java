package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradgen.DerivativeCheck;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated {@code mCheck} of {@code double[]}-returning methods: the generated Jacobian
 * against finite differences of the method, one entry per (output, input element); it passes
 * correct Jacobians (static, instance, private, with {@code double[][]} inputs) and catches a wrong
 * {@code @DerivativeOf} rule at the right output and input.
 */
class GeneratedJacobianCheckTest {

  private static final String SOURCE = """
      package jac;
      import dev.gradgen.DerivativeOf;
      import dev.gradgen.Differentiable;
      final class Fit {
        final double offset;
        Fit(double offset) { this.offset = offset; }

        /** r = [p0 exp(p1 t), p0^2 - t, sin(p1) t]. */
        @Differentiable static double[] residuals(double[] p, double t) {
          return new double[] {p[0] * Math.exp(p[1] * t), p[0] * p[0] - t, Math.sin(p[1]) * t};
        }

        @Differentiable double[] shifted(double x) {
          return new double[] {x + offset, x * x * offset};
        }

        @Differentiable private static double[] hidden(double x, double[][] m) {
          return new double[] {x * m[0][0], m[1][0] * m[0][1], Math.log(x)};
        }

        /** Opaque to gradgen. */
        static double f(double x, double y) { return x * y + Math.sin(x); }

        /** WRONG on purpose: d/dx is y + cos(x), not y - cos(x). */
        @DerivativeOf(method = "f")
        static double[] fPartials(double x, double y) { return new double[] {y - Math.cos(x), x}; }

        @Differentiable static double[] throughRule(double x, double y) {
          return new double[] {x * y, f(x, y), y};
        }
      }
      """;

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.of("jac.Fit", SOURCE);
  }

  private static DerivativeCheck check(String method, Object... args) {
    return (DerivativeCheck) compiled.call("jac.FitGradients", method, args);
  }

  @Test
  void staticJacobianPasses() {
    double[] p = {1.5, -0.4};
    double[] before = p.clone();
    DerivativeCheck check = check("residualsCheck", p, 2.0);
    check.assertPassed();
    assertArrayEquals(before, p);
    // Three inputs (p[0], p[1], t), three outputs: input-major, by output within each input.
    assertEquals(9, check.entries().size());
    assertEquals(List.of("d value[0] / d p[0]", "d value[1] / d p[0]", "d value[2] / d p[0]"),
        check.entries().subList(0, 3).stream().map(DerivativeCheck.Entry::location).toList());
    // d r0 / d p1 = p0 t exp(p1 t).
    DerivativeCheck.Entry entry = check.entries().get(3);
    assertEquals("d value[0] / d p[1]", entry.location());
    assertEquals(1.5 * 2.0 * Math.exp(-0.8), entry.finiteDifference(), 1e-9);
    assertEquals(1.5 * 2.0 * Math.exp(-0.8), entry.derivative(), 1e-12);
  }

  @Test
  void instanceAndPrivateJacobiansPass() throws ReflectiveOperationException {
    var constructor = compiled.load("jac.Fit").getDeclaredConstructor(double.class);
    constructor.setAccessible(true);
    Object fit = constructor.newInstance(0.5);
    check("shiftedCheck", fit, 3.0).assertPassed();

    double[][] m = {{2.0, -1.0}, {4.0}};
    DerivativeCheck hidden = check("hiddenCheck", 0.75, m);
    hidden.assertPassed();
    assertArrayEquals(new double[][] {{2.0, -1.0}, {4.0}}, m);
    // d log(x) / dx = 1 / x.
    DerivativeCheck.Entry entry = hidden.entries().get(2);
    assertEquals("d value[2] / d x", entry.location());
    assertEquals(1 / 0.75, entry.finiteDifference(), 1e-9);
  }

  @Test
  void catchesAWrongRuleAtItsOutputAndInput() {
    double x = 0.9;
    double y = -0.6;
    DerivativeCheck check = check("throughRuleCheck", x, y);
    assertFalse(check.passed());
    assertEquals(List.of("d value[1] / d x"),
        check.failures().stream().map(DerivativeCheck.Entry::location).toList());
    DerivativeCheck.Entry entry = check.failures().get(0);
    assertEquals(1, entry.output());
    assertEquals(y - Math.cos(x), entry.derivative(), 1e-12);
    assertEquals(y + Math.cos(x), entry.finiteDifference(), 1e-9);
    AssertionError error = assertThrows(AssertionError.class, check::assertPassed);
    assertTrue(error.getMessage().startsWith("derivative check of jac.Fit.throughRule failed: 1 of"
        + " 6 partial derivatives disagree with finite differences\n  d value[1] / d x: derivative "),
        error.getMessage());
  }
}
