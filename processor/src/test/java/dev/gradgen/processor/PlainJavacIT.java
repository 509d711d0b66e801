package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradgen.Tensor;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged processor jar used as the README says, by the JDK's own {@code javac} binary in a
 * process of its own: alone on {@code -processorpath} (JavaPoet shaded in, no runtime classes
 * needed), for a class-path project and for a modular one. Runs after {@code package} (failsafe),
 * on the jar named by the system property {@code gradgen.processor.jar}.
 */
class PlainJavacIT {

  private static final Path PROCESSOR_JAR = Path.of(System.getProperty("gradgen.processor.jar"));

  private static final String PRICING = """
      package p;

      import dev.gradgen.Differentiable;

      public final class Pricing {
        private Pricing() {}

        @Differentiable(wrt = {"w", "b"})
        public static double loss(double w, double b, double x) {
          double y = Math.tanh(w * x + b);
          return y * y;
        }
      }
      """;

  @TempDir
  Path dir;

  @Test
  void jarAloneOnTheProcessorPathWritesAWorkingGradient() throws Exception {
    Path source = write("src/p/Pricing.java", PRICING);
    Path out = dir.resolve("out");
    Result javac = javac(
        "-processorpath",
        PROCESSOR_JAR.toString(),
        "-cp",
        runtime().toString(),
        "-d",
        out.toString(),
        "-Xlint:all",
        "-Werror",
        source.toString());
    assertEquals(0, javac.exitCode(), javac.output());
    assertEquals("", javac.output(), "javac -Xlint:all printed something");

    try (URLClassLoader loader = new URLClassLoader(
        new URL[] {out.toUri().toURL(), runtime().toUri().toURL()},
        ClassLoader.getPlatformClassLoader())) {
      Class<?> companion = loader.loadClass("p.PricingGradients");
      Method gradient =
          companion.getMethod("lossGradient", double.class, double.class, double.class);
      Record g = (Record) gradient.invoke(null, 0.5, 0.1, 2.0);
      double y = Math.tanh(0.5 * 2.0 + 0.1);
      double outer = 2 * y * (1 - y * y); // d(y^2)/d(w x + b)
      assertEquals(y * y, component(g, "value"), 1e-15);
      assertEquals(outer * 2.0, component(g, "w"), 1e-12);
      assertEquals(outer, component(g, "b"), 1e-12);
      assertEquals(3, g.getClass().getRecordComponents().length, "value, w, b: x is not in wrt");
    }
  }

  @Test
  void jarCarriesRelocatedJavaPoetAndThePublishedPomDoesNotListIt() throws IOException {
    List<String> entries = new ArrayList<>();
    try (JarFile jar = new JarFile(PROCESSOR_JAR.toFile())) {
      jar.stream().forEach(entry -> entries.add(entry.getName()));
    }
    assertTrue(
        entries.contains("dev/gradgen/processor/shaded/javapoet/TypeName.class"), "relocated");
    assertTrue(
        entries.stream().noneMatch(name -> name.startsWith("com/palantir/")), "not relocated");
    assertTrue(
        entries.stream()
            .noneMatch(name -> name.startsWith("dev/gradgen/")
                && name.endsWith(".class")
                && !name.startsWith("dev/gradgen/processor/")),
        "runtime classes in the processor jar");
    assertTrue(entries.contains("META-INF/services/javax.annotation.processing.Processor"));
    String pom = Files.readString(Path.of(System.getProperty("gradgen.processor.pom")));
    assertFalse(pom.contains("<artifactId>javapoet</artifactId>"), pom);
  }

  @Test
  void modularProjectCompilesWithOnlyRequiresRuntimeAndNoGenerated() throws Exception {
    String companion = compileModule("""
        module m {
          requires dev.gradgen.runtime;
        }
        """);
    assertTrue(companion.contains("public static LossGradient lossGradient("), companion);
    assertFalse(companion.contains("@Generated"), "module m does not read java.compiler");
  }

  /**
   * A module that exports the package: the companion's graph builder takes and returns
   * {@code Tensor}, so {@code -Xlint:exports} wants the runtime required transitively, as for any
   * type in an exported signature.
   */
  @Test
  void exportingModuleIsLintCleanWithRequiresTransitive() throws Exception {
    String companion = compileModule("""
        module m {
          requires transitive dev.gradgen.runtime;
          exports p;
        }
        """);
    assertTrue(
        companion.contains("public static Tensor loss(Tensor w, Tensor b, double x)"), companion);
  }

  /** Compiles module m (PRICING in package p) with every lint as an error; its companion's source. */
  private String compileModule(String moduleInfo) throws Exception {
    write("src/m/module-info.java", moduleInfo);
    Path source = write("src/m/p/Pricing.java", PRICING);
    Path generated = dir.resolve("generated");
    Result javac = javac(
        "--processor-path",
        PROCESSOR_JAR.toString(),
        "--module-path",
        runtime().toString(),
        "--module-source-path",
        dir.resolve("src").toString(),
        "-s",
        generated.toString(),
        "-d",
        dir.resolve("out").toString(),
        "-Xlint:all",
        "-Werror",
        dir.resolve("src/m/module-info.java").toString(),
        source.toString());
    assertEquals(0, javac.exitCode(), javac.output());
    assertEquals("", javac.output(), "javac -Xlint:all printed something");
    return Files.readString(generated.resolve("m/p/PricingGradients.java"));
  }

  @Test
  void modularProjectThatReadsJavaCompilerGetsGenerated() throws Exception {
    write("src/m/module-info.java", """
        module m {
          requires dev.gradgen.runtime;
          requires static java.compiler;
        }
        """);
    Path source = write("src/m/p/Pricing.java", PRICING);
    Path generated = dir.resolve("generated");
    Result javac = javac(
        "--processor-path",
        PROCESSOR_JAR.toString(),
        "--module-path",
        runtime().toString(),
        "--module-source-path",
        dir.resolve("src").toString(),
        "-s",
        generated.toString(),
        "-d",
        dir.resolve("out").toString(),
        dir.resolve("src/m/module-info.java").toString(),
        source.toString());
    assertEquals(0, javac.exitCode(), javac.output());
    String companion = Files.readString(generated.resolve("m/p/PricingGradients.java"));
    assertTrue(
        companion.contains("@Generated(\"dev.gradgen.processor.DifferentiableProcessor\")"),
        companion);
  }

  private static double component(Record record, String name) throws ReflectiveOperationException {
    for (RecordComponent component : record.getClass().getRecordComponents()) {
      if (component.getName().equals(name)) {
        return (double) component.getAccessor().invoke(record);
      }
    }
    throw new AssertionError("no component " + name + " in " + record);
  }

  /** The runtime's classes: its jar after {@code package}, else its classes directory. */
  private static Path runtime() throws Exception {
    return Path.of(
        Tensor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
  }

  private Path write(String relative, String text) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    return file;
  }

  private record Result(int exitCode, String output) {}

  /** Runs this JDK's {@code javac} binary with {@code args}, output and errors together. */
  private Result javac(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "javac").toString());
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    // Generous: a cold javac on a busy 2-core machine; this bounds a hang, it times nothing.
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), "javac did not finish");
    return new Result(process.exitValue(), output.strip());
  }
}
