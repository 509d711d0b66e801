package dev.gradgen.processor;

import static dev.gradgen.processor.GradientHarness.assertBitsEqual;
import static dev.gradgen.processor.GradientHarness.at;
import static dev.gradgen.processor.GradientHarness.grads;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.gradgen.processor.diagnostics.Messages;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Methods at and past the JVM's limits (255 parameter slots, 64 KB of code per method) and javac's
 * nesting depth: what the processor generates for them compiles, fused and unfused, with values
 * bit for bit the plain method's and partials from mathematics, or fails with an error on the
 * user's own method.
 */
class GeneratedCodeLimitsTest {

  private static final GradientHarness.Batch BATCH = new GradientHarness.Batch();
  private static final GradientHarness.Unit UNIT = BATCH.unit("p.Limits", """
      package p;
      import dev.gradgen.Differentiable;
      public final class Limits {
        static final double[] W = new double[100];
        static {
          for (int i = 0; i < W.length; i++) {
            W[i] = 1.0 + i / 64.0;
          }
        }
      // @methods
      }
      """);

  /** 1,100 straight-line temporaries: one fused node of them all was "code too large". */
  private static final int TEMPORARIES = 1100;
  private static final GradientHarness.Fn CHAIN = UNIT.method(chainSource("chain", TEMPORARIES));
  /** 1,500 terms in one expression (3,000 operations, nested 1,500 deep). */
  private static final int TERMS = 1500;
  private static final GradientHarness.Fn TERMS_FN = UNIT.method(termsSource());
  /** A dot product of 86 terms with constant weights: 86 inputs and 86 constants, 258 slots. */
  private static final GradientHarness.Fn DOT = UNIT.method("@Differentiable static double dot("
      + "double[] a) {\n  return " + joined(86, " + ", i -> "W[" + i + "] * a[" + i + "]") + ";\n}");
  /** 300 inputs in one expression. */
  private static final GradientHarness.Fn INPUTS = UNIT.method("@Differentiable static double "
      + "inputs(double[] v) {\n  return " + joined(300, " + ", i -> "v[" + i + "]") + ";\n}");
  /** 500 levels of parentheses, which javac compiles in the plain method. */
  private static final int LEVELS = 500;
  private static final GradientHarness.Fn NESTED = UNIT.method(nestedSource());
  /** 126 doubles: the largest record with one component per partial (1 + 2 + 252 slots). */
  private static final GradientHarness.Fn WIDEST = UNIT.method(squaresSource("widest", 126));
  /** 127 doubles, the most a static method can take: the partials go into one array. */
  private static final GradientHarness.Fn PACKED = UNIT.method(squaresSource("packed", 127));

  // ---------------------------------------------------------------- code size and parameter slots

  @Test
  void longChainOfTemporariesFitsInSeveralNodes() {
    CHAIN.check(p -> grads("x", chainDerivative(TEMPORARIES)), at(0.5), at(-1.25));
  }

  @Test
  void expressionOf1500TermsCompilesFusedAndUnfused() {
    TERMS_FN.check(p -> {
      double dx = 0;
      double dy = 0;
      for (int i = 0; i < TERMS; i++) {
        if (i % 2 == 1) {
          dx += i % 7 + 1;
        } else {
          dy += i % 7 + 1;
        }
      }
      return grads("x", dx, "y", dy);
    }, at(0.75, -2.0));
  }

  @Test
  void dotProductWithConstantWeightsStaysWithinParameterSlots() {
    double[] a = new double[86];
    for (int i = 0; i < a.length; i++) {
      a[i] = Math.sin(i);
    }
    DOT.check(p -> {
      double[] w = new double[86];
      for (int i = 0; i < w.length; i++) {
        w[i] = 1.0 + i / 64.0;
      }
      return grads("a", w);
    }, at((Object) a));
  }

  @Test
  void threeHundredInputsInOneExpression() {
    double[] v = new double[300];
    for (int i = 0; i < v.length; i++) {
      v[i] = Math.cos(i);
    }
    double[] ones = new double[300];
    java.util.Arrays.fill(ones, 1.0);
    INPUTS.check(p -> grads("v", ones), at((Object) v));
  }

