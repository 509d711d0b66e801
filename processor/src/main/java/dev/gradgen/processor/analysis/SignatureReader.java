package dev.gradgen.processor.analysis;

import com.palantir.javapoet.ClassName;
import dev.gradgen.processor.Messages;
import dev.gradgen.processor.model.Callee;
import dev.gradgen.processor.model.ValueType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.NestingKind;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Reads the declaration of a {@code @Differentiable} method into a {@link Callee}: which parameters
 * are differentiable (all {@code double}-based ones, or those named in {@code wrt}) and where its
 * companion lives. The same rules serve the method being generated and any method that calls it.
 */
public final class SignatureReader {

  private static final String DIFFERENTIABLE = "dev.gradgen.Differentiable";

  private SignatureReader() {}

  /** The signature of {@code method}, or the reason it cannot be differentiated. */
  public static Callee read(ExecutableElement method) throws InvalidSignatureException {
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    ClassName companion = CompanionNames.companionOf(owner);
    if (method.getReturnType().getKind() != TypeKind.DOUBLE) {
      throw new InvalidSignatureException(Messages.returnType(method.getReturnType().toString()), false);
    }
    if (!method.getTypeParameters().isEmpty()) {
      throw new InvalidSignatureException(Messages.genericMethod(), false);
    }
    if (method.isVarArgs()) {
      throw new InvalidSignatureException(Messages.varargs(), false);
    }
    if (!reachable(owner)) {
      throw new InvalidSignatureException(
          Messages.inaccessibleClass(owner.getQualifiedName().toString(), companion.simpleName()),
          false);
    }
    Set<String> wrt = wrtOf(method);
    boolean explicit = !wrt.isEmpty();
    List<Callee.Parameter> parameters = new ArrayList<>();
    boolean anyDifferentiable = false;
    for (VariableElement parameter : method.getParameters()) {
      String name = parameter.getSimpleName().toString();
      ValueType type = ValueTypes.of(parameter.asType());
      boolean named = wrt.remove(name);
      if (type == null) {
        throw new InvalidSignatureException(Messages.unsupportedType(parameter.asType().toString()), false);
      }
      TypeElement hidden = unreachableType(parameter.asType());
      if (hidden != null) {
        throw new InvalidSignatureException(Messages.inaccessibleClass(
            hidden.getQualifiedName().toString(), companion.simpleName()), false);
      }
      boolean differentiable = type.isDoubleBased() && (named || !explicit);
      if (named && !type.isDoubleBased()) {
        throw new InvalidSignatureException(Messages.wrtNotDifferentiable(name, type.toString()), true);
      }
      anyDifferentiable |= differentiable;
      parameters.add(new Callee.Parameter(name, type, differentiable));
    }
    if (!wrt.isEmpty()) {
      throw new InvalidSignatureException(
          Messages.unknownWrt(wrt.iterator().next(), describe(method)), true);
    }
    if (!anyDifferentiable) {
      throw new InvalidSignatureException(Messages.noDifferentiableParameter(), false);
    }
    return new Callee(
        // Raw for a generic class: the companion cannot name the class's type variables.
        ClassName.get(owner),
        companion,
        method.getSimpleName().toString(),
        method.getModifiers().contains(Modifier.STATIC),
        List.copyOf(parameters),
        !method.getModifiers().contains(Modifier.PRIVATE));
  }

  /**
   * The names in {@code wrt}, in order; a repeated name is an error. Read from the annotation's
   * mirror rather than through {@code getAnnotation(Differentiable.class)}, so the processor needs no
   * runtime class on its own path and the processor jar works alone on {@code -processorpath}.
   */
  private static Set<String> wrtOf(ExecutableElement method) throws InvalidSignatureException {
    Set<String> names = new LinkedHashSet<>();
    for (AnnotationMirror annotation : method.getAnnotationMirrors()) {
      if (!((TypeElement) annotation.getAnnotationType().asElement()).getQualifiedName()
          .contentEquals(DIFFERENTIABLE)) {
        continue;
      }
      for (var entry : annotation.getElementValues().entrySet()) {
        if (!entry.getKey().getSimpleName().contentEquals("wrt")) {
          continue;
        }
        // An array-valued member is a List<AnnotationValue>; a single name written without braces
        // (wrt = "x") arrives the same way, as a list of one.
        @SuppressWarnings("unchecked")
        List<? extends AnnotationValue> values =
            (List<? extends AnnotationValue>) entry.getValue().getValue();
        for (AnnotationValue value : values) {
          String name = (String) value.getValue();
          if (!names.add(name)) {
            throw new InvalidSignatureException(Messages.duplicateWrt(name), true);
          }
        }
      }
    }
    return names;
  }

  /** Whether a top-level companion in the same package can name {@code type}. */
  static boolean reachable(TypeElement type) {
    for (Element e = type; e instanceof TypeElement t; e = e.getEnclosingElement()) {
      if (t.getNestingKind() == NestingKind.LOCAL || t.getNestingKind() == NestingKind.ANONYMOUS
          || t.getModifiers().contains(Modifier.PRIVATE)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The private or local class that {@code type} names (through arrays and type arguments), which a
   * companion could not name in its signatures; null when there is none.
   */
  static TypeElement unreachableType(TypeMirror type) {
    TypeMirror element = type;
    while (element instanceof ArrayType array) {
      element = array.getComponentType();
    }
    if (element instanceof DeclaredType declared) {
      TypeElement named = (TypeElement) declared.asElement();
      if (!reachable(named)) {
        return named;
      }
      for (TypeMirror argument : declared.getTypeArguments()) {
        TypeElement hidden = unreachableType(argument);
        if (hidden != null) {
          return hidden;
        }
      }
    }
    return null;
  }

  /** {@code Owner.name(double, double[])}, for messages. */
  public static String describe(ExecutableElement method) {
    StringBuilder out = new StringBuilder();
    out.append(method.getEnclosingElement().getSimpleName()).append('.')
        .append(method.getSimpleName()).append('(');
    List<? extends VariableElement> parameters = method.getParameters();
    for (int i = 0; i < parameters.size(); i++) {
      out.append(i == 0 ? "" : ", ").append(parameters.get(i).asType());
    }
    return out.append(')').toString();
  }
}
