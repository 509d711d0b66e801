package dev.gradgen.processor.analysis;

import com.palantir.javapoet.TypeName;
import dev.gradgen.processor.model.TypeNames;
import dev.gradgen.processor.model.ValueType;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/** Maps javac's types of declarations onto the {@link ValueType}s of the supported subset. */
final class ValueTypes {

  /** The type of {@code void} methods called as statements. */
  static final ValueType VOID = ValueType.reference(TypeName.VOID, null);

  private ValueTypes() {}

  /** The value type of {@code mirror}, or null for types outside the subset (float, char, generics). */
  static ValueType of(TypeMirror mirror) {
    return switch (mirror.getKind()) {
      case DOUBLE -> ValueType.DOUBLE;
      case INT -> ValueType.INT;
      case LONG -> ValueType.LONG;
      case BOOLEAN -> ValueType.BOOLEAN;
      case VOID -> VOID;
      case ARRAY -> {
        ValueType component = of(((ArrayType) mirror).getComponentType());
        yield component == null || VOID.equals(component) ? null : component.arrayOf();
      }
      case DECLARED -> {
        TypeName name = TypeName.get(mirror);
        if (name.equals(TypeNames.STRING)) {
          yield ValueType.STRING;
        }
        yield ValueType.reference(name, (TypeElement) ((DeclaredType) mirror).asElement());
      }
      default -> null;
    };
  }

  /** Whether a value of type {@code from} may be passed where {@code to} is declared. */
  static boolean assignable(ValueType from, TypeMirror to) {
    if (to.getKind() == TypeKind.TYPEVAR) {
      return true;
    }
    ValueType target = of(to);
    if (target == null) {
      return to.getKind() == TypeKind.DECLARED;
    }
    if (target.base() == ValueType.Base.REFERENCE && !target.isArray()) {
      // Boxing and widening to Object, Number and the like: javac checks the details.
      return true;
    }
    if (target.equals(from)) {
      return true;
    }
    return from.isNumeric() && target.isNumeric() && rank(from) <= rank(target);
  }

  private static int rank(ValueType numeric) {
    return switch (numeric.base()) {
      case INT -> 0;
      case LONG -> 1;
      default -> 2;
    };
  }
}
