package dev.gradgen.processor.writer;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.gradgen.processor.analysis.Activity;
import dev.gradgen.processor.analysis.ReductionLoops;
import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.ModelWalker;
import dev.gradgen.processor.model.ReductionLoop;
import dev.gradgen.processor.model.Stmt;
import dev.gradgen.processor.model.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a method body as the body of its graph builder, statement for statement: the user's control
 * flow runs on real values while the graph is built, and only active variables become nodes.
 */
final class BodyWriter {

  private final Activity activity;
  private final ExpressionWriter expressions;
  private final FusionWriter fusion;
  private final CodeBlock.Builder code = CodeBlock.builder();
  private final Temporaries temporaries;
  /** Statements after the list being written that still see its locals: later classic cases. */
  private List<Stmt> laterInScope = List.of();

  private BodyWriter(
      Activity activity,
      ExpressionWriter expressions,
      FusionWriter fusion,
      Temporaries temporaries) {
    this.activity = activity;
    this.expressions = expressions;
    this.fusion = fusion;
    this.temporaries = temporaries;
  }

  /**
   * The builder body for {@code statements}, with nodes of {@code fusion}'s family, fused as
   * {@code fusion} says. {@code reservedNames} are the body's own names, which the builder's
   * temporaries avoid.
   */
  static CodeBlock write(
      List<Stmt> statements,
      Activity activity,
      String receiverName,
      Set<String> reservedNames,
      FusionWriter fusion,
      RuleNodeWriter rules) {
    Set<String> taken = new HashSet<>(reservedNames);
    taken.add(receiverName);
    Temporaries temporaries = new Temporaries(taken);
    BodyWriter writer = new BodyWriter(
        activity,
        new ExpressionWriter(fusion.family(), activity, receiverName, fusion, temporaries, rules),
        fusion,
        temporaries);
    writer.statements(statements);
    return CodeBlock.builder()
        .add(temporaries.declarations())
        .add(writer.code.build())
        .build();
  }

  private void statements(List<Stmt> statements) {
    int i = 0;
    while (i < statements.size()) {
      int sink = fusion.everywhere() ? runEnd(statements, i) : -1;
      if (sink < 0) {
        statement(statements.get(i++));
      } else {
        fusedRun(statements.subList(i, sink), statements.get(sink));
        i = sink + 1;
      }
    }
  }

  // ---------------------------------------------------------------- runs fused into one node

  /**
   * Where a run of straight-line statements starting at {@code start} ends: declarations of active
   * locals used only later in the run (temporaries, which need no node), then the statement whose
   * value the run produces. -1 when there is no such run.
   */
  private int runEnd(List<Stmt> statements, int start) {
    // The run's temporaries, and before each the size of the node the run up to it makes, which
    // must stay within one node's limits (a longer run is split into several).
    List<FusionWriter.Size> before = new ArrayList<>();
    FusionWriter.Size size = FusionWriter.Size.NONE;
    int end = start;
    while (end < statements.size() && isTemporaryCandidate(statements.get(end))) {
      before.add(size);
      size = size.plus(
          FusionWriter.size(((Stmt.LocalDeclaration) statements.get(end)).init(), expressions));
      if (!size.fits()) {
        break;
      }
      end++;
    }
    for (int sink = Math.min(end, statements.size() - 1); sink > start; sink--) {
      Expr result = resultOf(statements.get(sink));
      FusionWriter.Size run = sink - start < before.size() ? before.get(sink - start) : size;
      if (result != null
          && run.plus(FusionWriter.size(result, expressions)).fits()
          && temporariesStayInside(statements, start, sink)) {
        return sink;
      }
    }
    return -1;
  }

  private boolean isTemporaryCandidate(Stmt stmt) {
    return stmt instanceof Stmt.LocalDeclaration declaration
        && declaration.init() != null
        && declaration.variable().type().isDouble()
        && activity.isActive(declaration.variable())
        && FusionWriter.isStraightLine(declaration.init(), expressions)
        && !writesVariables(declaration.init());
  }