  @Test
  void expressionNested500DeepCompilesUnfused() {
    NESTED.check(p -> {
      // e_0 = x, e_k = 0.5 e_{k-1} + (x for odd k-1, else 1): d e_k = 0.5 d e_{k-1} + [odd].
      double d = 1.0;
      for (int i = 0; i < LEVELS; i++) {
        d = 0.5 * d + (i % 2 == 1 ? 1.0 : 0.0);
      }
      return grads("x", d);
    }, at(0.3), at(-4.0));
  }

  @Test
  void recordWithOneComponentPerPartialUpTo126Doubles() {
    Object[] point = squaresPoint(126);
    WIDEST.check(p -> {
      Object[] names = new Object[2 * 126];
      for (int i = 0; i < 126; i++) {
        names[2 * i] = "p" + i;
        names[2 * i + 1] = 2 * p.d(i);
      }
      return grads(names);
    }, at(point));
  }

  @Test
  void recordPacksScalarPartialsPast255Slots() {
    Object[] point = squaresPoint(127);
    for (List<String> variant : GradientHarness.VARIANTS) {
      GradientHarness.Fn fn = PACKED.compiledWith(variant);
      double plain = fn.plain(point);
      Object record = fn.gradient(point);
      assertBitsEqual(plain, (Double) Compiled.component(record, "value"), fn + ": value()");
      List<String> components = new ArrayList<>();
      for (RecordComponent component : record.getClass().getRecordComponents()) {
        components.add(component.getName());
      }
      assertEquals(List.of("value", "partials"), components, fn.toString());
      double[] partials = (double[]) Compiled.component(record, "partials");
      assertEquals(127, partials.length);
      for (int i = 0; i < 127; i++) {
        // d(p_i * p_i)/dp_i = p_i + p_i, exactly.
        double expected = 2 * (Double) point[i];
        assertBitsEqual(expected, (Double) Compiled.component(record, "p" + i), fn + ": p" + i);
        assertBitsEqual(expected, partials[i], fn + ": partials[" + i + "]");
      }
    }
  }

  @Test
  void tooManyArrayParametersForTheRecordIsAnErrorOnTheMethod() {
    String parameters = joined(254, ", ", i -> "double[] q" + i);
    String source = "package p;\nimport dev.gradgen.Differentiable;\nclass Wide {\n"
        + "  @Differentiable\n  static double f(" + parameters + ") {\n    return q0[0];\n  }\n}\n";
    assertErrorOnLine(Compiled.compile("p.Wide", source),
        Messages.gradientRecordTooLarge(255), 5);
  }

  // ---------------------------------------------------------------- near 64 KB of code

  /** Guarded statements making the user's own method about 62 KB of bytecode. */
  private static final int GUARDED = 3200;
  private static final GradientHarness.Batch BIG = new GradientHarness.Batch();
  private static final GradientHarness.Unit BIG_UNIT = BIG.unit("p.Big", """
      package p;
      import dev.gradgen.Differentiable;
      public final class Big {
      // @methods
      }
      """);
  private static final GradientHarness.Fn BIG_GUARDED = BIG_UNIT.method(guardedSource());

  @Test
  void methodNear64KilobytesCompilesFusedAndIsAnErrorOnTheMethodUnfused() {
    // Fused, the builder is about 54 KB (one call per statement), which the estimate must allow.
    GradientHarness.Fn guarded = BIG_GUARDED.compiledWith(List.of());
    for (double x : new double[] {0.75, 2.25, 4.75}) {
      Object record = guarded.gradient(x);
      assertBitsEqual(guarded.plain(x), (Double) Compiled.component(record, "value"), "value()");
      double d = 0.0;
      for (int i = 0; i < GUARDED; i++) {
        if (x > i % 5 + 0.5) {
          d = 0.999 * d + (i % 3 + 1);
        }
      }
      GradientHarness.assertClose(d, Compiled.component(record, "x"),
          GradientHarness.ANALYTIC_TOLERANCE, "d/dx at " + x);
    }
    // One node per operation makes the builder larger than the user's method (about 90 KB).
    Compilation unfused = Compiled.compile(List.of("-Agradgen.fuse=false"), "p.Big",
        BIG_UNIT.source());
    assertErrorOnLine(unfused, Messages.builderTooLarge(), 4);
  }

