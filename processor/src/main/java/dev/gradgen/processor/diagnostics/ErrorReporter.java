package dev.gradgen.processor.diagnostics;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Reports compile errors (and warnings) at an element or at the exact tree inside a method body,
 * counting the errors so that a method with any error gets no companion. Message texts come from
 * {@link Messages}.
 */
public final class ErrorReporter {

  private final Messager messager;
  private final Trees trees;
  private int errors;

  public ErrorReporter(Messager messager, Trees trees) {
    this.messager = messager;
    this.trees = trees;
  }

  /** Reports an error on {@code element} and aborts the method. */
  public AbortMethodException abortAt(Element element, String message) {
    errorAt(element, message);
    return new AbortMethodException();
  }

  /**
   * Reports an error on an annotation of {@code element}, at {@code value} when it is not null, and
   * aborts.
   */
  public AbortMethodException abortAt(Element element, AnnotationMirror annotation,
      AnnotationValue value, String message) {
    errors++;
    messager.printMessage(Diagnostic.Kind.ERROR, message, element, annotation, value);
    return new AbortMethodException();
  }

  /** Reports an error on {@code tree}, inside the compilation unit {@code unit}, and aborts. */
  public AbortMethodException abortAt(Tree tree, CompilationUnitTree unit, String message) {
    errorAt(tree, unit, message);
    return new AbortMethodException();
  }

  /** Reports a warning on {@code element}; compilation goes on. */
  public void warningAt(Element element, String message) {
    messager.printMessage(Diagnostic.Kind.WARNING, message, element);
  }

  /** Reports an error on {@code element} without aborting. */
  public void errorAt(Element element, String message) {
    errors++;
    messager.printMessage(Diagnostic.Kind.ERROR, message, element);
  }

  /**
   * Reports an error on {@code tree} without aborting, where the method can still be read on (its
   * other errors are then found in the same compilation, as javac finds them).
   */
  public void errorAt(Tree tree, CompilationUnitTree unit, String message) {
    errors++;
    trees.printMessage(Diagnostic.Kind.ERROR, message, tree, unit);
  }

  /** Reports a warning on {@code tree}; compilation goes on. */
  public void warningAt(Tree tree, CompilationUnitTree unit, String message) {
    trees.printMessage(Diagnostic.Kind.WARNING, message, tree, unit);
  }

  /**
   * Aborts the statement being read without a message: it depends on something already reported
   * (a local whose declaration failed), and a second error about it would only repeat the first.
   */
  public AbortMethodException silentAbort() {
    return new AbortMethodException();
  }

  /** The number of errors reported so far; a method whose reading raised it gets no companion. */
  public int errorCount() {
    return errors;
  }
}
