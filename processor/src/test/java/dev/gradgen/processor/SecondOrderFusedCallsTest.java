package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Calls absorbed by second-order fused nodes through the callee's hyper-dual forward function
 * ({@code mForwardSecond}): Black–Scholes' second-order greeks against the closed forms of its
 * Abramowitz–Stegun price, H·v against the Hessian times v, a callee of two differentiable
 * inputs (a cut: see FusedCalls.absorbs), a recursive one, callees with a branch, a loop and a conditional, the hyper-dual function itself
 * against analytic derivatives, and callees that stay cuts (through their second-order builders).
 * Every case also with fusion off ({@code -Agradgen.fuse=false}, which absorbs nothing).
 */
class SecondOrderFusedCallsTest {

  private static final double P = 0.3275911;
  private static final double[] A = {
    0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429
  };
  private static final double INV_SQRT2 = 0.7071067811865476;
  private static final String COMPANION = "so.CallsGradients";

  private static final String CALLS = """
      package so;

      import dev.gradgen.Differentiable;

      final class Calls {
        static double counter = 2.0;

        @Differentiable(wrt = {"s", "sigma", "r", "t"})
        static double blackScholes(double s, double k, double sigma, double r, double t) {
          double sqrtT = Math.sqrt(t);
          double sigmaSqrtT = sigma * sqrtT;
          double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / sigmaSqrtT;
          double d2 = d1 - sigmaSqrtT;
          double discount = Math.exp(-r * t);
          return s * normCdf(d1) - k * discount * normCdf(d2);
        }

        @Differentiable
        static double normCdf(double x) {
          return 0.5 * (1.0 + erf(x * 0.7071067811865476));
        }

        @Differentiable
        static double erf(double x) {
          if (x < 0.0) {
            return -erf(-x);
          }
          double t = 1.0 / (1.0 + 0.3275911 * x);
          double poly =
              ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t
                      + 0.254829592)
                  * t;
          return 1.0 - poly * Math.exp(-x * x);
        }

        @Differentiable
        static double twoActive(double x, double y) {
          return 2.0 * h2(x * y, x - y) + x;
        }

        @Differentiable
        static double h2(double a, double b) {
          return a * Math.exp(b) - b / a;
        }

        @Differentiable
        static double branchy(double x, double y) {
          return kink(x * y) + 0.5 * kink(x + y) * fifth(y) + steep(x - y);
        }

        /** u^3 above 1, u sin u below. */
        @Differentiable
        static double kink(double u) {
          if (u > 1.0) {
            return u * u * u;
          } else {
            double w = Math.sin(u);
            w *= u;
            return w;
          }
        }

        /** u^5 by a loop. */
        @Differentiable
        static double fifth(double u) {
          double p = 1.0;
          for (int i = 0; i < 5; i++) {
            p *= u;
          }
          return p;
        }

        /** u^2 for u > 0, -u otherwise, by a conditional. */
        @Differentiable
        static double steep(double u) {
          return u > 0 ? u * u : -u;
        }

        @Differentiable
        static double recursive(double x) {
          return 2.0 * halve(x * x, 3.0) + x;
        }

        @Differentiable(wrt = "x")
        static double halve(double x, double d) {
          if (d <= 0) {
            return x;
          }
          return 0.5 * halve(x * 1.1, d - 1.0);
        }

        @Differentiable
        static double cuts(double x, double y) {
          return viaArray(x * y) + viaFma(x, y) * x + viaField(y) * y;
        }

        /** An array local: absorbed by first-order nodes, not by second-order ones. */
        @Differentiable
        static double viaArray(double u) {
          double[] a = {u, u * u};
          return a[0] * a[1];
        }

        /** fma has no hyper-dual rule here: a cut. */
        @Differentiable
        static double viaFma(double a, double b) {
          return Math.fma(a, b, a * a);
        }

        @Differentiable
        static double wideCalls(double x) {
          return 2.0 * wide(x * x, WIDE_ARGUMENTS) + long100(x);
        }

        /** 40 differentiable parameters: its hyper-dual function would pass the JVM's 255 slots. */
        @Differentiable
        static double wide(WIDE_PARAMETERS) {
          return p0 * p0 + p39;
        }

        /** 100 x^2, over more expression nodes than a hyper-dual function is written for. */
        @Differentiable
        static double long100(double x) {
          double s = 0.0;
          LONG_BODY
          return s;
        }

        /** A run too wide for one node (a chain of nodes), with an absorbed call. */
        @Differentiable
        static double wideRun(double[] x) {
          double s = WIDE_SUM;
          double q = h1(s);
          return Math.exp(0.01 * q);
        }

        @Differentiable
        static double h1(double a) {
          return a * Math.exp(a) - 1.0;
        }

        /** Reads a field: not self-contained, a cut for both orders. */
        @Differentiable
        static double viaField(double u) {
          return counter * u * u;
        }
      }
      """;

