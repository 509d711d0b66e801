package dev.gradgen.processor.model;

import java.util.List;

/**
 * Visits every expression of a method body, nested ones included, in source order, telling the
 * visitor whether the expression's value is used (it is not for expression statements and for-loop
 * updates).
 */
public final class ModelWalker {

  /** What a walk does at each expression. */
  @FunctionalInterface
  public interface Visitor {
    void visit(Expr expr, boolean valueUsed);
  }

  /** What a walk does at each statement, before its expressions. */
  @FunctionalInterface
  public interface StatementVisitor {
    void visit(Stmt stmt);
  }

  private final Visitor visitor;
  private final StatementVisitor statements;

  private ModelWalker(Visitor visitor, StatementVisitor statements) {
    this.visitor = visitor;
    this.statements = statements;
  }

  /** Walks {@code body}, calling {@code statements} at each statement and {@code visitor} at each expression. */
  public static void walk(List<Stmt> body, StatementVisitor statements, Visitor visitor) {
    new ModelWalker(visitor, statements).statements(body);
  }

  private void statements(List<Stmt> body) {
    for (Stmt stmt : body) {
      statement(stmt);
    }
  }

  private void statement(Stmt stmt) {
    if (stmt == null) {
      return;
    }
    statements.visit(stmt);
    if (stmt instanceof Stmt.LocalDeclaration d) {
      expr(d.init(), true);
    } else if (stmt instanceof Stmt.ExpressionStatement e) {
      expr(e.expr(), false);
    } else if (stmt instanceof Stmt.Block b) {
      statements(b.statements());
    } else if (stmt instanceof Stmt.If i) {
      expr(i.condition(), true);
      statement(i.thenBranch());
      statement(i.elseBranch());
    } else if (stmt instanceof Stmt.For f) {
      statements(f.init());
      expr(f.condition(), true);
      for (Expr update : f.update()) {
        expr(update, false);
      }
      statement(f.body());
    } else if (stmt instanceof Stmt.ForEach f) {
      expr(f.array(), true);
      statement(f.body());
    } else if (stmt instanceof Stmt.While w) {
      expr(w.condition(), true);
      statement(w.body());
    } else if (stmt instanceof Stmt.DoWhile d) {
      statement(d.body());
      expr(d.condition(), true);
    } else if (stmt instanceof Stmt.Switch s) {
      expr(s.selector(), true);
      for (Stmt.Case c : s.cases()) {
        all(c.labels());
        statements(c.body());
      }
    } else if (stmt instanceof Stmt.Return r) {
      expr(r.value(), true);
    } else if (stmt instanceof Stmt.Throw t) {
      expr(t.exception(), true);
    } else if (stmt instanceof Stmt.Labeled l) {
      statement(l.body());
    }
  }

  private void expr(Expr expr, boolean valueUsed) {
    if (expr == null) {
      return;
    }
    visitor.visit(expr, valueUsed);
    if (expr instanceof Expr.Unary u) {
      expr(u.operand(), true);
    } else if (expr instanceof Expr.Binary b) {
      expr(b.left(), true);
      expr(b.right(), true);
    } else if (expr instanceof Expr.Conditional c) {
      expr(c.condition(), true);
      expr(c.whenTrue(), true);
      expr(c.whenFalse(), true);
    } else if (expr instanceof Expr.Cast c) {
      expr(c.operand(), true);
    } else if (expr instanceof Expr.ArrayRead a) {
      expr(a.array(), true);
      expr(a.index(), true);
    } else if (expr instanceof Expr.ArrayLength a) {
      expr(a.array(), true);
    } else if (expr instanceof Expr.NewArray n) {
      all(n.dimensions());
      all(n.elements());
    } else if (expr instanceof Expr.Assign a) {
      targetParts(a.target());
      expr(a.value(), true);
    } else if (expr instanceof Expr.IncDec i) {
      targetParts(i.target());
    } else if (expr instanceof Expr.MathCall m) {
      all(m.args());
    } else if (expr instanceof Expr.DifferentiableCall d) {
      expr(d.receiver(), true);
      all(d.args());
    } else if (expr instanceof Expr.RuleCall r) {
      expr(r.receiver(), true);
      all(r.args());
    } else if (expr instanceof Expr.PlainCall p) {
      expr(p.receiver(), true);
      all(p.args());
    } else if (expr instanceof Expr.NewObject n) {
      all(n.args());
    } else if (expr instanceof Expr.FieldRef f) {
      expr(f.receiver(), true);
    }
  }

  /** The parts of an assignment target that are read: an element's array and index. */
  private void targetParts(Expr.Target target) {
    if (target instanceof Expr.ArrayRead read) {
      expr(read.array(), true);
      expr(read.index(), true);
    }
  }

  private void all(List<Expr> exprs) {
    if (exprs != null) {
      for (Expr e : exprs) {
        expr(e, true);
      }
    }
  }
}
