package dev.gradgen.processor.analysis;

import com.palantir.javapoet.ClassName;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeKind;

/**
 * Finds annotations by their {@link ClassName} (from {@code TypeNames}) on the mirrors, so that the
 * processor needs no runtime class on its own path.
 */
final class Annotations {

  private Annotations() {}

  /** The {@code annotation} on {@code element}, or null. */
  static AnnotationMirror find(Element element, ClassName annotation) {
    for (AnnotationMirror mirror : element.getAnnotationMirrors()) {
      if (is(mirror, annotation)) {
        return mirror;
      }
    }
    return null;
  }

  /** Whether {@code mirror} is an {@code annotation}. */
  static boolean is(AnnotationMirror mirror, ClassName annotation) {
    // An annotation javac could not resolve has no name to compare (and is javac's to report).
    return mirror.getAnnotationType().getKind() == TypeKind.DECLARED
        && ClassName.get((TypeElement) mirror.getAnnotationType().asElement()).equals(annotation);
  }

  /** Whether {@code element} carries {@code annotation}. */
  static boolean has(Element element, ClassName annotation) {
    return find(element, annotation) != null;
  }
}
