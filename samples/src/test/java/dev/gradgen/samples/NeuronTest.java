package dev.gradgen.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The micrograd neuron: o = 1/sqrt 2, do/dn = 1/2, and parsable drawings of its graphs. */
class NeuronTest {

  private static final Pattern RECORD =
      Pattern.compile("^  (n\\d+) \\[shape=record, label=\"\\{ (.*) \\}\"\\];$");
  private static final Pattern OPERATION =
      Pattern.compile("^  (op\\d+) \\[shape=ellipse, label=\"(.*)\"\\];$");
  private static final Pattern EDGE = Pattern.compile("^  (\\w+) -> (\\w+);$");

  // do/dn = 1/2, times the other factor of each product: the leaves' "grad" fields in the drawing.
  private static final Map<String, String> LEAF_GRADS = Map.of(
      "x1",
      "grad -1.5000",
      "w1",
      "grad 1.0000",
      "x2",
      "grad 0.5000",
      "w2",
      "grad 0.0000",
      "b",
      "grad 0.5000");

  @TempDir
  Path dir;

  @Test
  void gradientIsHalfTheOtherFactorOfEachProduct() throws Exception {
    Neuron.Result r = Neuron.run(dir, Quiet.stream());
    // n = 2*(-3) + 0*1 + b = ln(1 + sqrt 2) up to b's rounding (half an ulp of 6.88, 4.4e-16), and
    // tanh' = 1/2 there, so o is 1/sqrt 2 within that plus tanh's own last-bit error.
    assertEquals(1 / Math.sqrt(2), r.o(), 1e-15);
    // do/dn = 1 - o^2 = 1/2; each input's partial is 1/2 times what it is multiplied by.
    assertEquals(-1.5, r.x1(), 1e-14);
    assertEquals(1.0, r.w1(), 1e-14);
    assertEquals(0.5, r.x2(), 1e-14);
    assertEquals(0.0, r.w2(), 0.0);
    assertEquals(0.5, r.b(), 1e-14);
  }

  @Test
  void tutorialGraphHasOneNodePerOperation() throws Exception {
    Neuron.Result r = Neuron.run(dir, Quiet.stream());
    Dot dot = Dot.parse(r.tutorial().dot());
    // tanh(x1*w1 + x2*w2 + b): 5 leaves and 5 operations (2 products, 2 sums, tanh); each
    // operation has one edge to its result and one from each argument: 5 + 2*4 + 1.
    assertEquals(10, dot.records());
    assertEquals(r.tutorial().graphSize(), dot.records());
    assertEquals(List.of("*", "*", "+", "+", "tanh"), dot.operations());
    assertEquals(14, dot.edges());
    assertEquals(
        Set.of("x1", "w1", "x2", "w2", "b", "x1*w1", "x2*w2", "x1*w1 + x2*w2", "n", "o"),
        dot.fields().keySet());
    assertLeafGradients(dot);
    assertEquals("data 0.8814 | grad 0.5000", dot.fields().get("n"));
    assertEquals("data 0.7071 | grad 1.0000", dot.fields().get("o"));
  }

  @Test
  void generatedGraphHasTheSameLeafGradients() throws Exception {
    Neuron.Result r = Neuron.run(dir, Quiet.stream());
    assertEquals(dir.resolve("neuron.dot"), r.generated().dot());
    // How many inner nodes the builder makes is the processor's choice (it fuses arithmetic);
    // what it must keep is every leaf, the output, and the leaves' gradients.
    Dot dot = Dot.parse(r.generated().dot());
    assertEquals(r.generated().graphSize(), dot.records());
    assertTrue(dot.records() >= 6, "5 leaves and an output");
    assertTrue(dot.fields().keySet().containsAll(LEAF_GRADS.keySet()));
    assertLeafGradients(dot);
    assertEquals("data 0.7071 | grad 1.0000", dot.fields().get("o"));
  }

  @Test
  void rendersPicturesExactlyWhenGraphvizIsInstalled() throws Exception {
    Neuron.Result r = Neuron.run(dir, Quiet.stream());
    if (!Neuron.graphvizInstalled()) {
      // Without dot the samples leave the .dot files and render nothing.
      for (Neuron.Drawing drawing : List.of(r.generated(), r.tutorial())) {
        assertTrue(Files.isRegularFile(drawing.dot()));
        assertTrue(drawing.pictures().isEmpty());
      }
      return;
    }
    for (Neuron.Drawing drawing : List.of(r.generated(), r.tutorial())) {
      assertEquals(2, drawing.pictures().size());
      assertTrue(Files.readString(drawing.pictures().get(0)).contains("<svg"));
      BufferedImage png = ImageIO.read(drawing.pictures().get(1).toFile());
      assertNotNull(png);
      // Laid out left to right, the graph is wider than tall.
      assertTrue(png.getWidth() > png.getHeight());
    }
  }

  private static void assertLeafGradients(Dot dot) {
    LEAF_GRADS.forEach((leaf, grad) -> assertTrue(
        dot.fields().get(leaf).endsWith(grad), leaf + ": " + dot.fields().get(leaf)));
  }

  /** The parts of a GraphDot file the tests look at: labelled fields, operations and edges. */
  private record Dot(int records, List<String> operations, int edges, Map<String, String> fields) {

    static Dot parse(Path file) throws IOException {
      List<String> lines = Files.readAllLines(file);
      assertEquals("digraph gradgen {", lines.get(0));
      assertEquals("  rankdir=LR;", lines.get(1));
      assertEquals("}", lines.get(lines.size() - 1));
      Set<String> nodes = new HashSet<>();
      Map<String, String> fields = new HashMap<>();
      List<String> operations = new ArrayList<>();
      int records = 0;
      int edges = 0;
      for (String line : lines.subList(2, lines.size() - 1)) {
        Matcher record = RECORD.matcher(line);
        Matcher operation = OPERATION.matcher(line);
        Matcher edge = EDGE.matcher(line);
        if (record.matches()) {
          records++;
          nodes.add(record.group(1));
          // "label | data 2.0000 | grad -1.5000", the label only when one was given
          String[] parts = record.group(2).split(" \\| ", 2);
          if (!parts[0].startsWith("data ")) {
            fields.put(parts[0], parts[1]);
          }
        } else if (operation.matches()) {
          nodes.add(operation.group(1));
          operations.add(operation.group(2));
        } else {
          assertTrue(edge.matches(), "not a DOT statement GraphDot writes: " + line);
          edges++;
          // Every node is declared before the edges that use it.
          assertTrue(nodes.contains(edge.group(1)) && nodes.contains(edge.group(2)), line);
        }
      }
      return new Dot(records, operations, edges, fields);
    }
  }
}
