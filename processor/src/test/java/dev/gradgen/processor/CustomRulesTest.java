package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Calls through {@code @DerivativeOf} rules (issue 12): the value is bit for bit the target's, the
 * partials agree with analytic derivatives and with central finite differences of the plain method,
 * fused and one node per operation.
 */
class CustomRulesTest {

  private static final String RULES = """
      package r;
      import dev.gradgen.DerivativeOf;
      import org.apache.commons.math3.distribution.NormalDistribution;
      import org.apache.commons.math3.special.Erf;
      import org.apache.commons.math3.special.Gamma;
      final class SpecialRules {
        /** d erf(x)/dx */
        @DerivativeOf(type = Erf.class, method = "erf")
        static double erf(double x) { return 2 / Math.sqrt(Math.PI) * Math.exp(-x * x); }

        /** an instance target: the receiver comes first and is a constant */
        @DerivativeOf(type = NormalDistribution.class, method = "cumulativeProbability")
        static double cdf(NormalDistribution d, double x) { return d.density(x); }

        /** d P(a, x)/dx only; the two-parameter overload */
        @DerivativeOf(type = Gamma.class, method = "regularizedGammaP", wrt = {"x"})
        static double gammaP(double a, double x) {
          return Math.exp(-x + (a - 1) * Math.log(x) - Gamma.logGamma(a));
        }
      }
      """;

  private static final String MODEL = """
      package r;
      import dev.gradgen.DerivativeOf;
      import dev.gradgen.Differentiable;
      final class Model {
        /** Opaque to gradgen: not @Differentiable. */
        static double f(double x, double y) { return x * y + Math.sin(x); }

        /** {d/dx, d/dy}; type defaults to the rule's own class. */
        @DerivativeOf(method = "f")
        static double[] fPartials(double x, double y) { return new double[] {y + Math.cos(x), x}; }

        static double dot(double[] w, double[] v) {
          double s = 0;
          for (int i = 0; i < w.length; i++) s += w[i] * v[i];
          return s;
        }

        /** Array parameters: the partials flattened, w's elements then v's. */
        @DerivativeOf(method = "dot")
        static double[] dotPartials(double[] w, double[] v) {
          double[] out = new double[w.length + v.length];
          for (int i = 0; i < w.length; i++) { out[i] = v[i]; out[w.length + i] = w[i]; }
          return out;
        }

        static double scaled(double x, int n) { return x * n; }

        /** An int parameter is no differentiable one: one double, so a double. */
        @DerivativeOf(method = "scaled")
        static double scaledPartial(double x, int n) { return n; }

        static double cube(double x) { return x * x * x; }

        /** An instance target inherited from a superclass, with the rule on the subclass. */
        @DerivativeOf(type = Derived.class, method = "h")
        static double dh(Derived d, double x) { return 2 * d.scale * x; }

        /** A rule that is itself @Differentiable, for later higher derivatives. */
        @Differentiable
        @DerivativeOf(method = "cube")
        static double cubePartial(double x) { return 3 * x * x; }
      }

      class Base {
        final double scale = 1.5;
        double h(double x) { return scale * x * x; }
      }

      final class Derived extends Base {}
      """;

  /**
   * Of order 1: most of these rules' partials are no {@code @Differentiable} methods, so second
   * derivatives cannot go through them (HessianTest covers rules that are).
   */
  private static final String USES = """
      package r;
      import dev.gradgen.Differentiable;
      import org.apache.commons.math3.distribution.NormalDistribution;
      import org.apache.commons.math3.special.Erf;
      import org.apache.commons.math3.special.Gamma;
      final class Uses {
        @Differentiable(order = 1) static double erfUse(double x) { return 3 * Erf.erf(x * x) + x; }

        @Differentiable(order = 1) static double cdfUse(NormalDistribution d, double x) {
          return d.cumulativeProbability(2 * x) * x;
        }

        @Differentiable(wrt = "x", order = 1) static double gammaUse(double a, double x) {
          return Gamma.regularizedGammaP(a, x);
        }

        @Differentiable(order = 1) static double modelUse(double x, double y) {
          return Model.f(x * 2, y) + Model.f(y, 3.0);
        }

        @Differentiable(order = 1) static double dotUse(double[] w, double s) {
          return Model.dot(w, new double[] {s, 2 * s, 3});
        }

        @Differentiable(order = 1) static double scaledUse(double x) { return Model.scaled(x, 3) + x * x; }

        @Differentiable(order = 1) static double inheritedUse(Derived d, double x) { return d.h(x + 1); }

        @Differentiable(order = 1) static double constantUse(double x) { return x * Erf.erf(0.5); }

        @Differentiable(order = 1) static double fusedUse(double x) {
          double t = x * x + 1;
          double u = Erf.erf(t / 4) * t;
          return u + Math.exp(x) * Model.cube(x);
        }

        /** A rule call in another's argument: each gets its own helper node. */
        @Differentiable(order = 1) static double nestedUse(double x) { return Erf.erf(Model.cube(x)); }

        @Differentiable(order = 1) static double throughLoop(double x) {
          double s = 0;
          for (int i = 1; i <= 3; i++) {
            s += Erf.erf(x / i);
          }
          return s;
        }
      }
      """;

