package dev.gradgen.processor.analysis;

import com.palantir.javapoet.ClassName;
import dev.gradgen.processor.diagnostics.Messages;
import dev.gradgen.processor.model.Callee;
import dev.gradgen.processor.model.TypeNames;
import dev.gradgen.processor.model.ValueType;
import dev.gradgen.processor.model.Variable;
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

  private SignatureReader() {}

  /**
   * One thing wrong with a declaration: its message, the parameter it is about (null when it is
   * about the method), and whether it lies in the annotation's {@code wrt}.
   */
  public record Problem(String message, VariableElement parameter, boolean aboutWrt) {}

  /**
   * A declaration read with all its problems: {@code callee} leaves out the parameters whose type is
   * outside the subset ({@code unusable}), so that the body can still be read for its own errors;
   * {@code structural} says a problem (the return type, type parameters, an unreachable class)
   * makes reading the body pointless.
   */
  public record Result(
      Callee callee, List<Problem> problems, Set<String> unusable, boolean structural) {}

  /** The signature of {@code method}, or the first reason it cannot be differentiated. */
  public static Callee read(ExecutableElement method) throws InvalidSignatureException {
    Result result = readAll(method);
    if (!result.problems().isEmpty()) {
      Problem first = result.problems().get(0);
      throw new InvalidSignatureException(first.message(), first.aboutWrt());
    }
    return result.callee();
  }

  /** The signature of {@code method} with every problem of its declaration, not only the first. */
  public static Result readAll(ExecutableElement method) {
    List<Problem> problems = new ArrayList<>();
    boolean structural = false;
    TypeElement owner = (TypeElement) method.getEnclosingElement();
    ClassName companion = CompanionNames.companionOf(owner);
    ValueType result = ValueTypes.of(method.getReturnType());
    if (!ValueType.DOUBLE.equals(result) && !Callee.VECTOR.equals(result)) {
      problems.add(
          new Problem(Messages.returnType(method.getReturnType().toString()), null, false));
      structural = true;
    }
    if (!method.getTypeParameters().isEmpty()) {
      problems.add(new Problem(Messages.genericMethod(), null, false));
      structural = true;
    }
    if (!reachable(owner)) {
      problems.add(new Problem(
          Messages.inaccessibleClass(owner.getQualifiedName().toString(), companion.simpleName()),
          null,
          false));
      structural = true;
    }
    Set<String> wrt = wrtOf(method, problems);
    int order = orderOf(method, problems);
    boolean explicit = !wrt.isEmpty();
    List<Variable> parameters = new ArrayList<>();
    Set<String> unusable = new LinkedHashSet<>();
    boolean anyDifferentiable = false;
    List<? extends VariableElement> declared = method.getParameters();
    for (VariableElement parameter : declared) {
      String name = parameter.getSimpleName().toString();
      ValueType type = ValueTypes.of(parameter.asType());
      boolean named = wrt.remove(name);
      if (method.isVarArgs() && parameter == declared.get(declared.size() - 1)) {
        // Its type is an array all the same, so the body can be read on.
        problems.add(new Problem(Messages.varargs(), parameter, false));
      }
      if (type == null) {
        if (method.getTypeParameters().isEmpty()
            || parameter.asType().getKind() != TypeKind.TYPEVAR) {
          // A type variable's parameter would only repeat the generic method's error.
          problems.add(new Problem(
              Messages.unsupportedType(parameter.asType().toString()), parameter, false));
        }
        unusable.add(name);
        continue;
      }
      TypeElement hidden = unreachableType(parameter.asType());
      if (hidden != null) {
        problems.add(new Problem(
            Messages.inaccessibleClass(
                hidden.getQualifiedName().toString(), companion.simpleName()),
            parameter,
            false));
        unusable.add(name);
        continue;
      }
      // Arrays of rank 3 and more are constants unless wrt names them, which is an error.
      boolean differentiable =
          type.isDoubleBased() && type.dims() <= ArrayRanks.MAX_ACTIVE_RANK && (named || !explicit);
      if (named && type.isDoubleBased() && type.dims() > ArrayRanks.MAX_ACTIVE_RANK) {
        problems.add(new Problem(Messages.wrtArrayRank(name, type.toString()), null, true));
      }
      if (named && !type.isDoubleBased()) {
        problems.add(new Problem(Messages.wrtNotDifferentiable(name, type.toString()), null, true));
      }
      anyDifferentiable |= differentiable;
      // Numbered as the body's scope numbers its variables: the parameters first, in order.
      parameters.add(
          new Variable(parameters.size(), name, type, Variable.parameterKind(differentiable)));
    }
    if (!wrt.isEmpty()) {
      problems.add(
          new Problem(Messages.unknownWrt(wrt.iterator().next(), describe(method)), null, true));
    }
    if (!anyDifferentiable
        && unusable.isEmpty()
        && problems.stream().noneMatch(Problem::aboutWrt)) {
      // With an unusable parameter or a wrong wrt, this would only repeat their errors.
      problems.add(new Problem(Messages.noDifferentiableParameter(), null, false));
    }
    Callee callee = new Callee(
        // Raw for a generic class: the companion cannot name the class's type variables.
        ClassName.get(owner),
        companion,
        method.getSimpleName().toString(),
        method.getModifiers().contains(Modifier.STATIC),
        List.copyOf(parameters),
        !method.getModifiers().contains(Modifier.PRIVATE),
        Callee.VECTOR.equals(result) ? Callee.VECTOR : ValueType.DOUBLE,
        order);
    return new Result(callee, List.copyOf(problems), Set.copyOf(unusable), structural);
  }

  /**
   * The names in {@code wrt}, in order; a repeated name is an error. Read from the annotation's
   * mirror rather than through {@code getAnnotation(Differentiable.class)}, so the processor needs no
   * runtime class on its own path and the processor jar works alone on {@code -processorpath}.
   */
  private static Set<String> wrtOf(ExecutableElement method, List<Problem> problems) {
    Set<String> names = new LinkedHashSet<>();
    for (AnnotationMirror annotation : method.getAnnotationMirrors()) {
      if (!Annotations.is(annotation, TypeNames.DIFFERENTIABLE)) {
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
            problems.add(new Problem(Messages.duplicateWrt(name), null, true));
          }
        }
      }
    }
    return names;
  }

  /**
   * The {@code order} of the method's {@code @Differentiable} (2 by default), read from the mirror
   * like {@code wrt}; a value other than 1 or 2 is a problem (and reads as 1, so nothing
   * second-order is written for it).
   */
  private static int orderOf(ExecutableElement method, List<Problem> problems) {
    for (AnnotationMirror annotation : method.getAnnotationMirrors()) {
      if (!Annotations.is(annotation, TypeNames.DIFFERENTIABLE)) {
        continue;
      }
      for (var entry : annotation.getElementValues().entrySet()) {
        if (entry.getKey().getSimpleName().contentEquals("order")
            && entry.getValue().getValue() instanceof Integer order) {
          if (order != 1 && order != 2) {
            problems.add(new Problem(Messages.unsupportedOrder(order), null, false));
            return 1;
          }
          return order;
        }
      }
    }
    return 2;
  }

  /** Whether a top-level companion in the same package can name {@code type}. */
  static boolean reachable(TypeElement type) {
    for (Element e = type; e instanceof TypeElement t; e = e.getEnclosingElement()) {
      if (t.getNestingKind() == NestingKind.LOCAL
          || t.getNestingKind() == NestingKind.ANONYMOUS
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
    out.append(method.getEnclosingElement().getSimpleName())
        .append('.')
        .append(method.getSimpleName())
        .append('(');
    List<? extends VariableElement> parameters = method.getParameters();
    for (int i = 0; i < parameters.size(); i++) {
      out.append(i == 0 ? "" : ", ").append(parameters.get(i).asType());
    }
    return out.append(')').toString();
  }
}
