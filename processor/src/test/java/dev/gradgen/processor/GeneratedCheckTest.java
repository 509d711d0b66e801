package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradgen.DerivativeCheck;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated {@code mCheck}: it passes correct gradients (polynomials, exp and log, arrays,
 * matrices, instance and private methods), catches a deliberately wrong {@code @DerivativeOf} rule
 * at the right parameter and element, leaves the caller's arrays alone, and fails with a readable
 * message.
 */
class GeneratedCheckTest {

  private static final String MODEL = """
      package chk;
      import dev.gradgen.Activations;
      import dev.gradgen.Differentiable;
      import java.io.IOException;
      final class Model {
        final double scale;
        Model(double scale) { this.scale = scale; }

        @Differentiable static double poly(double x, double y) { return x * x * x * y + 2 * y * y; }

        @Differentiable static double expLog(double a, double b) {
          return Math.exp(a * b) + Math.log(a + b * b);
        }

        @Differentiable(wrt = {"w"}) static double dot(double[] w, double[] v, int n) {
          double s = 0;
          for (int i = 0; i < n; i++) s += w[i] * v[i] * w[i];
          return s;
        }

        @Differentiable static double grid(double[][] m, double t) {
          double s = 0;
          for (int r = 0; r < m.length; r++) {
            for (int c = 0; c < m[r].length; c++) s += (r + 1) * m[r][c] * m[r][c] * t;
          }
          return s;
        }

        @Differentiable double scaled(double x) { return scale * Math.sin(x); }

        @Differentiable private static double hidden(double x, double[] p) {
          return Math.tanh(x) * p[0] + p[1] * p[1];
        }

        @Differentiable private double hiddenInstance(double x) { return scale * x * x; }

        @Differentiable static double relu(double x) { return Activations.relu(x); }

        /** Parameters named like the locals of the generated check. */
        @Differentiable static double clash(double gradient, double checker, double[] point) {
          return gradient * checker + point[0] * point[0];
        }

        @Differentiable static double guarded(double x) throws IOException {
          if (x > 1e300) throw new IOException("too large");
          return x * x;
        }
      }
      """;

  private static final String RULES = """
      package chk;
      import dev.gradgen.DerivativeOf;
      import dev.gradgen.Differentiable;
      final class Special {
        /** Opaque to gradgen. */
        static double f(double x, double y) { return x * y + Math.sin(x); }

        /** WRONG on purpose: d/dx is y + cos(x), not y + sin(x). */
        @DerivativeOf(method = "f")
        static double[] fPartials(double x, double y) { return new double[] {y + Math.sin(x), x}; }

        static double dot(double[] w, double[] v) {
          double s = 0;
          for (int i = 0; i < w.length; i++) s += w[i] * v[i];
          return s;
        }

        /** WRONG on purpose at v[2]: d/dv[2] is w[2], not 2 w[2]. */
        @DerivativeOf(method = "dot")
        static double[] dotPartials(double[] w, double[] v) {
          double[] out = new double[w.length + v.length];
          for (int i = 0; i < w.length; i++) { out[i] = v[i]; out[w.length + i] = w[i]; }
          out[w.length + 2] = 2 * w[2];
          return out;
        }

        static double cube(double x) { return x * x * x; }

        /** Right: 3 x^2. */
        @DerivativeOf(method = "cube")
        static double cubePartial(double x) { return 3 * x * x; }
      }
      """;

  private static final String USES = """
      package chk;
      import dev.gradgen.Differentiable;
      final class Uses {
        @Differentiable static double g(double x, double y) { return 2 * Special.f(x, y); }

        @Differentiable static double h(double[] w, double[] v) { return Special.dot(w, v); }

        @Differentiable static double k(double x) { return Special.cube(x) + x; }
      }
      """;

  private static Compiled compiled;

  @BeforeAll
  static void compile() {
    compiled = Compiled.of("chk.Model", MODEL, "chk.Special", RULES, "chk.Uses", USES);
  }

