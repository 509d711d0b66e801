package dev.gradgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The companions of three samples, fused and unfused ({@code -Agradgen.fuse=false}), compared as
 * whole files with golden copies under {@code src/test/resources/golden}, which were read by eye:
 * any change to the generated code shows up here as a diff to review. After an intended change,
 * regenerate them with {@code mvn -pl processor -am test -Dtest=GeneratedCodeGoldenTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dgradgen.golden.update=true}, read the diff and commit.
 */
class GeneratedCodeGoldenTest {

  private static final Path SAMPLES = Path.of("..", "samples", "src", "main", "java");
  private static final Path GOLDEN = Path.of("src", "test", "resources", "golden");

  /** {@code uses}: another class of the samples that {@code sample} needs to compile, or empty. */
  @ParameterizedTest(name = "{0}, fused {1}")
  @CsvSource({
    "BlackScholes, true, ''",
    "BlackScholes, false, ''",
    "Rosenbrock, true, Adam",
    "Rosenbrock, false, Adam",
    "NistModels, true, ''",
    "NistModels, false, ''"
  })
  void companionMatchesGolden(String sample, boolean fused, String uses) throws IOException {
    String name = "dev.gradgen.samples." + sample;
    List<String> sources = new ArrayList<>();
    for (String each : uses.isEmpty() ? List.of(sample) : List.of(sample, uses)) {
      String qualified = "dev.gradgen.samples." + each;
      sources.add(qualified);
      sources.add(Files.readString(
          SAMPLES.resolve(qualified.replace('.', '/') + ".java"), StandardCharsets.UTF_8));
    }
    Compilation compilation = Compiled.compile(
        fused ? List.of() : List.of("-Agradgen.fuse=false"), sources.toArray(new String[0]));
    assertThat(compilation).succeeded();
    JavaFileObject companion =
        compilation.generatedSourceFile(name + "Gradients").orElseThrow();
    String actual = companion.getCharContent(true).toString();
    Path golden =
        GOLDEN.resolve(sample + "Gradients" + (fused ? ".fused" : ".unfused") + ".golden");
    if (Boolean.getBoolean("gradgen.golden.update")) {
      Files.createDirectories(GOLDEN);
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
      return;
    }
    assertTrue(
        Files.exists(golden),
        golden + " is missing; create it with -Dgradgen.golden.update=true and read it");
    String expected = Files.readString(golden, StandardCharsets.UTF_8);
    if (!expected.equals(actual)) {
      fail(diff(golden, expected, actual));
    }
  }

  /** The first line where the files differ, with a few lines of context, and how to regenerate. */
  private static String diff(Path golden, String expected, String actual) {
    List<String> want = expected.lines().toList();
    List<String> got = actual.lines().toList();
    int line = 0;
    while (line < want.size() && line < got.size() && want.get(line).equals(got.get(line))) {
      line++;
    }
    StringBuilder out = new StringBuilder()
        .append("the generated companion differs from ")
        .append(golden)
        .append(" at line ")
        .append(line + 1)
        .append(" (golden ")
        .append(want.size())
        .append(" lines, generated ")
        .append(got.size())
        .append(")\n");
    for (int i = Math.max(0, line - 3);
        i < Math.min(Math.max(want.size(), got.size()), line + 4);
        i++) {
      String a = i < want.size() ? want.get(i) : "<end>";
      String b = i < got.size() ? got.get(i) : "<end>";
      out.append(a.equals(b) ? "  " : "- ").append(i + 1).append(": ").append(a).append('\n');
      if (!a.equals(b)) {
        out.append("+ ").append(i + 1).append(": ").append(b).append('\n');
      }
    }
    return out.append(
            "If the change is intended, regenerate with -Dgradgen.golden.update=true, read the"
                + " new golden and commit it.")
        .toString();
  }
}
