package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.gradgen.processor.diagnostics.Messages;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What stays unsupported about array results fails on the user's line, with its message. */
class VectorResultErrorsTest {

  /** Each case: the class body (line 1 is the package line), the message, its line. */
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("a double[][] result", """
            package e;
            import dev.gradgen.Differentiable;
            class Bad {
              @Differentiable
              static double[][] f(double x) {
                return new double[][] {{x}};
              }
            }
            """, Messages.returnType("double[][]"), 5),
        Arguments.of("an int[] result", """
            package e;
            import dev.gradgen.Differentiable;
            class Bad {
              @Differentiable static int[] f(double x) {
                return new int[] {1};
              }
            }
            """, Messages.returnType("int[]"), 4),
        Arguments.of("returning a constant parameter's array", """
            package e;
            import dev.gradgen.Differentiable;
            class Bad {
              @Differentiable(wrt = {"t"})
              static double[] f(double[] c, double t) {
                if (t > 0) {
                  return c;
                }
                return new double[] {t};
              }
            }
            """, Messages.returnedConstantParameterArray("c"), 7),
        Arguments.of("returning a field's array through a local", """
            package e;
            import dev.gradgen.Differentiable;
            class Bad {
              static final double[] TABLE = {1.0, 2.0};
              @Differentiable
              static double[] f(double t) {
                double[] r = t > 0 ? TABLE : new double[] {t};
                return r;
              }
            }
            """, Messages.returnedFieldArray("TABLE"), 8),
        Arguments.of("a write into a result that may be the caller's parameter", """
            package e;
            import dev.gradgen.Differentiable;
            class Bad {
              @Differentiable
              static double[] same(double[] x) {
                return x;
              }
              @Differentiable
              static double g(double[] x) {
                double[] r = same(x);
                r[0] = 2.0;
                return r[0] + x[1];
              }
            }
            """, Messages.parameterArrayWrite("x"), 11),
        Arguments.of("an active argument for a constant parameter of a vector method", """
            package e;
            import dev.gradgen.Differentiable;
            class Bad {
              @Differentiable(wrt = {"a"})
              static double[] v(double a, double b) {
                return new double[] {a * b};
              }
              @Differentiable
              static double g(double x) {
                return v(1.0, x)[0];
              }
            }
            """, Messages.activeArgumentToConstantParameter("v", "b", "x"), 10));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void failsOnTheLine(String name, String source, String message, int line) {
    Compilation compilation = Compiled.compile(List.of(), "e.Bad", source);
    List<Diagnostic<? extends JavaFileObject>> errors = compilation.diagnostics().stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
        .collect(Collectors.toList());
    String all = errors.stream().map(d -> d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
        .collect(Collectors.joining("\n"));
    assertEquals(Compilation.Status.FAILURE, compilation.status());
    assertEquals(1, errors.size(), all);
    Diagnostic<? extends JavaFileObject> error = errors.get(0);
    assertEquals(message, error.getMessage(Locale.ROOT), all);
    assertEquals(line, error.getLineNumber(), all);
    assertTrue(error.getSource() != null && error.getSource().toUri().getPath().endsWith("Bad.java"),
        "reported in the user's file, not a generated one: " + all);
  }
}