  private static DerivativeCheck check(String companion, String method, Object... args) {
    return (DerivativeCheck) compiled.call(companion, method, args);
  }

  @Test
  void polynomialAndExpLogPass() {
    DerivativeCheck poly = check("chk.ModelGradients", "polyCheck", 1.5, -2.0);
    poly.assertPassed();
    assertEquals(List.of("x", "y"), locations(poly));
    // d/dx = 3 x^2 y = -13.5, d/dy = x^3 + 4 y = -4.625: the gradient the check compared.
    assertEquals(-13.5, poly.entries().get(0).derivative(), 1e-12);
    assertEquals(-4.625, poly.entries().get(1).derivative(), 1e-12);
    assertEquals("chk.Model.poly", poly.function());
    check("chk.ModelGradients", "expLogCheck", 0.4, 1.2).assertPassed();
  }

  @Test
  void arraysWithAConstantParameterPass() {
    double[] w = {0.5, -1.0, 2.0};
    double[] v = {3.0, 0.25, -1.5};
    DerivativeCheck dot = check("chk.ModelGradients", "dotCheck", w, v, 3);
    dot.assertPassed();
    // Only w is differentiable; v and n are constants of the check.
    assertEquals(List.of("w[0]", "w[1]", "w[2]"), locations(dot));
    // d/dw[i] = 2 w[i] v[i].
    assertEquals(2 * 2.0 * -1.5, dot.entries().get(2).finiteDifference(), 1e-9);
  }

  @Test
  void matrixPassesRowByRow() {
    double[][] m = {{1.0, -2.0}, {0.5}};
    DerivativeCheck grid = check("chk.ModelGradients", "gridCheck", m, 0.75);
    grid.assertPassed();
    assertEquals(List.of("m[0][0]", "m[0][1]", "m[1][0]", "t"), locations(grid));
    assertEquals(List.of(0, 1, 2, 3), grid.entries().stream().map(DerivativeCheck.Entry::flatIndex)
        .toList());
    // d/dt = sum (r + 1) m[r][c]^2 = 1 + 4 + 2 * 0.25.
    assertEquals(5.5, grid.entries().get(3).finiteDifference(), 1e-9);
  }

  @Test
  void instanceAndPrivateMethodsPass() {
    Object model = newModel(3.0);
    DerivativeCheck scaled = check("chk.ModelGradients", "scaledCheck", model, 0.6);
    scaled.assertPassed();
    assertEquals(3.0 * Math.cos(0.6), scaled.entries().get(0).finiteDifference(), 1e-9);

    double[] p = {1.5, -0.5};
    DerivativeCheck hidden = check("chk.ModelGradients", "hiddenCheck", 0.3, p);
    hidden.assertPassed();
    assertEquals(List.of("x", "p[0]", "p[1]"), locations(hidden));
    double tanh = Math.tanh(0.3);
    assertEquals((1 - tanh * tanh) * 1.5, hidden.entries().get(0).finiteDifference(), 1e-9);

    DerivativeCheck hiddenInstance = check("chk.ModelGradients", "hiddenInstanceCheck", model, 2.0);
    hiddenInstance.assertPassed();
    assertEquals(2 * 3.0 * 2.0, hiddenInstance.entries().get(0).finiteDifference(), 1e-9);
  }

  @Test
  void aCorrectRulePasses() {
    check("chk.UsesGradients", "kCheck", 1.25).assertPassed();
  }

