package dev.gradgen.processor;

import static dev.gradgen.processor.GradientHarness.at;
import static dev.gradgen.processor.GradientHarness.grads;
import static dev.gradgen.processor.GradientHarness.vec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradgen.Tensor;
import dev.gradgen.processor.GradientHarness.Batch;
import dev.gradgen.processor.GradientHarness.Fn;
import dev.gradgen.processor.GradientHarness.Unit;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Calls of other {@code @Differentiable} methods absorbed by the caller's fused node (the callee's
 * forward function gives the value and the local partial): Black–Scholes' greeks against the
 * analytic derivative of its Abramowitz–Stegun price, a call in a loop, callees of two
 * differentiable inputs and constant arguments (cuts, see FusedCalls.absorbs, with the same
 * values), nested calls, recursive callees, the {@code if} of erf at 0, callees that stay cuts, and
 * the second-order builder of a caller of such a cut. Values bit for bit, each
 * gradient also against finite differences and the builder, fused and unfused ({@link
 * GradientHarness}).
 */
class FusedCallsTest extends Batch {

  private static final double P = 0.3275911;
  private static final double[] A = {
    0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429
  };
  private static final double INV_SQRT2 = 0.7071067811865476;

  final Unit calls = unit("fc.Calls", """
      package fc;

      import dev.gradgen.Differentiable;

      final class Calls {
        // @methods
      }
      """);

  // The benchmark's workload, as in benchmarks/.../Workloads.java.
  final Fn blackScholes = calls.method("""
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
      """);

  final Fn erfAtZero = calls.method("""
      @Differentiable
      static double erfAtZero(double x) {
        return 3.0 * erf(x) + x;
      }
      """);

  final Fn sumOfCalls = calls.method("""
      @Differentiable
      static double sumOfCalls(double x, double y, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
          s += 0.5 * wave(x * i + y) - y;
        }
        return s;
      }

      @Differentiable
      static double wave(double u) {
        return u * u + Math.sin(u);
      }
      """);

  final Fn twoActive = calls.method("""
      @Differentiable
      static double twoActive(double x, double y) {
        return 2.0 * h2(x * y, x - y) + x;
      }

      @Differentiable
      static double h2(double a, double b) {
        return a * Math.exp(b) - b / a;
      }
      """);

  final Fn constantArguments = calls.method("""
      @Differentiable(wrt = {"x", "c"})
      static double constantArguments(double x, double c, double k) {
        return h2(x, 0.5) + scaled(2.0 * x, k) * c + scaled(x, 3.0);
      }

      @Differentiable(wrt = {"a"})
      static double scaled(double a, double c) {
        return c * a * a;
      }
      """);

  final Fn nested = calls.method("""
      @Differentiable
      static double nested(double x) {
        return 1.0 + cube(cube(x) * x);
      }

      @Differentiable
      static double cube(double u) {
        return u * u * u - u;
      }
      """);

  final Fn recursive = calls.method("""
      @Differentiable
      static double recursive(double x) {
        return 2.0 * halve(x * x, 3.0) + x;
      }

      @Differentiable
      static double halve(double x, double d) {
        if (d <= 0) {
          return x;
        }
        return 0.5 * halve(x * 1.1, d - 1.0);
      }
      """);

  final Fn notCovered = calls.method("""
      @Differentiable
      static double notCovered(double[] v, double x) {
        return x * total(v) + 2.0 * power(x, 3) * x;
      }

      @Differentiable
      static double total(double[] v) {
        double s = 0;
        for (int i = 0; i < v.length; i++) {
          s += v[i] * v[i];
        }
        return s;
      }

      @Differentiable
      static double power(double x, int n) {
        return n == 0 ? 1.0 : x * power(x, n - 1);
      }
      """);

  // ---------------------------------------------------------------- the approximation's calculus

