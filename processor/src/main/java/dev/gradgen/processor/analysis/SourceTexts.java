package dev.gradgen.processor.analysis;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import dev.gradgen.processor.model.SourceText;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Captures the exact source text of a method's trees ({@link Trees#getSourcePositions()} over the
 * compilation unit's content) into the model, so that no later stage re-renders a tree.
 */
final class SourceTexts {

  private SourceTexts() {}

  /** The text of {@code method} and the span of each of its trees; none if the source is unreadable. */
  static SourceText capture(Trees trees, CompilationUnitTree unit, MethodTree method) {
    SourcePositions positions = trees.getSourcePositions();
    long start = positions.getStartPosition(unit, method);
    long end = positions.getEndPosition(unit, method);
    CharSequence content;
    try {
      content = unit.getSourceFile().getCharContent(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Without the text, quotes fall back to the pretty print: worse to read, never wrong.
      return SourceText.none();
    }
    if (start < 0 || end <= start || end > content.length()) {
      return SourceText.none();
    }
    Map<Tree, long[]> spans = new IdentityHashMap<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void scan(Tree tree, Void unused) {
        if (tree != null) {
          long from = positions.getStartPosition(unit, tree);
          long to = positions.getEndPosition(unit, tree);
          if (from >= start && to > from && to <= end) {
            spans.put(tree, new long[] {from, to});
          }
        }
        return super.scan(tree, unused);
      }
    }.scan(method.getBody(), null);
    return new SourceText(content.subSequence((int) start, (int) end).toString(), start, spans);
  }
}
