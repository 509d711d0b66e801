package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fused second-order builder (SecondOrderFusionWriter): with fusion on, its {@code mHessian}
 * and {@code mHessianVectorProduct} through every operation a fused node absorbs agree to rounding
 * with the unfused builder's ({@code -Agradgen.fuse=false}), with central differences of the
 * generated gradient, and, where written here, with analytic second derivatives; Hessians are
 * symmetric and H·v is H times v. Wide runs (a chain of nodes) and wide expressions (cut into
 * several nodes) are covered too.
 */
class SecondOrderFusionTest {

  /** Each unary function applied to a nonlinear mix of x and y, at a point inside its domain. */
  private static final String[] UNARY = {
    "Math.abs",
    "Math.sqrt",
    "Math.cbrt",
    "Math.exp",
    "Math.expm1",
    "Math.log",
    "Math.log10",
    "Math.log1p",
    "Math.sin",
    "Math.cos",
    "Math.tan",
    "Math.asin",
    "Math.acos",
    "Math.atan",
    "Math.sinh",
    "Math.cosh",
    "Math.tanh",
    "Math.toRadians",
    "Math.toDegrees",
    "Math.nextUp",
    "Math.nextDown",
    "Activations.sigmoid",
    "Activations.relu",
    "Activations.softplus",
    "-",
    "+",
    "(double)"
  };

  /** Each two-argument function or operator, on two nonlinear mixes of x and y. */
  private static final String[] BINARY = {
    "Math.pow",
    "Math.atan2",
    "Math.hypot",
    "Math.max",
    "Math.min",
    "Math.copySign",
    "Math.IEEEremainder",
    "Math.nextAfter",
    "+",
    "-",
    "*",
    "/",
    "%"
  };

  private static final int WIDE = 60;

  private static String source() {
    StringBuilder s = new StringBuilder("""
        package f;
        import dev.gradgen.Activations;
        import dev.gradgen.Differentiable;
        final class Ops {
        """);
    for (int i = 0; i < UNARY.length; i++) {
      String f = UNARY[i];
      s.append("  @Differentiable static double u")
          .append(i)
          .append("(double x, double y) {\n    double m = x * y + 0.25 * x;\n    return ")
          .append(f)
          .append("(m) * (y + 2.0) + ")
          .append(f)
          .append("(x * x) * m;\n  }\n");
    }
    for (int i = 0; i < BINARY.length; i++) {
      String f = BINARY[i];
      String a = "(x * y + 0.5)";
      String b = "(y * y + 0.25 * x)";
      String call = f.startsWith("Math.") ? f + "(" + a + ", " + b + ")" : a + " " + f + " " + b;
      String swapped = f.startsWith("Math.") ? f + "(" + b + ", 2.0)" : "3.0 " + f + " " + b;
      s.append("  @Differentiable static double b")
          .append(i)
          .append("(double x, double y) {\n    double p = ")
          .append(call)
          .append(";\n    return p * (x - y) + ")
          .append(swapped)
          .append(" * x;\n  }\n");
    }
    s.append("""
          /** fma with every operand active, and with a constant. */
          @Differentiable static double fma(double x, double y) {
            double q = Math.fma(x * y, y - x, x * x);
            return q * y + Math.fma(x, 2.0, y * y) * x;
          }

          /** e^x sin y + log(x) y^2, one expression. */
          @Differentiable static double analytic(double x, double y) {
            return Math.exp(x) * Math.sin(y) + Math.log(x) * y * y;
          }

          /** atan2(y, x) + hypot(x, y), a run with a temporary. */
          @Differentiable static double polar(double x, double y) {
            double angle = Math.atan2(y, x);
            return angle + Math.hypot(x, y);
          }

          /** A partial that is a negative literal, negated again: e^x - (0.5 - 0.25 y). */
          @Differentiable static double doubleNegation(double x, double y) {
            return Math.exp(x) - (0.5 - y * 0.25);
          }

          /** x^y. */
          @Differentiable static double power(double x, double y) {
            return Math.pow(x, y) * 1.0;
          }
        """);
    // exp(0.01 s^2) with s the sum of WIDE inputs: as a run (too wide for one fused node: a chain
    // of nodes) and as one expression (cut into several fused nodes).
    StringBuilder sum = new StringBuilder("x[0]");
    for (int i = 1; i < WIDE; i++) {
      sum.append(" + x[").append(i).append("]");
    }
    s.append("  @Differentiable static double wideRun(double[] x) {\n    double s = ")
        .append(sum)
        .append(";\n    double q = s * s;\n    return Math.exp(0.01 * q);\n  }\n");
    s.append(
            "  @Differentiable static double wideExpression(double[] x) {\n    return Math.exp(0.01"
                + " * (")
        .append(sum)
        .append(") * (")
        .append(sum)
        .append("));\n  }\n");
    return s.append("}\n").toString();
  }

