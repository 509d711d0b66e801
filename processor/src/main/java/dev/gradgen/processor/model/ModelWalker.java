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
    stmt.accept(statementParts);
  }

  private void expr(Expr expr, boolean valueUsed) {
    if (expr == null) {
      return;
    }
    visitor.visit(expr, valueUsed);
    expr.accept(exprParts);
  }

  /** Walks a member's receiver: an object is an expression, a class has no parts. */
  private void receiver(Receiver receiver) {
    receiver.match(onClass -> null, instance -> {
      expr(instance.object(), true);
      return null;
    });
  }

  /** Walks a statement's parts: its expressions and nested statements. */
  private final Stmt.Visitor<Void> statementParts = new Stmt.Visitor<>() {
    @Override
    public Void visitLocalDeclaration(Stmt.LocalDeclaration declaration) {
      expr(declaration.init(), true);
      return null;
    }

    @Override
    public Void visitExpressionStatement(Stmt.ExpressionStatement statement) {
      expr(statement.expr(), false);
      return null;
    }

    @Override
    public Void visitBlock(Stmt.Block block) {
      statements(block.statements());
      return null;
    }

    @Override
    public Void visitIf(Stmt.If ifStmt) {
      expr(ifStmt.condition(), true);
      statement(ifStmt.thenBranch());
      statement(ifStmt.elseBranch());
      return null;
    }

    @Override
    public Void visitFor(Stmt.For loop) {
      statements(loop.init());
      expr(loop.condition(), true);
      for (Expr update : loop.update()) {
        expr(update, false);
      }
      statement(loop.body());
      return null;
    }

    @Override
    public Void visitForEach(Stmt.ForEach loop) {
      expr(loop.array(), true);
      statement(loop.body());
      return null;
    }

    @Override
    public Void visitWhile(Stmt.While loop) {
      expr(loop.condition(), true);
      statement(loop.body());
      return null;
    }

    @Override
    public Void visitDoWhile(Stmt.DoWhile loop) {
      statement(loop.body());
      expr(loop.condition(), true);
      return null;
    }

    @Override
    public Void visitSwitch(Stmt.Switch switchStmt) {
      expr(switchStmt.selector(), true);
      for (Stmt.Case c : switchStmt.cases()) {
        all(c.labels());
        statements(c.body());
      }
      return null;
    }

    @Override
    public Void visitBreak(Stmt.Break breakStmt) {
      return null;
    }

    @Override
    public Void visitContinue(Stmt.Continue continueStmt) {
      return null;
    }

    @Override
    public Void visitReturn(Stmt.Return returnStmt) {
      expr(returnStmt.value(), true);
      return null;
    }

    @Override
    public Void visitThrow(Stmt.Throw throwStmt) {
      expr(throwStmt.exception(), true);
      return null;
    }

    @Override
    public Void visitLabeled(Stmt.Labeled labeled) {
      statement(labeled.body());
      return null;
    }

    @Override
    public Void visitEmpty(Stmt.Empty empty) {
      return null;
    }
  };

  /** Walks an expression's operands, in evaluation order. */
  private final Expr.Visitor<Void> exprParts = new Expr.Visitor<>() {
    @Override
    public Void visitLiteral(Expr.Literal literal) {
      return null;
    }

    @Override
    public Void visitVariableRef(Expr.VariableRef ref) {
      return null;
    }

    @Override
    public Void visitThis(Expr.This thisExpr) {
      return null;
    }

    @Override
    public Void visitFieldRef(Expr.FieldRef field) {
      receiver(field.receiver());
      return null;
    }

    @Override
    public Void visitUnary(Expr.Unary unary) {
      expr(unary.operand(), true);
      return null;
    }

    @Override
    public Void visitBinary(Expr.Binary binary) {
      expr(binary.left(), true);
      expr(binary.right(), true);
      return null;
    }

    @Override
    public Void visitConditional(Expr.Conditional conditional) {
      expr(conditional.condition(), true);
      expr(conditional.whenTrue(), true);
      expr(conditional.whenFalse(), true);
      return null;
    }

    @Override
    public Void visitCast(Expr.Cast cast) {
      expr(cast.operand(), true);
      return null;
    }

    @Override
    public Void visitArrayRead(Expr.ArrayRead read) {
      expr(read.array(), true);
      expr(read.index(), true);
      return null;
    }

    @Override
    public Void visitArrayLength(Expr.ArrayLength length) {
      expr(length.array(), true);
      return null;
    }

    @Override
    public Void visitNewArray(Expr.NewArray array) {
      all(array.dimensions());
      return null;
    }

    @Override
    public Void visitArrayInitializer(Expr.ArrayInitializer array) {
      all(array.elements());
      return null;
    }

    @Override
    public Void visitAssign(Expr.Assign assign) {
      assign.target().acceptTarget(targetParts);
      expr(assign.value(), true);
      return null;
    }

    @Override
    public Void visitIncDec(Expr.IncDec incDec) {
      incDec.target().acceptTarget(targetParts);
      return null;
    }

    @Override
    public Void visitMathCall(Expr.MathCall call) {
      all(call.args());
      return null;
    }

    @Override
    public Void visitDifferentiableCall(Expr.DifferentiableCall call) {
      call.receiver().ifPresent(object -> expr(object, true));
      all(call.args());
      return null;
    }

    @Override
    public Void visitPlainCall(Expr.PlainCall call) {
      receiver(call.receiver());
      all(call.args());
      return null;
    }

    @Override
    public Void visitRuleCall(Expr.RuleCall call) {
      call.receiver().ifPresent(object -> expr(object, true));
      all(call.args());
      return null;
    }

    @Override
    public Void visitNewObject(Expr.NewObject object) {
      all(object.args());
      return null;
    }
  };

  /**
   * Walks the parts of an assignment target that are read (an element's array and index); the
   * target itself is written, not visited.
   */
  private final Expr.TargetVisitor<Void> targetParts = new Expr.TargetVisitor<>() {
    @Override
    public Void visitVariableRef(Expr.VariableRef ref) {
      return null;
    }

    @Override
    public Void visitArrayRead(Expr.ArrayRead read) {
      expr(read.array(), true);
      expr(read.index(), true);
      return null;
    }
  };

  private void all(List<Expr> exprs) {
    if (exprs != null) {
      for (Expr e : exprs) {
        expr(e, true);
      }
    }
  }
}