  @Test
  void catchesAWrongRuleAtItsParameter() {
    double x = 0.7;
    double y = 1.3;
    DerivativeCheck g = check("chk.UsesGradients", "gCheck", x, y);
    assertFalse(g.passed());
    assertEquals(1, g.failures().size());
    DerivativeCheck.Entry worst = g.failures().get(0);
    assertEquals("x", worst.location());
    assertEquals(2 * (y + Math.sin(x)), worst.derivative(), 1e-12);
    assertEquals(2 * (y + Math.cos(x)), worst.finiteDifference(), 1e-9);
    AssertionError error = assertThrows(AssertionError.class, g::assertPassed);
    String message = error.getMessage();
    assertTrue(message.startsWith("derivative check of chk.Uses.g failed: 1 of 2 partial"
        + " derivatives disagree with finite differences\n  x: derivative "
        + 2 * (y + Math.sin(x)) + ", finite difference "), message);
    assertTrue(message.contains("\ntolerance: |derivative - finite difference| <= "), message);
  }

  @Test
  void catchesAWrongRuleAtItsElement() {
    double[] w = {0.5, -1.0, 2.0, 0.25};
    double[] v = {3.0, 0.25, -1.5, 4.0};
    DerivativeCheck h = check("chk.UsesGradients", "hCheck", w, v);
    assertEquals(List.of("v[2]"), h.failures().stream().map(DerivativeCheck.Entry::location)
        .toList());
    DerivativeCheck.Entry entry = h.failures().get(0);
    assertEquals("v", entry.parameter());
    assertEquals(2, entry.index());
    assertEquals(w.length + 2, entry.flatIndex());
    assertEquals(2 * w[2], entry.derivative());
    assertEquals(w[2], entry.finiteDifference(), 1e-9);
  }

  @Test
  void callersArraysAreUnchanged() {
    double[] w = {0.5, -1.0, 2.0, 0.25};
    double[] v = {3.0, 0.25, -1.5, 4.0};
    double[][] m = {{1.0, -2.0}, {0.5}};
    double[] wBefore = w.clone();
    double[] vBefore = v.clone();
    double[][] mBefore = {m[0].clone(), m[1].clone()};
    check("chk.UsesGradients", "hCheck", w, v);
    check("chk.ModelGradients", "gridCheck", m, 0.75);
    check("chk.ModelGradients", "dotCheck", w, v, 4);
    assertArrayEquals(wBefore, w);
    assertArrayEquals(vBefore, v);
    assertArrayEquals(mBefore, m);
  }

  @Test
  void atAKinkTheCheckFailsAndSaysWhy() {
    // relu at 0: central differences see the mean slope 1/2; gradgen's convention is relu'(0) = 0.
    DerivativeCheck atKink = check("chk.ModelGradients", "reluCheck", 0.0);
    assertFalse(atKink.passed());
    assertEquals(0.5, atKink.entries().get(0).finiteDifference());
    assertEquals(0.0, atKink.entries().get(0).derivative());
    // Away from it, passes.
    check("chk.ModelGradients", "reluCheck", 1e-9).assertPassed();
    check("chk.ModelGradients", "reluCheck", -0.5).assertPassed();
  }

  @Test
  void parametersNamedLikeTheGeneratedLocals() {
    DerivativeCheck clash = check("chk.ModelGradients", "clashCheck", 2.0, 3.0,
        new double[] {0.5});
    clash.assertPassed();
    assertEquals(List.of("gradient", "checker", "point[0]"), locations(clash));
    assertEquals(3.0, clash.entries().get(0).finiteDifference(), 1e-9);
  }

  @Test
  void checkedExceptionsPassThrough() throws Exception {
    check("chk.ModelGradients", "guardedCheck", 3.0).assertPassed();
    var method = compiled.load("chk.ModelGradients").getMethod("guardedCheck", double.class);
    assertEquals(List.of(IOException.class), List.of(method.getExceptionTypes()));
  }

  private static Object newModel(double scale) {
    try {
      var constructor = compiled.load("chk.Model").getDeclaredConstructor(double.class);
      constructor.setAccessible(true);
      return constructor.newInstance(scale);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> locations(DerivativeCheck check) {
    return check.entries().stream().map(DerivativeCheck.Entry::location).toList();
  }
}
