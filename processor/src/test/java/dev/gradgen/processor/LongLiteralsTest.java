package dev.gradgen.processor;

import static dev.gradgen.processor.GradientHarness.at;
import static dev.gradgen.processor.GradientHarness.grads;
import static dev.gradgen.processor.GradientHarness.vec;

import org.junit.jupiter.api.Test;

/**
 * Long string literals and comments with quotes in a {@code @Differentiable} method: the estimate
 * of the generated code's size read them with a regular expression that recursed once per
 * character, so a 3,000-character message was reported as "nested too deeply" on the class.
 */
class LongLiteralsTest {

  private static final String MESSAGE = "x is far too large: ".repeat(1000);

  private static final GradientHarness.Batch BATCH = new GradientHarness.Batch();
  private static final GradientHarness.Unit UNIT = BATCH.unit("p.Literals", """
      package p;
      import dev.gradgen.Differentiable;
      public final class Literals {
      // @methods
      }
      """);

  private static final GradientHarness.Fn GUARDED =
      UNIT.method("@Differentiable static double guarded(double x) {\n"
          + "  if (x > 1e300) {\n"
          + "    throw new IllegalArgumentException(\"" + MESSAGE + "\\\"\\n\");\n"
          + "  }\n"
          + "  return x * x * x;\n"
          + "}");

  private static final GradientHarness.Fn COMMENTED =
      UNIT.method("@Differentiable static double commented(double x, double[] w) {\n"
          + "  double s = 0.0;\n"
          + "  for (int i = 0; i < w.length; i++) {\n"
          + "    s += w[i] /* don't */ * x; // it's the weight's term\n"
          + "  }\n"
          + "  double y = x /* a \"quote and an ' */ * x + s;\n"
          + "  return y;\n"
          + "}");

  @Test
  void aLongMessageInTheMethodCompilesWithTheRightGradient() {
    GUARDED.check(p -> grads("x", 3 * p.d(0) * p.d(0)), at(0.5), at(-2.0));
  }

  @Test
  void commentsWithQuotesInTheMethodCompileWithTheRightGradient() {
    COMMENTED.check(
        p -> {
          double x = p.d(0);
          double[] w = p.a(1);
          double sum = 0;
          for (double wi : w) {
            sum += wi;
          }
          double[] dw = new double[w.length];
          java.util.Arrays.fill(dw, x);
          return grads("x", sum + 2 * x, "w", dw);
        },
        at(0.75, vec(1.0, -2.0, 0.5)),
        at(-1.5, vec()));
  }
}
