package dev.gradgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import dev.gradgen.processor.diagnostics.Messages;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Writes into a caller's or a field's array are rejected whatever alias they go through (a row of
 * a local matrix, a shallow clone's row, an initializer's row, a loop's row variable, a
 * conditional), with the error on the line of the write.
 */
class ArrayAliasWritesTest {

  private static final String HEADER = """
      package p;
      import dev.gradgen.Differentiable;
      final class Bad {
        static double[] TABLE = {1.0, 2.0};
        static double[][] GRID = {{1.0}, {2.0}};
        double[] weights = {0.5};
      """;

  /** Each case: a method, the message expected, text on the line it belongs to. */
  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("parameter stored as a row", """
              @Differentiable static double f(double x, double[] v) {
                double[][] m = new double[2][];
                m[0] = v;
                m[0][0] = x * 3;
                return m[0][0];
              }
            """, Messages.parameterArrayWrite("v"), "m[0][0] = x * 3"),
        Arguments.of("row of a clone of a matrix parameter", """
              @Differentiable static double f(double x, double[][] p) {
                double[][] c = p.clone();
                c[0][0] = x * 3;
                return c[0][0];
              }
            """, Messages.parameterArrayWrite("p"), "c[0][0] = x * 3"),
        Arguments.of("row of a clone of a constant matrix parameter", """
              @Differentiable(wrt = {"x"}) static double f(double x, double[][] p) {
                double[][] c = p.clone();
                double[] row = c[1];
                row[0] += 1.0;
                return c[0][0] * x;
              }
            """, Messages.parameterArrayWrite("p"), "row[0] += 1.0"),
        Arguments.of("static field as an initializer's row", """
              @Differentiable static double f(double x) {
                double[][] m = {TABLE};
                m[0][0] += x;
                return m[0][0];
              }
            """, Messages.fieldWrite("TABLE"), "m[0][0] += x"),
        Arguments.of("row of a clone of a static matrix", """
              @Differentiable static double f(double x) {
                double[][] c = GRID.clone();
                c[1][0] = x;
                return c[1][0];
              }
            """, Messages.fieldWrite("GRID"), "c[1][0] = x"),
        Arguments.of("instance field as a row", """
              @Differentiable double f(double x) {
                double[][] m = new double[1][];
                m[0] = weights;
                m[0][0]++;
                return m[0][0] * x;
              }
            """, Messages.fieldWrite("weights"), "m[0][0]++"),
        Arguments.of("parameter through a loop's row variable", """
              @Differentiable static double f(double x, double[] v) {
                double[][] m = {new double[1], v};
                for (double[] row : m) {
                  row[0] = x;
                }
                return m[0][0];
              }
            """, Messages.parameterArrayWrite("v"), "row[0] = x"),
        Arguments.of("parameter through a conditional", """
              @Differentiable(wrt = {"x"}) static double f(double x, double[] w) {
                double[] local = new double[1];
                double[] a = x > 0 ? local : w;
                a[0] = x;
                return a[0];
              }
            """, Messages.parameterArrayWrite("w"), "a[0] = x"),
        Arguments.of("parameter three aliases deep", """
              @Differentiable static double f(double x, double[] v) {
                double[][] m = {v};
                double[][] n = m;
                double[][][] q = {n};
                double[] s = q[0][0];
                s[0] = x;
                return s[0];
              }
            """, Messages.parameterArrayWrite("v"), "s[0] = x"),
        Arguments.of("parameter row stored in a loop", """
              @Differentiable static double f(double x, double[][] p) {
                double[][] m = new double[p.length][];
                for (int i = 0; i < p.length; i++) {
                  m[i] = p[i];
                }
                m[0][0] *= x;
                return m[0][0];
              }
            """, Messages.parameterArrayWrite("p"), "m[0][0] *= x"),
        Arguments.of("parameter handed back by a plain method", """
              static double[] same(double[] a) { return a; }
              @Differentiable(wrt = {"x"}) static double f(double x, double[] w) {
                double[] b = same(w);
                b[0] = x;
                return w[0];
              }
            """, Messages.parameterArrayWrite("w"), "b[0] = x"),
        Arguments.of("local handed back by a plain method, then made nodes", """
              static double[] same(double[] a) { return a; }
              @Differentiable static double f(double x) {
                double[] a = new double[1];
                double[] b = same(a);
                b[0] = x * x;
                return a[0];
              }
            """, Messages.activeArgumentToPlainMethod("same", "a"), "double[] b = same(a)"),
        Arguments.of("a record's array component", """
              record Weights(double[] w) {
                @Differentiable double f(double x) {
                  double[] a = w;
                  a[0] = x;
                  return a[0] * w[0];
                }
              }
            """, Messages.fieldWrite("w"), "a[0] = x"),
        Arguments.of("an accessor's array", """
              record Weights(double[] w) {
                @Differentiable double f(double x) {
                  w()[0] += x;
                  return w[0];
                }
              }
            """, Messages.fieldWrite("w"), "w()[0] += x"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void theWriteIsReportedOnItsLine(String name, String body, String message, String line) {
    Compilation compilation = Compiled.compile("p.Bad", HEADER + body + "}\n");
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining(message).inFile(compilation.sourceFiles().get(0))
        .onLineContaining(line);
    assertThat(compilation).hadErrorCount(1);
  }
}
