package dev.gradgen.processor;

import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * The processor attached to the compilation of a big, valid code base without {@code @Differentiable}
 * methods (the project's own processor and runtime sources) changes nothing and reports nothing: the
 * compilation succeeds without errors or warnings, writes no source file, and produces exactly the
 * class files of the same compilation without the processor.
 */
class EdgeCorpusSelfCompileTest {

  @Test
  void processorLeavesAnUnannotatedCodeBaseAlone() throws IOException {
    List<JavaFileObject> sources = new ArrayList<>();
    sources.addAll(sourcesUnder(Path.of("src/main/java")));
    sources.addAll(sourcesUnder(Path.of("../runtime/src/main/java")));
    assertTrue(sources.size() >= 30, "found only " + sources.size() + " source files");
    List<File> classpath = Arrays.stream(
            System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .map(File::new)
        .toList();

    Compilation with = javac()
        .withProcessors(new DifferentiableProcessor())
        .withClasspath(classpath)
        .compile(sources);
    Compilation without =
        javac().withClasspath(classpath).withOptions("-proc:none").compile(sources);

    assertEquals(
        Compilation.Status.SUCCESS, with.status(), () -> with.diagnostics().toString());
    for (Diagnostic<? extends JavaFileObject> diagnostic : with.diagnostics()) {
      assertTrue(
          diagnostic.getKind() != Diagnostic.Kind.ERROR
              && diagnostic.getKind() != Diagnostic.Kind.WARNING
              && diagnostic.getKind() != Diagnostic.Kind.MANDATORY_WARNING,
          "the processor run reported " + diagnostic);
    }
    assertEquals(List.of(), with.generatedSourceFiles(), "the processor wrote source files");
    assertEquals(messages(without), messages(with), "the processor changed the diagnostics");
    Map<String, byte[]> expected = classFiles(without);
    Map<String, byte[]> actual = classFiles(with);
    assertEquals(expected.keySet(), actual.keySet(), "the processor changed the class files");
    assertTrue(expected.size() >= sources.size(), "too few class files: " + expected.size());
    for (String name : expected.keySet()) {
      assertTrue(
          Arrays.equals(expected.get(name), actual.get(name)), "the processor changed " + name);
    }
  }

  private static List<JavaFileObject> sourcesUnder(Path root) throws IOException {
    assertTrue(Files.isDirectory(root), root.toAbsolutePath() + " is not a directory");
    try (Stream<Path> files = Files.walk(root)) {
      // module-info.java is left out: the sources are compiled together on the class path.
      return files
          .filter(f -> f.toString().endsWith(".java") && !f.endsWith("module-info.java"))
          .sorted()
          .map(f -> {
            try {
              return JavaFileObjects.forResource(f.toUri().toURL());
            } catch (MalformedURLException e) {
              throw new IllegalStateException(e);
            }
          })
          .toList();
    }
  }

  private static List<String> messages(Compilation compilation) {
    return compilation.diagnostics().stream()
        .map(d -> d.getKind() + " " + d.getLineNumber() + " " + d.getMessage(Locale.ROOT))
        .toList();
  }

  private static Map<String, byte[]> classFiles(Compilation compilation) {
    Map<String, byte[]> out = new TreeMap<>();
    for (JavaFileObject file : compilation.generatedFiles()) {
      if (file.getKind() == JavaFileObject.Kind.CLASS) {
        try (InputStream in = file.openInputStream()) {
          out.put(file.toUri().getPath(), in.readAllBytes());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return out;
  }
}
