package dev.gradgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What second derivatives cannot go through, each a located error (message and line), and the
 * {@code order} attribute that opts a method out of them.
 */
class HessianErrorsTest {

  private static final String RULES = """
      package e;
      import dev.gradgen.DerivativeOf;
      import dev.gradgen.Differentiable;
      final class Rules {
        static double opaque(double x) { return x * x; }
        static double pair(double x, double y) { return x * y; }
        static double scaled(double x, double a) { return a * x; }

        /** Not @Differentiable: gives first derivatives only. */
        @DerivativeOf(method = "opaque")
        static double dopaque(double x) { return 2 * x; }

        @DerivativeOf(method = "pair")
        static double[] dpair(double x, double y) { return new double[] {y, x}; }

        /** @Differentiable, but only with respect to a. */
        @DerivativeOf(method = "scaled", wrt = {"x"})
        @Differentiable(wrt = {"a"})
        static double dscaled(double x, double a) { return a + 0.0 * x; }
      }
      """;

  private static Compilation compile(String source) {
    return Compiled.compile("e.Rules", RULES, "e.Use", source);
  }

  private static void assertError(String source, String message, String line) {
    Compilation compilation = compile(source);
    assertThat(compilation).failed();
    assertThat(compilation)
        .hadErrorContaining(message)
        .inFile(compilation.sourceFiles().get(1))
        .onLineContaining(line);
  }

  @Test
  void ruleWhosePartialsAreNotDifferentiable() {
    assertError(
        """
        package e;
        import dev.gradgen.Differentiable;
        final class Use {
          @Differentiable
          static double f(double x) {
            double y = x + 1.0;
            return Rules.opaque(y) * 2.0;
          }
        }
        """,
        "second derivatives through Rules.opaque differentiate its rule's partials once more,"
            + " so they need the rule Rules.dopaque to be a @Differentiable method (of order 2):"
            + " annotate Rules.dopaque with @Differentiable, or give this method"
            + " @Differentiable(order = 1) if it needs no second derivatives",
        "return Rules.opaque(y)");
  }

  @Test
  void ruleWithArrayPartialsThatAreNotDifferentiable() {
    assertError(
        """
        package e;
        import dev.gradgen.Differentiable;
        final class Use {
          @Differentiable
          static double f(double x, double y) {
            return Rules.pair(x, y);
          }
        }
        """,
        "second derivatives through Rules.pair differentiate its rule's partials once more,"
            + " so they need the rule Rules.dpair to be a @Differentiable method (of order 2)",
        "return Rules.pair(x, y)");
  }

  @Test
  void ruleParameterOutsideThePartialsWrt() {
    assertError(
        """
        package e;
        import dev.gradgen.Differentiable;
        final class Use {
          @Differentiable
          static double f(double x) {
            double c = 3.0;
            return Rules.scaled(x * 2.0,
                c);
          }
        }
        """,
        "'x * 2.0' depends on a differentiable parameter, but parameter 'x' of the rule"
            + " Rules.dscaled is not differentiable (see its @Differentiable wrt), so the second"
            + " derivative through it would be lost",
        "return Rules.scaled(x * 2.0,");
  }

  @Test
  void callOfAFirstOrderMethod() {
    assertError(
        """
        package e;
        import dev.gradgen.Differentiable;
        final class Use {
          @Differentiable(order = 1)
          static double g(double x) { return x * x; }

          @Differentiable
          static double f(double x) {
            double s = 0.0;
            s += g(x) * 3.0;
            return s;
          }
        }
        """,
        "'g' is @Differentiable(order = 1), so it has no second-order builder, which this"
            + " method's second derivatives go through; remove order = 1 from 'g', or give this"
            + " method @Differentiable(order = 1)",
        "s += g(x) * 3.0;");
  }

