package dev.gradgen.processor.analysis;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.Trees;
import dev.gradgen.processor.diagnostics.AbortMethodException;
import dev.gradgen.processor.diagnostics.ErrorReporter;
import dev.gradgen.processor.diagnostics.Messages;
import dev.gradgen.processor.model.Callee;
import dev.gradgen.processor.model.MethodModel;
import dev.gradgen.processor.model.Stmt;
import dev.gradgen.processor.model.TypeNames;
import dev.gradgen.processor.model.Variable;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The first stage: reads one {@code @Differentiable} method's declaration and body (trees in) into a
 * typed {@link MethodModel}, reporting anything outside the supported subset at its exact tree.
 */
public final class MethodReader {

  /**
   * Names a record component may not have (JLS 8.10.1): a differentiable parameter's name is a
   * component of the gradient record.
   */
  private static final Set<String> RECORD_FORBIDDEN = Set.of(
      "clone", "finalize", "getClass", "hashCode", "notify", "notifyAll", "toString", "wait");

  private final Elements elements;
  private final Types types;
  private final Trees trees;
  private final ErrorReporter reporter;
  /** The {@code @DerivativeOf} rules calls may go through; none until {@link #useRules} is called. */
  private DerivativeRuleRegistry rules;

  /** Makes calls of methods with {@code @DerivativeOf} rules go through their rules. */
  public void useRules(DerivativeRuleRegistry rules) {
    this.rules = rules;
  }

  public MethodReader(Elements elements, Types types, Trees trees, ErrorReporter reporter) {
    this.elements = elements;
    this.types = types;
    this.trees = trees;
    this.reporter = reporter;
  }

  /**
   * Reads {@code method}, reporting every independent error of its declaration and body; the
   * caller tells from {@link ErrorReporter#errorCount()} whether there was any. Throws
   * {@link AbortMethodException} when the body cannot be read at all.
   */
  public MethodModel read(ExecutableElement method) {
    TreePath path = trees.getPath(method);
    MethodTree tree = path != null && path.getLeaf() instanceof MethodTree m ? m : null;
    SignatureReader.Result result = SignatureReader.readAll(method);
    for (SignatureReader.Problem problem : result.problems()) {
      report(method, tree, path, problem);
    }
    if (result.structural()) {
      throw new AbortMethodException();
    }
    if (tree == null || tree.getBody() == null) {
      throw reporter.abortAt(method, Messages.noBody());
    }
    if (OverridableMethods.overridable(method)) {
      reporter.errorAt(
          method,
          Messages.overridableMethod(
              method.getSimpleName().toString(), method.getModifiers().contains(Modifier.DEFAULT)));
    }
    Callee signature = result.callee();
    CompilationUnitTree unit = path.getCompilationUnit();
    Scope scope = new Scope();
    List<? extends VariableElement> declared = method.getParameters();
    int next = 0;
    for (int i = 0; i < declared.size(); i++) {
      String name = declared.get(i).getSimpleName().toString();
      if (result.unusable().contains(name)) {
        // Reported already: uses of it in the body are not errors of their own.
        scope.poison(name);
        continue;
      }
      Variable parameter = signature.parameters().get(next++);
      if (parameter.differentiable() && (name.equals("value") || RECORD_FORBIDDEN.contains(name))) {
        // Only a differentiable parameter becomes a component of the gradient record.
        reporter.errorAt(tree.getParameters().get(i), unit, Messages.componentClash(name));
      }
      scope.declare(parameter);
    }
    Symbols symbols =
        new Symbols(elements, types, (TypeElement) method.getEnclosingElement(), unit);
    ReadContext context = new ReadContext(symbols, scope, trees, reporter, unit, signature, rules);
    AccessCheck access = new AccessCheck(context);
    ExpressionTypes typing = new ExpressionTypes(context, access);
    ExpressionReader expressions =
        new ExpressionReader(context, typing, access, new CallResolver(context, access, typing));
    BodyReader body = new BodyReader(expressions, typing, access, scope, reporter, unit);
    List<Stmt> statements = body.readAll(tree.getBody().getStatements());
    return new MethodModel(
        method,
        signature,
        statements,
        scope.declaredNames(),
        unit,
        SourceTexts.capture(trees, unit, tree));
  }

  /**
   * Reports a problem of the declaration where it lies: at the {@code wrt} value, at the parameter
   * (not at the method's name), or at the method.
   */
  private void report(
      ExecutableElement method, MethodTree tree, TreePath path, SignatureReader.Problem problem) {
    if (problem.aboutWrt()) {
      AnnotationMirror annotation = differentiable(method);
      if (annotation != null) {
        reporter.abortAt(method, annotation, wrtValue(annotation), problem.message());
        return;
      }
    }
    int index =
        problem.parameter() == null ? -1 : method.getParameters().indexOf(problem.parameter());
    if (tree != null && index >= 0 && index < tree.getParameters().size()) {
      reporter.errorAt(
          tree.getParameters().get(index), path.getCompilationUnit(), problem.message());
    } else {
      reporter.errorAt(method, problem.message());
    }
  }

  /** The method's {@code @Differentiable}, where errors about its {@code wrt} belong. */
  private static AnnotationMirror differentiable(ExecutableElement method) {
    return Annotations.find(method, TypeNames.DIFFERENTIABLE);
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
