package dev.gradgen.processor.analysis;

import com.sun.source.tree.BlockTree;
import com.sun.source.tree.BreakTree;
import com.sun.source.tree.CaseTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ContinueTree;
import com.sun.source.tree.DoWhileLoopTree;
import com.sun.source.tree.EnhancedForLoopTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.IfTree;
import com.sun.source.tree.LabeledStatementTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.StatementTree;
import com.sun.source.tree.SwitchTree;
import com.sun.source.tree.ThrowTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.tree.WhileLoopTree;
import dev.gradgen.processor.diagnostics.AbortMethodException;
import dev.gradgen.processor.diagnostics.ErrorReporter;
import dev.gradgen.processor.diagnostics.Messages;
import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.Stmt;
import dev.gradgen.processor.model.ValueType;
import dev.gradgen.processor.model.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Name;

/**
 * Reads statement trees into {@link Stmt}s, keeping the scope of locals block by block. A statement
 * with an error is reported and left out, and reading goes on with the next one, so that one
 * compilation reports every independent error of a method (the method then gets no companion).
 */
final class BodyReader {

  private final ExpressionReader expressions;
  private final ExpressionTypes types;
  private final AccessCheck access;
  private final Scope scope;
  private final ErrorReporter reporter;
  private final CompilationUnitTree unit;

  BodyReader(
      ExpressionReader expressions,
      ExpressionTypes types,
      AccessCheck access,
      Scope scope,
      ErrorReporter reporter,
      CompilationUnitTree unit) {
    this.expressions = expressions;
    this.types = types;
    this.access = access;
    this.scope = scope;
    this.reporter = reporter;
    this.unit = unit;
  }

  List<Stmt> readAll(List<? extends StatementTree> statements) {
    List<Stmt> out = new ArrayList<>();
    for (StatementTree statement : statements) {
      try {
        out.add(read(statement));
      } catch (AbortMethodException e) {
        // Reported (or silenced as a follow-on error): read on.
      }
    }
    return List.copyOf(out);
  }

  private Stmt readScoped(StatementTree statement) {
    scope.enter();
    try {
      return read(statement);
    } finally {
      scope.exit();
    }
  }

  Stmt read(StatementTree tree) {
    switch (tree.getKind()) {
      case VARIABLE:
        return declaration((VariableTree) tree);
      case EXPRESSION_STATEMENT:
        return new Stmt.ExpressionStatement(
            tree, expressions.read(((ExpressionStatementTree) tree).getExpression()));
      case BLOCK: {
        BlockTree block = (BlockTree) tree;
        if (block.isStatic()) {
          throw error(tree, Messages.notSupported("a static block", "use statements"));
        }
        scope.enter();
        try {
          return new Stmt.Block(tree, readAll(block.getStatements()));
        } finally {
          scope.exit();
        }
      }
      case IF: {
        IfTree ifTree = (IfTree) tree;
        Expr condition = condition(ifTree.getCondition());
        Stmt thenBranch = readScoped(ifTree.getThenStatement());
        Stmt elseBranch =
            ifTree.getElseStatement() == null ? null : readScoped(ifTree.getElseStatement());
        return new Stmt.If(tree, condition, thenBranch, elseBranch);
      }
      case FOR_LOOP:
        return forLoop((ForLoopTree) tree);
      case ENHANCED_FOR_LOOP:
        return forEach((EnhancedForLoopTree) tree);
      case WHILE_LOOP: {
        WhileLoopTree loop = (WhileLoopTree) tree;
        return new Stmt.While(
            tree, condition(loop.getCondition()), readScoped(loop.getStatement()));
      }
      case DO_WHILE_LOOP: {
        DoWhileLoopTree loop = (DoWhileLoopTree) tree;
        Stmt body = readScoped(loop.getStatement());
        return new Stmt.DoWhile(tree, body, condition(loop.getCondition()));
      }
      case SWITCH:
        return switchStatement((SwitchTree) tree);
      case BREAK:
        return new Stmt.Break(tree, label(((BreakTree) tree).getLabel()));
      case CONTINUE:
        return new Stmt.Continue(tree, label(((ContinueTree) tree).getLabel()));
      case RETURN: {
        ExpressionTree value = ((ReturnTree) tree).getExpression();
        if (value == null) {
          throw error(tree, Messages.returnType("void"));
        }
        ValueType result = expressions.resultType();
        Expr expr = expressions.read(value, result);
        types.checkAssignable(value, result, expr.type(), false);
        return new Stmt.Return(tree, expr);
      }
      case THROW:
        return new Stmt.Throw(tree, expressions.read(((ThrowTree) tree).getExpression()));
      case LABELED_STATEMENT: {
        LabeledStatementTree labeled = (LabeledStatementTree) tree;
        return new Stmt.Labeled(tree, labeled.getLabel().toString(), read(labeled.getStatement()));
      }
      case EMPTY_STATEMENT:
        return new Stmt.Empty(tree);
      case TRY:
        throw error(tree, Messages.tryCatch());
      case SYNCHRONIZED:
        throw error(tree, Messages.synchronizedBlock());
      case ASSERT:
        throw error(tree, Messages.assertStatement());
      case CLASS:
      case INTERFACE:
      case ENUM:
      case RECORD:
        throw error(tree, Messages.localClass());
      case YIELD:
        throw error(tree, Messages.switchExpression());
      default:
        throw error(
            tree,
            Messages.notSupported(
                "'" + tree.getKind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + "'",
                "keep to the subset in the README"));
    }
  }

