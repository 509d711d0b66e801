package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradgen.Tape;
import dev.gradgen.Tensor;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The array-leaf builder's dot-product nodes keep no copy of the elements they read
 * ({@code GeneratedSupport.fusedDotUncopied}) only where the processor proved that nothing writes
 * a caller's array before the backward pass: a body that writes only arrays it made and calls only
 * Math functions and scalar JDK methods. A call that may write one (a plain method or a JDK method
 * given an array, a differentiable method), a write through a local that may hold another array,
 * keep the copy; and where the method writes the array it differentiates through another parameter
 * naming the same array after the loop, the gradient is the one before the write: bit for bit the
 * public builder's over one leaf per element, and central differences of the method with the
 * other parameter a separate copy.
 */
class UncopiedDotTest {

  private static final String LAYER = """
          double[] h = new double[3];
          for (int i = 0; i < 3; i++) {
            h[i] = Math.sin(w[i] * c[i]);
          }
          double z = w[3];
          for (int i = 0; i < 3; i++) {
            z += w[4 + i] * h[i];
          }
      """;

  private static final String SOURCE = "package p;\n"
      + "import dev.gradgen.Differentiable;\n"
      + "class Dots {\n"
      + "  /** Writes the elements the layer's dot product reads, when given w as c. */\n"
      + "  static void bump(double[] a) {\n"
      + "    for (int k = 4; k < 7; k++) a[k] += 10.0;\n"
      + "  }\n"
      + "  @Differentiable static double square(double v) { return v * v; }\n"
      + "  /** Its toString() is code of the user's that a concatenation runs. */\n"
      + "  static final Object TAG = new Object() {\n"
      + "    @Override public String toString() { return \"1\"; }\n"
      + "  };\n"
      + method(
          "mlpLike",
          "double a = Math.tanh(z);\n"
              + "double[] o = new double[2];\n"
              + "for (int j = 0; j < 2; j++) {\n"
              + "  double u = w[7 + j];\n"
              + "  for (int i = 0; i < 3; i++) u += w[9 + 3 * j + i] * h[i];\n"
              + "  o[j] = Math.tanh(u);\n"
              + "}\n"
              + "double out = w[15];\n"
              + "for (int i = 0; i < 2; i++) out += w[16 + i] * o[i];\n"
              + "if (Double.isNaN(out)) return 0.0;\n"
              + "return out * out + a;")
      + method("plainCallAfter", "bump(c);\nreturn z * c[0];")
      + method("jdkCallAfter", "java.util.Arrays.fill(c, 4, 7, 10.0);\nreturn z * c[0];")
      + method("differentiableCall", "return square(z);")
      + method("localAlias", "double[] g = h;\ng[0] = z;\nreturn g[0] * c[0];")
      + method("localMatrix", "double[][] m = new double[1][1];\nm[0][0] = z;\nreturn m[0][0];")
      + method("concatenation", "return z * Double.parseDouble(\"0\" + TAG);")
      + method("otherClassField", "return z * Holder.K;")
      + "}\n"
      + "/** A class whose static initializer, code of the user's, runs on the first read of K. */\n"
      + "class Holder {\n"
      + "  static double K = 2.0;\n"
      + "}\n";

  private static String method(String name, String tail) {
    return "@Differentiable(wrt = \"w\")\nstatic double " + name + "(double[] w, double[] c) {\n"
        + LAYER + tail + "\n}\n";
  }

  private static final List<String> UNCOPIED = List.of("mlpLike");
  private static final List<String> COPIED = List.of(
      "plainCallAfter",
      "jdkCallAfter",
      "differentiableCall",
      "localAlias",
      "localMatrix",
      "concatenation",
      "otherClassField");

  private static final Compiled COMPILED = Compiled.of("p.Dots", SOURCE);

  private static final double[] W = {
    0.7, -0.45, 1.2, 0.3, -0.8, 0.55, 1.35, -0.25, 0.9, -0.6, 0.4, -1.1, 0.65, 0.15, -0.35, 0.5,
    1.05, -0.7
  };
  /** Long enough for the calls that write c[4..6]. */
  private static final double[] C = {0.9, -1.3, 0.6, 0.2, -0.4, 1.1, 0.8};

