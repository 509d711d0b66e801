package dev.gradgen.processor.writer;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.gradgen.processor.analysis.Activity;
import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.FusionPlan;
import dev.gradgen.processor.model.ReductionLoop;
import dev.gradgen.processor.model.Stmt;
import dev.gradgen.processor.model.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a method body as the body of its graph builder, statement for statement: the user's control
 * flow runs on real values while the graph is built, and only active variables become nodes. What
 * it fuses is decided before, in its {@link FusionPlan}.
 */
final class BodyWriter {

  private final Activity activity;
  private final ExpressionWriter expressions;
  private final Fusion fusion;
  private final FusionPlan plan;
  private final CodeBlock.Builder code = CodeBlock.builder();
  private final Temporaries temporaries;

  private BodyWriter(
      Activity activity,
      FusionPlan plan,
      ExpressionWriter expressions,
      Fusion fusion,
      Temporaries temporaries) {
    this.activity = activity;
    this.plan = plan;
    this.expressions = expressions;
    this.fusion = fusion;
    this.temporaries = temporaries;
  }

  /**
   * The builder body for {@code statements}, with nodes of {@code fusion}'s family, fused as
   * {@code plan} says. {@code reservedNames} are the body's own names, which the builder's
   * temporaries avoid.
   */
  static CodeBlock write(
      List<Stmt> statements,
      Activity activity,
      FusionPlan plan,
      String receiverName,
      Set<String> reservedNames,
      Fusion fusion,
      RuleNodeWriter rules) {
    return write(
        statements, activity, plan, receiverName, reservedNames, fusion, rules, Set.of(), false);
  }

  /**
   * As above, for a builder that takes the parameters {@code arrayLeaves} as array leaves; {@code
   * leavesUnwritten} says that nothing writes their arrays before the backward pass ({@link
   * CallerArraysUnwritten}).
   */
  static CodeBlock write(
      List<Stmt> statements,
      Activity activity,
      FusionPlan plan,
      String receiverName,
      Set<String> reservedNames,
      Fusion fusion,
      RuleNodeWriter rules,
      Set<Variable> arrayLeaves,
      boolean leavesUnwritten) {
    if (plan.everywhere() != fusion.everywhere()) {
      throw new IllegalArgumentException("the plan and the fusion writer disagree on fusion");
    }
    Set<String> taken = new HashSet<>(reservedNames);
    taken.add(receiverName);
    Temporaries temporaries = new Temporaries(taken);
    BodyWriter writer = new BodyWriter(
        activity,
        plan,
        new ExpressionWriter(
            fusion.family(),
            activity,
            plan,
            receiverName,
            fusion,
            temporaries,
            rules,
            arrayLeaves,
            leavesUnwritten),
        fusion,
        temporaries);
    writer.statements(statements);
    return CodeBlock.builder()
        .add(temporaries.declarations())
        .add(writer.code.build())
        .build();
  }

  /** A list of statements: one at a time, except the runs the plan fuses into one node each. */
  private void statements(List<Stmt> statements) {
    int i = 0;
    while (i < statements.size()) {
      FusionPlan.Run run = plan.runAt(statements.get(i));
      if (run == null && foldedReduction(statements, i)) {
        i += 2;
      } else if (run == null) {
        statement(statements.get(i++));
      } else {
        fusedRun(run);
        i += run.length();
      }
    }
  }

  /** A run the plan fuses: its temporaries and its last statement, written as one node. */
  private void fusedRun(FusionPlan.Run run) {
    List<String> source = new ArrayList<>();
    for (Stmt stmt : run.temporaries()) {
      source.add(fusion.quote(stmt.source()));
    }
    source.add(fusion.quote(run.sink().source()));
    CodeBlock call =
        fusion.fuseRun(run.temporaries(), run.result(), String.join("\n", source), expressions);
    code.addStatement("$L", run.kind().accept(new FusionPlan.SinkVisitor<CodeBlock>() {
      @Override
      public CodeBlock visitDeclaration(FusionPlan.Declaration declaration) {
        return CodeBlock.of(
            "$T $N = $L", typeOf(declaration.variable()), declaration.variable().name(), call);
      }

      @Override
      public CodeBlock visitReturn(FusionPlan.Return returnSink) {
        return CodeBlock.of("return $L", call);
      }

      @Override
      public CodeBlock visitAssignment(FusionPlan.Assignment assignment) {
        return CodeBlock.of("$L = $L", expressions.graph(assignment.target()), call);
      }
    }));
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
    return activity.isActive(variable)
        ? expressions.family().typeOf(variable.type())
        : variable.type().plainName();
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
    stmt.accept(statementWriter);
  }

