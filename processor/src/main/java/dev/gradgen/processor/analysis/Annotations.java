package dev.gradgen.processor.analysis;

import com.palantir.javapoet.ClassName;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;

/**
 * Finds annotations by their {@link ClassName} (from {@code TypeNames}) on the mirrors, so that the
 * processor needs no runtime class on its own path.
 */
final class Annotations {

  private Annotations() {}

  /** The {@code annotation} on {@code element}, or null. */
  static AnnotationMirror find(Element element, ClassName annotation) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      if (ClassName.get((TypeElement) mirror.getAnnotationType().asElement()).equals(annotation)) {
        return mirror;
      }
    }
    return null;
  }

  /** Whether {@code element} carries {@code annotation}. */
  static boolean has(Element element, ClassName annotation) {
    return find(element, annotation) != null;
  }
}