  private static final Map<List<String>, Compiled> COMPILED = new ConcurrentHashMap<>();

  private static Compiled compiled(List<String> options) {
    return COMPILED.computeIfAbsent(options, o -> Compiled.of(o, "so.Calls", source()));
  }

  /** {@link #CALLS} with the wide parameter list and the long body written out. */
  private static String source() {
    StringBuilder parameters = new StringBuilder();
    StringBuilder arguments = new StringBuilder();
    for (int i = 0; i < 40; i++) {
      parameters.append(i == 0 ? "" : ", ").append("double p").append(i);
      if (i > 0) {
        arguments.append(i == 1 ? "" : ", ").append(i).append(".0");
      }
    }
    return CALLS
        .replace("WIDE_PARAMETERS", parameters)
        .replace("WIDE_ARGUMENTS", arguments)
        .replace("LONG_BODY", "s += x * x;\n".repeat(100))
        .replace("WIDE_SUM", wideSum());
  }

  private static String wideSum() {
    StringBuilder sum = new StringBuilder("x[0]");
    for (int i = 1; i < 60; i++) {
      sum.append(" + x[").append(i).append("]");
    }
    return sum.toString();
  }

  private static final List<List<String>> VARIANTS =
      List.of(List.of(), List.of("-Agradgen.fuse=false"));

  private static Object hessianRecord(List<String> options, String method, Object... args) {
    return compiled(options).call(COMPANION, method + "Hessian", args);
  }

  private static double[][] hessian(Object record) {
    return (double[][]) Compiled.component(record, "hessian");
  }

  private static double[] gradient(Object record) {
    return (double[]) Compiled.component(record, "gradient");
  }

  private static double value(Object record) {
    return (double) Compiled.component(record, "value");
  }

  private static void assertClose(double expected, double actual, double relative, String what) {
    assertEquals(expected, actual, relative * Math.max(1.0, Math.abs(expected)), what);
  }

  // ---------------------------------------------------------------- Abramowitz–Stegun erf

  /** erf by A–S 7.1.26 and its first and second derivatives, in closed form. */
  private static double[] erfJet(double x) {
    if (x < 0) {
      double[] j = erfJet(-x);
      return new double[] {-j[0], j[1], -j[2]};
    }
    double t = 1.0 / (1.0 + P * x);
    double poly = 0;
    double dpoly = 0;
    double ddpoly = 0;
    for (int k = 0; k < 5; k++) {
      poly += A[k] * Math.pow(t, k + 1);
      dpoly += (k + 1) * A[k] * Math.pow(t, k);
      ddpoly += k == 0 ? 0 : (k + 1) * k * A[k] * Math.pow(t, k - 1);
    }
    double dt = -P * t * t;
    double ddt = 2 * P * P * t * t * t;
    double e = Math.exp(-x * x);
    // E = poly(t(x)) e^{-x^2}; erf = 1 - E.
    double q = dpoly * dt - 2 * x * poly;
    double dq = ddpoly * dt * dt + dpoly * ddt - 2 * poly - 2 * x * dpoly * dt;
    return new double[] {1.0 - poly * e, -e * q, -(e * dq - 2 * x * e * q)};
  }

