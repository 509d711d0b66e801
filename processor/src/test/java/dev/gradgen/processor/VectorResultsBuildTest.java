package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vector results in a user's build: a {@code double[]} method from a class compiled earlier is
 * called through its companion on the class path, and the generated code of vector methods is
 * lint-clean ({@code -Xlint:all -Werror}).
 */
class VectorResultsBuildTest {

  private static boolean compile(
      Path out, List<Path> sources, String classpath, StringWriter log, String... extra)
      throws Exception {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    var files = compiler.getStandardFileManager(null, null, null);
    List<String> options = new java.util.ArrayList<>(
        List.of("-d", out.toString(), "-s", out.toString(), "-classpath", classpath));
    options.addAll(List.of(extra));
    var task = compiler.getTask(
        log, files, null, options, null, files.getJavaFileObjectsFromPaths(sources));
    task.setProcessors(List.of(new DifferentiableProcessor()));
    return task.call();
  }

  @Test
  void aVectorMethodCompiledEarlierIsCalledThroughItsCompanion(@TempDir Path dir) throws Exception {
    Path library = Files.createDirectories(dir.resolve("library"));
    Path squares = Files.writeString(dir.resolve("Squares.java"), """
        package lib;
        import dev.gradgen.Differentiable;
        public class Squares {
          @Differentiable(wrt = {"x"})
          public static double[] scaled(double[] x, double scale) {
            double[] out = new double[x.length];
            for (int i = 0; i < x.length; i++) {
              out[i] = scale * x[i] * x[i];
            }
            return out;
          }
        }
        """);
    String path = System.getProperty("java.class.path");
    StringWriter log = new StringWriter();
    assertTrue(compile(library, List.of(squares), path, log), log::toString);
    Path app = Files.createDirectories(dir.resolve("app"));
    Path caller = Files.writeString(dir.resolve("Caller.java"), """
        package app;
        import dev.gradgen.Differentiable;
        import lib.Squares;
        class Caller {
          @Differentiable
          static double f(double[] x) {
            double[] s = Squares.scaled(x, 3.0);
            return s[0] + s[1] * x[0];
          }
        }
        """);
    assertTrue(
        compile(
            app,
            List.of(caller),
            library + File.pathSeparator + path,
            log,
            "-Xlint:all",
            "-Werror"),
        log::toString);
    try (URLClassLoader loader = new URLClassLoader(
        new URL[] {library.toUri().toURL(), app.toUri().toURL()},
        VectorResultsBuildTest.class.getClassLoader())) {
      Class<?> companion = loader.loadClass("app.CallerGradients");
      Method gradient = companion.getMethod("fGradient", double[].class);
      gradient.setAccessible(true);
      double[] x = {1.5, -2.0};
      Object g = gradient.invoke(null, (Object) x);
      // f = 3 x0^2 + 3 x1^2 x0: df/dx0 = 6 x0 + 3 x1^2, df/dx1 = 6 x1 x0.
      assertEquals(3 * 2.25 + 3 * 4.0 * 1.5, (double) Compiled.component(g, "value"));
      assertArrayEquals(
          new double[] {6 * 1.5 + 3 * 4.0, 6 * -2.0 * 1.5},
          (double[]) Compiled.component(g, "x"),
          1e-12);
      Class<?> library2 = loader.loadClass("lib.SquaresGradients");
      Method jacobian = library2.getMethod("scaledJacobian", double[].class, double.class);
      Object j = jacobian.invoke(null, x, 3.0);
      double[][] dx = (double[][]) Compiled.component(j, "x");
      assertArrayEquals(new double[] {9.0, 0.0}, dx[0], 1e-12);
      assertArrayEquals(new double[] {0.0, -12.0}, dx[1], 1e-12);
    }
  }

  @Test
  void generatedVectorCodeIsLintClean(@TempDir Path dir) throws Exception {
    Path source = Files.createDirectories(dir.resolve("v")).resolve("Vec.java");
    Files.writeString(source, VectorResultsTest.SOURCE);
    StringWriter log = new StringWriter();
    Path out = Files.createDirectories(dir.resolve("out"));
    assertTrue(
        compile(
            out,
            List.of(source),
            System.getProperty("java.class.path"),
            log,
            "-Xlint:all",
            "-Werror"),
        log::toString);
    assertEquals("", log.toString().strip());
  }
}
