package dev.gradgen.processor.model;

import com.sun.source.tree.Tree;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The exact source text of a method's trees, captured from the compilation unit when the method is
 * read, so that generated code can quote the user's code as written (javac's pretty print would
 * reprint {@code 0.56418958354775628695} as {@code 0.5641895835477563} and drop semicolons).
 */
public final class SourceText {

  private static final SourceText NONE = new SourceText("", 0, Map.of());

  /** The method's own text, from its first character to its last. */
  private final String text;
  /** Where {@link #text} starts in the compilation unit. */
  private final long offset;
  /** Each tree's start and end in the compilation unit, end exclusive. */
  private final Map<Tree, long[]> spans;

  /**
   * The text {@code text}, found at {@code offset} in its compilation unit, and the {@code spans}
   * of the trees in it.
   */
  public SourceText(String text, long offset, Map<Tree, long[]> spans) {
    this.text = text;
    this.offset = offset;
    Map<Tree, long[]> copy = new IdentityHashMap<>();
    spans.forEach((tree, span) -> copy.put(tree, span.clone()));
    this.spans = copy;
  }

  /** No text: every tree is quoted by its pretty print. */
  public static SourceText none() {
    return NONE;
  }

  /**
   * The text of {@code tree} as the user wrote it, its continuation lines without the indentation
   * of its first line; javac's pretty print where the text is unknown.
   */
  public String of(Tree tree) {
    long[] span = spans.get(tree);
    if (span == null) {
      return tree.toString();
    }
    int start = (int) (span[0] - offset);
    int end = (int) (span[1] - offset);
    if (start < 0 || end > text.length() || start >= end) {
      return tree.toString();
    }
    int lineStart = text.lastIndexOf('\n', start - 1) + 1;
    String indent = text.substring(lineStart, start);
    if (!indent.isBlank()) {
      indent = "";
    }
    String[] lines = text.substring(start, end).replace("\r\n", "\n").split("\n", -1);
    StringBuilder out = new StringBuilder(lines[0]);
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      out.append('\n').append(line.startsWith(indent) ? line.substring(indent.length()) : line);
    }
    return out.toString();
  }
}
