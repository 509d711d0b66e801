package dev.gradgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Every way a {@code @DerivativeOf} rule can be wrong, and every misuse of a target with a rule
 * (issue 12): each a compile error on the user's own line whose message shows what is expected.
 */
class CustomRuleErrorsTest {

  private static final String MODEL = """
      package r;
      final class Model {
        static double f(double x, double y) { return x * y; }
        static double g(double x) { return x; }
        static double g(double x, int n) { return x * n; }
        static int count(double x) { return (int) x; }
        static double grid(double[][] m) { return m[0][0]; }
        static double steps(int n) { return n; }
      }
      """;

  private static Compilation compileRules(String rules) {
    return Compiled.compile("r.Model", MODEL, "r.Rules", rules);
  }

  /** The error is in {@code r.Rules} (the second source), on the line containing {@code line}. */
  private static void assertRuleError(String rules, String message, String line) {
    Compilation compilation = compileRules(rules);
    assertThat(compilation).failed();
    JavaFileObject source = compilation.sourceFiles().get(1);
    assertThat(compilation).hadErrorContaining(message).inFile(source).onLineContaining(line);
  }

  private static String rules(String body) {
    return """
        package r;
        import dev.gradgen.DerivativeOf;
        import org.apache.commons.math3.special.Erf;
        final class Rules {
        %s
        }
        """.formatted(body);
  }

  @Test
  void ruleNotStatic() {
    assertRuleError(
        rules("""
          @DerivativeOf(type = Model.class, method = "g")
          double dg(double x) { return 1; }
        """),
        "a @DerivativeOf rule must be a static method that is not private, called by the"
            + " generated gradient: make 'dg' static",
        "double dg(double x)");
  }

  @Test
  void privateRule() {
    assertRuleError(rules("""
          @DerivativeOf(type = Model.class, method = "g")
          private static double dg(double x) { return 1; }
        """), "make 'dg' static (and not private)", "private static double dg(");
  }

  @Test
  void noSuchTarget() {
    assertRuleError(
        rules("""
          @DerivativeOf(type = Erf.class, method = "erff")
          static double derf(double x) { return 1; }
        """),
        "@DerivativeOf names no method: Erf has no method 'erff'",
        "static double derf(");
  }

  @Test
  void targetDefaultsToTheRulesOwnClass() {
    assertRuleError(
        rules("""
          @DerivativeOf(method = "f")
          static double[] df(double x, double y) { return new double[] {y, x}; }
        """),
        "@DerivativeOf names no method: Rules has no method 'f'",
        "static double[] df(");
  }

  @Test
  void wrongParameterTypesShowEveryOverload() {
    assertRuleError(
        rules("""
          @DerivativeOf(type = Model.class, method = "g")
          static double dg(double x, double n) { return 1; }
        """),
        "@DerivativeOf: the rule's parameters fit no overload of Model.g; a rule takes the"
            + " target's parameters in order (an instance method's receiver first): expected"
            + " 'static double dg(double x)' or 'static double dg(double x, int n)'",
        "static double dg(double x, double n)");
  }

  @Test
  void instanceTargetNeedsItsReceiverFirst() {
    assertRuleError(
        rules("""
          @DerivativeOf(type = org.apache.commons.math3.distribution.NormalDistribution.class,
              method = "density")
          static double dd(double x) { return 1; }
        """),
        "expected 'static double dd(NormalDistribution receiver, double ",
        "static double dd(");
  }

  @Test
  void wrongReturnType() {
    assertRuleError(
        rules("""
          @DerivativeOf(type = Model.class, method = "f")
          static double df(double x, double y) { return y; }
        """),
        "@DerivativeOf: the rule of Model.f returns the wrong type: it gives one partial per"
            + " covered double (and one per element of a covered double[]), as a double when it covers"
            + " one double, else as a double[]; expected 'static double[] df(double x, double y)'",
        "static double df(");
  }

  @Test
  void scalarRuleMustNotReturnAnArray() {
    assertRuleError(rules("""
          @DerivativeOf(type = Model.class, method = "g")
          static double[] dg(double x) { return new double[] {1}; }
        """), "expected 'static double dg(double x)'", "static double[] dg(");
  }

