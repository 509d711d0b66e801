package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import javax.annotation.processing.Processor;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Second derivatives across a class-file boundary: a library compiled earlier, whose companion
 * tells whether a method has the second-order builder (order 2) and whose rule's partials are a
 * {@code @Differentiable} method compiled with it.
 */
class HessianFromLibraryTest {

  private static final String LIBRARY = """
      package lib;
      import dev.gradgen.DerivativeOf;
      import dev.gradgen.Differentiable;
      public final class Lib {
        private Lib() {}

        @Differentiable
        public static double square(double x) { return x * x; }

        @Differentiable(order = 1)
        public static double firstOnly(double x) { return x * x; }

        public static double cubed(double x) { return x * x * x; }

        @DerivativeOf(method = "cubed")
        @Differentiable
        public static double dcubed(double x) { return 3 * x * x; }
      }
      """;

  @TempDir Path temp;

  private List<Diagnostic<? extends JavaFileObject>> compile(Path out, List<Path> classPath,
      String name, String source) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Files.createDirectories(out);
    Path file = temp.resolve("src-" + out.getFileName()).resolve(name.replace('.', '/') + ".java");
    Files.createDirectories(file.getParent());
    Files.writeString(file, source);
    String path = System.getProperty("java.class.path") + File.pathSeparator
        + classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    Path generated = temp.resolve("generated-" + out.getFileName());
    Files.createDirectories(generated);
    List<String> options = List.of("-d", out.toString(), "-classpath", path, "-s",
        generated.toString(), "-parameters");
    try (StandardJavaFileManager manager = javac.getStandardFileManager(diagnostics, Locale.ROOT,
        null)) {
      JavaCompiler.CompilationTask task = javac.getTask(null, manager, diagnostics, options, null,
          manager.getJavaFileObjectsFromFiles(List.of(file.toFile())));
      task.setProcessors(List.<Processor>of(new DifferentiableProcessor()));
      task.call();
    }
    return diagnostics.getDiagnostics().stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
        .collect(Collectors.toList());
  }

  @Test
  void calleesAndRulePartialsFromClassFiles() throws Exception {
    Path lib = temp.resolve("lib");
    assertEquals(List.of(), compile(lib, List.of(), "lib.Lib", LIBRARY));
    Path app = temp.resolve("app");
    List<Diagnostic<? extends JavaFileObject>> errors = compile(app, List.of(lib), "app.Use", """
        package app;
        import dev.gradgen.Differentiable;
        @dev.gradgen.DerivativeRules(lib.Lib.class)
        final class Use {
          /** x^2 y + (x y)^3 */
          @Differentiable
          static double f(double x, double y) {
            return lib.Lib.square(x) * y + lib.Lib.cubed(x * y);
          }
        }
        """);
    assertEquals(List.of(), errors);
    try (URLClassLoader loader = new URLClassLoader(
        new URL[] {app.toUri().toURL(), lib.toUri().toURL()}, getClass().getClassLoader())) {
      Class<?> companion = loader.loadClass("app.UseGradients");
      Method hessian = companion.getMethod("fHessian", double.class, double.class);
      double x = 0.9;
      double y = -1.3;
      Object r = hessian.invoke(null, x, y);
      double[][] h = (double[][]) Compiled.component(r, "hessian");
      double[][] expected = {
          {2 * y + 6 * x * y * y * y, 2 * x + 9 * x * x * y * y},
          {2 * x + 9 * x * x * y * y, 6 * x * x * x * y}};
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
          assertEquals(expected[i][j], h[i][j], 1e-14, "H[" + i + "][" + j + "]");
        }
      }
    }
  }

  @Test
  void aFirstOrderMethodFromAClassFileIsALocatedError() throws Exception {
    Path lib = temp.resolve("lib");
    assertEquals(List.of(), compile(lib, List.of(), "lib.Lib", LIBRARY));
    List<Diagnostic<? extends JavaFileObject>> errors =
        compile(temp.resolve("app"), List.of(lib), "app.Use", """
            package app;
            import dev.gradgen.Differentiable;
            final class Use {
              @Differentiable
              static double f(double x) {
                return lib.Lib.firstOnly(x) + x;
              }
            }
            """);
    assertTrue(errors.size() == 1 && errors.get(0).getMessage(Locale.ROOT).startsWith(
        "'firstOnly' is @Differentiable(order = 1), so it has no second-order builder")
        && errors.get(0).getLineNumber() == 6, errors::toString);
  }
}
