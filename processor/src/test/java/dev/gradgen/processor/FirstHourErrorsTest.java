package dev.gradgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.gradgen.processor.diagnostics.Messages;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The errors a new user meets in the first hour (issue 9): each on the user's own line, with a
 * message that names the real problem and the way out, and every independent error of a method in
 * one compilation.
 */
class FirstHourErrorsTest {

  private static void assertErrorAt(Compilation compilation, String message, String line) {
    assertThat(compilation).failed();
    JavaFileObject source = compilation.sourceFiles().get(0);
    assertThat(compilation).hadErrorContaining(message).inFile(source).onLineContaining(line);
  }

  /** '$' in a label once reached a JavaPoet format string: "dangling format characters". */
  @Test
  void labelWithDollarSign() {
    Compiled c = Compiled.of("p.Labels", """
        package p;
        import dev.gradgen.Differentiable;
        final class Labels {
          @Differentiable static double f(double x) {
            double y = x;
            outer$1:
            for (int i = 0; i < 3; i++) {
              for (int j = 0; j < 3; j++) {
                if (j == 1) continue outer$1;
                if (i == 2) break outer$1;
                y = y * x;
              }
            }
            return y;
          }
        }
        """);
    // Two passes multiply by x once each: y = x^3, dy/dx = 3x^2.
    Object g = c.call("p.LabelsGradients", "fGradient", 2.0);
    assertEquals(8.0, Compiled.component(g, "value"));
    assertEquals(12.0, Compiled.component(g, "x"));
  }

  /** Reported at the concatenation itself, not later where the string is used. */
  @Test
  void stringFromActiveValueAtTheConcatenation() {
    Compilation compilation = Compiled.compile("p.Strings", """
        package p;
        import dev.gradgen.Differentiable;
        final class Strings {
          @Differentiable static double f(double x) {
            String s = "x=" + x;
            return x * s.length();
          }
        }
        """);
    assertErrorAt(compilation, Messages.stringFromActive("x"), "String s = \"x=\" + x;");
    assertThat(compilation).hadErrorCount(1);
  }

  /** A constant string's methods are plain calls. */
  @Test
  void constantStringMethods() {
    Compiled c = Compiled.of("p.Strings", """
        package p;
        import dev.gradgen.Differentiable;
        final class Strings {
          @Differentiable static double f(double x, int k) {
            String s = "k=" + k;
            return x * s.length();
          }
        }
        """);
    // s = "k=12" has 4 characters: f = 4x.
    Object g = c.call("p.StringsGradients", "fGradient", 2.0, 12);
    assertEquals(8.0, Compiled.component(g, "value"));
    assertEquals(4.0, Compiled.component(g, "x"));
  }

  /** Nobody can annotate a JDK method such as Double.sum: the message says so and points to rewriting. */
  @Test
  void methodTheUserCannotAnnotate() {
    Compilation compilation = Compiled.compile("p.Sum", """
        package p;
        import dev.gradgen.Differentiable;
        final class Sum {
          @Differentiable static double f(double a, double b, double c) {
            double r = 1.0;
            return r + Double.sum(a, b) * c;
          }
        }
        """);
    assertErrorAt(compilation, Messages.activeArgumentToForeignMethod("Double.sum", "a"),
        "return r + Double.sum(a, b) * c;");
  }

  /** A method of the user's own, in this compilation, can be annotated: the message says to. */
  @Test
  void methodTheUserCanAnnotate() {
    Compilation compilation = Compiled.compile("p.Own", """
        package p;
        import dev.gradgen.Differentiable;
        final class Own {
          static double helper(double v) { return v * 2; }
          @Differentiable static double f(double x) {
            return helper(x);
          }
        }
        """);
    assertErrorAt(compilation, Messages.activeArgumentToPlainMethod("helper", "x"),
        "return helper(x);");
  }

  @Test
  void genericResultNamesTheRealType() {
    Compilation compilation = Compiled.compile("p.Lists", """
        package p;
        import dev.gradgen.Differentiable;
        import java.util.List;
        final class Lists {
          @Differentiable static double f(double x, List<Double> weights) {
            return x * weights.get(0);
          }
        }
        """);
    assertErrorAt(compilation, Messages.genericResult("weights.get(0)", "List<Double>"),
        "return x * weights.get(0);");
    assertThat(compilation).hadErrorContaining("double[]");
  }

  /** The caret goes on the parameter, which may sit on another line than the method's name. */
  @Test
  void floatAndVarargsParametersAreReportedAtTheParameter() {
    Compilation compilation = Compiled.compile("p.Params", """
        package p;
        import dev.gradgen.Differentiable;
        final class Params {
          @Differentiable static double f(double x,
              float scale) {
            return x;
          }
          @Differentiable static double g(double x,
              double... rest) {
            return x * rest[0];
          }
        }
        """);
    assertErrorAt(compilation, Messages.unsupportedType("float"), "float scale");
    assertErrorAt(compilation, Messages.varargs(), "double... rest");
    assertThat(compilation).hadErrorCount(2);
  }

