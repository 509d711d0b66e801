package dev.gradgen.samples;

import dev.gradgen.Differentiable;
import dev.gradgen.GraphDot;
import dev.gradgen.Tensor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One tanh neuron, as in micrograd: its generated gradient and a drawing of its graph. */
public final class Neuron {

  // b makes x1*w1 + x2*w2 + b = ln(1 + sqrt 2) = atanh(1/sqrt 2), so o = 1/sqrt 2 and do/dn = 1/2.
  static final double X1 = 2.0;
  static final double X2 = 0.0;
  static final double W1 = -3.0;
  static final double W2 = 1.0;
  static final double B = 6.8813735870195432;

  private Neuron() {}

  /**
   * The neuron's output and partials, and its two drawings: the graph of the generated builder and
   * the same neuron built one operation at a time. The pictures are rendered from the DOT files
   * only when Graphviz is installed, and are otherwise empty.
   */
  public record Result(
      double o,
      double x1,
      double x2,
      double w1,
      double w2,
      double b,
      Drawing generated,
      Drawing tutorial) {}

  /** One graph's DOT file, how many Tensors it has, and its pictures (svg, png) if rendered. */
  public record Drawing(Path dot, int graphSize, List<Path> pictures) {}

  /** o = tanh(x1*w1 + x2*w2 + b). */
  @Differentiable
  static double neuron(double x1, double x2, double w1, double w2, double b) {
    return Math.tanh(x1 * w1 + x2 * w2 + b);
  }

  /** Prints the gradient and draws both graphs into outputDir. */
  public static Result run(Path outputDir, PrintStream out)
      throws IOException, InterruptedException {
    NeuronGradients.NeuronGradient g = NeuronGradients.neuronGradient(X1, X2, W1, W2, B);
    out.printf(
        Locale.ROOT,
        "o = tanh(x1*w1 + x2*w2 + b) at x1 = %.0f, x2 = %.0f, w1 = %.0f, " + "w2 = %.0f, b = %s%n",
        X1,
        X2,
        W1,
        W2,
        B);
    out.printf(Locale.ROOT, "  o = %.16f  (1/sqrt(2) = %.16f)%n", g.value(), 1 / Math.sqrt(2));
    out.println("  neuronGradient:");
    out.printf(Locale.ROOT, "    do/dx1 = %5.2f   do/dw1 = %5.2f%n", g.x1(), g.w1());
    out.printf(Locale.ROOT, "    do/dx2 = %5.2f   do/dw2 = %5.2f%n", g.x2(), g.w2());
    out.printf(Locale.ROOT, "    do/db  = %5.2f%n", g.b());
    Files.createDirectories(outputDir);
    boolean graphviz = graphvizInstalled();

    // The generated builder takes Tensors, so we hold the leaves and can label them in the drawing.
    // gradgen folds straight-line arithmetic into one fused node that stores its local partials, so
    // this graph is the five leaves, one node for the whole neuron, and no intermediate values.
    Map<Tensor, String> labels = new IdentityHashMap<>();
    Tensor x1 = leaf(X1, "x1", labels);
    Tensor x2 = leaf(X2, "x2", labels);
    Tensor w1 = leaf(W1, "w1", labels);
    Tensor w2 = leaf(W2, "w2", labels);
    Tensor b = leaf(B, "b", labels);
    Tensor o = NeuronGradients.neuron(x1, x2, w1, w2, b);
    labels.put(o, "o");
    o.backward();
    out.println();
    out.println("The graph NeuronGradients.neuron(Tensor...) builds, after backward():");
    Drawing generated = draw(o, labels, outputDir.resolve("neuron.dot"), graphviz, out);

    // The tutorial's way: one Tensor operation per node, so every intermediate value and gradient
    // shows. The leaves end with the same gradients either way.
    labels.clear();
    x1 = leaf(X1, "x1", labels);
    x2 = leaf(X2, "x2", labels);
    w1 = leaf(W1, "w1", labels);
    w2 = leaf(W2, "w2", labels);
    b = leaf(B, "b", labels);
    Tensor x1w1 = x1.mul(w1);
    Tensor x2w2 = x2.mul(w2);
    Tensor x1w1x2w2 = x1w1.add(x2w2);
    Tensor n = x1w1x2w2.add(b);
    o = n.tanh();
    labels.put(x1w1, "x1*w1");
    labels.put(x2w2, "x2*w2");
    labels.put(x1w1x2w2, "x1*w1 + x2*w2");
    labels.put(n, "n");
    labels.put(o, "o");
    o.backward();
    out.println();
    out.println("The same neuron built one Tensor operation at a time, as in the tutorial:");
    Drawing tutorial = draw(o, labels, outputDir.resolve("neuron-tutorial.dot"), graphviz, out);
    if (!graphviz) {
      out.println("Graphviz's dot is not on the PATH; install it and run, for example,");
      out.println("  dot -Tpng " + generated.dot().toAbsolutePath() + " -o neuron.png");
    }
    return new Result(g.value(), g.x1(), g.x2(), g.w1(), g.w2(), g.b(), generated, tutorial);
  }

  private static Tensor leaf(double value, String label, Map<Tensor, String> labels) {
    Tensor t = new Tensor(value);
    labels.put(t, label);
    return t;
  }

  /** Writes the DOT file, renders it as SVG and PNG if it can, and prints where they are. */
  private static Drawing draw(
      Tensor root, Map<Tensor, String> labels, Path dot, boolean graphviz, PrintStream out)
      throws IOException, InterruptedException {
    GraphDot.write(root, labels, dot);
    int size = root.topologicalOrder().size();
    out.println("  " + dot.toAbsolutePath() + "  (" + size + " Tensors)");
    List<Path> pictures = new ArrayList<>();
    if (graphviz) {
      for (String format : List.of("svg", "png")) {
        Path picture = render(dot, format);
        out.println("  " + picture.toAbsolutePath());
        pictures.add(picture);
      }
    }
    return new Drawing(dot, size, List.copyOf(pictures));
  }

  /** Whether {@code dot -V} runs; it is the simplest test that works on every platform. */
  static boolean graphvizInstalled() throws InterruptedException {
    try {
      Process p = new ProcessBuilder("dot", "-V")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException notFound) {
      return false;
    }
  }

  /** Runs {@code dot -T<format>} next to the DOT file and returns the picture. */
  static Path render(Path dot, String format) throws IOException, InterruptedException {
    String name = dot.getFileName().toString().replaceFirst("\\.dot$", "." + format);
    Path target = dot.resolveSibling(name);
    List<String> command = List.of("dot", "-T" + format, dot.toString(), "-o", target.toString());
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    // Reading to the end also waits for dot to finish; its messages explain a failure.
    String messages = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException("dot -T" + format + " failed on " + dot + ": " + messages.strip());
    }
    return target;
  }

  public static void main(String[] args) throws IOException, InterruptedException {
    run(RunAll.outputDir(args), System.out);
  }
}
