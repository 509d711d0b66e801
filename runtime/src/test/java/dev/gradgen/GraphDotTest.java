package dev.gradgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link GraphDot}'s output, parsed back line by line rather than compared with a stored text. */
final class GraphDotTest {

  private static final Pattern RECORD = Pattern.compile(
      "^\\s*n(\\d+) \\[shape=record, label=\"\\{ (?:(.*) \\| )?data (\\S+) \\| grad (\\S+) \\}\"\\];$");
  private static final Pattern OP =
      Pattern.compile("^\\s*op(\\d+) \\[shape=ellipse, label=\"(.*)\"\\];$");
  private static final Pattern EDGE = Pattern.compile("^\\s*(n|op)(\\d+) -> (n|op)(\\d+);$");

  /** A parsed drawing: records by id, op symbols by id, edges as "from->to" strings. */
  private record Parsed(
      Map<Integer, String[]> records,
      Map<Integer, String> ops,
      List<String> edges,
      List<String> lines) {

    static Parsed of(String dot) {
      Map<Integer, String[]> records = new HashMap<>();
      Map<Integer, String> ops = new HashMap<>();
      List<String> edges = new ArrayList<>();
      List<String> lines = dot.lines().toList();
      for (String line : lines) {
        Matcher m = RECORD.matcher(line);
        if (m.matches()) {
          records.put(
              Integer.parseInt(m.group(1)), new String[] {m.group(2), m.group(3), m.group(4)});
        }
        m = OP.matcher(line);
        if (m.matches()) {
          ops.put(Integer.parseInt(m.group(1)), m.group(2));
        }
        m = EDGE.matcher(line);
        if (m.matches()) {
          edges.add(m.group(1) + m.group(2) + "->" + m.group(3) + m.group(4));
        }
      }
      return new Parsed(records, ops, edges, lines);
    }

    /** The id of the record whose label field is {@code label}. */
    int idOf(String label) {
      return records.entrySet().stream()
          .filter(e -> label.equals(e.getValue()[0]))
          .mapToInt(Map.Entry::getKey)
          .findFirst()
          .orElseThrow(() -> new AssertionError("no record labelled " + label));
    }
  }

  private static final class Abc {
    final Tensor a = new Tensor(10);
    final Tensor b = new Tensor(5);
    final Tensor c = new Tensor(10);
    final Tensor d = a.mul(b);
    final Tensor f = d.add(c);

    Map<Tensor, String> labels() {
      Map<Tensor, String> labels = new IdentityHashMap<>();
      labels.put(a, "a");
      labels.put(b, "b");
      labels.put(c, "c");
      labels.put(d, "d");
      labels.put(f, "f");
      return labels;
    }
  }

  @Test
  void abPlusCHasTheExpectedNodesAndEdges() {
    Abc g = new Abc();
    g.f.backward();
    String dot = GraphDot.toDot(g.f, g.labels());
    Parsed p = Parsed.of(dot);

    assertTrue(dot.startsWith("digraph"));
    assertTrue(p.lines().stream().anyMatch(l -> l.strip().equals("rankdir=LR;")));
    assertEquals("}", p.lines().get(p.lines().size() - 1));
    assertEquals(5, p.records().size());
    assertEquals(2, p.ops().size());
    // Two arguments per binary op plus one edge from each op to its result.
    assertEquals(6, p.edges().size());
    // Record ids are n0..n4, numbered along the topological order.
    assertEquals(Set.of(0, 1, 2, 3, 4), p.records().keySet());

    // Values and gradients: d(ab + c) / da = b, / db = a, / dc = 1, / dd = 1.
    assertRecord(p, "a", "10.0000", "5.0000");
    assertRecord(p, "b", "5.0000", "10.0000");
    assertRecord(p, "c", "10.0000", "1.0000");
    assertRecord(p, "d", "50.0000", "1.0000");
    assertRecord(p, "f", "60.0000", "1.0000");

    // Structure: a, b -> (*) -> d and d, c -> (+) -> f; leaves have no op node.
    int a = p.idOf("a");
    int b = p.idOf("b");
    int c = p.idOf("c");
    int d = p.idOf("d");
    int f = p.idOf("f");
    assertEquals("*", p.ops().get(d));
    assertEquals("+", p.ops().get(f));
    assertFalse(p.ops().containsKey(a) || p.ops().containsKey(b) || p.ops().containsKey(c));
    assertEquals(
        Set.of(
            "n" + a + "->op" + d,
            "n" + b + "->op" + d,
            "op" + d + "->n" + d,
            "n" + d + "->op" + f,
            "n" + c + "->op" + f,
            "op" + f + "->n" + f),
        Set.copyOf(p.edges()));
  }

  private static void assertRecord(Parsed p, String label, String data, String grad) {
    String[] record = p.records().get(p.idOf(label));
    assertEquals(data, record[1], label + " data");
    assertEquals(grad, record[2], label + " grad");
  }

  @Test
  void idsFollowTheTopologicalOrder() {
    Abc g = new Abc();
    Parsed p = Parsed.of(GraphDot.toDot(g.f));
    List<Tensor> order = g.f.topologicalOrder();
    for (int i = 0; i < order.size(); i++) {
      assertEquals(
          String.format(Locale.ROOT, "%.4f", order.get(i).data()), p.records().get(i)[1]);
    }
  }

