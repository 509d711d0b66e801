package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradgen.Tape;
import dev.gradgen.Tensor;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gradient method's builder over array leaves: a {@code double[]} parameter that the body only
 * reads element by element becomes one {@code ArrayLeaf}, read by index in reduction loops and as
 * element leaves elsewhere. Its gradients against analytic derivatives and bit for bit against the
 * public builder over one leaf per element (the same contributions in the same order), its values
 * bit for bit the plain method's; parameters used any other way keep the array of leaves.
 */
class ArrayLeafBuildersTest {

  private static final String SOURCE = """
      package p;
      import dev.gradgen.Differentiable;
      class Leaves {
        @Differentiable static double rosenbrock(double[] x) {
          double sum = 0.0;
          for (int i = 0; i < x.length - 1; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1.0 - x[i];
            sum += 100.0 * a * a + b * b;
          }
          return sum;
        }
        @Differentiable static double insideAndOutside(double[] x, double c) {
          double s = x[0] * x[x.length - 1];
          for (int i = 0; i < x.length; i++) s += c * x[i] * x[i];
          if (x[1] > 0.0) s = s * x[1];
          return s;
        }
        @Differentiable static double twoArrays(double[] x, double[] y) {
          double s = 0.0;
          for (int i = 0; i < x.length; i++) s += x[i] * y[i] + x[i];
          return s * y[0];
        }
        @Differentiable static double loopUntil(double[] x) {
          double s = 0.0;
          int n = 0;
          while (n < x.length) n++;
          for (int i = 0; i < x.length; i++) s += Math.sin(x[i]) * (double) n;
          return s;
        }
        @Differentiable static double callee(double[] x) {
          double s = 0.0;
          for (int i = 0; i < x.length; i++) s += x[i] * x[i];
          return s;
        }
        @Differentiable static double passesOn(double[] x) {
          return callee(x) + x[0];
        }
        @Differentiable static double aliases(double[] x) {
          double[] y = x;
          double s = 0.0;
          for (int i = 0; i < y.length; i++) s += 2.0 * y[i];
          return s + y[0];
        }
        @Differentiable static double forEach(double[] x) {
          double s = 0.0;
          for (double v : x) s += v * v;
          return s;
        }
      }
      """;

  private static final Compiled FUSED = Compiled.of("p.Leaves", SOURCE);
  private static final Compiled UNFUSED =
      Compiled.of(List.of("-Agradgen.fuse=false"), "p.Leaves", SOURCE);

  @Test
  void parametersOnlyReadByElementBecomeArrayLeaves() {
    for (Compiled compiled : List.of(FUSED, UNFUSED)) {
      String source = generated(compiled);
      for (String name : List.of("rosenbrock", "insideAndOutside", "loopUntil", "callee")) {
        assertTrue(
            source.contains("private static Tensor " + name + "(ArrayLeaf x"),
            name + "\n" + source);
      }
      assertTrue(source.contains("private static Tensor twoArrays(ArrayLeaf x, ArrayLeaf y)"));
      for (String name : List.of("passesOn", "aliases", "forEach")) {
        assertFalse(source.contains("Tensor " + name + "(ArrayLeaf"), name);
        assertTrue(source.contains("public static Tensor " + name + "(Tensor[] x)"), name);
      }
      // The public builders keep their array of nodes.
      assertTrue(source.contains("public static Tensor rosenbrock(Tensor[] x)"));
    }
    // The fused reduction reads the array leaf by index, through the factory for generated code.
    assertTrue(
        generated(FUSED).contains("GeneratedSupport.fused(sumValue, sumInputs, sumNodeCount, x,"));
  }

  @Test
  void rosenbrockMatchesItsAnalyticGradientAndThePublicBuilderBitForBit() throws Exception {
    double[] x = {-1.2, 1.0, 0.7, 2.0, -0.3, 1.0 / 3.0};
    double[] expected = new double[x.length];
    for (int i = 0; i < x.length - 1; i++) {
      double a = x[i + 1] - x[i] * x[i];
      expected[i] += -400.0 * x[i] * a - 2.0 * (1.0 - x[i]);
      expected[i + 1] += 200.0 * a;
    }
    for (Compiled compiled : List.of(FUSED, UNFUSED)) {
      Object g = compiled.call("p.LeavesGradients", "rosenbrockGradient", (Object) x.clone());
      assertBits(
          (double) compiled.call("p.Leaves", "rosenbrock", (Object) x.clone()),
          (double) Compiled.component(g, "value"),
          "value");
      double[] dx = (double[]) Compiled.component(g, "x");
      for (int i = 0; i < x.length; i++) {
        assertEquals(expected[i], dx[i], 1e-12 * (1 + Math.abs(expected[i])), "x" + i);
      }
      assertBitsEqual(publicBuilderGradient(compiled, "rosenbrock", x), dx);
    }
  }