  /** N, N' and N'' of the A–S normal CDF 0.5 (1 + erf(x / sqrt 2)). */
  private static double[] normJet(double x) {
    double[] j = erfJet(x * INV_SQRT2);
    return new double[] {
      0.5 * (1 + j[0]), 0.5 * INV_SQRT2 * j[1], 0.5 * INV_SQRT2 * INV_SQRT2 * j[2]
    };
  }

  @Test
  void blackScholesSecondOrderGreeksAgainstTheApproximationsClosedForms() {
    double[][] points = {{100, 95, 0.25, 0.03, 0.75}, {80, 120, 0.4, 0.01, 2.0}};
    for (List<String> options : VARIANTS) {
      for (double[] p : points) {
        double s = p[0];
        double k = p[1];
        double sigma = p[2];
        double r = p[3];
        double t = p[4];
        double sqrtT = Math.sqrt(t);
        double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / (sigma * sqrtT);
        double d2 = d1 - sigma * sqrtT;
        double big = k * Math.exp(-r * t);
        double[] n1 = normJet(d1);
        double[] n2 = normJet(d2);
        // d1 and d2 have the same s-derivatives; d1_sigma = -d2 / sigma, d2_sigma = -d1 / sigma.
        double ds = 1 / (s * sigma * sqrtT);
        double dss = -1 / (s * s * sigma * sqrtT);
        double dsSigma = -1 / (s * sigma * sigma * sqrtT);
        double d1Sigma = -d2 / sigma;
        double d2Sigma = -d1 / sigma;
        double dSigmaSigma = (d1 + d2) / (sigma * sigma);
        double gamma = 2 * n1[1] * ds
            + s * n1[2] * ds * ds
            + s * n1[1] * dss
            - big * n2[2] * ds * ds
            - big * n2[1] * dss;
        double vanna = n1[1] * d1Sigma
            + s * n1[2] * d1Sigma * ds
            + s * n1[1] * dsSigma
            - big * n2[2] * d2Sigma * ds
            - big * n2[1] * dsSigma;
        double volga = s * n1[2] * d1Sigma * d1Sigma
            + s * n1[1] * dSigmaSigma
            - big * n2[2] * d2Sigma * d2Sigma
            - big * n2[1] * dSigmaSigma;
        double delta = n1[0] + s * n1[1] * ds - big * n2[1] * ds;
        Object record = hessianRecord(options, "blackScholes", s, k, sigma, r, t);
        double[][] h = hessian(record);
        String where = options + " at " + java.util.Arrays.toString(p);
        // Flattened order: s, sigma, r, t.
        assertClose(gamma, h[0][0], 1e-10, "gamma " + where);
        assertClose(vanna, h[0][1], 1e-10, "vanna " + where);
        assertClose(vanna, h[1][0], 1e-10, "vanna, the other way " + where);
        assertClose(volga, h[1][1], 1e-10, "volga " + where);
        assertClose(delta, gradient(record)[0], 1e-12, "delta " + where);
        double plain =
            (double) compiled(options).call("so.Calls", "blackScholes", s, k, sigma, r, t);
        assertEquals(plain, value(record), 0.0, "the value bit for bit " + where);
        // Near the true normal's greeks (A–S is within 1.5e-7 of erf).
        double density = Math.exp(-0.5 * d1 * d1) / Math.sqrt(2 * Math.PI);
        assertEquals(density / (s * sigma * sqrtT), h[0][0], 1e-5, "gamma near the closed form");
      }
    }
  }

  @Test
  void blackScholesHessianVectorProductIsTheHessianTimesV() {
    double[] v = {0.3, -1.25, 2.0, 0.5};
    Object[] args = {100.0, 95.0, 0.25, 0.03, 0.75};
    for (List<String> options : VARIANTS) {
      double[][] h = hessian(hessianRecord(options, "blackScholes", args));
      Object[] withV = {100.0, 95.0, 0.25, 0.03, 0.75, v.clone()};
      double[] hv =
          (double[]) compiled(options).call(COMPANION, "blackScholesHessianVectorProduct", withV);
      for (int i = 0; i < 4; i++) {
        double expected = 0;
        double scale = 0;
        for (int j = 0; j < 4; j++) {
          expected += h[i][j] * v[j];
          scale += Math.abs(h[i][j] * v[j]);
        }
        assertEquals(expected, hv[i], 1e-13 * Math.max(1, scale), options + " row " + i);
      }
    }
  }

