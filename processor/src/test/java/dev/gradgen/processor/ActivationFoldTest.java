package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A function applied to the finished sum of a dot-product loop ({@code h = Math.tanh(z)} after
 * {@code z += w[k + i] * h1[i]}) folded into the loop's node: where it applies (a declaration, an
 * array element, the accumulator itself, a loop that may not run) and where it must not (the sum
 * read again, the function not of the sum alone, the accumulator read inside the loop); gradients
 * against central differences of the plain method and one against the derivative by hand, values
 * bit for bit the plain method's, fused and unfused.
 */
class ActivationFoldTest {

  private static final String PRELUDE = """
          double[] h = new double[3];
          for (int i = 0; i < 3; i++) {
            h[i] = Math.sin(w[i] * x[i]);
          }
          double z = w[3];
      """;
  private static final String LOOP = """
          for (int i = 0; i < 3; i++) {
            z += w[4 + i] * h[i];
          }
      """;

  private static final String SOURCE = "package p;\n"
      + "import dev.gradgen.Activations;\n"
      + "import dev.gradgen.Differentiable;\n"
      + "class Fold {\n"
      + method(
          "declared",
          "",
          LOOP + "double a = Math.tanh(z);\nh[0] = a * w[7];\n" + "return a * h[0];")
      + method(
          "intoArray",
          "",
          "double[] o = new double[2];\n" + LOOP + "o[1] = Math.exp(z);\nreturn o[1] * 3.0;")
      + method("backToSum", "", LOOP + "z = Math.tanh(z);\nreturn z * w[7] + z;")
      + method("sigmoid", "", LOOP + "h[1] = Activations.sigmoid(z);\nreturn h[1] * w[7];")
      + method(
          "mayNotRun",
          ", int m",
          "double[] o = new double[1];\n" + LOOP.replace("i < 3", "i < m")
              + "o[0] = Math.tanh(z);\nreturn o[0] * o[0];")
      + method("sumReadAfter", "", LOOP + "double a = Math.tanh(z);\nreturn a * z;")
      + method("notOfTheSumAlone", "", LOOP + "double a = Math.tanh(0.5 * z);\nreturn a * w[7];")
      + method("readInTheLoop", "", """
          double peak = 0.0;
          for (int i = 0; i < 3; i++) {
            z += w[4 + i] * h[i];
            peak = Math.max(peak, z);
          }
          double a = Math.tanh(z);
          return a * w[7] + peak;""")
      + "}\n";

  private static final List<String> FOLDED =
      List.of("declared", "intoArray", "backToSum", "sigmoid", "mayNotRun");
  private static final List<String> NOT_FOLDED =
      List.of("sumReadAfter", "notOfTheSumAlone", "readInTheLoop");

  private static final Compiled FUSED = Compiled.of("p.Fold", SOURCE);
  private static final Compiled UNFUSED =
      Compiled.of(List.of("-Agradgen.fuse=false"), "p.Fold", SOURCE);

  private static final double[] W = {0.7, -0.45, 1.2, 0.3, -0.8, 0.55, 1.35, -0.25};
  private static final double[] X = {0.9, -1.3, 0.6};

  private static String method(String name, String extra, String tail) {
    return "@Differentiable(wrt = \"w\")\nstatic double " + name + "(double[] w, double[] x" + extra
        + ") {\n" + PRELUDE + tail + "\n}\n";
  }

  private static Object[] args(String name, double[] w, int m) {
    return name.equals("mayNotRun") ? new Object[] {w, X, m} : new Object[] {w, X};
  }

  /** Central differences of the plain method in each element of w (step 1e-6, O(h^2) error). */
  private static double[] differences(String name, int m) {
    double[] g = new double[W.length];
    for (int k = 0; k < W.length; k++) {
      double step = 1e-6;
      double[] up = W.clone();
      double[] down = W.clone();
      up[k] += step;
      down[k] -= step;
      double fUp = (double) FUSED.call("p.Fold", name, args(name, up, m));
      double fDown = (double) FUSED.call("p.Fold", name, args(name, down, m));
      g[k] = (fUp - fDown) / (2 * step);
    }
    return g;
  }

  @Test
  void gradientsAreCentralDifferencesAndValuesThePlainMethods() {
    for (String name : SOURCE_METHODS) {
      for (int m : name.equals("mayNotRun") ? new int[] {0, 2, 3} : new int[] {3}) {
        double[] expected = differences(name, m);
        double plain = (double) FUSED.call("p.Fold", name, args(name, W, m));
        for (Compiled compiled : List.of(FUSED, UNFUSED)) {
          Object g = compiled.call("p.FoldGradients", name + "Gradient", args(name, W, m));
          GradientHarness.assertClose(
              expected, Compiled.component(g, "w"), 1e-8, name + " m=" + m + " dw");
          GradientHarness.assertBitsEqual(
              plain, (double) Compiled.component(g, "value"), name + " m=" + m + " value");
        }
      }
    }
  }

  private static final List<String> SOURCE_METHODS = List.of(
      "declared",
      "intoArray",
      "backToSum",
      "sigmoid",
      "mayNotRun",
      "sumReadAfter",
      "notOfTheSumAlone",
      "readInTheLoop");

  @Test
  void theDeclaredCaseIsTheDerivativeByHand() {
    // y = a^2 w7, a = tanh(s), s = w3 + sum_i w[4 + i] sin(w_i x_i).
    double s = W[3];
    for (int i = 0; i < 3; i++) {
      s += W[4 + i] * Math.sin(W[i] * X[i]);
    }
    double a = Math.tanh(s);
    double ds = 2 * a * W[7] * (1 - a * a);
    double[] expected = new double[W.length];
    for (int i = 0; i < 3; i++) {
      expected[i] = ds * W[4 + i] * Math.cos(W[i] * X[i]) * X[i];
      expected[4 + i] = ds * Math.sin(W[i] * X[i]);
    }
    expected[3] = ds;
    expected[7] = a * a;
    Object g = FUSED.call("p.FoldGradients", "declaredGradient", W, X);
    GradientHarness.assertClose(expected, Compiled.component(g, "w"), 1e-14, "dw");
  }

  @Test
  void theFunctionIsFoldedOnlyWhereNothingElseReadsTheSum() {
    String source = generated();
    for (String name : FOLDED) {
      assertTrue(
          // Tensor's or, where nothing writes w, GeneratedSupport's factory without the copy.
          arrayLeafBuilder(source, name).contains("fusedDotThen"),
          name + ":\n" + arrayLeafBuilder(source, name));
    }
    for (String name : NOT_FOLDED) {
      assertTrue(!arrayLeafBuilder(source, name).contains("fusedDotThen"), name);
    }
    // The loop that may not run: its start node and the function's node over it.
    assertTrue(arrayLeafBuilder(source, "mayNotRun").contains("zTanh = z.tanh();"), source);
    assertEquals(FOLDED.size() + NOT_FOLDED.size(), SOURCE_METHODS.size());
  }

  /** The array-leaf builder of {@code name}, up to the next method. */
  private static String arrayLeafBuilder(String source, String name) {
    int start = source.indexOf("private static Tensor " + name + "(ArrayLeaf");
    assertTrue(start >= 0, name + ":\n" + source);
    int end = source.indexOf("\n    }\n", start);
    return source.substring(start, end);
  }

  private static String generated() {
    try {
      return FUSED
          .compilation()
          .generatedSourceFile("p.FoldGradients")
          .orElseThrow()
          .getCharContent(true)
          .toString();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
