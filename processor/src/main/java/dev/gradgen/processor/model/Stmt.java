package dev.gradgen.processor.model;

import com.sun.source.tree.Tree;
import java.util.List;

/** A statement of the supported subset; like {@link Expr}, each keeps its source tree. */
public sealed interface Stmt {

  Tree source();

  /** {@code T name = init;} ({@code init} may be null). */
  record LocalDeclaration(Tree source, Variable variable, Expr init) implements Stmt {}

  record ExpressionStatement(Tree source, Expr expr) implements Stmt {}

  record Block(Tree source, List<Stmt> statements) implements Stmt {}

  /** {@code elseBranch} may be null. */
  record If(Tree source, Expr condition, Stmt thenBranch, Stmt elseBranch) implements Stmt {}

  /** A basic for loop; {@code condition} may be null. */
  record For(Tree source, List<Stmt> init, Expr condition, List<Expr> update, Stmt body)
      implements Stmt {}

  /** {@code for (T variable : array) body}. */
  record ForEach(Tree source, Variable variable, Expr array, Stmt body) implements Stmt {}

  record While(Tree source, Expr condition, Stmt body) implements Stmt {}

  record DoWhile(Tree source, Stmt body, Expr condition) implements Stmt {}

  /** A switch statement on an int, in either form ({@code arrow} for {@code case 1 ->}). */
  record Switch(Tree source, Expr selector, List<Case> cases, boolean arrow) implements Stmt {}

  /** One case: constant labels (empty for {@code default}) and the statements that follow. */
  record Case(List<Expr> labels, List<Stmt> body) {}

  /** {@code label} may be null. */
  record Break(Tree source, String label) implements Stmt {}

  /** {@code label} may be null. */
  record Continue(Tree source, String label) implements Stmt {}

  record Return(Tree source, Expr value) implements Stmt {}

  record Throw(Tree source, Expr exception) implements Stmt {}

  record Labeled(Tree source, String label, Stmt body) implements Stmt {}

  record Empty(Tree source) implements Stmt {}
}