  @Test
  void orderOutOfRange() {
    assertError(
        """
        package e;
        import dev.gradgen.Differentiable;
        final class Use {
          @Differentiable(order = 3)
          static double f(double x) { return x; }
        }
        """,
        "@Differentiable(order = 3): the order is 1 (the gradient only) or 2",
        "static double f(double x)");
  }

  /**
   * A method whose fused builder fits (about 54 KB, see GeneratedCodeLimitsTest) but whose
   * second-order builder, one node per operation ({@code -Agradgen.fuse=false}), would not: an
   * error on the method, which {@code order = 1} avoids. Fused, the second-order builder fits too.
   */
  @Test
  void secondOrderBuilderTooLargeIsAnErrorOnTheMethod() {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 3200; i++) {
      body.append("    if (x > ")
          .append(i % 5)
          .append(".5) s = s * 0.999 + x * ")
          .append(i % 3 + 1)
          .append(".0;\n");
    }
    String source = """
        package e;
        import dev.gradgen.Differentiable;
        final class Use {
          @Differentiable
          static double guarded(double x) {
            double s = 0.0;
        BODY    return s;
          }
        }
        """.replace("BODY", body);
    Compilation unfused =
        Compiled.compile(List.of("-Agradgen.fuse=false"), "e.Rules", RULES, "e.Use", source);
    assertThat(unfused).failed();
    assertThat(unfused)
        .hadErrorContaining(
            "the second-order graph builder gradgen would generate for this method may exceed the"
                + " JVM's 64 KB of code per method")
        .inFile(unfused.sourceFiles().get(1))
        .onLineContaining("static double guarded(double x)");
    Compilation firstOrder =
        compile(source.replace("@Differentiable\n", "@Differentiable(order = 1)\n"));
    assertThat(firstOrder).succeeded();
    assertThat(compile(source)).succeeded();
  }

  @Test
  void orderOneOptsOutOfSecondOrderMembersAndTheirErrors() throws Exception {
    Compiled compiled = Compiled.of("e.Rules", RULES, "e.Use", """
        package e;
        import dev.gradgen.Differentiable;
        final class Use {
          @Differentiable(order = 1)
          static double g(double x) { return x * x; }

          @Differentiable(order = 1)
          static double f(double x, double y) {
            return Rules.opaque(x) + Rules.pair(x, y) + g(y);
          }

          /** Calls of order-1 methods and of any rule with constant arguments only are fine. */
          @Differentiable
          static double h(double x) {
            return x * g(2.0) + Rules.opaque(3.0);
          }
        }
        """);
    Class<?> companion = compiled.load("e.UseGradients");
    String[] names =
        Arrays.stream(companion.getDeclaredMethods()).map(Method::getName).toArray(String[]::new);
    for (String absent : new String[] {"fHessian", "fHessianVectorProduct", "gHessian"}) {
      assertFalse(Arrays.asList(names).contains(absent), absent + " in " + Arrays.toString(names));
    }
    for (Method m : companion.getDeclaredMethods()) {
      if (m.getName().equals("f") || m.getName().equals("g")) {
        assertEquals("dev.gradgen.Tensor", m.getReturnType().getName(), m.toString());
      }
    }
    // f = x^2 + x y + y^2: the gradient is there.
    Object g = compiled.call("e.UseGradients", "fGradient", 1.5, 2.0);
    assertEquals(2 * 1.5 + 2.0, (double) Compiled.component(g, "x"), 1e-15);
    assertEquals(1.5 + 2 * 2.0, (double) Compiled.component(g, "y"), 1e-15);
    // h = 4 x + 9: its Hessian is 0, its gradient 4.
    Object hh = compiled.call("e.UseGradients", "hHessian", 0.5);
    assertEquals(0.0, ((double[][]) Compiled.component(hh, "hessian"))[0][0], 0.0);
    assertEquals(4.0, ((double[]) Compiled.component(hh, "gradient"))[0], 0.0);
    assertTrue(Arrays.asList(names).contains("hHessianVectorProduct"));
  }
}