  private static final Map<List<String>, Compiled> COMPILED = new ConcurrentHashMap<>();

  static List<List<String>> variants() {
    return GradientHarness.VARIANTS;
  }

  private static Compiled compiled(List<String> options) {
    return COMPILED.computeIfAbsent(options, o -> Compiled.of(o,
        "r.SpecialRules", RULES, "r.Model", MODEL, "r.Uses", USES));
  }

  private static Object gradient(Compiled c, String method, Object... args) {
    return c.call("r.UsesGradients", method + "Gradient", args);
  }

  private static double component(Object record, String name) {
    return (double) Compiled.component(record, name);
  }

  /** Central difference of {@code f} at {@code x}, Richardson-extrapolated. */
  private static double centralDifference(Function<Double, Double> f, double x) {
    double h = 1e-3;
    double d1 = (f.apply(x + h) - f.apply(x - h)) / (2 * h);
    double d2 = (f.apply(x + h / 2) - f.apply(x - h / 2)) / h;
    return (4 * d2 - d1) / 3;
  }

  private static void close(double expected, double actual, double tolerance) {
    assertEquals(expected, actual, tolerance * Math.max(1, Math.abs(expected)),
        () -> "expected " + expected + " but was " + actual);
  }

  @ParameterizedTest
  @MethodSource("variants")
  void erfThroughItsRule(List<String> options) {
    Compiled c = compiled(options);
    for (double x : new double[] {-1.3, 0.0, 0.4, 1.1}) {
      Object g = gradient(c, "erfUse", x);
      // Value: bit for bit the target's, the same expression evaluated here.
      assertEquals(3 * Erf.erf(x * x) + x, component(g, "value"));
      assertEquals((double) c.call("r.Uses", "erfUse", x), component(g, "value"));
      double analytic = 3 * 2 / Math.sqrt(Math.PI) * Math.exp(-x * x * x * x) * 2 * x + 1;
      close(analytic, component(g, "x"), 1e-12);
      close(centralDifference(v -> (double) c.call("r.Uses", "erfUse", v), x),
          component(g, "x"), 1e-6);
    }
  }

  @ParameterizedTest
  @MethodSource("variants")
  void ruleCallInsideAnotherRuleCall(List<String> options) {
    Compiled c = compiled(options);
    for (double x : new double[] {-0.9, 0.3, 0.8}) {
      Object g = gradient(c, "nestedUse", x);
      assertEquals((double) c.call("r.Uses", "nestedUse", x), component(g, "value"));
      // d erf(x^3)/dx = 2/sqrt(pi) exp(-x^6) 3x^2
      double analytic = 2 / Math.sqrt(Math.PI) * Math.exp(-Math.pow(x, 6)) * 3 * x * x;
      close(analytic, component(g, "x"), 1e-12);
      close(centralDifference(v -> (double) c.call("r.Uses", "nestedUse", v), x),
          component(g, "x"), 1e-6);
    }
  }

  @ParameterizedTest
  @MethodSource("variants")
  void instanceTargetWithConstantReceiver(List<String> options) {
    Compiled c = compiled(options);
    NormalDistribution d = new NormalDistribution(0.5, 2.0);
    double x = 0.7;
    Object g = gradient(c, "cdfUse", d, x);
    assertEquals(d.cumulativeProbability(2 * x) * x, component(g, "value"));
    // d/dx [Phi((2x - mu)/sigma) x] = phi(2x) 2 x + Phi(2x), with phi the normal density.
    double z = (2 * x - 0.5) / 2.0;
    double density = Math.exp(-z * z / 2) / (2.0 * Math.sqrt(2 * Math.PI));
    close(density * 2 * x + d.cumulativeProbability(2 * x), component(g, "x"), 1e-12);
    close(centralDifference(v -> d.cumulativeProbability(2 * v) * v, x), component(g, "x"), 1e-6);
  }

