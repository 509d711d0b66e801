package dev.gradgen.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.CompilationUnitTree;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;

/**
 * One {@code @Differentiable} method, read and typed: its signature as a {@link Callee}, its
 * parameters as variables and its body as statements of the supported subset.
 *
 * @param element the annotated method
 * @param signature how callers (and the writer) see the method
 * @param parameters the method's parameters, in order, as body variables
 * @param body the method body
 * @param reservedNames every identifier the body declares, so generated names can avoid them
 * @param unit the compilation unit, for reporting errors at trees of the body
 * @param text the exact source text of the method's trees, for quoting them in generated code
 */
public record MethodModel(
    ExecutableElement element,
    Callee signature,
    List<Variable> parameters,
    List<Stmt> body,
    Set<String> reservedNames,
    CompilationUnitTree unit,
    SourceText text) {

  public String name() {
    return signature.name();
  }

  public ClassName companion() {
    return signature.companion();
  }

  public TypeName owner() {
    return signature.owner();
  }

  /** Copies the collections, so that the model cannot change after it is read. */
  public MethodModel {
    parameters = List.copyOf(parameters);
    body = List.copyOf(body);
    reservedNames = Set.copyOf(reservedNames);
  }
}