  private static final String SOURCE = source();
  private static final Compiled FUSED = Compiled.of("f.Ops", SOURCE);
  private static final Compiled UNFUSED =
      Compiled.of(List.of("-Agradgen.fuse=false"), "f.Ops", SOURCE);

  private static double[][] hessian(Compiled compiled, String method, Object... args) {
    return (double[][])
        Compiled.component(compiled.call("f.OpsGradients", method + "Hessian", args), "hessian");
  }

  private static double[] hessianVector(Compiled compiled, String method, Object... args) {
    return (double[]) compiled.call("f.OpsGradients", method + "HessianVectorProduct", args);
  }

  /** The gradient of a two-input method, from mGradient. */
  private static double[] gradient(String method, double x, double y) {
    Object record = FUSED.call("f.OpsGradients", method + "Gradient", x, y);
    return new double[] {
      (double) Compiled.component(record, "x"), (double) Compiled.component(record, "y")
    };
  }

  /** Central differences of the generated gradient: column j from steps along input j. */
  private static double[][] differences(String method, double x, double y) {
    double h = 1e-5;
    double[][] out = new double[2][2];
    for (int j = 0; j < 2; j++) {
      double[] plus = gradient(method, x + (j == 0 ? h : 0), y + (j == 1 ? h : 0));
      double[] minus = gradient(method, x - (j == 0 ? h : 0), y - (j == 1 ? h : 0));
      for (int i = 0; i < 2; i++) {
        out[i][j] = (plus[i] - minus[i]) / (2 * h);
      }
    }
    return out;
  }

  private static void assertClose(double expected, double actual, double relative, String what) {
    assertEquals(expected, actual, relative * Math.max(1.0, Math.abs(expected)), what);
  }

