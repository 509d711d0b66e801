package dev.gradgen.processor.model;

import com.sun.source.tree.Tree;
import java.util.List;

/** A statement of the supported subset; like {@link Expr}, each keeps its source tree. */
public sealed interface Stmt {

  Tree source();

  /**
   * Calls the {@code visitor}'s method for this kind of statement: the one dispatch over the
   * kinds, so that a new kind fails to compile until every visitor handles it.
   */
  <R> R accept(Visitor<R> visitor);

  /**
   * One method per kind of statement. Stages implement it in full (no default methods, no adapter
   * with empty bodies), so that adding a kind is a compile error in every stage that must decide
   * what the kind means to it.
   */
  interface Visitor<R> {
    R visitLocalDeclaration(LocalDeclaration declaration);

    R visitExpressionStatement(ExpressionStatement statement);

    R visitBlock(Block block);

    R visitIf(If ifStmt);

    R visitFor(For loop);

    R visitForEach(ForEach loop);

    R visitWhile(While loop);

    R visitDoWhile(DoWhile loop);

    R visitSwitch(Switch switchStmt);

    R visitBreak(Break breakStmt);

    R visitContinue(Continue continueStmt);

    R visitReturn(Return returnStmt);

    R visitThrow(Throw throwStmt);

    R visitLabeled(Labeled labeled);

    R visitEmpty(Empty empty);
  }

  /** {@code T name = init;} ({@code init} may be null). */
  record LocalDeclaration(Tree source, Variable variable, Expr init) implements Stmt {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitLocalDeclaration(this);
    }
  }

  record ExpressionStatement(Tree source, Expr expr) implements Stmt {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitExpressionStatement(this);
    }
  }

  record Block(Tree source, List<Stmt> statements) implements Stmt {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitBlock(this);
    }

    /** Copies the lists, so that the model cannot change after it is read. */
    public Block {
      statements = List.copyOf(statements);
    }
  }

  /** {@code elseBranch} may be null. */
  record If(Tree source, Expr condition, Stmt thenBranch, Stmt elseBranch) implements Stmt {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitIf(this);
    }
  }

  /** A basic for loop; {@code condition} may be null. */
  record For(Tree source, List<Stmt> init, Expr condition, List<Expr> update, Stmt body)
      implements Stmt {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitFor(this);
    }

    /** Copies the lists, so that the model cannot change after it is read. */
    public For {
      init = List.copyOf(init);
      update = List.copyOf(update);
    }
  }

  /** {@code for (T variable : array) body}. */
  record ForEach(Tree source, Variable variable, Expr array, Stmt body) implements Stmt {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitForEach(this);
    }
  }

  record While(Tree source, Expr condition, Stmt body) implements Stmt {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitWhile(this);
    }
  }

  record DoWhile(Tree source, Stmt body, Expr condition) implements Stmt {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitDoWhile(this);
    }
  }

  /** A switch statement on an int, in either form ({@code arrow} for {@code case 1 ->}). */
  record Switch(Tree source, Expr selector, List<Case> cases, boolean arrow) implements Stmt {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitSwitch(this);
    }

    /** Copies the lists, so that the model cannot change after it is read. */
    public Switch {
      cases = List.copyOf(cases);
    }
  }

  /** One case: constant labels (empty for {@code default}) and the statements that follow. */
  record Case(List<Expr> labels, List<Stmt> body) {
    /** Copies the lists, so that the model cannot change after it is read. */
    public Case {
      labels = List.copyOf(labels);
      body = List.copyOf(body);
    }
  }

  /** {@code label} may be null. */
  record Break(Tree source, String label) implements Stmt {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitBreak(this);
    }
  }

  /** {@code label} may be null. */
  record Continue(Tree source, String label) implements Stmt {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitContinue(this);
    }
  }

  record Return(Tree source, Expr value) implements Stmt {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitReturn(this);
    }
  }

  record Throw(Tree source, Expr exception) implements Stmt {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitThrow(this);
    }
  }

  record Labeled(Tree source, String label, Stmt body) implements Stmt {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitLabeled(this);
    }
  }

  record Empty(Tree source) implements Stmt {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitEmpty(this);
    }
  }
}
