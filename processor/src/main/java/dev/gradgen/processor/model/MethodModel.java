package dev.gradgen.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.CompilationUnitTree;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;

/**
 * One {@code @Differentiable} method, read and typed: its signature as a {@link Callee} (whose
 * parameters are the variables the body reads) and its body as statements of the supported subset.
 *
 * @param element the annotated method
 * @param signature how callers (and the writer) see the method
 * @param body the method body
 * @param reservedNames every identifier the body declares, so generated names can avoid them
 * @param unit the compilation unit, for reporting errors at trees of the body
 * @param text the exact source text of the method's trees, for quoting them in generated code
 */
public record MethodModel(
    ExecutableElement element,
    Callee signature,
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

  /** The method's parameters, in order: the signature's, which the body's reads refer to. */
  public List<Variable> parameters() {
    return signature.parameters();
  }

  /** Copies the collections, so that the model cannot change after it is read. */
  public MethodModel {
    body = List.copyOf(body);
    reservedNames = Set.copyOf(reservedNames);
  }
}