  // ---------------------------------------------------------------- sources

  /** t0 = x, t_i = 0.999 t_(i-1) + x, returning the last. */
  private static String chainSource(String name, int n) {
    StringBuilder body = new StringBuilder("@Differentiable static double " + name
        + "(double x) {\n");
    body.append("  double t0 = x;\n");
    for (int i = 1; i < n; i++) {
      body.append("  double t").append(i).append(" = t").append(i - 1).append(" * 0.999 + x;\n");
    }
    return body.append("  return t").append(n - 1).append(";\n}").toString();
  }

  /** d t_(n-1) / dx: d_0 = 1, d_i = 0.999 d_(i-1) + 1. */
  private static double chainDerivative(int n) {
    double d = 1.0;
    for (int i = 1; i < n; i++) {
      d = 0.999 * d + 1.0;
    }
    return d;
  }

  /**
   * Of order 1: its second-order builder, never fused, would be as large as the unfused one (an
   * error of its own, which HessianErrorsTest checks).
   */
  private static String guardedSource() {
    StringBuilder body = new StringBuilder(
        "@Differentiable(order = 1) static double guarded(double x) {\n");
    body.append("  double s = 0.0;\n");
    for (int i = 0; i < GUARDED; i++) {
      body.append("  if (x > ").append(i % 5).append(".5) s = s * 0.999 + x * ")
          .append(i % 3 + 1).append(".0;\n");
    }
    return body.append("  return s;\n}").toString();
  }

  private static String termsSource() {
    return "@Differentiable static double terms(double x, double y) {\n  return "
        + joined(TERMS, " + ", i -> (i % 7 + 1) + ".0 * " + (i % 2 == 1 ? "x" : "y")) + ";\n}";
  }

  private static String nestedSource() {
    String e = "x";
    for (int i = 0; i < LEVELS; i++) {
      e = "(" + e + " * 0.5 + " + (i % 2 == 1 ? "x" : "1.0") + ")";
    }
    return "@Differentiable static double nested(double x) {\n  return " + e + ";\n}";
  }

  private static String squaresSource(String name, int n) {
    return "@Differentiable static double " + name + "("
        + joined(n, ", ", i -> "double p" + i) + ") {\n  return "
        + joined(n, " + ", i -> "p" + i + " * p" + i) + ";\n}";
  }

  private static Object[] squaresPoint(int n) {
    Object[] point = new Object[n];
    for (int i = 0; i < n; i++) {
      point[i] = 0.5 + i / 8.0;
    }
    return point;
  }

  private static String joined(int n, String separator, java.util.function.IntFunction<String> f) {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      parts.add(f.apply(i));
    }
    return String.join(separator, parts);
  }

  /**
   * The compilation failed with {@code message} on {@code line} of the user's file, with no error
   * in a generated file and no exception.
   */
  static void assertErrorOnLine(Compilation compilation, String message, long line) {
    assertEquals(Compilation.Status.FAILURE, compilation.status());
    boolean found = false;
    for (Diagnostic<? extends JavaFileObject> error : compilation.errors()) {
      String text = error.getMessage(Locale.ROOT);
      String file = error.getSource() == null ? "" : error.getSource().getName();
      assertFalse(file.endsWith("Gradients.java"), "error in generated code: " + text);
      assertFalse(text.contains("Exception") || text.contains("Error:"), text);
      found |= text.equals(message) && error.getLineNumber() == line;
    }
    assertTrue(found, "expected '" + message + "' on line " + line + " in " + compilation.errors());
  }
}