  @Test
  void blackScholesIsOneSecondOrderNode() {
    String companion = generated(List.of());
    String builder = method(companion, "public static DualTensor blackScholes(");
    assertTrue(builder.contains("return blackScholesFusedDual1("), builder);
    assertFalse(builder.contains("normCdf("), builder);
    assertTrue(companion.contains("double erfForwardSecond("), "erf's hyper-dual function");
    assertTrue(companion.contains("double normCdfForwardSecond("), "normCdf's hyper-dual function");
    assertFalse(generated(List.of("-Agradgen.fuse=false")).contains("ForwardSecond("));
  }

  @Test
  void theHyperDualFunctionOfErfAgainstItsClosedForm() {
    for (double x : new double[] {-1.3, -0.2, 0.0, 0.4, 2.5}) {
      double[] jet = erfJet(x);
      double[] result = new double[3];
      // Tangents 1 and 1, mixed term 0: f', f' and f''.
      double value = (double)
          compiled(List.of()).call(COMPANION, "erfForwardSecond", x, 1.0, 1.0, 0.0, result);
      assertEquals(
          (double) compiled(List.of()).call("so.Calls", "erf", x), value, 0.0, "erf(" + x + ")");
      assertClose(jet[1], result[0], 1e-14, "erf'(" + x + ")");
      assertClose(jet[1], result[1], 1e-14, "erf'(" + x + "), second tangent");
      assertClose(jet[2], result[2], 1e-13, "erf''(" + x + ")");
      // Tangents 2 and -3 with mixed term 0.5: 2 f', -3 f', -6 f'' + 0.5 f'.
      compiled(List.of()).call(COMPANION, "erfForwardSecond", x, 2.0, -3.0, 0.5, result);
      assertClose(2 * jet[1], result[0], 1e-14, "2 erf'(" + x + ")");
      assertClose(-3 * jet[1], result[1], 1e-14, "-3 erf'(" + x + ")");
      assertClose(-6 * jet[2] + 0.5 * jet[1], result[2], 1e-13, "mixed at " + x);
    }
  }

  // ---------------------------------------------------------------- two active arguments

  @Test
  void aCalleeOfTwoActiveArguments() {
    for (List<String> options : VARIANTS) {
      for (double[] p : new double[][] {{0.8, 1.3}, {-1.1, 0.4}}) {
        double x = p[0];
        double y = p[1];
        double a = x * y;
        double b = x - y;
        double eb = Math.exp(b);
        double ha = eb + b / (a * a);
        double haa = -2 * b / (a * a * a);
        double hab = eb + 1 / (a * a);
        double hbb = a * eb;
        // F = 2 h(xy, x - y) + x: a_x = y, a_y = x, a_xy = 1, b_x = 1, b_y = -1.
        double fxx = 2 * (haa * y * y + 2 * hab * y + hbb);
        double fxy = 2 * (haa * x * y + hab * (x - y) - hbb + ha);
        double fyy = 2 * (haa * x * x - 2 * hab * x + hbb);
        double[][] h = hessian(hessianRecord(options, "twoActive", x, y));
        String where = options + " at " + x + ", " + y;
        assertClose(fxx, h[0][0], 1e-13, "xx " + where);
        assertClose(fxy, h[0][1], 1e-13, "xy " + where);
        assertClose(fxy, h[1][0], 1e-13, "yx " + where);
        assertClose(fyy, h[1][1], 1e-13, "yy " + where);
      }
    }
    // A callee of two differentiable inputs stays a cut (its forward function would run with a
    // zero tangent in one of them): the values above come through its second-order builder.
    String builder = method(generated(List.of()), "public static DualTensor twoActive(");
    assertTrue(builder.contains("CallsGradients.h2("), builder);
  }

