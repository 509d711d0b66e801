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
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rules compiled earlier, as in a library jar the user depends on (issue 12): found through the
 * class-level {@code @DerivativeRules} declaration, read from class files, and checked there.
 */
class CustomRulesFromLibraryTest {

  private static final String LIBRARY_RULES = """
      package lib;
      import dev.gradgen.DerivativeOf;
      import org.apache.commons.math3.special.Erf;
      public final class SpecialRules {
        private SpecialRules() {}

        /** d erf(x)/dx */
        @DerivativeOf(type = Erf.class, method = "erf")
        public static double erf(double x) { return 2 / Math.sqrt(Math.PI) * Math.exp(-x * x); }

        public static double blend(double w, double x, double y) { return w * x + (1 - w) * y; }

        /** Partials for x and y only, by the names this class file keeps (-parameters). */
        @DerivativeOf(method = "blend", wrt = {"x", "y"})
        public static double[] blendPartials(double w, double x, double y) {
          return new double[] {w, 1 - w};
        }
      }
      """;

  private static final String EMPTY = """
      package lib;
      public final class Empty {}
      """;

  private static final String BROKEN = """
      package lib;
      import dev.gradgen.DerivativeOf;
      public final class Broken {
        public static double g(double x) { return x; }
        @DerivativeOf(method = "g")
        public static double[] dg(double x) { return new double[] {1}; }
      }
      """;

  @TempDir Path temp;

