package dev.gradgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.gradgen.processor.GradientHarness.assertBitsEqual;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.gradgen.processor.GradientHarness.Batch;
import dev.gradgen.processor.GradientHarness.Fn;
import dev.gradgen.processor.GradientHarness.Unit;
import dev.gradgen.processor.diagnostics.Messages;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * {@code Gradients.stopGradient}: the value passes through bit for bit and the derivative through it
 * is zero, fused and unfused; and the warning on a method whose result cannot depend on a
 * differentiable parameter at all. The gradients here are deliberately not the derivatives of the
 * plain methods, so they are checked against the derivatives worked out with the stopped values
 * held constant, not against finite differences.
 */
class StopGradientTest {

  private static final List<List<String>> VARIANTS = GradientHarness.VARIANTS;

  @Nested
  class Gradients extends Batch {
    final Unit unit = unit("ex.stop.Stop", """
        package ex.stop;

        import static dev.gradgen.Gradients.stopGradient;

        import dev.gradgen.Differentiable;
        import dev.gradgen.Gradients;

        class Stop {
          // @methods
        }
        """);

    final Fn straightThrough = unit.method("""
        @Differentiable
        static double straightThrough(double x, double w) {
          double q = x + Gradients.stopGradient(Math.rint(x) - x);
          return w * q * q;
        }
        """);

    final Fn heldScale = unit.method("""
        @Differentiable
        static double heldScale(double x, double y) {
          double s = stopGradient(x * y);
          return s * x + Math.sin(y) * stopGradient(y);
        }
        """);

    @Test
    void straightThroughEstimatorRoundsForwardAndPassesTheGradientBack() {
      // q = rint(x) in value; dq/dx = 1 through the stopped correction. f = w q^2:
      // df/dx = 2 w q, df/dw = q^2, with q = rint(x).
      for (List<String> variant : VARIANTS) {
        Fn fn = straightThrough.compiledWith(variant);
        for (double[] point : new double[][] {{2.3, 1.5}, {-0.6, 3.0}, {7.5, -2.0}}) {
          Object[] args = {point[0], point[1]};
          double q = point[0] + (Math.rint(point[0]) - point[0]);
          assertBitsEqual(fn.plain(args), (Double) fn.component(args, "value"), variant + " value");
          assertEquals(2 * point[1] * q, (Double) fn.component(args, "x"), 1e-12, variant + " d/dx");
          assertEquals(q * q, (Double) fn.component(args, "w"), 1e-12, variant + " d/dw");
        }
      }
    }

    @Test
    void stoppedValuesAreConstantsInTheDerivative() {
      // With s = x y and t = y held: f = s x + sin(y) t, df/dx = s = x y, df/dy = cos(y) y.
      for (List<String> variant : VARIANTS) {
        Fn fn = heldScale.compiledWith(variant);
        for (double[] point : new double[][] {{1.5, 0.5}, {-2.0, 1.25}}) {
          double x = point[0];
          double y = point[1];
          Object[] args = {x, y};
          assertBitsEqual(x * y * x + Math.sin(y) * y, (Double) fn.component(args, "value"),
              variant + " value");
          assertEquals(x * y, (Double) fn.component(args, "x"), 1e-12, variant + " d/dx");
          assertEquals(Math.cos(y) * y, (Double) fn.component(args, "y"), 1e-12, variant + " d/dy");
        }
      }
    }

    @Test
    void outsideADifferentiableMethodItIsTheIdentity() {
      assertBitsEqual(-0.0, dev.gradgen.Gradients.stopGradient(-0.0), "-0.0");
      assertBitsEqual(Math.PI, dev.gradgen.Gradients.stopGradient(Math.PI), "pi");
    }
  }

  // ---------------------------------------------------------------- the zero-derivative warning

  private static final String SOURCE = """
      package p;

      import dev.gradgen.Differentiable;
      import dev.gradgen.Gradients;

      class Warned {
        @Differentiable
        static double frozen(double x) {
          return Gradients.stopGradient(x * x);
        }

        @Differentiable(wrt = {"y"})
        static double wrongWrt(double x, double y) {
          if (y > 0) {
            return x * 2;
          }
          return Math.floor(y) + 1.0;
        }

        @Differentiable
        static double fine(double x) {
          if (x > 0) {
            return 1.0;
          }
          return x * x;
        }
      }
      """;

  @Test
  void warnsWhereTheResultCannotDependOnADifferentiableParameter() {
    Compilation compilation = Compiled.compile("p.Warned", SOURCE);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningContaining(Messages.constantResult("frozen"))
        .inFile(compilation.sourceFiles().get(0)).onLineContaining("static double frozen(");
    assertThat(compilation).hadWarningContaining(Messages.constantResult("wrongWrt"))
        .inFile(compilation.sourceFiles().get(0)).onLineContaining("static double wrongWrt(");
    // fine() returns a constant on one path only: its derivative is not always zero.
    assertThat(compilation).hadWarningCount(2);
  }

  @Test
  void theWarnedMethodStillCompilesToAZeroGradient() {
    Compiled compiled = Compiled.of("p.Warned", SOURCE);
    Object record = compiled.call("p.WarnedGradients", "frozenGradient", 3.0);
    assertEquals(9.0, (Double) Compiled.component(record, "value"));
    assertEquals(0.0, (Double) Compiled.component(record, "x"));
  }
}