  @Test
  void withoutLabelsRecordsHaveNoLabelField() {
    Abc g = new Abc();
    String dot = GraphDot.toDot(g.f);
    Parsed p = Parsed.of(dot);
    assertEquals(5, p.records().size());
    for (String[] record : p.records().values()) {
      assertNull(record[0]);
    }
    assertEquals(5, dot.lines().filter(l -> l.contains("label=\"{ data ")).count());
  }

  @Test
  void labelsAreEscapedForRecords() {
    Tensor x = new Tensor(1.0);
    Tensor y = x.tanh();
    Map<Tensor, String> labels = new IdentityHashMap<>();
    labels.put(x, "we{ir}d|<x> \"q\" \\ end");
    labels.put(y, "two\nlines");
    String dot = GraphDot.toDot(y, labels);
    // Every record metacharacter and the string's own quote and backslash get one backslash.
    String escaped = "we\\{ir\\}d\\|\\<x\\> \\\"q\\\" \\\\ end";
    assertTrue(dot.contains("label=\"{ " + escaped + " | data 1.0000 | grad 0.0000 }\""), dot);
    // A raw line feed would split the statement; it becomes DOT's \n line break.
    assertTrue(dot.contains("label=\"{ two\\nlines | data "), dot);
    // Still one statement per line: 2 records, 1 op, 2 edges, plus header, rankdir and brace.
    assertEquals(8, dot.lines().count());
    assertEquals(2, Parsed.of(dot).records().size());
  }

  @Test
  void labelsAreLookedUpByIdentity() {
    Tensor x = new Tensor(1.0);
    Tensor twin = new Tensor(1.0);
    Tensor y = x.add(twin);
    Map<Tensor, String> labels = new IdentityHashMap<>();
    labels.put(x, "x");
    Parsed p = Parsed.of(GraphDot.toDot(y, labels));
    assertEquals(1, p.records().values().stream().filter(r -> "x".equals(r[0])).count());
    assertEquals(2, p.records().values().stream().filter(r -> r[0] == null).count());
  }

  @Test
  void repeatedArgumentHasOneEdgePerArgument() {
    Tensor a = new Tensor(3.0);
    Tensor sq = a.mul(a);
    sq.backward();
    Parsed p = Parsed.of(GraphDot.toDot(sq));
    assertEquals(2, p.records().size());
    assertEquals(3, p.edges().size());
    assertEquals(2, p.edges().stream().filter(e -> e.equals("n0->op1")).count());
    // d(a^2)/da = 2a = 6.
    assertEquals("6.0000", p.records().get(0)[2]);
  }

  @Test
  void fusedAndUnaryOpsUseTheirSymbols() {
    Tensor a = new Tensor(0.5);
    Tensor b = new Tensor(2.0);
    Tensor c = new Tensor(-1.0);
    Tensor f = Tensor.fused(0.0, new Tensor[] {a, b, c}, new double[] {1, 1, 1}).tanh();
    Parsed p = Parsed.of(GraphDot.toDot(f));
    assertTrue(p.ops().containsValue("fused"));
    assertTrue(p.ops().containsValue("tanh"));
    // fused: 3 argument edges + 1 output; tanh: 1 + 1.
    assertEquals(6, p.edges().size());
  }

  @Test
  void numbersIgnoreTheDefaultLocale() {
    Locale saved = Locale.getDefault();
    try {
      // German formats 10.5 as "10,5000", which would make the drawing locale-dependent.
      Locale.setDefault(Locale.GERMANY);
      Tensor x = new Tensor(10.5);
      assertTrue(GraphDot.toDot(x).contains("data 10.5000 | grad 0.0000"));
    } finally {
      Locale.setDefault(saved);
    }
  }

  @Test
  void nonFiniteValuesStayOnOneRecordLine() {
    Tensor x = new Tensor(0.0);
    Tensor y = Tensor.div(1.0, x).add(Double.NaN);
    Parsed p = Parsed.of(GraphDot.toDot(y));
    // x, 1/x and 1/x + NaN.
    assertEquals(3, p.records().size());
    assertTrue(p.records().values().stream().anyMatch(r -> r[1].equals("Infinity")));
    assertTrue(p.records().values().stream().anyMatch(r -> r[1].equals("NaN")));
  }

  @Test
  void writeProducesTheSameText(@TempDir Path dir) throws IOException {
    Abc g = new Abc();
    g.f.backward();
    Path file = dir.resolve("graph.dot");
    GraphDot.write(g.f, g.labels(), file);
    assertEquals(GraphDot.toDot(g.f, g.labels()), Files.readString(file, StandardCharsets.UTF_8));
  }

  @Test
  void deepGraphDrawsWithoutRecursion() {
    int n = 100_000;
    Tensor y = new Tensor(0.5);
    for (int i = 0; i < n; i++) {
      y = y.sin();
    }
    Parsed p = Parsed.of(GraphDot.toDot(y));
    assertEquals(n + 1, p.records().size());
    assertEquals(n, p.ops().size());
    assertEquals(2 * n, p.edges().size());
    assertNotNull(p.records().get(n));
  }
}
