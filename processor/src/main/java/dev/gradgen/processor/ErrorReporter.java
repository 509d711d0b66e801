package dev.gradgen.processor;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import javax.annotation.processing.Messager;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.tools.Diagnostic;

/**
 * Reports compile errors at an element or at the exact tree inside a method body, then aborts the
 * method being processed. Message texts come from {@link Messages}.
 */
public final class ErrorReporter {

  private final Messager messager;
  private final Trees trees;

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
    messager.printMessage(Diagnostic.Kind.ERROR, message, element, annotation, value);
    return new AbortMethodException();
  }

  /** Reports an error on {@code tree}, inside the compilation unit {@code unit}, and aborts. */
  public AbortMethodException abortAt(Tree tree, CompilationUnitTree unit, String message) {
    trees.printMessage(Diagnostic.Kind.ERROR, message, tree, unit);
    return new AbortMethodException();
  }

  /** Reports a warning on {@code element}; compilation goes on. */
  public void warnAt(Element element, String message) {
    messager.printMessage(Diagnostic.Kind.WARNING, message, element);
  }

  /** Reports an error on {@code element} without aborting. */
  public void errorAt(Element element, String message) {
    messager.printMessage(Diagnostic.Kind.ERROR, message, element);
  }
}
