package dev.gradgen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Renders a {@link Tensor} graph as Graphviz DOT text, like micrograd's {@code draw_dot}: one record
 * node per Tensor showing its optional label, value and gradient, and one ellipse per operation.
 *
 * <p>For a Tensor numbered {@code i} in {@link Tensor#topologicalOrder()} the output has
 *
 * <ul>
 *   <li>{@code n<i> [shape=record, label="{ label | data 10.0000 | grad 5.0000 }"];}, the label field
 *       present only when one was given;
 *   <li>for a non-leaf, {@code op<i> [shape=ellipse, label="*"];} with {@link Op#symbol()}, the edge
 *       {@code op<i> -> n<i>;} and one edge {@code n<j> -> op<i>;} per argument {@code j}, so an
 *       argument passed twice ({@code a.mul(a)}) has two edges.
 * </ul>
 *
 * <p>Numbers are printed with four decimals in {@link Locale#ROOT}, whatever the default locale. The
 * graph is read, never changed: draw it after {@link Tensor#backward()} to see the gradients.
 */
public final class GraphDot {

  /** Not instantiable: static functions only. */
  private GraphDot() {}

  /**
   * The DOT text of the graph below {@code root}, without labels.
   *
   * @param root the node whose graph is drawn
   * @return the DOT text
   */
  public static String toDot(Tensor root) {
    return toDot(root, Map.of());
  }

  /**
   * The DOT text of the graph below {@code root}. {@code labels} names some of its Tensors (looked up
   * by identity, whatever the map's own semantics); the names are escaped for record labels.
   *
   * @param root the node whose graph is drawn
   * @param labels names for some of the graph's nodes
   * @return the DOT text
   * @throws NullPointerException if {@code root} or {@code labels} is null
   */
  public static String toDot(Tensor root, Map<Tensor, String> labels) {
    StringBuilder out = new StringBuilder();
    try {
      render(root, labels, out);
    } catch (IOException e) {
      // A StringBuilder never throws; the signature is shared with write().
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /**
   * Writes {@link #toDot(Tensor, Map)} to {@code file} in UTF-8, streaming so huge graphs fit.
   *
   * @param root the node whose graph is drawn
   * @param labels names for some of the graph's nodes
   * @param file the file to create or overwrite
   * @throws IOException if the file cannot be written
   * @throws NullPointerException if {@code root} or {@code labels} is null
   */
  public static void write(Tensor root, Map<Tensor, String> labels, Path file) throws IOException {
    try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      render(root, labels, out);
    }
  }

  /**
   * Appends the DOT text of the graph below {@code root} to {@code out}.
   *
   * @param root the node whose graph is drawn
   * @param labels names for some of the graph's nodes
   * @param out where the text goes
   * @throws IOException if {@code out} fails
   */
  private static void render(Tensor root, Map<Tensor, String> labels, Appendable out)
      throws IOException {
    Objects.requireNonNull(root, "root");
    // Tensor does not override equals today; the copy keeps identity lookups if that ever changes.
    Map<Tensor, String> names = new IdentityHashMap<>(Objects.requireNonNull(labels, "labels"));
    List<Tensor> order = root.topologicalOrder();
    Map<Tensor, Integer> ids = new IdentityHashMap<>(order.size() * 2);
    out.append("digraph gradgen {\n");
    out.append("  rankdir=LR;\n");
    for (Tensor t : order) {
      int id = ids.size();
      ids.put(t, id);
      out.append("  n").append(Integer.toString(id)).append(" [shape=record, label=\"{ ");
      String name = names.get(t);
      if (name != null) {
        out.append(escapeRecord(name)).append(" | ");
      }
      out.append("data ")
          .append(number(t.data()))
          .append(" | grad ")
          .append(number(t.grad()))
          .append(" }\"];\n");
      if (t.op() != Op.LEAF) {
        String op = "op" + id;
        out.append("  ")
            .append(op)
            .append(" [shape=ellipse, label=\"")
            .append(escapeQuoted(t.op().symbol()))
            .append("\"];\n");
        out.append("  ").append(op).append(" -> n").append(Integer.toString(id)).append(";\n");
        // The order puts every parent first, so its id is already assigned.
        for (Tensor parent : t.parents()) {
          out.append("  n")
              .append(Integer.toString(ids.get(parent)))
              .append(" -> ")
              .append(op)
              .append(";\n");
        }
      }
    }
    out.append("}\n");
  }

  /**
   * A value as DOT shows it: four decimals, in {@link Locale#ROOT}.
   *
   * @param v the value
   * @return the formatted value
   */
  private static String number(double v) {
    return String.format(Locale.ROOT, "%.4f", v);
  }

  /**
   * Escapes text for a field of a record label inside a quoted DOT string: the record syntax
   * characters {@code { } | < >} and the string's own {@code "} and backslash get a backslash; a
   * line feed becomes DOT's {@code \n} line break and other control characters a space, since a raw
   * one would break the line-per-statement layout.
   *
   * @param text the label
   * @return the escaped label
   */
  static String escapeRecord(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '{', '}', '|', '<', '>', '"', '\\' -> out.append('\\').append(c);
        case '\n' -> out.append("\\n");
        default -> out.append(Character.isISOControl(c) ? ' ' : c);
      }
    }
    return out.toString();
  }

  /**
   * Escapes text for a plain quoted DOT string, where only {@code "} and backslash are special.
   *
   * @param text the text
   * @return the escaped text
   */
  private static String escapeQuoted(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