  private static void assertMatrix(
      double[][] expected, double[][] actual, double relative, String what) {
    assertEquals(expected.length, actual.length, what + ": rows");
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected.length; j++) {
        assertClose(expected[i][j], actual[i][j], relative, what + " [" + i + "][" + j + "]");
      }
    }
  }

  /** Fused against unfused, symmetry, H·v and central differences, for one method at (x, y). */
  private static void checkTwoInputs(String method, String what, double x, double y) {
    double[][] fused = hessian(FUSED, method, x, y);
    double[][] unfused = hessian(UNFUSED, method, x, y);
    assertMatrix(unfused, fused, 1e-12, what + " fused vs unfused");
    assertClose(fused[0][1], fused[1][0], 1e-12, what + " symmetric");
    assertMatrix(differences(method, x, y), fused, 1e-5, what + " vs central differences");
    double[] v = {0.7, -1.3};
    double[] hv = hessianVector(FUSED, method, x, y, v.clone());
    for (int i = 0; i < 2; i++) {
      assertClose(
          fused[i][0] * v[0] + fused[i][1] * v[1], hv[i], 1e-12, what + " (H·v)[" + i + "]");
    }
  }

  @Test
  void everyUnaryFunctionAgreesFusedAndUnfused() {
    for (int i = 0; i < UNARY.length; i++) {
      checkTwoInputs("u" + i, UNARY[i], 0.3, 0.6);
    }
  }

  @Test
  void everyBinaryFunctionAgreesFusedAndUnfused() {
    for (int i = 0; i < BINARY.length; i++) {
      checkTwoInputs("b" + i, BINARY[i], 0.3, 0.6);
    }
    checkTwoInputs("fma", "fma", 0.3, 0.6);
  }

  @Test
  void analyticSecondDerivatives() {
    double x = 0.8;
    double y = 1.3;
    double[][] expected = {
      {Math.exp(x) * Math.sin(y) - y * y / (x * x), Math.exp(x) * Math.cos(y) + 2 * y / x},
      {Math.exp(x) * Math.cos(y) + 2 * y / x, -Math.exp(x) * Math.sin(y) + 2 * Math.log(x)}
    };
    assertMatrix(expected, hessian(FUSED, "analytic", x, y), 1e-13, "exp sin + log y^2");
    double r2 = x * x + y * y;
    double r3 = r2 * Math.sqrt(r2);
    double[][] polar = {
      {2 * x * y / (r2 * r2) + y * y / r3, (y * y - x * x) / (r2 * r2) - x * y / r3},
      {(y * y - x * x) / (r2 * r2) - x * y / r3, -2 * x * y / (r2 * r2) + x * x / r3}
    };
    assertMatrix(polar, hessian(FUSED, "polar", x, y), 1e-13, "atan2 + hypot");
    double p = Math.pow(x, y);
    double[][] power = {
      {y * (y - 1) * Math.pow(x, y - 2), Math.pow(x, y - 1) * (1 + y * Math.log(x))},
      {Math.pow(x, y - 1) * (1 + y * Math.log(x)), p * Math.log(x) * Math.log(x)}
    };
    assertMatrix(power, hessian(FUSED, "power", x, y), 1e-13, "pow");
    // The fuzzer found `--0.25` (a decrement of a literal) written for a partial of +0.25.
    Object negation = FUSED.call("f.OpsGradients", "doubleNegationHessian", x, y);
    double[] gradient = (double[]) Compiled.component(negation, "gradient");
    assertEquals(Math.exp(x), gradient[0], 1e-15 * Math.exp(x), "d/dx of e^x - (0.5 - 0.25 y)");
    assertEquals(0.25, gradient[1], 0.0, "d/dy of e^x - (0.5 - 0.25 y)");
    assertMatrix(
        new double[][] {{Math.exp(x), 0.0}, {0.0, 0.0}},
        hessian(FUSED, "doubleNegation", x, y),
        1e-13,
        "e^x - (0.5 - 0.25 y)");
  }

  /** exp(0.01 s^2), s = sum of x: every entry f (0.02 + 0.0004 s^2), f the value. */
  @Test
  void wideRunsAndExpressionsKeepTheirHessians() {
    double[] x = new double[WIDE];
    double s = 0.0;
    for (int i = 0; i < WIDE; i++) {
      x[i] = 0.05 * Math.sin(i);
      s += x[i];
    }
    double f = Math.exp(0.01 * s * s);
    double entry = f * (0.02 + 0.0004 * s * s);
    for (String method : new String[] {"wideRun", "wideExpression"}) {
      for (Compiled compiled : new Compiled[] {FUSED, UNFUSED}) {
        double[][] h = hessian(compiled, method, (Object) x.clone());
        for (int i = 0; i < WIDE; i++) {
          for (int j = 0; j < WIDE; j++) {
            assertClose(entry, h[i][j], 1e-12, method + " [" + i + "][" + j + "]");
          }
        }
      }
      double[] v = new double[WIDE];
      double sumV = 0.0;
      for (int i = 0; i < WIDE; i++) {
        v[i] = Math.cos(i);
        sumV += v[i];
      }
      double[] hv = hessianVector(FUSED, method, x.clone(), v);
      for (int i = 0; i < WIDE; i++) {
        assertClose(entry * sumV, hv[i], 1e-11, method + " (H·v)[" + i + "]");
      }
    }
  }

  /** Fusion is on for the second-order builder: its helpers are there, and gone with it off. */
  @Test
  void secondOrderHelpersOnlyWithFusion() {
    assertTrue(helpers(FUSED).size() > UNARY.length, "fused helpers: " + helpers(FUSED));
    assertEquals(List.of(), helpers(UNFUSED));
  }

  private static List<String> helpers(Compiled compiled) {
    List<String> out = new ArrayList<>();
    for (Method m : compiled.load("f.OpsGradients").getDeclaredMethods()) {
      if (m.getName().contains("FusedDual")) {
        out.add(m.getName());
      }
    }
    out.sort(null);
    return Arrays.asList(out.toArray(new String[0]));
  }
}