  /**
   * Whether {@code expr} assigns or increments anything, even inside a constant sub-expression
   * ({@code (int) (t += 0.5)}): the call site of a fused node evaluates such parts, while the
   * run's temporaries exist only inside the node, so an expression with writes never joins a run
   * (it is written on its own, where a fused node keeps every write at the call site, in order).
   */
  private static boolean writesVariables(Expr expr) {
    boolean[] writes = {false};
    ModelWalker.walk(
        List.of(new Stmt.ExpressionStatement(expr.source(), expr)),
        s -> {},
        (e, used) -> writes[0] |= e instanceof Expr.Assign || e instanceof Expr.IncDec);
    return writes[0];
  }

  /** The expression whose node a run's last statement keeps, or null if it cannot end a run. */
  private Expr resultOf(Stmt stmt) {
    Expr result = null;
    if (isTemporaryCandidate(stmt)) {
      result = ((Stmt.LocalDeclaration) stmt).init();
    } else if (stmt instanceof Stmt.Return returnStmt
        && returnStmt.value().type().isDouble()
        && expressions.isActive(returnStmt.value())) {
      result = returnStmt.value();
    } else if (stmt instanceof Stmt.ExpressionStatement statement
        && statement.expr() instanceof Expr.Assign assign
        && assign.target() instanceof Expr.VariableRef target
        && target.type().isDouble()
        && activity.isActive(target.variable())
        && (assign.operator() == null || assign.operator().isArithmetic())) {
      result = assign.operator() == null
          ? assign.value()
          : new Expr.Binary(
              assign.source(), target.type(), assign.operator(), target, assign.value());
    }
    return result != null
            && FusionWriter.isStraightLine(result, expressions)
            && !writesVariables(result)
        ? result
        : null;
  }

  /**
   * Whether every local declared in {@code [start, sink)} is read only as a node operand inside the
   * run, and never after it or as the run's assignment target.
   */
  private boolean temporariesStayInside(List<Stmt> statements, int start, int sink) {
    Set<Variable> temporaries = new HashSet<>();
    for (Stmt stmt : statements.subList(start, sink)) {
      temporaries.add(((Stmt.LocalDeclaration) stmt).variable());
    }
    boolean[] escapes = {false};
    ModelWalker.Visitor escape = (e, used) ->
        escapes[0] |= e instanceof Expr.VariableRef ref && temporaries.contains(ref.variable())
            // The walker skips assignment targets, but a later write needs the declaration too.
            || e instanceof Expr.Assign assign
                && assign.target() instanceof Expr.VariableRef target
                && temporaries.contains(target.variable())
            || e instanceof Expr.IncDec incDec
                && incDec.target() instanceof Expr.VariableRef target
                && temporaries.contains(target.variable());
    ModelWalker.walk(statements.subList(sink + 1, statements.size()), s -> {}, escape);
    ModelWalker.walk(laterInScope, s -> {}, escape);
    Stmt last = statements.get(sink);
    if (last instanceof Stmt.ExpressionStatement statement
        && statement.expr() instanceof Expr.Assign assign
        && assign.target() instanceof Expr.VariableRef target
        && temporaries.contains(target.variable())) {
      return false;
    }
    for (Stmt stmt : statements.subList(start, sink + 1)) {
      Expr result = stmt == last ? resultOf(stmt) : ((Stmt.LocalDeclaration) stmt).init();
      escapes[0] |= readOutsideOperations(result, temporaries);
    }
    // A temporary the run's value does not depend on would still be an input, with a partial of
    // 0 times its own partials, which is NaN where those are infinite or NaN (sqrt of a negative
    // number in an unused local): dead locals stay out of runs, as unread nodes of their own.
    Set<Variable> live = new HashSet<>();
    ModelWalker.Visitor reads = (e, used) -> {
      if (e instanceof Expr.VariableRef ref) {
        live.add(ref.variable());
      }
    };
    ModelWalker.walk(
        List.of(new Stmt.ExpressionStatement(last.source(), resultOf(last))), s -> {}, reads);
    for (int i = sink - 1; i >= start; i--) {
      Stmt.LocalDeclaration declaration = (Stmt.LocalDeclaration) statements.get(i);
      if (!live.contains(declaration.variable())) {
        return false;
      }
      ModelWalker.walk(List.of(declaration), s -> {}, reads);
    }
    return !escapes[0];
  }

