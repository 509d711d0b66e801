package dev.gradgen.processor.writer;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.gradgen.processor.analysis.Activity;
import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.Stmt;
import dev.gradgen.processor.model.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a method body as the body of its graph builder, statement for statement: the user's control
 * flow runs on real values while the graph is built, and only active variables become nodes.
 */
final class BodyWriter {

  private final Activity activity;
  private final ExpressionWriter expressions;
  private final CodeBlock.Builder code = CodeBlock.builder();

  private BodyWriter(Activity activity, ExpressionWriter expressions) {
    this.activity = activity;
    this.expressions = expressions;
  }

  /** The builder body for {@code statements}. */
  static CodeBlock write(List<Stmt> statements, Activity activity, String receiverName) {
    BodyWriter writer = new BodyWriter(activity, new ExpressionWriter(activity, receiverName));
    writer.statements(statements);
    return writer.code.build();
  }

  private void statements(List<Stmt> statements) {
    for (Stmt statement : statements) {
      statement(statement);
    }
  }

  /** The statements of a control-flow body, whose braces the caller writes. */
  private void body(Stmt body) {
    if (body instanceof Stmt.Block block) {
      statements(block.statements());
    } else {
      statement(body);
    }
  }

  private TypeName typeOf(Variable variable) {
    return activity.isActive(variable) ? variable.type().tensorName() : variable.type().plainName();
  }

  private CodeBlock initializer(Variable variable, Expr init) {
    return activity.isActive(variable) ? expressions.graph(init) : expressions.plain(init);
  }

  private CodeBlock declarator(Stmt.LocalDeclaration declaration) {
    Variable variable = declaration.variable();
    return declaration.init() == null
        ? CodeBlock.of("$N", variable.name())
        : CodeBlock.of("$N = $L", variable.name(), initializer(variable, declaration.init()));
  }

  private void statement(Stmt stmt) {
    if (stmt instanceof Stmt.LocalDeclaration declaration) {
      code.addStatement("$T $L", typeOf(declaration.variable()), declarator(declaration));
    } else if (stmt instanceof Stmt.ExpressionStatement statement) {
      code.addStatement("$L", expressions.statement(statement.expr()));
    } else if (stmt instanceof Stmt.Block block) {
      code.add("{\n").indent();
      statements(block.statements());
      code.unindent().add("}\n");
    } else if (stmt instanceof Stmt.If ifStmt) {
      ifChain(ifStmt);
    } else if (stmt instanceof Stmt.For loop) {
      code.beginControlFlow("for ($L; $L; $L)", forInit(loop.init()),
          loop.condition() == null ? CodeBlock.of("") : expressions.plain(loop.condition()),
          CodeBlock.join(loop.update().stream().map(expressions::statement).toList(), ", "));
      body(loop.body());
      code.endControlFlow();
    } else if (stmt instanceof Stmt.ForEach loop) {
      Variable variable = loop.variable();
      code.beginControlFlow("for ($T $N : $L)", typeOf(variable), variable.name(),
          activity.isActive(variable) ? expressions.graph(loop.array()) : expressions.plain(loop.array()));
      body(loop.body());
      code.endControlFlow();
    } else if (stmt instanceof Stmt.While loop) {
      code.beginControlFlow("while ($L)", expressions.plain(loop.condition()));
      body(loop.body());
      code.endControlFlow();
    } else if (stmt instanceof Stmt.DoWhile loop) {
      code.beginControlFlow("do");
      body(loop.body());
      code.endControlFlow("while ($L)", expressions.plain(loop.condition()));
    } else if (stmt instanceof Stmt.Switch switchStmt) {
      switchStatement(switchStmt);
    } else if (stmt instanceof Stmt.Break breakStmt) {
      code.addStatement(breakStmt.label() == null ? "break" : "break " + breakStmt.label());
    } else if (stmt instanceof Stmt.Continue continueStmt) {
      code.addStatement(continueStmt.label() == null ? "continue" : "continue " + continueStmt.label());
    } else if (stmt instanceof Stmt.Return returnStmt) {
      code.addStatement("return $L", expressions.graph(returnStmt.value()));
    } else if (stmt instanceof Stmt.Throw throwStmt) {
      code.addStatement("throw $L", expressions.plain(throwStmt.exception()));
    } else if (stmt instanceof Stmt.Labeled labeled) {
      code.add("$L:\n", labeled.label());
      statement(labeled.body());
    } else if (stmt instanceof Stmt.Empty) {
      code.addStatement("");
    } else {
      throw new IllegalStateException("no writer for " + stmt);
    }
  }

  private void ifChain(Stmt.If ifStmt) {
    code.beginControlFlow("if ($L)", expressions.plain(ifStmt.condition()));
    body(ifStmt.thenBranch());
    Stmt elseBranch = ifStmt.elseBranch();
    while (elseBranch instanceof Stmt.If elseIf) {
      code.nextControlFlow("else if ($L)", expressions.plain(elseIf.condition()));
      body(elseIf.thenBranch());
      elseBranch = elseIf.elseBranch();
    }
    if (elseBranch != null) {
      code.nextControlFlow("else");
      body(elseBranch);
    }
    code.endControlFlow();
  }

  /** A for loop's initialisers: one declaration with several declarators, or expressions. */
  private CodeBlock forInit(List<Stmt> init) {
    if (init.isEmpty()) {
      return CodeBlock.of("");
    }
    List<CodeBlock> parts = new ArrayList<>();
    if (init.get(0) instanceof Stmt.LocalDeclaration first) {
      for (Stmt stmt : init) {
        parts.add(declarator((Stmt.LocalDeclaration) stmt));
      }
      return CodeBlock.of("$T $L", typeOf(first.variable()), CodeBlock.join(parts, ", "));
    }
    for (Stmt stmt : init) {
      parts.add(expressions.statement(((Stmt.ExpressionStatement) stmt).expr()));
    }
    return CodeBlock.join(parts, ", ");
  }

  private void switchStatement(Stmt.Switch switchStmt) {
    code.beginControlFlow("switch ($L)", expressions.plain(switchStmt.selector()));
    for (Stmt.Case c : switchStmt.cases()) {
      CodeBlock label = c.labels().isEmpty()
          ? CodeBlock.of("default")
          : CodeBlock.of("case $L", CodeBlock.join(
              c.labels().stream().map(expressions::plain).toList(), ", "));
      if (switchStmt.arrow()) {
        code.beginControlFlow("$L ->", label);
        for (Stmt stmt : c.body()) {
          body(stmt);
        }
        code.endControlFlow();
      } else {
        code.add("$L:\n", label).indent();
        statements(c.body());
        code.unindent();
      }
    }
    code.endControlFlow();
  }
}
