package dev.gradgen.processor.analysis;

import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;

/**
 * Decides whether another class may override a method, so that a call of it may run a body other
 * than the one its companion differentiates.
 */
final class OverridableMethods {

  private OverridableMethods() {}

  /**
   * Whether some class may override {@code method}: an instance method that is neither private nor
   * final, declared in an interface (a default method) or in a class that is not final. Records and
   * enums without constant bodies are final; an enum whose constants have bodies is not, and a sealed
   * class's permitted subclasses may override it as well, final as they may be.
   */
  static boolean overridable(ExecutableElement method) {
    if (method.getModifiers().contains(Modifier.STATIC)
        || method.getModifiers().contains(Modifier.PRIVATE)
        || method.getModifiers().contains(Modifier.FINAL)) {
      return false;
    }
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    return !owner.getModifiers().contains(Modifier.FINAL) && owner.getKind() != ElementKind.RECORD;
  }
}