  @Test
  void twoRulesForOneTarget() {
    assertRuleError(
        rules("""
          @DerivativeOf(type = Model.class, method = "g")
          static double dg(double x) { return 1; }

          @DerivativeOf(type = Model.class, method = "g")
          static double dgAgain(double x) { return 1; }
        """),
        "@DerivativeOf: Model.g(double) has two rules, this one and Rules.dg; keep one",
        "static double dgAgain(");
  }

  @Test
  void wrtNamesAParameterTheRuleHasNot() {
    assertRuleError(
        rules("""
          @DerivativeOf(type = Model.class, method = "f", wrt = {"z"})
          static double df(double x, double y) { return 1; }
        """),
        "@DerivativeOf wrt: 'z' is no double or double[] parameter of the rule; its"
            + " parameters that can be: x, y",
        "static double df(");
  }

  @Test
  void targetMustReturnDouble() {
    assertRuleError(
        rules("""
          @DerivativeOf(type = Model.class, method = "count")
          static double dc(double x) { return 0; }
        """),
        "@DerivativeOf: the target Model.count returns int; rules are for methods that"
            + " return double",
        "static double dc(");
  }

  @Test
  void nothingToDifferentiate() {
    assertRuleError(
        rules("""
          @DerivativeOf(type = Model.class, method = "steps")
          static double ds(int n) { return 0; }
        """),
        "@DerivativeOf: Model.steps has no double or double[] parameter to differentiate",
        "static double ds(");
  }

  @Test
  void matrixParametersNotYet() {
    assertRuleError(
        rules("""
          @DerivativeOf(type = Model.class, method = "grid")
          static double[] dm(double[][] m) { return new double[0]; }
        """),
        "@DerivativeOf: a double[][] parameter of Model.grid is not supported yet by rules",
        "static double[] dm(");
  }

  @Test
  void activeArgumentToAParameterTheRuleDoesNotCover() {
    Compilation compilation = Compiled.compile("r.Rules", """
        package r;
        import dev.gradgen.DerivativeOf;
        import org.apache.commons.math3.special.Gamma;
        final class Rules {
          @DerivativeOf(type = Gamma.class, method = "regularizedGammaP", wrt = "x")
          static double dp(double a, double x) {
            return Math.exp(-x + (a - 1) * Math.log(x) - Gamma.logGamma(a));
          }
        }
        """, "r.Uses", """
        package r;
        import dev.gradgen.Differentiable;
        import org.apache.commons.math3.special.Gamma;
        final class Uses {
          @Differentiable static double p(double a, double x) {
            return Gamma.regularizedGammaP(a * 2, x);
          }
        }
        """);
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(
            "'a * 2' depends on a differentiable parameter, but"
                + " the rule Rules.dp gives no partial of Gamma.regularizedGammaP with respect to its"
                + " parameter 'a': add it to the rule's wrt (and return its partial), or pass a constant")
        .inFile(compilation.sourceFiles().get(1))
        .onLineContaining("regularizedGammaP(a * 2, x)");
  }

  @Test
  void ruleTheCompanionCannotCall() {
    Compilation compilation = Compiled.compile("q.Rules", """
        package q;
        import dev.gradgen.DerivativeOf;
        import org.apache.commons.math3.special.Erf;
        public final class Rules {
          @DerivativeOf(type = Erf.class, method = "erf")
          static double derf(double x) { return 2 / Math.sqrt(Math.PI) * Math.exp(-x * x); }
        }
        """, "p.Uses", """
        package p;
        import dev.gradgen.Differentiable;
        import org.apache.commons.math3.special.Erf;
        final class Uses {
          @Differentiable static double e(double x) {
            return Erf.erf(x);
          }
        }
        """);
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining("its rule Rules.derf is not accessible from the"
            + " generated UsesGradients, which calls it: make it public, or package-private in this"
            + " package")
        .inFile(compilation.sourceFiles().get(1))
        .onLineContaining("Erf.erf(x)");
  }
}