  @Test
  void theCopyIsDroppedExactlyWhereNothingCanWriteTheArray() {
    String source = generated();
    for (String name : UNCOPIED) {
      String builder = arrayLeafBuilder(source, name);
      assertTrue(builder.contains("GeneratedSupport.fusedDotThenUncopied("), name + builder);
      assertTrue(builder.contains("GeneratedSupport.fusedDotUncopied("), name + builder);
      // The terms gathered in the array leaf's buffer, which a layer's nodes share.
      assertTrue(builder.contains("GeneratedSupport.dotTerms(w, "), name + builder);
      assertTrue(!builder.contains("Tensor.fusedDot"), name + builder);
    }
    for (String name : COPIED) {
      String builder = arrayLeafBuilder(source, name);
      assertTrue(builder.contains("Tensor.fusedDot"), name + builder);
      assertTrue(!builder.contains("Uncopied") && !builder.contains("dotTerms"), name + builder);
    }
  }

  @Test
  void gradientsAreCentralDifferencesAndThePublicBuildersBitForBit() throws Exception {
    for (String name : SOURCE_METHODS) {
      double[] expected = differences(name, W, C);
      Object g = COMPILED.call("p.DotsGradients", name + "Gradient", W.clone(), C.clone());
      GradientHarness.assertClose(expected, Compiled.component(g, "w"), 1e-7, name + " dw");
      GradientHarness.assertBitsEqual(
          (double) COMPILED.call("p.Dots", name, W.clone(), C.clone()),
          (double) Compiled.component(g, "value"),
          name + " value");
      assertBitsEqual(
          publicBuilderGradient(name, W.clone(), C.clone()),
          (double[]) Compiled.component(g, "w"),
          name);
    }
  }

  @Test
  void aWriteThroughAnAliasAfterTheLoopLeavesTheGradientAsBeforeIt() throws Exception {
    for (String name : List.of("plainCallAfter", "jdkCallAfter")) {
      // c is w itself: the call after the loop writes w[4..6], which the dot product read. The
      // gradient in w treats c as a constant: that of the method with c a separate copy of w.
      double[] w = W.clone();
      double[] expected = differences(name, w, w.clone());
      double[] same = w.clone();
      Object g = COMPILED.call("p.DotsGradients", name + "Gradient", same, same);
      GradientHarness.assertClose(expected, Compiled.component(g, "w"), 1e-7, name + " dw");
      double[] shared = w.clone();
      assertBitsEqual(
          publicBuilderGradient(name, shared, shared), (double[]) Compiled.component(g, "w"), name);
      double[] plain = w.clone();
      GradientHarness.assertBitsEqual(
          (double) COMPILED.call("p.Dots", name, plain, plain),
          (double) Compiled.component(g, "value"),
          name + " value");
    }
  }

  private static final List<String> SOURCE_METHODS = List.of(
      "mlpLike",
      "plainCallAfter",
      "jdkCallAfter",
      "differentiableCall",
      "localAlias",
      "concatenation",
      "otherClassField");

  /** Central differences of the plain method in each element of w, c a fresh copy each time. */
  private static double[] differences(String name, double[] w, double[] c) {
    double[] g = new double[w.length];
    for (int k = 0; k < w.length; k++) {
      double step = 1e-6;
      double[] up = w.clone();
      double[] down = w.clone();
      up[k] += step;
      down[k] -= step;
      double fUp = (double) COMPILED.call("p.Dots", name, up, c.clone());
      double fDown = (double) COMPILED.call("p.Dots", name, down, c.clone());
      g[k] = (fUp - fDown) / (2 * step);
    }
    return g;
  }

  /** The gradient of {@code name}'s public builder over one tape leaf per element of w. */
  private static double[] publicBuilderGradient(String name, double[] w, double[] c)
      throws Exception {
    Tensor[] leaves = new Tape().leaves(w);
    Tensor out = (Tensor) COMPILED
        .load("p.DotsGradients")
        .getMethod(name, Tensor[].class, double[].class)
        .invoke(null, leaves, c);
    out.backward();
    return Tensor.grads(leaves);
  }

  private static void assertBitsEqual(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int k = 0; k < expected.length; k++) {
      assertEquals(
          Double.doubleToRawLongBits(expected[k]),
          Double.doubleToRawLongBits(actual[k]),
          what + " element " + k + ": " + expected[k] + " vs " + actual[k]);
    }
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
      return COMPILED
          .compilation()
          .generatedSourceFile("p.DotsGradients")
          .orElseThrow()
          .getCharContent(true)
          .toString();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
