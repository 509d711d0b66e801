package dev.gradgen.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's Maven snippets and the standalone project built from them in step: each
 * snippet (an {@code xml} block after a marker comment naming it) must appear verbatim, line for
 * line at one indentation, in {@code examples/maven-user/pom.xml}, which the invoker build then
 * compiles and tests against the artifacts just built. Also keeps CI running the README's test
 * command.
 */
class ReadmeSnippetTest {

  private static final Path REPOSITORY = Path.of("..").toAbsolutePath().normalize();
  private static final String MARKER = "<!-- examples/maven-user/pom.xml: %s -->";

  @Test
  void dependencySnippetIsInTheExamplePom() throws IOException {
    assertInExamplePom("dependency", "<artifactId>gradgen-runtime</artifactId>");
  }

  @Test
  void pluginSnippetIsInTheExamplePom() throws IOException {
    assertInExamplePom("plugin", "<artifactId>gradgen-processor</artifactId>");
  }

  @Test
  void ciRunsTheReadmesTestCommand() throws IOException {
    String command = null;
    for (String line : Files.readAllLines(REPOSITORY.resolve("README.md"))) {
      if (line.contains("# runs every test (this is what CI runs)")) {
        command = line.substring(0, line.indexOf('#')).strip();
      }
    }
    assertEquals("mvn -B -ntp verify", command, "the README's test command");
    String ci = Files.readString(REPOSITORY.resolve(".ci/run"));
    assertTrue(ci.contains(command + "\n"), ".ci/run must run `" + command + "`:\n" + ci);
  }

  private static void assertInExamplePom(String name, String mustMention) throws IOException {
    List<String> snippet = snippet(Files.readString(REPOSITORY.resolve("README.md")), name);
    assertTrue(
        String.join("\n", snippet).contains(mustMention), "snippet " + name + ": " + snippet);
    List<String> pom = Files.readAllLines(REPOSITORY.resolve("examples/maven-user/pom.xml"));
    if (!containsIndented(pom, snippet)) {
      fail("examples/maven-user/pom.xml must contain the README's " + name
          + " snippet verbatim (at any one indentation):\n" + String.join("\n", snippet));
    }
  }

  /** The lines of the {@code xml} block right after the marker comment {@code name}. */
  static List<String> snippet(String readme, String name) {
    String marker = String.format(MARKER, name);
    int at = readme.indexOf(marker);
    assertTrue(at >= 0, "README.md has no marker " + marker);
    assertEquals(at, readme.lastIndexOf(marker), "README.md has two markers " + marker);
    String rest = readme.substring(at + marker.length());
    String fence = "```xml\n";
    int open = rest.indexOf(fence);
    assertTrue(
        open >= 0 && rest.substring(0, open).isBlank(),
        "the marker " + marker + " must stand right before an ```xml block");
    int close = rest.indexOf("\n```", open + fence.length());
    assertTrue(close > open, "the ```xml block after " + marker + " is not closed");
    return rest.substring(open + fence.length(), close).lines().toList();
  }

  /** Whether {@code pom} holds {@code snippet} as consecutive lines, each behind one indentation. */
  static boolean containsIndented(List<String> pom, List<String> snippet) {
    for (int start = 0; start + snippet.size() <= pom.size(); start++) {
      String first = pom.get(start);
      if (!first.endsWith(snippet.get(0))) {
        continue;
      }
      String indent = first.substring(0, first.length() - snippet.get(0).length());
      if (!indent.isBlank()) {
        continue;
      }
      boolean all = true;
      for (int i = 1; i < snippet.size() && all; i++) {
        String expected = snippet.get(i).isEmpty() ? "" : indent + snippet.get(i);
        all = pom.get(start + i).stripTrailing().equals(expected);
      }
      if (all) {
        return true;
      }
    }
    return false;
  }

  @Test
  void aSnippetOutOfStepIsCaught() {
    List<String> snippet = List.of("<a>", "  <b>1</b>", "</a>");
    assertTrue(containsIndented(List.of("<x>", "    <a>", "      <b>1</b>", "    </a>"), snippet));
    assertTrue(!containsIndented(List.of("    <a>", "      <b>2</b>", "    </a>"), snippet));
    assertTrue(!containsIndented(List.of("    <a>", "     <b>1</b>", "    </a>"), snippet));
  }
}