  private AbortMethodException error(Tree tree, String message) {
    return reporter.abortAt(tree, unit, message);
  }

  private static String label(Name label) {
    return label == null ? null : label.toString();
  }

  /**
   * A condition; one with an error is reported and read as {@code true}, so that the statements it
   * guards are still checked.
   */
  private Expr condition(ExpressionTree tree) {
    try {
      return checkedCondition(tree);
    } catch (AbortMethodException e) {
      return new Expr.Literal(tree, ValueType.BOOLEAN, true);
    }
  }

  private Expr checkedCondition(ExpressionTree tree) {
    Expr condition = expressions.read(tree);
    if (!condition.type().equals(ValueType.BOOLEAN)) {
      throw error(tree, Messages.unsupportedType(condition.type() + " as a condition"));
    }
    return condition;
  }

  private Stmt declaration(VariableTree tree) {
    String name = tree.getName().toString();
    ValueType[] type = {null};
    try {
      return declaration(tree, type);
    } catch (AbortMethodException e) {
      // Declare it anyway, so that its uses do not each report it again: with its type when that
      // is known, else as a name whose uses are silently left out.
      if (!scope.declaredHere(name)) {
        if (type[0] != null) {
          scope.declare(name, type[0], Variable.Kind.LOCAL);
        } else {
          scope.poison(name);
        }
      }
      throw e;
    }
  }

  private Stmt declaration(VariableTree tree, ValueType[] known) {
    ExpressionTree initializer = tree.getInitializer();
    ValueType type;
    Expr init = null;
    if (declaredWithVar(tree)) {
      if (initializer == null) {
        throw error(
            tree, Messages.notSupported("'var' without an initializer", "declare the type"));
      }
      init = expressions.read(initializer);
      type = init.type();
      access.checkNameable(tree, type);
    } else {
      type = types.of(tree.getType());
      known[0] = type;
      if (initializer != null) {
        init = expressions.read(initializer, type);
        types.checkAssignable(initializer, type, init.type(), init instanceof Expr.Literal);
      }
    }
    Variable variable = scope.declare(tree.getName().toString(), type, Variable.Kind.LOCAL);
    return new Stmt.LocalDeclaration(tree, variable, init);
  }

  private static boolean declaredWithVar(VariableTree tree) {
    Tree type = tree.getType();
    return type == null || type instanceof IdentifierTree id && id.getName().contentEquals("var");
  }

  private Stmt forLoop(ForLoopTree tree) {
    scope.enter();
    try {
      List<Stmt> init = readAll(tree.getInitializer());
      Expr condition = tree.getCondition() == null ? null : condition(tree.getCondition());
      List<Expr> update = new ArrayList<>();
      for (ExpressionStatementTree statement : tree.getUpdate()) {
        update.add(expressions.read(statement.getExpression()));
      }
      Stmt body = readScoped(tree.getStatement());
      return new Stmt.For(tree, init, condition, List.copyOf(update), body);
    } finally {
      scope.exit();
    }
  }

  private Stmt forEach(EnhancedForLoopTree tree) {
    Expr array = expressions.read(tree.getExpression());
    if (!array.type().isArray()) {
      throw error(
          tree.getExpression(),
          Messages.notSupported("iterating over " + array.type(), "iterate over arrays only"));
    }
    VariableTree variableTree = tree.getVariable();
    ValueType type =
        declaredWithVar(variableTree) ? array.type().component() : types.of(variableTree.getType());
    access.checkNameable(variableTree, type);
    types.checkAssignable(variableTree, type, array.type().component(), false);
    scope.enter();
    try {
      Variable variable =
          scope.declare(variableTree.getName().toString(), type, Variable.Kind.LOCAL);
      return new Stmt.ForEach(tree, variable, array, readScoped(tree.getStatement()));
    } finally {
      scope.exit();
    }
  }

  private Stmt switchStatement(SwitchTree tree) {
    Expr selector = expressions.read(tree.getExpression());
    if (!selector.type().equals(ValueType.INT)) {
      throw error(
          tree.getExpression(),
          Messages.notSupported("a switch on " + selector.type(), "switch on an int"));
    }
    List<Stmt.Case> cases = new ArrayList<>();
    boolean arrow = false;
    scope.enter();
    try {
      for (CaseTree caseTree : tree.getCases()) {
        List<Expr> labels = new ArrayList<>();
        for (ExpressionTree label : caseTree.getExpressions()) {
          labels.add(expressions.read(label));
        }
        List<Stmt> body;
        if (caseTree.getCaseKind() == CaseTree.CaseKind.RULE) {
          arrow = true;
          Tree rule = caseTree.getBody();
          scope.enter();
          try {
            body = rule instanceof StatementTree statement
                ? List.of(read(statement))
                : List.of(
                    new Stmt.ExpressionStatement(rule, expressions.read((ExpressionTree) rule)));
          } finally {
            scope.exit();
          }
        } else {
          body = readAll(caseTree.getStatements());
        }
        cases.add(new Stmt.Case(List.copyOf(labels), body));
      }
    } finally {
      scope.exit();
    }
    return new Stmt.Switch(tree, selector, List.copyOf(cases), arrow);
  }
}