  /** Whether a temporary is read where the fused node cannot see it: in a constant sub-expression. */
  private boolean readOutsideOperations(Expr expr, Set<Variable> temporaries) {
    if (expr instanceof Expr.VariableRef) {
      return false;
    }
    if (FusionWriter.isOperation(expr, expressions)) {
      for (Expr child : FusionWriter.children(expr)) {
        if (readOutsideOperations(child, temporaries)) {
          return true;
        }
      }
      return false;
    }
    boolean[] found = {false};
    ModelWalker.walk(
        List.of(new Stmt.ExpressionStatement(expr.source(), expr)),
        s -> {},
        (e, used) ->
            found[0] |= e instanceof Expr.VariableRef ref && temporaries.contains(ref.variable()));
    return found[0];
  }

  private void fusedRun(List<Stmt> temporaries, Stmt last) {
    List<Stmt.LocalDeclaration> declarations = new ArrayList<>();
    List<String> source = new ArrayList<>();
    for (Stmt stmt : temporaries) {
      declarations.add((Stmt.LocalDeclaration) stmt);
      source.add(stmt.source().toString());
    }
    source.add(last.source().toString());
    CodeBlock call =
        fusion.fuseRun(declarations, resultOf(last), String.join("\n", source), expressions);
    if (last instanceof Stmt.LocalDeclaration declaration) {
      code.addStatement(
          "$T $N = $L", typeOf(declaration.variable()), declaration.variable().name(), call);
    } else if (last instanceof Stmt.Return) {
      code.addStatement("return $L", call);
    } else {
      Expr.Assign assign = (Expr.Assign) ((Stmt.ExpressionStatement) last).expr();
      code.addStatement("$L = $L", expressions.graph(assign.target()), call);
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
      CodeBlock header = CodeBlock.of(
          "$L; $L; $L",
          forInit(loop.init()),
          loop.condition() == null ? CodeBlock.of("") : expressions.plain(loop.condition()),
          CodeBlock.join(loop.update().stream().map(expressions::statement).toList(), ", "));
      // Loop-level preaccumulation, with the statement-level kind: first-order nodes only.
      ReductionLoop reduction = fusion.everywhere() && expressions.family().fuses()
          ? ReductionLoops.of(loop, activity)
          : null;
      if (reduction != null) {
        code.add(ReductionWriter.write(reduction, header, expressions, temporaries));
      } else {
        code.beginControlFlow("for ($L)", header);
        body(loop.body());
        code.endControlFlow();
      }
    } else if (stmt instanceof Stmt.ForEach loop) {
      forEach(loop);
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
      // A label is user text: an argument, never part of the format ('$' is legal in labels).
      if (breakStmt.label() == null) {
        code.addStatement("break");
      } else {
        code.addStatement("break $L", breakStmt.label());
      }
    } else if (stmt instanceof Stmt.Continue continueStmt) {
      if (continueStmt.label() == null) {
        code.addStatement("continue");
      } else {
        code.addStatement("continue $L", continueStmt.label());
      }
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

  @SuppressWarnings("ReferenceEquality") // Finds the case being written itself among the cases.
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
        // A local declared in one case is in scope in the cases after it.
        List<Stmt> enclosing = laterInScope;
        List<Stmt> later = new ArrayList<>();
        boolean after = false;
        for (Stmt.Case other : switchStmt.cases()) {
          if (after) {
            later.addAll(other.body());
          }
          after |= other == c;
        }
        later.addAll(enclosing);
        laterInScope = later;
        statements(c.body());
        laterInScope = enclosing;
        code.unindent();
      }
    }
    code.endControlFlow();
  }
}