  // ---------------------------------------------------------------- control flow

  private static double[] kinkJet(double u) {
    if (u > 1.0) {
      return new double[] {u * u * u, 3 * u * u, 6 * u};
    }
    return new double[] {
      u * Math.sin(u), Math.sin(u) + u * Math.cos(u), 2 * Math.cos(u) - u * Math.sin(u)
    };
  }

  private static double[] steepJet(double u) {
    return u > 0 ? new double[] {u * u, 2 * u, 2} : new double[] {-u, -1, 0};
  }

  @Test
  void calleesWithABranchALoopAndAConditional() {
    // Points on each side of kink's branch (u = xy and x + y) and steep's (x - y).
    double[][] points = {{1.5, 1.2}, {0.3, 0.5}, {-0.4, 0.7}, {2.0, -0.3}};
    for (List<String> options : VARIANTS) {
      for (double[] p : points) {
        double x = p[0];
        double y = p[1];
        double[] k1 = kinkJet(x * y);
        double[] k2 = kinkJet(x + y);
        double[] st = steepJet(x - y);
        double f5 = Math.pow(y, 5);
        double f5y = 5 * Math.pow(y, 4);
        double f5yy = 20 * Math.pow(y, 3);
        // F = k(xy) + 0.5 k(x + y) y^5 + s(x - y).
        double fxx = k1[2] * y * y + 0.5 * k2[2] * f5 + st[2];
        double fxy = k1[2] * x * y + k1[1] + 0.5 * (k2[2] * f5 + k2[1] * f5y) - st[2];
        double fyy = k1[2] * x * x + 0.5 * (k2[2] * f5 + 2 * k2[1] * f5y + k2[0] * f5yy) + st[2];
        double[][] h = hessian(hessianRecord(options, "branchy", x, y));
        String where = options + " at " + x + ", " + y;
        assertClose(fxx, h[0][0], 1e-13, "xx " + where);
        assertClose(fxy, h[0][1], 1e-13, "xy " + where);
        assertClose(fxy, h[1][0], 1e-13, "yx " + where);
        assertClose(fyy, h[1][1], 1e-13, "yy " + where);
        double plain = (double) compiled(options).call("so.Calls", "branchy", x, y);
        assertEquals(plain, value(hessianRecord(options, "branchy", x, y)), 0.0, where);
      }
    }
    String builder = method(generated(List.of()), "public static DualTensor branchy(");
    assertFalse(builder.contains("kink("), builder);
  }

  @Test
  void aRecursiveCallee() {
    // halve(u, 3) = 0.125 * 1.331 u: F = 2 * 0.166375 x^2 + x, F'' = 0.6655.
    for (List<String> options : VARIANTS) {
      for (double x : new double[] {0.9, -2.0}) {
        Object record = hessianRecord(options, "recursive", x);
        assertClose(4 * 0.125 * 1.331, hessian(record)[0][0], 1e-14, options + " at " + x);
        assertClose(4 * 0.125 * 1.331 * x + 1, gradient(record)[0], 1e-14, options + " at " + x);
      }
    }
    assertTrue(generated(List.of()).contains("double halveForwardSecond("));
  }

  // ---------------------------------------------------------------- cuts

  @Test
  void calleesThatStayCuts() {
    for (List<String> options : VARIANTS) {
      double x = 0.7;
      double y = -1.4;
      // F = (xy)^3 + (xy + x^2) x + 2 y^3.
      double fxx = 6 * x * y * y * y + 2 * y + 6 * x;
      double fxy = 9 * x * x * y * y + 2 * x;
      double fyy = 6 * x * x * x * y + 12 * y;
      double[][] h = hessian(hessianRecord(options, "cuts", x, y));
      assertArrayEquals(new double[] {fxx, fxy}, h[0], 1e-12, options.toString());
      assertArrayEquals(new double[] {fxy, fyy}, h[1], 1e-12, options.toString());
    }
    String companion = generated(List.of());
    String builder = method(companion, "public static DualTensor cuts(");
    assertTrue(builder.contains("CallsGradients.viaArray("), builder);
    assertTrue(builder.contains("CallsGradients.viaFma("), builder);
    assertTrue(builder.contains("CallsGradients.viaField("), builder);
    assertFalse(companion.contains("viaArrayForwardSecond"), "no hyper-dual function for arrays");
  }

