package dev.gradgen.processor.analysis;

import com.palantir.javapoet.ClassName;
import dev.gradgen.processor.model.Callee;
import dev.gradgen.processor.model.TypeNames;
import dev.gradgen.processor.model.ValueType;
import dev.gradgen.processor.model.Variable;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Reads the signature of a {@code @Differentiable} method compiled earlier from its companion's
 * graph builder: a parameter is differentiable exactly where the builder takes a Tensor.
 */
final class CompiledCompanions {

  private CompiledCompanions() {}

  /** The callee's signature, or null when its companion is not on the class path. */
  static Callee read(Elements elements, Types types, ExecutableElement method) {
    TypeElement owner = Symbols.ownerOf(method);
    ClassName companionName = CompanionNames.companionOf(owner);
    TypeElement companion = elements.getTypeElement(companionName.canonicalName());
    if (companion == null) {
      return null;
    }
    boolean isStatic = method.getModifiers().contains(Modifier.STATIC);
    ValueType result = ValueTypes.of(method.getReturnType());
    if (!ValueType.DOUBLE.equals(result) && !Callee.VECTOR.equals(result)) {
      return null;
    }
    int offset = isStatic ? 0 : 1;
    for (ExecutableElement builder : ElementFilter.methodsIn(companion.getEnclosedElements())) {
      if (!builder.getSimpleName().contentEquals(method.getSimpleName())
          || builder.getParameters().size() != method.getParameters().size() + offset
          || !isTensor(builder.getReturnType())) {
        continue;
      }
      List<Variable> parameters = new ArrayList<>();
      boolean matches = true;
      for (int i = 0; i < method.getParameters().size() && matches; i++) {
        TypeMirror original = method.getParameters().get(i).asType();
        TypeMirror built = builder.getParameters().get(i + offset).asType();
        ValueType type = ValueTypes.of(original);
        boolean differentiable = isTensor(built);
        matches = type != null
            && (differentiable ? type.isDoubleBased() : types.isSameType(built, original));
        parameters.add(new Variable(
            i,
            method.getParameters().get(i).getSimpleName().toString(),
            type,
            Variable.parameterKind(differentiable)));
      }
      if (matches) {
        return new Callee(
            ClassName.get(owner),
            companionName,
            method.getSimpleName().toString(),
            isStatic,
            List.copyOf(parameters),
            !method.getModifiers().contains(Modifier.PRIVATE),
            result,
            hasDualBuilder(companion, method, offset) ? 2 : 1);
      }
    }
    return null;
  }

  /**
   * Whether the companion also has the method's second-order builder (it returns a DualTensor and
   * takes as many parameters): companions of {@code @Differentiable(order = 1)} methods have none.
   */
  private static boolean hasDualBuilder(
      TypeElement companion, ExecutableElement method, int offset) {
    for (ExecutableElement builder : ElementFilter.methodsIn(companion.getEnclosedElements())) {
      if (builder.getSimpleName().contentEquals(method.getSimpleName())
          && builder.getParameters().size() == method.getParameters().size() + offset
          && isNode(builder.getReturnType(), TypeNames.DUAL_TENSOR)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isTensor(TypeMirror type) {
    return isNode(type, TypeNames.TENSOR);
  }

  private static boolean isNode(TypeMirror type, ClassName node) {
    TypeMirror element = type;
    while (element instanceof ArrayType array) {
      element = array.getComponentType();
    }
    return element.getKind() == TypeKind.DECLARED
        && ClassName.get((TypeElement) ((DeclaredType) element).asElement()).equals(node);
  }
}