  @Test
  void elementsReadInAndOutOfTheLoopGetTheirWholeGradient() throws Exception {
    double c = 0.75;
    for (double[] x : List.of(new double[] {1.5, 2.0, -0.5}, new double[] {1.5, -2.0, -0.5})) {
      int n = x.length;
      double s0 = x[0] * x[n - 1];
      double q = 0.0;
      for (double v : x) {
        q += c * v * v;
      }
      double s = s0 + q;
      double[] expected = new double[n];
      double dc;
      if (x[1] > 0.0) {
        // f = s * x1.
        for (int i = 0; i < n; i++) {
          expected[i] = 2 * c * x[i] * x[1];
        }
        expected[0] += x[n - 1] * x[1];
        expected[n - 1] += x[0] * x[1];
        expected[1] += s;
        dc = (q / c) * x[1];
      } else {
        for (int i = 0; i < n; i++) {
          expected[i] = 2 * c * x[i];
        }
        expected[0] += x[n - 1];
        expected[n - 1] += x[0];
        dc = q / c;
      }
      for (Compiled compiled : List.of(FUSED, UNFUSED)) {
        Object g = compiled.call("p.LeavesGradients", "insideAndOutsideGradient", x.clone(), c);
        assertBits(
            (double) compiled.call("p.Leaves", "insideAndOutside", x.clone(), c),
            (double) Compiled.component(g, "value"),
            "value");
        double[] dx = (double[]) Compiled.component(g, "x");
        for (int i = 0; i < n; i++) {
          assertEquals(expected[i], dx[i], 1e-12, "x" + i);
        }
        assertEquals(dc, (double) Compiled.component(g, "c"), 1e-12);
      }
    }
  }

  @Test
  void twoArrayLeavesInOneLoopAndZeroLengthArrays() {
    double[] x = {0.5, -1.5, 2.0};
    double[] y = {3.0, 0.25, -1.0};
    double dot = 0.0;
    for (int i = 0; i < 3; i++) {
      dot += x[i] * y[i] + x[i];
    }
    Object g = FUSED.call("p.LeavesGradients", "twoArraysGradient", x, y);
    double[] dx = (double[]) Compiled.component(g, "x");
    double[] dy = (double[]) Compiled.component(g, "y");
    for (int i = 0; i < 3; i++) {
      assertEquals((y[i] + 1.0) * y[0], dx[i], 1e-12);
      assertEquals(x[i] * y[0] + (i == 0 ? dot : 0.0), dy[i], 1e-12);
    }
    for (Compiled compiled : List.of(FUSED, UNFUSED)) {
      Object empty =
          compiled.call("p.LeavesGradients", "loopUntilGradient", (Object) new double[0]);
      assertEquals(0.0, (double) Compiled.component(empty, "value"));
      assertEquals(0, ((double[]) Compiled.component(empty, "x")).length);
      double[] one = {0.3};
      Object g1 = compiled.call("p.LeavesGradients", "loopUntilGradient", (Object) one);
      assertEquals(Math.cos(0.3), ((double[]) Compiled.component(g1, "x"))[0], 1e-15);
    }
  }

  @Test
  void parametersPassedOnAliasedOrIteratedKeepTheirLeavesAndStayCorrect() {
    double[] x = {1.5, -0.5, 2.0};
    for (Compiled compiled : List.of(FUSED, UNFUSED)) {
      double[] passes = (double[]) Compiled.component(
          compiled.call("p.LeavesGradients", "passesOnGradient", (Object) x.clone()), "x");
      assertEquals(2 * x[0] + 1.0, passes[0], 1e-12);
      assertEquals(2 * x[1], passes[1], 1e-12);
      double[] aliases = (double[]) Compiled.component(
          compiled.call("p.LeavesGradients", "aliasesGradient", (Object) x.clone()), "x");
      assertEquals(3.0, aliases[0], 0.0);
      assertEquals(2.0, aliases[2], 0.0);
      double[] each = (double[]) Compiled.component(
          compiled.call("p.LeavesGradients", "forEachGradient", (Object) x.clone()), "x");
      assertEquals(2 * x[2], each[2], 1e-12);
    }
  }

  /** The gradient of {@code name}'s public builder over one tape leaf per element. */
  private static double[] publicBuilderGradient(Compiled compiled, String name, double[] x)
      throws Exception {
    Tensor[] leaves = new Tape().leaves(x);
    Tensor out = (Tensor)
        compiled.load("p.LeavesGradients").getMethod(name, Tensor[].class).invoke(null, (Object)
            leaves);
    out.backward();
    return Tensor.grads(leaves);
  }

  private static void assertBitsEqual(double[] expected, double[] actual) {
    assertEquals(expected.length, actual.length);
    for (int i = 0; i < expected.length; i++) {
      assertBits(expected[i], actual[i], "element " + i);
    }
  }

  private static void assertBits(double expected, double actual, String message) {
    assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(actual), message);
  }

  private static String generated(Compiled compiled) {
    try {
      return compiled
          .compilation()
          .generatedSourceFile("p.LeavesGradients")
          .orElseThrow()
          .getCharContent(true)
          .toString();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
