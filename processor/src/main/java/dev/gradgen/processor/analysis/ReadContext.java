package dev.gradgen.processor.analysis;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.Trees;
import dev.gradgen.processor.diagnostics.AbortMethodException;
import dev.gradgen.processor.diagnostics.ErrorReporter;
import dev.gradgen.processor.model.Callee;

/**
 * What every part of reading one method body shares: the names in scope, where errors go, and the
 * method being read.
 *
 * @param symbols the classes, fields and methods the body's names can denote
 * @param scope the body's parameters and locals
 * @param trees javac's trees, to tell a method compiled now from one in a class file
 * @param reporter where errors go
 * @param unit the method's compilation unit, where the body's trees lie
 * @param method the signature of the method being read
 * @param rules the {@code @DerivativeOf} rules calls may go through, or null for none
 */
record ReadContext(
    Symbols symbols,
    Scope scope,
    Trees trees,
    ErrorReporter reporter,
    CompilationUnitTree unit,
    Callee method,
    DerivativeRuleRegistry rules) {

  /** Reports {@code message} at {@code tree} and gives the exception that abandons the tree. */
  AbortMethodException error(Tree tree, String message) {
    return reporter.abortAt(tree, unit, message);
  }

  /** Reports {@code message} at {@code tree} and reads on. */
  void report(Tree tree, String message) {
    reporter.errorAt(tree, unit, message);
  }

  /** The simple name of the companion being generated, for messages about what it cannot reach. */
  String companion() {
    return method.companion().simpleName();
  }
}