  /** erf by Abramowitz–Stegun 7.1.26, odd, as the workload computes it. */
  private static double erf(double x) {
    if (x < 0) {
      return -erf(-x);
    }
    double t = 1.0 / (1.0 + P * x);
    return 1.0 - poly(t) * Math.exp(-x * x);
  }

  /** The approximation's derivative: even, from d/dx [1 - P(t(x)) exp(-x^2)], t = 1/(1 + p x). */
  private static double erfPrime(double x) {
    double u = Math.abs(x);
    double t = 1.0 / (1.0 + P * u);
    double dt = -P * t * t;
    double e = Math.exp(-u * u);
    return -polyPrime(t) * dt * e + 2.0 * u * poly(t) * e;
  }

  private static double poly(double t) {
    double sum = 0;
    for (int i = 0; i < A.length; i++) {
      sum += A[i] * Math.pow(t, i + 1);
    }
    return sum;
  }

  private static double polyPrime(double t) {
    double sum = 0;
    for (int i = 0; i < A.length; i++) {
      sum += (i + 1) * A[i] * Math.pow(t, i);
    }
    return sum;
  }

  private static double normCdf(double x) {
    return 0.5 * (1.0 + erf(x * INV_SQRT2));
  }

  private static double normPdf(double x) {
    return 0.5 * erfPrime(x * INV_SQRT2) * INV_SQRT2;
  }

  /** The four greeks of the workload's price, by the chain rule through its approximate N. */
  private static java.util.Map<String, Object> greeks(GradientHarness.Point p) {
    double s = p.d(0);
    double k = p.d(1);
    double sigma = p.d(2);
    double r = p.d(3);
    double t = p.d(4);
    double b = sigma * Math.sqrt(t);
    double a = Math.log(s / k) + (r + 0.5 * sigma * sigma) * t;
    double d1 = a / b;
    double d2 = d1 - b;
    double discount = Math.exp(-r * t);
    double n1 = normPdf(d1);
    double n2 = normPdf(d2);
    double d1s = 1.0 / (s * b);
    double d1sigma = (sigma * t * b - a * Math.sqrt(t)) / (b * b);
    double d1r = t / b;
    double d1t = ((r + 0.5 * sigma * sigma) * b - a * sigma / (2 * Math.sqrt(t))) / (b * b);
    double delta = normCdf(d1) + s * n1 * d1s - k * discount * n2 * d1s;
    double vega = s * n1 * d1sigma - k * discount * n2 * (d1sigma - Math.sqrt(t));
    double rho = s * n1 * d1r - k * (-t * discount * normCdf(d2) + discount * n2 * d1r);
    double theta = s * n1 * d1t
        - k * (-r * discount * normCdf(d2) + discount * n2 * (d1t - sigma / (2 * Math.sqrt(t))));
    return grads("s", delta, "sigma", vega, "r", rho, "t", theta);
  }

  // ---------------------------------------------------------------- tests

  @Test
  void blackScholesGreeksAgainstTheApproximationsDerivative() {
    // In the money (d1, d2 > 0), out of the money (both < 0: erf's recursive branch), and between.
    blackScholes.check(
        FusedCallsTest::greeks,
        at(100.0, 90.0, 0.2, 0.03, 0.5),
        at(100.0, 130.0, 0.25, 0.01, 0.75),
        at(100.0, 104.0, 0.3, 0.02, 1.5));
  }

  @Test
  void blackScholesGreeksNearTheClosedForms() {
    // The true N's closed forms hold to the approximation's error (|erf error| < 1.5e-7, and its
    // derivative's error is of the same order): delta = N(d1), vega = s phi(d1) sqrt(t).
    double s = 100;
    double k = 95;
    double sigma = 0.2;
    double r = 0.03;
    double t = 0.5;
    Object g = blackScholes.gradient(s, k, sigma, r, t);
    double d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / (sigma * Math.sqrt(t));
    double phi = Math.exp(-0.5 * d1 * d1) / Math.sqrt(2 * Math.PI);
    assertEquals(normCdf(d1), (Double) Compiled.component(g, "s"), 1e-5);
    assertEquals(s * phi * Math.sqrt(t), (Double) Compiled.component(g, "sigma"), 1e-3);
  }

