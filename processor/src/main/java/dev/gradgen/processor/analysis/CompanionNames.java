package dev.gradgen.processor.analysis;

import com.palantir.javapoet.ClassName;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;

/**
 * The names gradgen generates: {@code p.CGradients} for {@code p.C}, {@code p.Outer_InnerGradients}
 * for {@code p.Outer.Inner}, and {@code MGradient} records for methods {@code m}.
 */
public final class CompanionNames {

  private CompanionNames() {}

  /** The companion class of {@code type}. */
  public static ClassName companionOf(TypeElement type) {
    StringBuilder simple = new StringBuilder(type.getSimpleName());
    Element enclosing = type.getEnclosingElement();
    while (enclosing.getKind() != ElementKind.PACKAGE) {
      simple.insert(0, enclosing.getSimpleName() + "_");
      enclosing = enclosing.getEnclosingElement();
    }
    String packageName = ((PackageElement) enclosing).getQualifiedName().toString();
    return ClassName.get(packageName, simple + "Gradients");
  }

  /** The record {@code mGradient} returns: {@code m} capitalised, then {@code Gradient}. */
  public static String recordName(String method) {
    return Character.toUpperCase(method.charAt(0)) + method.substring(1) + "Gradient";
  }

  /** The method that returns the value and the gradient of {@code m}. */
  public static String gradientMethodName(String method) {
    return method + "Gradient";
  }
}
