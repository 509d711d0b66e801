package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the processor's packages layered (after MapStruct's {@code NoPackageCyclesRule}): no chain
 * of references between packages of the main sources leads back to where it started, so each stage
 * can be read, tested and replaced without the ones that depend on it.
 */
class NoPackageCyclesTest {

  private static final Path MAIN = Path.of("src/main/java");
  private static final String ROOT = "dev.gradgen.processor";
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
  /** A reference to a class of the processor: an import or a qualified name in code. */
  private static final Pattern REFERENCE =
      Pattern.compile("\\bdev\\.gradgen\\.processor((?:\\.[a-z]\\w*)*)\\.[A-Z]");
  /** Comments, string and char literals: text that references nothing. */
  private static final Pattern NOT_CODE = Pattern.compile(
      "//[^\\n]*|/\\*(?s:.*?)\\*/|\"\"\"(?s:.*?)\"\"\"|\"(?:\\\\.|[^\"\\\\\\n])*\"|'(?:\\\\.|[^'\\\\])*'");

  @Test
  void packagesFormNoCycle() throws IOException {
    Map<String, Map<String, String>> edges = references();
    // The scan must see the layers it guards, or the test would pass on nothing.
    assertTrue(edges.getOrDefault(ROOT + ".writer", Map.of()).containsKey(ROOT + ".model"),
        "no reference from writer to model found in " + MAIN.toAbsolutePath() + ": " + edges);
    assertTrue(edges.getOrDefault(ROOT, Map.of()).containsKey(ROOT + ".analysis"), edges.toString());
    List<String> cycles = new ArrayList<>();
    for (String start : edges.keySet()) {
      List<String> cycle = cycleThrough(start, edges);
      if (!cycle.isEmpty()) {
        StringBuilder text = new StringBuilder(String.join(" -> ", cycle));
        for (int i = 0; i + 1 < cycle.size(); i++) {
          text.append("\n    ").append(cycle.get(i)).append(" -> ").append(cycle.get(i + 1))
              .append(" in ").append(edges.get(cycle.get(i)).get(cycle.get(i + 1)));
        }
        cycles.add(text.toString());
      }
    }
    assertEquals(List.of(), cycles, "package cycles");
  }

  /** For each package, the packages its files reference, each with one file that does. */
  private static Map<String, Map<String, String>> references() throws IOException {
    Map<String, Map<String, String>> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(MAIN)) {
      for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
        String source = Files.readString(file);
        Matcher pkg = PACKAGE.matcher(source);
        if (!pkg.find() || !pkg.group(1).startsWith(ROOT)) {
          continue;
        }
        String from = pkg.group(1);
        Matcher ref = REFERENCE.matcher(NOT_CODE.matcher(source).replaceAll(" "));
        while (ref.find()) {
          String to = ROOT + ref.group(1);
          if (!to.equals(from)) {
            out.computeIfAbsent(from, k -> new TreeMap<>())
                .putIfAbsent(to, MAIN.relativize(file).toString());
          }
        }
      }
    }
    return out;
  }

  /** A shortest path from {@code start} back to itself, or an empty list. */
  private static List<String> cycleThrough(String start, Map<String, Map<String, String>> edges) {
    Map<String, String> parent = new TreeMap<>();
    List<String> frontier = new ArrayList<>(List.of(start));
    Set<String> seen = new TreeSet<>();
    while (!frontier.isEmpty()) {
      List<String> next = new ArrayList<>();
      for (String node : frontier) {
        for (String target : edges.getOrDefault(node, Map.of()).keySet()) {
          if (target.equals(start)) {
            List<String> path = new ArrayList<>(List.of(start));
            for (String at = node; !at.equals(start); at = parent.get(at)) {
              path.add(1, at);
            }
            path.add(start);
            return path;
          }
          if (seen.add(target)) {
            parent.put(target, node);
            next.add(target);
          }
        }
      }
      frontier = next;
    }
    return List.of();
  }
}
