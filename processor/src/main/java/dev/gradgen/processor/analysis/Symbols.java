package dev.gradgen.processor.analysis;

import com.palantir.javapoet.ClassName;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.Tree;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * Resolves the names a method body uses without javac's attribution (bodies are not attributed
 * during annotation processing): classes through the enclosing classes, imports, the package and
 * {@code java.lang}; fields and methods through the classes' members and static imports.
 */
final class Symbols {

  private final Elements elements;
  private final Types types;
  private final TypeElement enclosingClass;
  private final CompilationUnitTree unit;

  Symbols(Elements elements, Types types, TypeElement enclosingClass, CompilationUnitTree unit) {
    this.elements = elements;
    this.types = types;
    this.enclosingClass = enclosingClass;
    this.unit = unit;
  }

  Elements elements() {
    return elements;
  }

  Types types() {
    return types;
  }

  /** The class of a name the processor knows ({@code TypeNames}), or null when it is absent. */
  TypeElement typeNamed(ClassName name) {
    return elements.getTypeElement(name.canonicalName());
  }

  TypeElement enclosingClass() {
    return enclosingClass;
  }

  /** The class a simple name denotes in this compilation unit, or null. */
  TypeElement type(String name) {
    for (Element e = enclosingClass; e instanceof TypeElement t; e = e.getEnclosingElement()) {
      if (t.getSimpleName().contentEquals(name)) {
        return t;
      }
      for (TypeElement member : ElementFilter.typesIn(elements.getAllMembers(t))) {
        if (member.getSimpleName().contentEquals(name)) {
          return member;
        }
      }
    }
    for (ImportTree i : unit.getImports()) {
      String imported = i.getQualifiedIdentifier().toString();
      if (!i.isStatic() && imported.endsWith("." + name)) {
        TypeElement found = elements.getTypeElement(imported);
        if (found != null) {
          return found;
        }
      }
    }
    PackageElement pkg = elements.getPackageOf(enclosingClass);
    String prefix = pkg.isUnnamed() ? "" : pkg.getQualifiedName() + ".";
    TypeElement samePackage = elements.getTypeElement(prefix + name);
    if (samePackage != null) {
      return samePackage;
    }
    for (ImportTree i : unit.getImports()) {
      String imported = i.getQualifiedIdentifier().toString();
      if (!i.isStatic() && imported.endsWith(".*")) {
        TypeElement found =
            elements.getTypeElement(imported.substring(0, imported.length() - 1) + name);
        if (found != null) {
          return found;
        }
      }
    }
    return elements.getTypeElement("java.lang." + name);
  }

  /** The class a qualifier tree ({@code Math}, {@code java.lang.Math}, {@code Outer.Inner}) denotes, or null. */
  TypeElement type(Tree qualifier) {
    if (qualifier instanceof com.sun.source.tree.IdentifierTree id) {
      return type(id.getName().toString());
    }
    if (qualifier instanceof MemberSelectTree select) {
      TypeElement outer = type(select.getExpression());
      if (outer != null) {
        for (TypeElement member : ElementFilter.typesIn(elements.getAllMembers(outer))) {
          if (member.getSimpleName().contentEquals(select.getIdentifier())) {
            return member;
          }
        }
        return null;
      }
      return elements.getTypeElement(qualifier.toString());
    }
    return null;
  }

  /** A field of {@code type} (inherited ones included), or null. */
  VariableElement field(TypeElement type, String name) {
    for (VariableElement field : ElementFilter.fieldsIn(elements.getAllMembers(type))) {
      if (field.getSimpleName().contentEquals(name)) {
        return field;
      }
    }
    return null;
  }

  /** The field a simple name denotes: in an enclosing class, then through static imports. */
  VariableElement field(String name) {
    for (Element e = enclosingClass; e instanceof TypeElement t; e = e.getEnclosingElement()) {
      VariableElement field = field(t, name);
      if (field != null) {
        return field;
      }
    }
    for (TypeElement imported : staticImportsOf(name)) {
      VariableElement field = field(imported, name);
      if (field != null) {
        return field;
      }
    }
    return null;
  }

  /** Methods of {@code type} (inherited ones included) with this name. */
  List<ExecutableElement> methods(TypeElement type, String name) {
    List<ExecutableElement> out = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(type))) {
      if (method.getSimpleName().contentEquals(name)) {
        out.add(method);
      }
    }
    return out;
  }

  /**
   * The methods an unqualified call can mean: those of the innermost enclosing class that has a
   * method of this name, else the statically imported ones.
   */
  List<ExecutableElement> methods(String name) {
    for (Element e = enclosingClass; e instanceof TypeElement t; e = e.getEnclosingElement()) {
      List<ExecutableElement> found = methods(t, name);
      if (!found.isEmpty()) {
        return found;
      }
    }
    List<ExecutableElement> out = new ArrayList<>();
    for (TypeElement imported : staticImportsOf(name)) {
      out.addAll(methods(imported, name));
    }
    return out;
  }

  /** Classes whose member {@code name} a static import (single or on demand) brings in scope. */
  private List<TypeElement> staticImportsOf(String name) {
    List<TypeElement> out = new ArrayList<>();
    for (ImportTree i : unit.getImports()) {
      if (!i.isStatic() || !(i.getQualifiedIdentifier() instanceof MemberSelectTree select)) {
        continue;
      }
      String member = select.getIdentifier().toString();
      if (member.equals(name) || member.equals("*")) {
        TypeElement owner = elements.getTypeElement(select.getExpression().toString());
        if (owner != null && owner.getKind() != ElementKind.PACKAGE) {
          out.add(owner);
        }
      }
    }
    return out;
  }

  /** The class that declares a member, for qualified access from the companion. */
  static TypeElement ownerOf(Element member) {
    return (TypeElement) member.getEnclosingElement();
  }
}