  @Test
  void theCallsAreAbsorbedIntoOneNode() {
    // The whole body of blackScholes is one run: the builder makes a single node over its four
    // leaves (the calls of normCdf, and erf in it, are operations of that node).
    Tensor[] leaves = {new Tensor(100.0), new Tensor(0.2), new Tensor(0.03), new Tensor(0.5)};
    Tensor out = (Tensor) blackScholes
        .compiled()
        .call(
            blackScholes.companion(),
            "blackScholes",
            leaves[0],
            90.0,
            leaves[1],
            leaves[2],
            leaves[3]);
    assertEquals(1, out.topologicalOrder().size() - leaves.length, "nodes besides the leaves");
    // Unfused, the calls stay cuts: many nodes.
    Tensor[] more = {new Tensor(100.0), new Tensor(0.2), new Tensor(0.03), new Tensor(0.5)};
    Tensor unfused = (Tensor) blackScholes
        .compiledWith(List.of("-Agradgen.fuse=false"))
        .compiled()
        .call(blackScholes.companion(), "blackScholes", more[0], 90.0, more[1], more[2], more[3]);
    assertTrue(unfused.topologicalOrder().size() > 20, "unfused nodes");
  }

  @Test
  void theIfOfErfAtZeroFollowsTheRealValue() {
    // At x = 0 the condition x < 0 is false: the non-negative branch's derivative, p P'(1) (the
    // approximation's two one-sided derivatives agree only to about 1e-9, so no finite difference).
    double right = P * polyPrime(1.0);
    assertEquals(right, erfPrime(0.0), 1e-15);
    for (List<String> variant : GradientHarness.VARIANTS) {
      Fn fn = erfAtZero.compiledWith(variant);
      Object g = fn.gradient(0.0);
      assertEquals(3.0 * right + 1.0, (Double) Compiled.component(g, "x"), 1e-14, fn.toString());
      GradientHarness.assertBitsEqual(
          fn.plain(0.0), (Double) Compiled.component(g, "value"), fn + ": value");
      Object n = fn.compiled().call(fn.companion(), "normCdfGradient", 0.0);
      assertEquals(
          0.5 * right * INV_SQRT2, (Double) Compiled.component(n, "x"), 1e-14, fn.toString());
    }
    erfAtZero.check(p -> grads("x", 3.0 * erfPrime(p.d(0)) + 1.0), at(-0.4), at(0.7), at(2.5));
  }

  @Test
  void aCallInsideALoop() {
    sumOfCalls.check(
        p -> {
          double dx = 0;
          double dy = 0;
          for (int i = 0; i < p.n(2); i++) {
            double u = p.d(0) * i + p.d(1);
            double wave = 2 * u + Math.cos(u);
            dx += 0.5 * wave * i;
            dy += 0.5 * wave - 1.0;
          }
          return grads("x", dx, "y", dy);
        },
        at(0.3, -0.7, 5),
        at(-1.25, 2.0, 3),
        at(0.5, 0.5, 0));
  }

  @Test
  void aCallWithTwoActiveArguments() {
    twoActive.check(
        p -> {
          double x = p.d(0);
          double y = p.d(1);
          double a = x * y;
          double b = x - y;
          double ha = Math.exp(b) + b / (a * a);
          double hb = a * Math.exp(b) - 1.0 / a;
          return grads("x", 2.0 * (ha * y + hb) + 1.0, "y", 2.0 * (ha * x - hb));
        },
        at(0.8, 1.3),
        at(-1.5, 0.25),
        at(2.0, -0.6));
  }