  @ParameterizedTest
  @MethodSource("variants")
  void partialsForSomeParametersOnly(List<String> options) {
    Compiled c = compiled(options);
    for (double a : new double[] {2.0, 2.5}) {
      double x = 1.7;
      Object g = gradient(c, "gammaUse", a, x);
      assertEquals(Gamma.regularizedGammaP(a, x), component(g, "value"));
      // dP(a, x)/dx = x^(a-1) e^-x / Gamma(a); Gamma(2) = 1, Gamma(2.5) = 3 sqrt(pi) / 4.
      double gammaOfA = a == 2.0 ? 1.0 : 0.75 * Math.sqrt(Math.PI);
      close(Math.pow(x, a - 1) * Math.exp(-x) / gammaOfA, component(g, "x"), 1e-12);
      close(centralDifference(v -> Gamma.regularizedGammaP(a, v), x), component(g, "x"), 1e-6);
    }
  }

  @ParameterizedTest
  @MethodSource("variants")
  void opaqueModelWithArrayOfPartials(List<String> options) {
    Compiled c = compiled(options);
    double x = 0.3;
    double y = -1.2;
    Object g = gradient(c, "modelUse", x, y);
    assertEquals((2 * x) * y + Math.sin(2 * x) + (y * 3.0 + Math.sin(y)), component(g, "value"));
    close(2 * (y + Math.cos(2 * x)), component(g, "x"), 1e-12);
    close(2 * x + 3 + Math.cos(y), component(g, "y"), 1e-12);
    close(centralDifference(v -> (double) c.call("r.Uses", "modelUse", x, v), y),
        component(g, "y"), 1e-6);
  }

  @ParameterizedTest
  @MethodSource("variants")
  void arrayParametersFlattened(List<String> options) {
    Compiled c = compiled(options);
    double[] w = {0.5, -2.0, 4.0};
    double s = 1.5;
    Object g = gradient(c, "dotUse", w, s);
    assertEquals(0.5 * s + -2.0 * (2 * s) + 4.0 * 3, component(g, "value"));
    assertArrayEquals(new double[] {s, 2 * s, 3}, (double[]) Compiled.component(g, "w"), 1e-15);
    close(w[0] + 2 * w[1], component(g, "s"), 1e-15);
  }

  @ParameterizedTest
  @MethodSource("variants")
  void uncoveredIntParameterAndConstantCalls(List<String> options) {
    Compiled c = compiled(options);
    double x = 0.8;
    close(3 + 2 * x, component(gradient(c, "scaledUse", x), "x"), 1e-15);
    Object g = gradient(c, "constantUse", x);
    assertEquals(x * Erf.erf(0.5), component(g, "value"));
    close(Erf.erf(0.5), component(g, "x"), 1e-15);
  }

  @ParameterizedTest
  @MethodSource("variants")
  void ruleNodesAmongFusedStatementsAndLoops(List<String> options) {
    Compiled c = compiled(options);
    double x = 0.9;
    Object g = gradient(c, "fusedUse", x);
    double t = x * x + 1;
    assertEquals(Erf.erf(t / 4) * t + Math.exp(x) * (x * x * x), component(g, "value"));
    double erfPrime = 2 / Math.sqrt(Math.PI) * Math.exp(-(t / 4) * (t / 4));
    double analytic = (erfPrime / 4 * t + Erf.erf(t / 4)) * 2 * x
        + Math.exp(x) * x * x * x + Math.exp(x) * 3 * x * x;
    close(analytic, component(g, "x"), 1e-12);
    close(centralDifference(v -> (double) c.call("r.Uses", "fusedUse", v), x),
        component(g, "x"), 1e-6);
    Object loop = gradient(c, "throughLoop", x);
    double expected = 0;
    for (int i = 1; i <= 3; i++) {
      expected += 2 / Math.sqrt(Math.PI) * Math.exp(-(x / i) * (x / i)) / i;
    }
    close(expected, component(loop, "x"), 1e-12);
  }

  @ParameterizedTest
  @MethodSource("variants")
  void inheritedInstanceTarget(List<String> options) {
    Compiled c = compiled(options);
    Object derived = c.newInstance("r.Derived");
    double x = 0.6;
    Object g = gradient(c, "inheritedUse", derived, x);
    assertEquals(1.5 * (x + 1) * (x + 1), component(g, "value"));
    close(2 * 1.5 * (x + 1), component(g, "x"), 1e-15);
  }

  @ParameterizedTest
  @MethodSource("variants")
  void aDifferentiableRuleHasItsOwnGradient(List<String> options) {
    Compiled c = compiled(options);
    Object g = c.call("r.ModelGradients", "cubePartialGradient", 1.5);
    assertEquals(3 * 1.5 * 1.5, component(g, "value"));
    close(6 * 1.5, component(g, "x"), 1e-15);
    assertTrue(c.compilation().generatedSourceFiles().stream()
        .anyMatch(f -> f.getName().endsWith("UsesGradients.java")));
  }
}