  /** Writes each kind of statement as the builder runs it. */
  private final Stmt.Visitor<Void> statementWriter = new Stmt.Visitor<>() {
    @Override
    public Void visitLocalDeclaration(Stmt.LocalDeclaration declaration) {
      code.addStatement("$T $L", typeOf(declaration.variable()), declarator(declaration));
      return null;
    }

    @Override
    public Void visitExpressionStatement(Stmt.ExpressionStatement statement) {
      code.addStatement("$L", expressions.statement(statement.expr()));
      return null;
    }

    @Override
    public Void visitBlock(Stmt.Block block) {
      code.add("{\n").indent();
      statements(block.statements());
      code.unindent().add("}\n");
      return null;
    }

    @Override
    public Void visitIf(Stmt.If ifStmt) {
      ifChain(ifStmt);
      return null;
    }

    @Override
    public Void visitFor(Stmt.For loop) {
      forLoop(loop);
      return null;
    }

    @Override
    public Void visitForEach(Stmt.ForEach loop) {
      forEach(loop);
      return null;
    }

    @Override
    public Void visitWhile(Stmt.While loop) {
      code.beginControlFlow("while ($L)", expressions.plain(loop.condition()));
      body(loop.body());
      code.endControlFlow();
      return null;
    }

    @Override
    public Void visitDoWhile(Stmt.DoWhile loop) {
      code.beginControlFlow("do");
      body(loop.body());
      code.endControlFlow("while ($L)", expressions.plain(loop.condition()));
      return null;
    }

    @Override
    public Void visitSwitch(Stmt.Switch switchStmt) {
      switchStatement(switchStmt);
      return null;
    }

    @Override
    public Void visitBreak(Stmt.Break breakStmt) {
      // A label is user text: an argument, never part of the format ('$' is legal in labels).
      if (breakStmt.label() == null) {
        code.addStatement("break");
      } else {
        code.addStatement("break $L", breakStmt.label());
      }
      return null;
    }

    @Override
    public Void visitContinue(Stmt.Continue continueStmt) {
      if (continueStmt.label() == null) {
        code.addStatement("continue");
      } else {
        code.addStatement("continue $L", continueStmt.label());
      }
      return null;
    }

    @Override
    public Void visitReturn(Stmt.Return returnStmt) {
      code.addStatement("return $L", expressions.graph(returnStmt.value()));
      return null;
    }

    @Override
    public Void visitThrow(Stmt.Throw throwStmt) {
      code.addStatement("throw $L", expressions.plain(throwStmt.exception()));
      return null;
    }

    @Override
    public Void visitLabeled(Stmt.Labeled labeled) {
      code.add("$L:\n", labeled.label());
      statement(labeled.body());
      return null;
    }

    @Override
    public Void visitEmpty(Stmt.Empty empty) {
      code.addStatement("");
      return null;
    }
  };

  /**
   * Writes {@code statements.get(i)} and the next statement together when the first is a
   * first-order reduction loop written as one dot-product node and the second applies a function
   * to its finished sum that the node can fold in ({@link ActivationFold}); false, with nothing
   * written, otherwise.
   */
  private boolean foldedReduction(List<Stmt> statements, int i) {
    if (!(statements.get(i) instanceof Stmt.For loop)
        || !expressions.family().fuses()
        || plan.reduction(loop) == null) {
      return false;
    }
    ReductionLoop reduction = plan.reduction(loop);
    Optional<Expr.MathCall> fold = ActivationFold.find(statements, i, reduction, plan, expressions);
    if (fold.isEmpty()) {
      return false;
    }
    ReductionWriter.Written written =
        ReductionWriter.write(reduction, header(loop), expressions, temporaries, fold.get());
    code.add(written.code());
    if (written.folded() == null) {
      // Not a dot product: the loop is written as any reduction, and the next statement as usual.
      statement(statements.get(i + 1));
    } else {
      expressions.withNode(fold.get(), written.folded(), () -> statement(statements.get(i + 1)));
    }
    return true;
  }

  /** The header of a basic for loop, {@code init; condition; update}. */
  private CodeBlock header(Stmt.For loop) {
    return CodeBlock.of(
        "$L; $L; $L",
        forInit(loop.init()),
        loop.condition() == null ? CodeBlock.of("") : expressions.plain(loop.condition()),
        CodeBlock.join(loop.update().stream().map(expressions::statement).toList(), ", "));
  }

  /** A basic for loop: the one place the builder writes a {@code for} of the user's. */
  private void forLoop(Stmt.For loop) {
    CodeBlock header = header(loop);
    // Loop-level preaccumulation, planned with the statement-level kind: first-order nodes only.
    ReductionLoop reduction = expressions.family().fuses() ? plan.reduction(loop) : null;
    // Second order: the fusion writer's own preaccumulation (null when it writes a loop of nodes).
    CodeBlock secondOrder = reduction == null && plan.reduction(loop) != null
        ? fusion.reduction(plan.reduction(loop), header, expressions, temporaries)
        : null;
    if (reduction != null) {
      code.add(ReductionWriter.write(reduction, header, expressions, temporaries));
    } else if (secondOrder != null) {
      code.add(secondOrder);
    } else {
      code.beginControlFlow("for ($L)", header);
      body(loop.body());
      code.endControlFlow();
    }
  }

  /**
   * An enhanced for. A node loop variable over an array of plain values (a constant double[], an
   * int[]) gets a leaf per element, read from the array when its iteration starts, as Java reads
   * a[i] each time from the array taken once: writes into the array inside the loop are seen.
   */
  private void forEach(Stmt.ForEach loop) {
    Variable variable = loop.variable();
    if (activity.isActive(variable)
        && !variable.type().isArray()
        && !activity.isActive(loop.array())) {
      String array = temporaries.declare(loop.array().type().plainName(), "loopArray", "null");
      String index = temporaries.declare(TypeName.INT, "loopIndex", "0");
      code.beginControlFlow(
          "for ($N = $L, $N = 0; $N < $N.length; $N++)",
          array,
          expressions.plain(loop.array()),
          index,
          index,
          array,
          index);
      code.addStatement(
          "$T $N = new $T($N[$N])",
          typeOf(variable),
          variable.name(),
          expressions.family().node(),
          array,
          index);
    } else {
      code.beginControlFlow(
          "for ($T $N : $L)",
          typeOf(variable),
          variable.name(),
          activity.isActive(variable)
              ? expressions.graph(loop.array())
              : expressions.plain(loop.array()));
    }
    body(loop.body());
    code.endControlFlow();
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
          : CodeBlock.of(
              "case $L",
              CodeBlock.join(c.labels().stream().map(expressions::plain).toList(), ", "));
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
