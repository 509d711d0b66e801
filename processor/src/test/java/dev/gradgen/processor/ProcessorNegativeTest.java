package dev.gradgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.gradgen.processor.diagnostics.Messages;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every misuse gets a compile error that names the problem on the right line, and none makes javac
 * print an uncaught exception.
 */
class ProcessorNegativeTest {

  private static final String HEADER = """
      package p;
      import dev.gradgen.Differentiable;
      import dev.gradgen.Activations;
      class Bad {
        double field = 1.0;
        private double secret = 2.0;
        private static final double PRIVATE_CONSTANT = 3.0;
        private static double privateHelper(double x) { return x; }
        static double helper(double x) { return x * 2; }
      """;

  /** Each case: a body snippet (a method or more), the message part expected, the line it is on. */
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("lambda", """
              @Differentiable static double f(double x) {
                java.util.function.DoubleUnaryOperator g = v -> v * 2;
                return x;
              }
            """, Messages.lambda(), "v -> v * 2"),
        Arguments.of("method reference", """
              @Differentiable static double f(double x) {
                Object g = (java.util.function.DoubleUnaryOperator) Math::sin;
                return x;
              }
            """, "not supported", "Math::sin"),
        Arguments.of("try/catch", """
              @Differentiable static double f(double x) {
                try { x = x * 2; } catch (RuntimeException e) { }
                return x;
              }
            """, Messages.tryCatch(), "try {"),
        Arguments.of("field write", """
              @Differentiable double f(double x) {
                field = x;
                return x;
              }
            """, Messages.fieldWrite("field"), "field = x"),
        Arguments.of("string from active value", """
              @Differentiable static double f(double x) {
                if (x < 0) throw new IllegalArgumentException("negative: " + x);
                return x;
              }
            """, Messages.stringFromActive("x"), "negative: "),
        Arguments.of("active argument to a plain method", """
              @Differentiable static double f(double x) {
                return helper(x * 3);
              }
            """, Messages.activeArgumentToPlainMethod("helper", "x * 3"), "return helper("),
        Arguments.of("private field", """
              @Differentiable double f(double x) {
                return x * secret;
              }
            """, Messages.privateMember("secret", "BadGradients"), "x * secret"),
        Arguments.of("private method", """
              @Differentiable static double f(double x) {
                return x * privateHelper(2.0);
              }
            """, Messages.privateMember("privateHelper(...)", "BadGradients"), "privateHelper(2.0)"),
        Arguments.of("non-double return type", """
              @Differentiable static float f(double x) {
                return (float) x;
              }
            """, Messages.returnType("float"), "static float f"),
        Arguments.of("no body", """
              @Differentiable native double f(double x);
            """, Messages.noBody(), "native double f"),
        Arguments.of("no differentiable parameter", """
              @Differentiable static double f(int n) {
                return n;
              }
            """, Messages.noDifferentiableParameter(), "static double f(int n)"),
        Arguments.of("unknown name in wrt", """
              @Differentiable(wrt = {"y"}) static double f(double x) {
                return x;
              }
            """, Messages.unknownWrt("y", "Bad.f(double)"), "wrt = {\"y\"}"),
        Arguments.of("wrt naming an int", """
              @Differentiable(wrt = {"n"}) static double f(double x, int n) {
                return x * n;
              }
            """, Messages.wrtNotDifferentiable("n", "int"), "wrt = {\"n\"}"),
        Arguments.of("overloads that clash", """
              @Differentiable static double f(double x) { return x; }
              @Differentiable static double f(double x, double y) { return x * y; }
            """, Messages.overloadClash("f", "BadGradients.FGradient"), "f(double x, double y)"),
        Arguments.of("parameter named value", """
              @Differentiable static double f(double value) { return value; }
            """, Messages.componentClash("value"), "f(double value)"),
        Arguments.of("write into a parameter array", """
              @Differentiable static double f(double[] p) {
                p[0] = 2 * p[1];
                return p[0];
              }
            """, Messages.parameterArrayWrite("p"), "p[0] = 2 * p[1]"),
        Arguments.of("write through an alias of a parameter array", """
              @Differentiable(wrt = {"x"}) static double f(double x, double[] data) {
                double[] alias = data;
                alias[0] = 1.0;
                return x * alias[0];
              }
            """, Messages.parameterArrayWrite("data"), "alias[0] = 1.0"),
        Arguments.of("write through a for-each row of a parameter", """
              @Differentiable(wrt = {"x"}) static double f(double x, double[][] m) {
                for (double[] row : m) {
                  row[0] = x;
                }
                return x;
              }
            """, Messages.parameterArrayWrite("m"), "row[0] = x"),
        Arguments.of("write into a field's array", """
              static double[] table = new double[3];
              @Differentiable static double f(double x) {
                double[] t = table;
                t[0] = 1.0;
                return x;
              }
            """, Messages.fieldWrite("table"), "t[0] = 1.0"),
        Arguments.of("constant parameter assigned an active value", """
              @Differentiable(wrt = {"x"}) static double f(double x, double y) {
                y = y * x;
                return y;
              }
            """, Messages.constantParameterAssigned("y"), "y = y * x"),
        Arguments.of("active argument to a parameter outside wrt", """
              @Differentiable(wrt = {"a"}) static double g(double a, double b) { return a * b; }
              @Differentiable static double f(double x) {
                return g(1.0, x);
              }
            """, Messages.activeArgumentToConstantParameter("g", "b", "x"), "return g(1.0, x)"),
        Arguments.of("postfix value of an active variable", """
              @Differentiable static double f(double x) {
                double y = x;
                double z = y++;
                return z;
              }
            """, Messages.postfixValue("y++"), "double z = y++"),
        Arguments.of("switch expression", """
              @Differentiable static double f(double x, int k) {
                double y = switch (k) { case 1 -> x; default -> 2 * x; };
                return y;
              }
            """, Messages.switchExpression(), "switch (k)"),
        Arguments.of("local class", """
              @Differentiable static double f(double x) {
                class Local { }
                return x;
              }
            """, Messages.localClass(), "class Local"),
        Arguments.of("anonymous class", """
              @Differentiable static double f(double x) {
                Object o = new Object() { };
                return x;
              }
            """, Messages.localClass(), "new Object()"),
        Arguments.of("instanceof", """
              @Differentiable static double f(double x, Object o) {
                if (o instanceof String) return x;
                return 2 * x;
              }
            """, Messages.patternMatching(), "o instanceof String"),
        Arguments.of("float local", """
              @Differentiable static double f(double x) {
                float y = 1;
                return x * y;
              }
            """, Messages.unsupportedType("float"), "float y = 1"),
        Arguments.of("unresolvable name", """
              @Differentiable static double f(double x) {
                return x * undefinedThing;
              }
            """, Messages.cannotResolve("undefinedThing"), "undefinedThing"),
        Arguments.of("generic method", """
              @Differentiable static <T> double f(double x, T t) { return x; }
            """, Messages.genericMethod(), "<T> double f"),
        Arguments.of("varargs", """
              @Differentiable static double f(double... xs) { return xs[0]; }
            """, Messages.varargs(), "double... xs"),
        Arguments.of("synchronized", """
              @Differentiable static double f(double x) {
                synchronized (Bad.class) { x = x * 2; }
                return x;
              }
            """, Messages.synchronizedBlock(), "synchronized (Bad.class)"),
        Arguments.of("call of an overridable instance method", """
              @Differentiable double g(double x) { return x * x; }
              @Differentiable double f(double x) {
                return g(x) + 1.0;
              }
            """, Messages.overridableCallee("g"), "return g(x) + 1.0"),
        Arguments.of("method of a local class", """
              @Differentiable static double f(double x) {
                class Local {
                  @Differentiable double g(double y) { return y; }
                }
                return x;
              }
            """, Messages.inLocalClass(), "double g(double y)"),
        Arguments.of("method of an anonymous class", """
              @Differentiable static double f(double x) {
                Object o = new Object() {
                  @Differentiable double g(double y) { return y; }
                };
                return x;
              }
            """, Messages.inLocalClass(), "double g(double y)"),
        Arguments.of("assert", """
              @Differentiable static double f(double x) {
                assert x > 0;
                return x;
              }
            """, Messages.assertStatement(), "assert x > 0"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void reportsErrorOnTheRightLine(String name, String body, String message, String line) {
    Compilation compilation = Compiled.compile("p.Bad", HEADER + body + "}\n");
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining(message).inFile(compilation.sourceFiles().get(0))
        .onLineContaining(line);
  }

  @Test
  void oneBadMethodDoesNotStopTheOthers() {
    Compilation compilation = Compiled.compile("p.Mixed", """
        package p;
        import dev.gradgen.Differentiable;
        class Mixed {
          @Differentiable static double bad(double x) {
            try { return x; } catch (RuntimeException e) { return 0; }
          }
          @Differentiable static double alsoBad(double x) {
            return x * nowhere;
          }
          @Differentiable static double good(double x) { return x * x; }
        }
        """);
    assertThat(compilation).hadErrorContaining(Messages.tryCatch()).inFile(
        compilation.sourceFiles().get(0)).onLineContaining("try {");
    assertThat(compilation).hadErrorContaining(Messages.cannotResolve("nowhere")).inFile(
        compilation.sourceFiles().get(0)).onLineContaining("x * nowhere");
    assertThat(compilation).hadErrorCount(2);
  }
}