  /** Compiles {@code sources} into {@code out}; returns the errors. */
  private List<Diagnostic<? extends JavaFileObject>> compile(Path out, List<Path> classPath,
      List<String> options, boolean process, String... namesAndSources) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Files.createDirectories(out);
    List<File> files = new ArrayList<>();
    for (int i = 0; i < namesAndSources.length; i += 2) {
      Path file = temp.resolve("src").resolve(namesAndSources[i].replace('.', '/') + ".java");
      Files.createDirectories(file.getParent());
      Files.writeString(file, namesAndSources[i + 1]);
      files.add(file.toFile());
    }
    String path = System.getProperty("java.class.path") + File.pathSeparator
        + classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    List<String> all = new ArrayList<>(List.of("-d", out.toString(), "-classpath", path,
        "-s", temp.resolve("generated").toString()));
    Files.createDirectories(temp.resolve("generated"));
    all.addAll(options);
    if (!process) {
      all.add("-proc:none");
    }
    try (StandardJavaFileManager manager = javac.getStandardFileManager(diagnostics, Locale.ROOT,
        null)) {
      JavaCompiler.CompilationTask task = javac.getTask(null, manager, diagnostics, all, null,
          manager.getJavaFileObjectsFromFiles(files));
      if (process) {
        task.setProcessors(List.<Processor>of(new DifferentiableProcessor()));
      }
      task.call();
    }
    return diagnostics.getDiagnostics().stream()
        .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
        .collect(Collectors.toList());
  }

  private Path library(boolean process) throws IOException {
    Path out = temp.resolve("lib");
    List<Diagnostic<? extends JavaFileObject>> errors = compile(out, List.of(),
        List.of("-parameters"), process, "lib.SpecialRules", LIBRARY_RULES, "lib.Empty", EMPTY,
        "lib.Broken", BROKEN);
    // Broken's rule is wrong: reported when the library is compiled with gradgen, not otherwise.
    assertEquals(process ? 1 : 0, errors.size(), errors::toString);
    return out;
  }

  /** Of order 1: the library's rules are no {@code @Differentiable} methods. */
  private static String user(String declaration) {
    return """
        package app;
        import dev.gradgen.Differentiable;
        import org.apache.commons.math3.special.Erf;
        %s
        final class Pricing {
          @Differentiable(order = 1) static double price(double w, double x) {
            return Erf.erf(x) + lib.SpecialRules.blend(0.25, x * x, w);
          }
        }
        """.formatted(declaration);
  }

  @Test
  void declaredRulesAreFoundInClassFiles() throws Exception {
    Path lib = library(false);
    Path out = temp.resolve("app");
    List<Diagnostic<? extends JavaFileObject>> errors = compile(out, List.of(lib), List.of(), true,
        "app.Pricing", user("@dev.gradgen.DerivativeRules({lib.SpecialRules.class})"));
    assertTrue(errors.isEmpty(), errors::toString);
    try (URLClassLoader loader = new URLClassLoader(
        new URL[] {lib.toUri().toURL(), out.toUri().toURL()}, getClass().getClassLoader())) {
      Class<?> companion = loader.loadClass("app.PricingGradients");
      Method gradient = companion.getMethod("priceGradient", double.class, double.class);
      double w = 0.4;
      double x = 0.7;
      Object g = gradient.invoke(null, w, x);
      assertEquals(Erf.erf(x) + (0.25 * (x * x) + (1 - 0.25) * w), Compiled.component(g, "value"));
      double dx = 2 / Math.sqrt(Math.PI) * Math.exp(-x * x) + 0.25 * 2 * x;
      assertEquals(dx, (double) Compiled.component(g, "x"), 1e-12);
      assertEquals(0.75, (double) Compiled.component(g, "w"), 1e-15);
    }
  }

  @Test
  void withoutTheDeclarationTheLibraryCallIsAnError() throws Exception {
    Path lib = library(false);
    List<Diagnostic<? extends JavaFileObject>> errors = compile(temp.resolve("app"), List.of(lib),
        List.of(), true, "app.Pricing", user(""));
    assertTrue(errors.stream().anyMatch(d -> d.getMessage(Locale.ROOT)
        .contains("cannot differentiate through 'Erf.erf'") && d.getLineNumber() == 7),
        errors::toString);
  }

  @Test
  void aDeclaredClassWithoutRules() throws Exception {
    Path lib = library(false);
    List<Diagnostic<? extends JavaFileObject>> errors = compile(temp.resolve("app"), List.of(lib),
        List.of(), true, "app.Pricing",
        user("@dev.gradgen.DerivativeRules({lib.SpecialRules.class, lib.Empty.class})"));
    assertTrue(errors.stream().anyMatch(d -> d.getMessage(Locale.ROOT)
        .equals("@DerivativeRules names lib.Empty: it has no @DerivativeOf methods")
        && d.getLineNumber() == 4), errors::toString);
  }

  @Test
  void aWrongRuleInAClassFileIsReportedAtTheDeclaration() throws Exception {
    library(true);
    Path lib = library(false);
    List<Diagnostic<? extends JavaFileObject>> errors = compile(temp.resolve("app"), List.of(lib),
        List.of(), true, "app.Pricing", """
        package app;
        import dev.gradgen.Differentiable;
        @dev.gradgen.DerivativeRules(lib.Broken.class)
        final class Pricing {
          @Differentiable static double price(double x) {
            return lib.Broken.g(x);
          }
        }
        """);
    assertTrue(errors.stream().anyMatch(d -> d.getMessage(Locale.ROOT)
        .startsWith("@DerivativeRules names lib.Broken: dg: @DerivativeOf: the rule of Broken.g"
            + " returns the wrong type")
        && d.getMessage(Locale.ROOT).endsWith("expected 'static double dg(double x)'")
        && d.getLineNumber() == 3), errors::toString);
  }

  @Test
  void wrtNeedsTheParameterNamesOfTheClassFile() throws Exception {
    Path lib = temp.resolve("lib");
    assertTrue(compile(lib, List.of(), List.of(), false, "lib.SpecialRules", LIBRARY_RULES)
        .isEmpty());
    List<Diagnostic<? extends JavaFileObject>> errors = compile(temp.resolve("app"), List.of(lib),
        List.of(), true, "app.Pricing", user("@dev.gradgen.DerivativeRules(lib.SpecialRules.class)"));
    assertTrue(errors.stream().anyMatch(d -> d.getMessage(Locale.ROOT).equals(
        "@DerivativeRules names lib.SpecialRules: blendPartials: @DerivativeOf wrt: 'x' is no double"
            + " or double[] parameter of the rule; its parameters that can be: arg0, arg1, arg2 (its"
            + " class file keeps no parameter names: compile the rule's class with javac"
            + " -parameters)")
        && d.getLineNumber() == 4), errors::toString);
  }
}