  @Test
  void calleesTooWideOrTooLongForAHyperDualFunctionStayCuts() {
    // F = 2 (x^4 + 39) + 100 x^2: F'' = 24 x^2 + 200.
    for (List<String> options : VARIANTS) {
      for (double x : new double[] {0.5, -1.5}) {
        Object record = hessianRecord(options, "wideCalls", x);
        assertClose(24 * x * x + 200, hessian(record)[0][0], 1e-13, options + " at " + x);
        assertClose(8 * x * x * x + 200 * x, gradient(record)[0], 1e-13, options + " at " + x);
      }
    }
    String companion = generated(List.of());
    assertFalse(companion.contains("wideForwardSecond"), "40 parameters: no hyper-dual function");
    assertFalse(companion.contains("long100ForwardSecond"), "a long body: no hyper-dual function");
    String builder = method(companion, "public static DualTensor wideCalls(");
    assertTrue(builder.contains("CallsGradients.wide("), builder);
    assertTrue(builder.contains("CallsGradients.long100("), builder);
  }

  @Test
  void anAbsorbedCallInAChainOfNodes() {
    // q = h1(s) = s e^s - 1 with s the sum of the 60 inputs; F = exp(0.01 q): every entry of
    // the gradient is F'(s) = 0.01 q' F, every entry of the Hessian F''(s) = F (0.01 q'' + (0.01
    // q')^2), q' = e^s (1 + s), q'' = e^s (2 + s).
    double[] x = new double[60];
    double s = 0;
    for (int i = 0; i < 60; i++) {
      x[i] = 0.01 * i - 0.3;
      s += x[i];
    }
    double q = s * Math.exp(s) - 1;
    double f = Math.exp(0.01 * q);
    double q1 = Math.exp(s) * (1 + s);
    double q2 = Math.exp(s) * (2 + s);
    double f1 = 0.01 * q1 * f;
    double f2 = f * (0.01 * q2 + 0.0001 * q1 * q1);
    for (List<String> options : VARIANTS) {
      Object record = compiled(options).call(COMPANION, "wideRunHessian", (Object) x.clone());
      double[][] h = hessian(record);
      for (int i = 0; i < 60; i++) {
        assertClose(f1, gradient(record)[i], 1e-12, options + " gradient " + i);
        for (int j = 0; j < 60; j++) {
          assertClose(f2, h[i][j], 1e-12, options + " H[" + i + "][" + j + "]");
        }
      }
    }
    String companion = generated(List.of());
    assertTrue(companion.contains("as a chain of second-order nodes"), "the run is a chain");
    String chain = companion.substring(companion.indexOf("as a chain of second-order nodes"));
    chain = chain.substring(0, chain.indexOf("\n    }\n"));
    assertTrue(chain.contains("h1ForwardSecond("), chain);
  }

  // ---------------------------------------------------------------- generated code

  /** The generated companion's source in the compilation with {@code options}. */
  private static String generated(List<String> options) {
    for (JavaFileObject file : compiled(options).compilation().generatedSourceFiles()) {
      if (file.getName().endsWith("so/CallsGradients.java")) {
        try {
          return file.getCharContent(true).toString();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }
    throw new AssertionError("no generated so.CallsGradients");
  }

  /** The text of the method whose declaration starts with {@code header}, to its closing brace. */
  private static String method(String source, String header) {
    int start = source.indexOf(header);
    assertTrue(start >= 0, "no " + header);
    int end = source.indexOf("\n    }\n", start);
    return source.substring(start, end);
  }
}