  /** javac's way: every independent error in one run, and no follow-on errors. */
  @Test
  void everyIndependentErrorOfAMethodInOneCompilation() {
    Compilation compilation = Compiled.compile("p.Many", """
        package p;
        import dev.gradgen.Differentiable;
        final class Many {
          private double a = 1.0;
          private double b = 2.0;
          private static double helper(double v) { return v; }
          @Differentiable double f(double x,
              float unused) {
            double y = x * a;
            float bad = 1;
            y = y + bad * x;
            if (bad > 0) {
              y = y + undefinedThing;
            }
            y = y * b + helper(1.0);
            String s = "y=" + y;
            try { y = y * 2; } catch (RuntimeException e) { }
            return y + unused;
          }
        }
        """);
    assertErrorAt(compilation, Messages.unsupportedType("float"), "float unused");
    assertErrorAt(compilation, Messages.privateMember("a", "ManyGradients"), "double y = x * a;");
    assertErrorAt(compilation, Messages.unsupportedType("float"), "float bad = 1;");
    assertErrorAt(compilation, Messages.cannotResolve("undefinedThing"), "undefinedThing");
    assertErrorAt(compilation, Messages.privateMember("b", "ManyGradients"), "y = y * b");
    assertErrorAt(compilation, Messages.privateMember("helper(...)", "ManyGradients"),
        "y = y * b + helper(1.0);");
    assertErrorAt(compilation, Messages.stringFromActive("y"), "String s = \"y=\" + y;");
    assertErrorAt(compilation, Messages.tryCatch(), "try {");
    // Uses of 'bad' and 'unused', whose declarations failed, add nothing; and no companion was
    // written from the partly read method, which would add errors of javac's in generated code.
    assertThat(compilation).hadErrorCount(8);
  }

  /** Two private fields in one expression: two errors in one run (the example). */
  @Test
  void twoPrivateFieldsInOneExpression() {
    Compilation compilation = Compiled.compile("p.Fields", """
        package p;
        import dev.gradgen.Differentiable;
        final class Fields {
          private double a = 1.0;
          private double b = 2.0;
          @Differentiable double f(double x) {
            return a * x
                + b;
          }
        }
        """);
    assertErrorAt(compilation, Messages.privateMember("a", "FieldsGradients"), "return a * x");
    assertErrorAt(compilation, Messages.privateMember("b", "FieldsGradients"), "+ b;");
    assertThat(compilation).hadErrorCount(2);
  }

  /** A write to a private field is one error (the write), not two. */
  @Test
  void writeToAPrivateFieldIsOneError() {
    Compilation compilation = Compiled.compile("p.Writes", """
        package p;
        import dev.gradgen.Differentiable;
        final class Writes {
          private double last;
          @Differentiable double f(double x) {
            last = x;
            return x;
          }
        }
        """);
    assertErrorAt(compilation, Messages.fieldWrite("last"), "last = x;");
    assertThat(compilation).hadErrorCount(1);
  }

  /** String.format of an active value builds a message from it. */
  @Test
  void stringFormatOfAnActiveValue() {
    Compilation compilation = Compiled.compile("p.Format", """
        package p;
        import dev.gradgen.Differentiable;
        final class Format {
          @Differentiable static double f(double x) {
            if (x < 0) throw new IllegalArgumentException(String.format("x=%f", x));
            return x;
          }
        }
        """);
    assertErrorAt(compilation, Messages.stringFromActive("x"), "String.format(\"x=%f\", x)");
    assertThat(compilation).hadErrorCount(1);
  }

  /** Several activity errors of one method, each at its own line. */
  @Test
  void everyActivityErrorInOneCompilation() {
    Compilation compilation = Compiled.compile("p.Uses", """
        package p;
        import dev.gradgen.Differentiable;
        final class Uses {
          static double helper(double v) { return v; }
          @Differentiable(wrt = {"x"}) static double f(double x, double[] p, double q) {
            p[0] = x;
            q = q * x;
            double y = helper(x);
            if (x > 0) throw new IllegalStateException("x=" + x);
            return y + q;
          }
        }
        """);
    assertErrorAt(compilation, Messages.parameterArrayWrite("p"), "p[0] = x;");
    assertErrorAt(compilation, Messages.constantParameterAssigned("q"), "q = q * x;");
    assertErrorAt(compilation, Messages.activeArgumentToPlainMethod("helper", "x"),
        "double y = helper(x);");
    assertErrorAt(compilation, Messages.stringFromActive("x"), "\"x=\" + x");
    assertThat(compilation).hadErrorCount(4);
  }
}
