package dev.gradgen.processor.analysis;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.gradgen.processor.AbortMethodException;
import dev.gradgen.processor.ErrorReporter;
import dev.gradgen.processor.Messages;
import dev.gradgen.processor.model.Callee;
import dev.gradgen.processor.model.MethodModel;
import dev.gradgen.processor.model.Stmt;
import dev.gradgen.processor.model.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.Elements;

/**
 * The first stage: reads one {@code @Differentiable} method's declaration and body (trees in) into a
 * typed {@link MethodModel}, reporting anything outside the supported subset at its exact tree.
 */
public final class MethodReader {

  /**
   * Names a record component may not have (JLS 8.10.1): a differentiable parameter's name is a
   * component of the gradient record.
   */
  private static final Set<String> RECORD_FORBIDDEN = Set.of("clone", "finalize", "getClass",
      "hashCode", "notify", "notifyAll", "toString", "wait");

  private final Elements elements;
  private final Trees trees;
  private final ErrorReporter reporter;

  public MethodReader(Elements elements, Trees trees, ErrorReporter reporter) {
    this.elements = elements;
    this.trees = trees;
    this.reporter = reporter;
  }

  /** Reads {@code method}; throws {@link AbortMethodException} after reporting an error. */
  public MethodModel read(ExecutableElement method) {
    Callee signature;
    try {
      signature = SignatureReader.read(method);
    } catch (InvalidSignatureException e) {
      AnnotationMirror annotation = e.aboutWrt() ? differentiable(method) : null;
      throw annotation == null
          ? reporter.abortAt(method, e.getMessage())
          : reporter.abortAt(method, annotation, wrtValue(annotation), e.getMessage());
    }
    TreePath path = trees.getPath(method);
    if (path == null || !(path.getLeaf() instanceof MethodTree tree) || tree.getBody() == null) {
      throw reporter.abortAt(method, Messages.noBody());
    }
    CompilationUnitTree unit = path.getCompilationUnit();
    Scope scope = new Scope();
    List<Variable> parameters = new ArrayList<>();
    for (Callee.Parameter parameter : signature.parameters()) {
      if (parameter.name().equals("value")
          || parameter.differentiable() && RECORD_FORBIDDEN.contains(parameter.name())) {
        throw reporter.abortAt(method, Messages.componentClash(parameter.name()));
      }
      parameters.add(scope.declare(parameter.name(), parameter.type(),
          parameter.differentiable()
              ? Variable.Kind.DIFFERENTIABLE_PARAMETER
              : Variable.Kind.CONSTANT_PARAMETER));
    }
    Symbols symbols = new Symbols(elements, (TypeElement) method.getEnclosingElement(), unit);
    ExpressionReader expressions =
        new ExpressionReader(symbols, scope, trees, reporter, unit, signature);
    BodyReader body = new BodyReader(expressions, scope, reporter, unit);
    List<Stmt> statements = body.readAll(tree.getBody().getStatements());
    return new MethodModel(method, signature, List.copyOf(parameters), statements,
        scope.declaredNames(), unit);
  }

  /** The method's {@code @Differentiable}, where errors about its {@code wrt} belong. */
  private static AnnotationMirror differentiable(ExecutableElement method) {
    for (AnnotationMirror annotation : method.getAnnotationMirrors()) {
      if (((TypeElement) annotation.getAnnotationType().asElement()).getQualifiedName()
          .contentEquals("dev.gradgen.Differentiable")) {
        return annotation;
      }
    }
    return null;
  }

  private static AnnotationValue wrtValue(AnnotationMirror annotation) {
    for (var entry : annotation.getElementValues().entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals("wrt")) {
        return entry.getValue();
      }
    }
    return null;
  }
}