  @Test
  void constantArgumentsAndParametersWithoutTangents() {
    // h2(x, 0.5): d/da = e^0.5 + 0.5 / a^2; scaled(2x, k) c = 4 k c x^2; scaled(x, 3) = 3 x^2.
    constantArguments.check(
        p -> {
          double x = p.d(0);
          double c = p.d(1);
          double k = p.d(2);
          return grads(
              "x", Math.exp(0.5) + 0.5 / (x * x) + 8 * k * c * x + 6 * x, "c", 4 * k * x * x);
        },
        at(0.7, 1.5, 3.0),
        at(-2.0, -0.3, 0.25));
  }

  @Test
  void nestedCalls() {
    nested.check(
        p -> {
          double x = p.d(0);
          double inner = x * x * x - x;
          double u = inner * x;
          double outer = 3 * u * u - 1;
          return grads("x", outer * ((3 * x * x - 1) * x + inner));
        },
        at(0.6),
        at(-1.1),
        at(1.7));
  }

  @Test
  void recursiveCallees() {
    // halve(u, 3) = 0.125 * 1.331 u: four levels, the branch on d's real value.
    recursive.check(p -> grads("x", 2.0 * 0.125 * 1.331 * 2 * p.d(0) + 1.0), at(0.9), at(-2.0));
    blackScholes.check(null, at(100.0, 160.0, 0.2, 0.01, 0.25));
  }

  @Test
  void callsThatAreNotCoveredStayCuts() {
    // total(double[]) and power(double, int) are not absorbed: through their builders, as before.
    notCovered.check(
        p -> {
          double[] v = p.a(0);
          double x = p.d(1);
          double total = 0;
          double[] dv = new double[v.length];
          for (int i = 0; i < v.length; i++) {
            total += v[i] * v[i];
            dv[i] = 2 * x * v[i];
          }
          return grads("v", dv, "x", total + 8.0 * x * x * x);
        },
        at(vec(1, -2, 0.5), 1.5),
        at(vec(0.25), -0.8));
    String companion = generated("fc.CallsGradients");
    assertTrue(companion.contains("CallsGradients.total("), "total is called through its builder");
    assertTrue(companion.contains("CallsGradients.power("), "power is called through its builder");
  }

  @Test
  void theSecondOrderBuilderOfACallerOfATwoInputCallee() {
    // The Hessian of twoActive by its second-order builder, against central differences of the
    // gradient; h2 has two differentiable inputs, so both orders call its builders.
    double x = 0.8;
    double y = 1.3;
    Object h = twoActive.compiled().call(twoActive.companion(), "twoActiveHessian", x, y);
    double[][] hessian = (double[][]) Compiled.component(h, "hessian");
    double[] gradient = (double[]) Compiled.component(h, "gradient");
    Object g = twoActive.gradient(x, y);
    assertEquals((Double) Compiled.component(g, "x"), gradient[0], 1e-12);
    assertEquals((Double) Compiled.component(g, "y"), gradient[1], 1e-12);
    double[][] numeric = {
      {
        GradientHarness.derivative(u -> partial(u, y, "x"), x),
        GradientHarness.derivative(v -> partial(x, v, "x"), y)
      },
      {
        GradientHarness.derivative(u -> partial(u, y, "y"), x),
        GradientHarness.derivative(v -> partial(x, v, "y"), y)
      }
    };
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        assertEquals(numeric[i][j], hessian[i][j], 1e-6 * Math.max(1, Math.abs(numeric[i][j])));
      }
    }
    String companion = generated("fc.CallsGradients");
    assertTrue(companion.contains("DualTensor h2("), "the second-order builder of h2");
  }

  private double partial(double x, double y, String component) {
    return (Double) Compiled.component(twoActive.gradient(x, y), component);
  }

  /** The generated source of {@code className} in the default (fused) compilation. */
  private String generated(String className) {
    for (JavaFileObject file : blackScholes.compiled().compilation().generatedSourceFiles()) {
      if (file.getName().endsWith(className.replace('.', '/') + ".java")) {
        try {
          return file.getCharContent(true).toString();
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }
    throw new AssertionError("no generated " + className);
  }
}
