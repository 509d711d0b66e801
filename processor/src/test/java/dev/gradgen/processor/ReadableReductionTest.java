package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The per-iteration derivative code of a preaccumulated loop reads like a fused helper: the user's
 * names for the loop's temporaries, {@code _d_name} adjoints, no copies of one local into another,
 * negations folded into {@code -=}; an adjoint several operands read gets a local of its own, and
 * the gradient through it is the analytic one.
 */
class ReadableReductionTest {

  private static final String SOURCE = """
      package p;
      import dev.gradgen.Differentiable;
      class Loops {
        @Differentiable static double rosenbrock(double[] x) {
          double sum = 0.0;
          for (int i = 0; i < x.length - 1; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1.0 - x[i];
            sum += 100.0 * a * a + b * b;
          }
          return sum;
        }
        @Differentiable static double shared(double[] x, double c) {
          double s = 0.0;
          for (int i = 0; i < x.length; i++) {
            double d = x[i] - c;
            s -= Math.sin(d * x[i]) * -3.0;
          }
          return s;
        }
      }
      """;

  private static final Compiled COMPILED = Compiled.of("p.Loops", SOURCE);

  /** A local initialised with another local's value: a copy the sweep should not write. */
  private static final Pattern COPY = Pattern.compile("double \\w+ = [A-Za-z_]\\w*;");

  @Test
  void theLoopBodyUsesTheUsersNamesAndAdjointsNamedAfterThem() {
    String loop = loopOf("rosenbrock");
    assertTrue(loop.contains("double a = "), loop);
    assertTrue(loop.contains("double b = "), loop);
    assertTrue(loop.contains("double _d_a = 0.0;"), loop);
    assertTrue(loop.contains("double _d_b = 0.0;"), loop);
    assertTrue(loop.contains("double _d_x_i = 0.0;"), loop);
    // d(b)/d(x[i]) = -1: folded into the accumulation, not a multiplication by -1.0.
    assertTrue(loop.contains("_d_x_i -= _d_b;"), loop);
  }

  @Test
  void theLoopBodyHasNoCopiesAndNoMultiplicationsByMinusOne() {
    for (String method : new String[] {"rosenbrock", "shared"}) {
      String loop = loopOf(method);
      Matcher copy = COPY.matcher(loop);
      assertFalse(copy.find(), () -> method + ": " + copy.group() + "\n" + loop);
      assertFalse(loop.contains("* -1.0"), loop);
      assertFalse(loop.contains("+= -"), loop);
      assertFalse(loop.contains("double g"), loop);
    }
  }

  @Test
  void anAdjointReadByTwoOperandsGetsOneLocal() {
    String loop = loopOf("shared");
    // d * x[i] passes its adjoint (-3.0 times sin's derivative, negated) to d and to x[i].
    assertEquals(1, count(loop, "double _d_t = "), loop);
    assertTrue(loop.contains("double _d_d = 0.0;"), loop);
  }

  @Test
  void theSharedAdjointGivesTheAnalyticGradient() {
    double[] x = {0.3, -1.2, 2.5, 0.0};
    double c = 0.7;
    Object g = COMPILED.call("p.LoopsGradients", "sharedGradient", x, c);
    // s = sum 3 sin((x_i - c) x_i): ds/dx_i = 3 cos(u_i) (2 x_i - c), ds/dc = -3 sum cos(u_i) x_i.
    double[] dx = (double[]) Compiled.component(g, "x");
    double dc = 0.0;
    for (int i = 0; i < x.length; i++) {
      double u = (x[i] - c) * x[i];
      assertEquals(3.0 * Math.cos(u) * (2.0 * x[i] - c), dx[i], 1e-12, "x[" + i + "]");
      dc += -3.0 * Math.cos(u) * x[i];
    }
    assertEquals(dc, (double) Compiled.component(g, "c"), 1e-12, "c");
    assertEquals(COMPILED.call("p.Loops", "shared", x, c), Compiled.component(g, "value"));
  }

  /** The preaccumulated loop of the graph builder of {@code method}. */
  private static String loopOf(String method) {
    String source = generated();
    int start = source.indexOf("public static Tensor " + method + "(");
    assertTrue(start >= 0, source);
    int loop = source.indexOf("the loop gathers its partials", start);
    int end = source.indexOf("if (loopRan)", loop);
    assertTrue(loop >= 0 && end > loop, source);
    return source.substring(loop, end);
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  private static String generated() {
    try {
      return COMPILED
          .compilation()
          .generatedSourceFile("p.LoopsGradients")
          .orElseThrow()
          .getCharContent(true)
          .toString();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
