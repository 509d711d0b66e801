package dev.gradgen.processor.analysis;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeVariableName;
import com.palantir.javapoet.WildcardTypeName;
import com.sun.source.tree.Tree;
import dev.gradgen.processor.diagnostics.Messages;
import dev.gradgen.processor.model.ValueType;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;

/**
 * Decides what the companion, a top-level class in the method's package, may name and use: the
 * members and classes a body refers to, and the types of the locals it declares.
 */
final class AccessCheck {

  private final ReadContext context;

  AccessCheck(ReadContext context) {
    this.context = context;
  }

  /** Whether the companion can use {@code member}. */
  boolean accessible(Element member) {
    TypeElement owner = Symbols.ownerOf(member);
    if (member.getModifiers().contains(Modifier.PRIVATE) || !SignatureReader.reachable(owner)) {
      return false;
    }
    if (member.getModifiers().contains(Modifier.PUBLIC) && publicPath(owner)) {
      return true;
    }
    return packageOf(owner).equals(packageOf(context.symbols().enclosingClass()));
  }

  private static boolean publicPath(TypeElement type) {
    for (Element e = type; e instanceof TypeElement t; e = e.getEnclosingElement()) {
      if (!t.getModifiers().contains(Modifier.PUBLIC)) {
        return false;
      }
    }
    return true;
  }

  private static PackageElement packageOf(Element element) {
    Element e = element;
    while (!(e instanceof PackageElement)) {
      e = e.getEnclosingElement();
    }
    return (PackageElement) e;
  }

  /**
   * Rejects an unqualified instance member that is not the method's own class's: the companion
   * reaches only the method's own receiver, not an enclosing instance.
   */
  void requireOwnMember(Tree tree, Element member) {
    Symbols symbols = context.symbols();
    TypeElement owner = symbols.enclosingClass();
    if (context.method().isStatic()
        || symbols.field(owner, member.getSimpleName().toString()) != member
            && !symbols.methods(owner, member.getSimpleName().toString()).contains(member)) {
      throw context.error(
          tree,
          Messages.notSupported(
              "a member of an enclosing instance", "pass the value as a parameter"));
    }
  }

  /** Rejects a class the body names that the companion cannot (a private class, say). */
  void requireReachable(Tree tree, TypeElement type) {
    if (!SignatureReader.reachable(type)) {
      throw context.error(
          tree,
          Messages.inaccessibleClass(type.getQualifiedName().toString(), context.companion()));
    }
  }

  /**
   * Rejects a local of a type the companion cannot name but would have to declare: a private class,
   * or a type with a generic method's type variables (a {@code var} initialised by such a call).
   */
  void checkNameable(Tree tree, ValueType type) {
    if (type.base() != ValueType.Base.REFERENCE) {
      return;
    }
    TypeName name = type.reference();
    if (mentionsTypeVariable(name)) {
      // A generic method's result (List.of(...), say): its type variables mean nothing here.
      throw context.error(tree, Messages.unsupportedType(name.toString()));
    }
    TypeElement element = type.element();
    if (element != null) {
      requireReachable(tree, element);
    }
  }

  private static boolean mentionsTypeVariable(TypeName name) {
    if (name instanceof TypeVariableName) {
      return true;
    }
    if (name instanceof ArrayTypeName array) {
      return mentionsTypeVariable(array.componentType());
    }
    if (name instanceof WildcardTypeName wildcard) {
      return wildcard.upperBounds().stream().anyMatch(AccessCheck::mentionsTypeVariable)
          || wildcard.lowerBounds().stream().anyMatch(AccessCheck::mentionsTypeVariable);
    }
    if (name instanceof ParameterizedTypeName parameterized) {
      return parameterized.typeArguments().stream().anyMatch(AccessCheck::mentionsTypeVariable);
    }
    return false;
  }
}
