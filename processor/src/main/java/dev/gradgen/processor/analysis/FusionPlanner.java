package dev.gradgen.processor.analysis;

import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.ExprKind;
import dev.gradgen.processor.model.FusionPlan;
import dev.gradgen.processor.model.FusionPlan.Role;
import dev.gradgen.processor.model.FusionPlan.Size;
import dev.gradgen.processor.model.HelperSignature;
import dev.gradgen.processor.model.MethodModel;
import dev.gradgen.processor.model.ModelWalker;
import dev.gradgen.processor.model.Purity;
import dev.gradgen.processor.model.Receiver;
import dev.gradgen.processor.model.ReductionLoop;
import dev.gradgen.processor.model.Stmt;
import dev.gradgen.processor.model.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, before any code is written, what a method's graph builder fuses (see {@link FusionPlan}):
 * statement-level preaccumulation turns a straight-line active expression, or a run of straight-line
 * statements, into one node with a partial for each input instead of one node per operation.
 */
public final class FusionPlanner {

  /** Deepest operation tree written as a chain of node calls; javac's own recursion limits it. */
  public static final int MAX_CHAIN_DEPTH = 100;

  private final Activity activity;
  private final boolean everywhere;
  /** The calls of other {@code @Differentiable} methods a fused node may absorb as operations. */
  private final FusedCalls calls;

  private final Map<Stmt, FusionPlan.Run> runs = new IdentityHashMap<>();
  private final Map<Expr, Role> roles = new IdentityHashMap<>();
  private final Set<Expr> cuts = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<Expr.Assign, Expr.Binary> compoundValues = new IdentityHashMap<>();
  /** Of each operation: its depth, its operations and the size of its node after the cuts. */
  private final Map<Expr, Shape> shapes = new IdentityHashMap<>();
  /** Statements after the list being planned that still see its locals: later classic cases. */
  private List<Stmt> laterInScope = List.of();

  private record Shape(int depth, int operations, Size cutSize) {}

  private FusionPlanner(Activity activity, boolean everywhere, FusedCalls calls) {
    this.activity = activity;
    this.everywhere = everywhere;
    this.calls = everywhere ? calls : FusedCalls.NONE;
  }

  /**
   * The plan of {@code model}'s builder with {@code activity}: {@code everywhere} fuses every
   * straight-line expression and run and plans the reduction loops preaccumulated as one node per
   * accumulator ({@code -Agradgen.fuse} on), otherwise only expressions nested deeper than {@link
   * #MAX_CHAIN_DEPTH} become helpers (chain helpers, one node per operation).
   */
  public static FusionPlan plan(MethodModel model, Activity activity, boolean everywhere) {
    return plan(model, activity, everywhere, FusedCalls.NONE);
  }

  /**
   * As {@link #plan(MethodModel, Activity, boolean)}, with the calls {@code calls} absorbs made
   * operations of the fused nodes around them (when {@code everywhere}), instead of cuts.
   */
  public static FusionPlan plan(
      MethodModel model, Activity activity, boolean everywhere, FusedCalls calls) {
    FusionPlanner planner = new FusionPlanner(activity, everywhere, calls);
    planner.planStatements(model.body());
    planner.statements(model.body());
    // Loop-level preaccumulation goes with statement-level fusion: on unless -Agradgen.fuse=false.
    Map<Stmt.For, ReductionLoop> reductions = new IdentityHashMap<>();
    if (everywhere) {
      ModelWalker.walk(
          model.body(),
          stmt -> {
            if (stmt instanceof Stmt.For loop) {
              ReductionLoop reduction = ReductionLoops.of(loop, activity);
              if (reduction != null) {
                reductions.put(loop, reduction);
              }
            }
          },
          (e, used) -> {});
    }
    return new FusionPlan(
        everywhere,
        planner.runs,
        planner.roles,
        planner.cuts,
        planner.compoundValues,
        reductions,
        planner.expressionSignatures(model),
        planner.runSignatures(model));
  }

  /** The parameters of each fused expression's helper, over the finished roles and cuts. */
  private Map<Expr, HelperSignature> expressionSignatures(MethodModel model) {
    HelperSignatures signatures = new HelperSignatures(roles, cuts, activity, model.text());
    Map<Expr, HelperSignature> out = new IdentityHashMap<>();
    roles.forEach((expr, role) -> {
      if (role == Role.FUSED) {
        out.put(expr, signatures.ofExpression(expr));
      }
    });
    return out;
  }

  /** The parameters of each run's helper. */
  private Map<Stmt, HelperSignature> runSignatures(MethodModel model) {
    HelperSignatures signatures = new HelperSignatures(roles, cuts, activity, model.text());
    Map<Stmt, HelperSignature> out = new IdentityHashMap<>();
    runs.forEach((first, run) -> out.put(first, signatures.ofRun(run.temporaries(), run.result())));
    return out;
  }

  // ---------------------------------------------------------------- roles of expressions

  private void planStatements(List<Stmt> body) {
    ModelWalker.walk(body, stmt -> {}, (e, used) -> planExpr(e));
  }

  /**
   * Plans {@code expr} and everything in it, assignment targets included, bottom up: an operation's
   * role needs its operands' depths and sizes.
   */
  private void planExpr(Expr expr) {
    if (expr == null || roles.containsKey(expr)) {
      return;
    }
    List<Expr> children = expr.accept(CHILDREN);
    for (Expr child : children) {
      planExpr(child);
    }
    Expr.Assign assign = ExprKind.of(expr) == ExprKind.ASSIGN ? (Expr.Assign) expr : null;
    if (assign != null && assign.compound()) {
      // The compound assignment's value, planned as one more expression of the body.
      Expr.Binary value = new Expr.Binary(
          assign.source(),
          assign.target().type(),
          assign.operator().orElseThrow(),
          assign.target(),
          assign.value());
      compoundValues.put(assign, value);
      planExpr(value);
    }
    if (!isOperation(expr)) {
      roles.put(expr, Role.LEAF);
      return;
    }
    int depth = 0;
    int operations = 1;
    List<Size> sizes = new ArrayList<>();
    for (Expr child : children) {
      Shape shape = shapes.get(child);
      depth = Math.max(depth, shape == null ? 0 : shape.depth());
      operations += shape == null ? 0 : shape.operations();
      sizes.add(shape == null ? leafSize(child) : shape.cutSize());
    }
    // An absorbed call on its own is a node too: one node instead of the callee's graph.
    boolean call = ExprKind.of(expr) == ExprKind.DIFFERENTIABLE_CALL;
    // An absorbed call is one invocation of the callee's forward function per direction, each
    // passing every argument and its tangents: it weighs as many operations as it passes values,
    // so that a node of many such calls stays far inside the JVM's 64 KB of code.
    int own = call ? ((Expr.DifferentiableCall) expr).args().size() + 4 : 1;
    shapes.put(expr, new Shape(depth + 1, operations, cut(own, children, sizes)));
    roles.put(
        expr,
        (everywhere || depth + 1 > MAX_CHAIN_DEPTH) && (operations >= 2 || call)
            ? Role.FUSED
            : Role.OPERATION);
  }

  /**
   * The size of an operation's node after its cuts ({@code own} is what the operation itself
   * weighs): where its node would grow too big, its biggest
   * operand subtree is cut off (then becoming one input), until it fits. The cuts of a
   * sub-expression are the same whether its own node or a wider one is written, so one set serves
   * every node.
   */
  private Size cut(int own, List<Expr> children, List<Size> sizes) {
    while (true) {
      Size total = new Size(own, 0);
      int biggest = -1;
      for (int i = 0; i < sizes.size(); i++) {
        total = total.plus(sizes.get(i));
        if (isOperation(children.get(i))
            && !cuts.contains(children.get(i))
            && (biggest < 0 || sizes.get(i).operations() > sizes.get(biggest).operations())) {
          biggest = i;
        }
      }
      if (total.fits() || biggest < 0) {
        return total;
      }
      cuts.add(children.get(biggest));
      sizes.set(biggest, new Size(0, 1));
    }
  }

  /** Whether {@code expr} is an operation a fused node can absorb. */
  private boolean isOperation(Expr expr) {
    return activity.isActive(expr)
        && (expr.accept(OPERATION_KIND)
            || expr instanceof Expr.DifferentiableCall call && calls.absorbs(call, activity));
  }

  /** Whether {@code expr} can be computed inside a fused node, with only variables read as nodes. */
  private boolean isStraightLine(Expr expr) {
    if (!activity.isActive(expr)) {
      return true;
    }
    if (isOperation(expr)) {
      for (Expr child : expr.accept(CHILDREN)) {
        if (!isStraightLine(child)) {
          return false;
        }
      }
      return true;
    }
    return switch (ExprKind.of(expr)) {
      case VARIABLE_REF -> true;
      case ARRAY_READ -> Purity.isPure(expr);
      case LITERAL,
          THIS,
          FIELD_REF,
          UNARY,
          BINARY,
          CONDITIONAL,
          CAST,
          ARRAY_LENGTH,
          NEW_ARRAY,
          ARRAY_INITIALIZER,
          ASSIGN,
          INC_DEC,
          MATH_CALL,
          DIFFERENTIABLE_CALL,
          PLAIN_CALL,
          RULE_CALL,
          NEW_OBJECT -> false;
    };
  }

  /** The size of {@code expr} as one fused node, with no cuts (an upper bound: inputs not shared). */
  private Size size(Expr expr) {
    if (!isOperation(expr)) {
      return leafSize(expr);
    }
    Size total = new Size(1, 0);
    for (Expr child : expr.accept(CHILDREN)) {
      total = total.plus(size(child));
    }
    return total;
  }

  private Size leafSize(Expr expr) {
    if (ExprKind.of(expr) == ExprKind.LITERAL) {
      return Size.NONE;
    }
    return new Size(0, activity.isActive(expr) ? 1 : 2);
  }

  // ---------------------------------------------------------------- runs fused into one node

  private void statements(List<Stmt> statements) {
    int i = 0;
    while (i < statements.size()) {
      FusionPlan.Run run = everywhere ? runAt(statements, i) : null;
      if (run == null) {
        statements.get(i++).accept(nested);
      } else {
        runs.put(run.first(), run);
        i += run.length();
      }
    }
  }

  /** Plans the statement lists nested in a statement, as the builder writes them. */
  private final Stmt.Visitor<Void> nested = new Stmt.Visitor<>() {
    @Override
    public Void visitLocalDeclaration(Stmt.LocalDeclaration declaration) {
      return null;
    }

    @Override
    public Void visitExpressionStatement(Stmt.ExpressionStatement statement) {
      return null;
    }

    @Override
    public Void visitBlock(Stmt.Block block) {
      statements(block.statements());
      return null;
    }

    @Override
    public Void visitIf(Stmt.If ifStmt) {
      ifStmt.thenBranch().accept(this);
      if (ifStmt.elseBranch() != null) {
        ifStmt.elseBranch().accept(this);
      }
      return null;
    }

    @Override
    public Void visitFor(Stmt.For loop) {
      // The initialisers are one declaration or expressions, written in the loop's header.
      return loop.body().accept(this);
    }

    @Override
    public Void visitForEach(Stmt.ForEach loop) {
      return loop.body().accept(this);
    }

    @Override
    public Void visitWhile(Stmt.While loop) {
      return loop.body().accept(this);
    }

    @Override
    public Void visitDoWhile(Stmt.DoWhile loop) {
      return loop.body().accept(this);
    }

    @Override
    @SuppressWarnings("ReferenceEquality") // Finds the case being planned itself among the cases.
    public Void visitSwitch(Stmt.Switch switchStmt) {
      for (Stmt.Case c : switchStmt.cases()) {
        if (switchStmt.arrow()) {
          for (Stmt stmt : c.body()) {
            stmt.accept(this);
          }
          continue;
        }
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
      return null;
    }

    @Override
    public Void visitThrow(Stmt.Throw throwStmt) {
      return null;
    }

    @Override
    public Void visitLabeled(Stmt.Labeled labeled) {
      return labeled.body().accept(this);
    }

    @Override
    public Void visitEmpty(Stmt.Empty empty) {
      return null;
    }
  };

  /**
   * The run of straight-line statements starting at {@code start}: declarations of active locals
   * used only later in the run (temporaries, which need no node), then the statement whose value
   * the run produces. Null when there is no such run.
   */
  private FusionPlan.Run runAt(List<Stmt> statements, int start) {
    // The run's temporaries, and before each the size of the node the run up to it makes, which
    // must stay within one node's limits (a longer run is split into several).
    List<Size> before = new ArrayList<>();
    Size size = Size.NONE;
    int end = start;
    while (end < statements.size() && temporaryCandidate(statements.get(end)) != null) {
      before.add(size);
      size = size.plus(size(temporaryCandidate(statements.get(end)).init()));
      if (!size.fits()) {
        break;
      }
      end++;
    }
    for (int sink = Math.min(end, statements.size() - 1); sink > start; sink--) {
      Expr result = resultOf(statements.get(sink));
      Size run = sink - start < before.size() ? before.get(sink - start) : size;
      if (result != null
          && run.plus(size(result)).fits()
          && temporariesStayInside(statements, start, sink)) {
        List<Stmt.LocalDeclaration> temporaries = new ArrayList<>();
        for (Stmt stmt : statements.subList(start, sink)) {
          temporaries.add(temporaryCandidate(stmt));
        }
        Stmt last = statements.get(sink);
        return new FusionPlan.Run(
            temporaries, last, last.accept(sinks), result, run.plus(size(result)));
      }
    }
    return null;
  }

  /** {@code stmt} as a run's temporary, or null when it cannot be one. */
  private Stmt.LocalDeclaration temporaryCandidate(Stmt stmt) {
    Stmt.LocalDeclaration declaration = stmt.accept(AS_DECLARATION);
    return declaration != null
            && declaration.init() != null
            && declaration.variable().type().isDouble()
            && activity.isActive(declaration.variable())
            && isStraightLine(declaration.init())
            && !writesVariables(declaration.init())
        ? declaration
        : null;
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
        (e, used) ->
            writes[0] |= ExprKind.of(e) == ExprKind.ASSIGN || ExprKind.of(e) == ExprKind.INC_DEC);
    return writes[0];
  }

  /** The expression whose node a run's last statement keeps, or null if it cannot end a run. */
  private Expr resultOf(Stmt stmt) {
    Expr result = stmt.accept(results);
    return result != null && isStraightLine(result) && !writesVariables(result) ? result : null;
  }

  /** The node a statement would keep at the end of a run (before the straight-line check). */
  private final Stmt.Visitor<Expr> results = new Stmt.Visitor<>() {
    @Override
    public Expr visitLocalDeclaration(Stmt.LocalDeclaration declaration) {
      Stmt.LocalDeclaration temporary = temporaryCandidate(declaration);
      return temporary == null ? null : temporary.init();
    }

    @Override
    public Expr visitExpressionStatement(Stmt.ExpressionStatement statement) {
      Expr.Assign assign = assignedVariable(statement);
      if (assign == null) {
        return null;
      }
      return assign.compound() ? compoundValues.get(assign) : assign.value();
    }

    @Override
    public Expr visitReturn(Stmt.Return returnStmt) {
      return returnStmt.value().type().isDouble() && activity.isActive(returnStmt.value())
          ? returnStmt.value()
          : null;
    }

    @Override
    public Expr visitBlock(Stmt.Block block) {
      return null;
    }

    @Override
    public Expr visitIf(Stmt.If ifStmt) {
      return null;
    }

    @Override
    public Expr visitFor(Stmt.For loop) {
      return null;
    }

    @Override
    public Expr visitForEach(Stmt.ForEach loop) {
      return null;
    }

    @Override
    public Expr visitWhile(Stmt.While loop) {
      return null;
    }

    @Override
    public Expr visitDoWhile(Stmt.DoWhile loop) {
      return null;
    }

    @Override
    public Expr visitSwitch(Stmt.Switch switchStmt) {
      return null;
    }

    @Override
    public Expr visitBreak(Stmt.Break breakStmt) {
      return null;
    }

    @Override
    public Expr visitContinue(Stmt.Continue continueStmt) {
      return null;
    }

    @Override
    public Expr visitThrow(Stmt.Throw throwStmt) {
      return null;
    }

    @Override
    public Expr visitLabeled(Stmt.Labeled labeled) {
      return null;
    }

    @Override
    public Expr visitEmpty(Stmt.Empty empty) {
      return null;
    }
  };

  /**
   * {@code v = e} or {@code v op= e} with {@code v} an active double local and {@code op}
   * arithmetic: an assignment a run can end with; null for any other statement expression.
   */
  private Expr.Assign assignedVariable(Stmt.ExpressionStatement statement) {
    if (ExprKind.of(statement.expr()) != ExprKind.ASSIGN) {
      return null;
    }
    Expr.Assign assign = (Expr.Assign) statement.expr();
    Expr.VariableRef target = assign.target().acceptTarget(VARIABLE_TARGET);
    return target != null
            && target.type().isDouble()
            && activity.isActive(target.variable())
            && assign.operator().map(Expr.BinaryOperator::isArithmetic).orElse(true)
        ? assign
        : null;
  }

  /** What the run's last statement does with its node. */
  private final Stmt.Visitor<FusionPlan.Sink> sinks = new Stmt.Visitor<>() {
    @Override
    public FusionPlan.Sink visitLocalDeclaration(Stmt.LocalDeclaration declaration) {
      return new FusionPlan.Declaration(declaration.variable());
    }

    @Override
    public FusionPlan.Sink visitExpressionStatement(Stmt.ExpressionStatement statement) {
      Expr.Assign assign = assignedVariable(statement);
      return new FusionPlan.Assignment(assign.target().acceptTarget(VARIABLE_TARGET));
    }

    @Override
    public FusionPlan.Sink visitReturn(Stmt.Return returnStmt) {
      return new FusionPlan.Return();
    }

    @Override
    public FusionPlan.Sink visitBlock(Stmt.Block block) {
      throw cannotEndRun(block);
    }

    @Override
    public FusionPlan.Sink visitIf(Stmt.If ifStmt) {
      throw cannotEndRun(ifStmt);
    }

    @Override
    public FusionPlan.Sink visitFor(Stmt.For loop) {
      throw cannotEndRun(loop);
    }

    @Override
    public FusionPlan.Sink visitForEach(Stmt.ForEach loop) {
      throw cannotEndRun(loop);
    }

    @Override
    public FusionPlan.Sink visitWhile(Stmt.While loop) {
      throw cannotEndRun(loop);
    }

    @Override
    public FusionPlan.Sink visitDoWhile(Stmt.DoWhile loop) {
      throw cannotEndRun(loop);
    }

    @Override
    public FusionPlan.Sink visitSwitch(Stmt.Switch switchStmt) {
      throw cannotEndRun(switchStmt);
    }

    @Override
    public FusionPlan.Sink visitBreak(Stmt.Break breakStmt) {
      throw cannotEndRun(breakStmt);
    }

    @Override
    public FusionPlan.Sink visitContinue(Stmt.Continue continueStmt) {
      throw cannotEndRun(continueStmt);
    }

    @Override
    public FusionPlan.Sink visitThrow(Stmt.Throw throwStmt) {
      throw cannotEndRun(throwStmt);
    }

    @Override
    public FusionPlan.Sink visitLabeled(Stmt.Labeled labeled) {
      throw cannotEndRun(labeled);
    }

    @Override
    public FusionPlan.Sink visitEmpty(Stmt.Empty empty) {
      throw cannotEndRun(empty);
    }
  };

  private static IllegalStateException cannotEndRun(Stmt stmt) {
    return new IllegalStateException("a run cannot end with " + stmt.source());
  }

  /**
   * Whether every local declared in {@code [start, sink)} is read only as a node operand inside the
   * run, and never after it or as the run's assignment target.
   */
  private boolean temporariesStayInside(List<Stmt> statements, int start, int sink) {
    Set<Variable> temporaries = new HashSet<>();
    for (Stmt stmt : statements.subList(start, sink)) {
      temporaries.add(temporaryCandidate(stmt).variable());
    }
    boolean[] escapes = {false};
    ModelWalker.Visitor escape = (e, used) -> escapes[0] |= touches(e, temporaries);
    ModelWalker.walk(statements.subList(sink + 1, statements.size()), s -> {}, escape);
    ModelWalker.walk(laterInScope, s -> {}, escape);
    Stmt last = statements.get(sink);
    Expr lastResult = resultOf(last);
    if (temporaries.contains(last.accept(sinks).accept(ASSIGNED))) {
      return false;
    }
    for (Stmt stmt : statements.subList(start, sink + 1)) {
      Expr result = stmt == last ? lastResult : temporaryCandidate(stmt).init();
      escapes[0] |= readOutsideOperations(result, temporaries);
    }
    // A temporary the run's value does not depend on would still be an input, with a partial of
    // 0 times its own partials, which is NaN where those are infinite or NaN (sqrt of a negative
    // number in an unused local): dead locals stay out of runs, as unread nodes of their own.
    Set<Variable> live = new HashSet<>();
    ModelWalker.Visitor reads = (e, used) -> {
      Variable read = e.accept(VARIABLE_READ);
      if (read != null) {
        live.add(read);
      }
    };
    ModelWalker.walk(
        List.of(new Stmt.ExpressionStatement(last.source(), lastResult)), s -> {}, reads);
    for (int i = sink - 1; i >= start; i--) {
      Stmt.LocalDeclaration declaration = temporaryCandidate(statements.get(i));
      if (!live.contains(declaration.variable())) {
        return false;
      }
      ModelWalker.walk(List.of(declaration), s -> {}, reads);
    }
    return !escapes[0];
  }

  /**
   * Whether {@code e} reads one of {@code variables}, or assigns or increments one (the walker
   * skips assignment targets, but a later write needs the declaration too).
   */
  private static boolean touches(Expr e, Set<Variable> variables) {
    Variable read = e.accept(VARIABLE_READ);
    if (read != null) {
      return variables.contains(read);
    }
    Expr.Target target = switch (ExprKind.of(e)) {
      case ASSIGN -> ((Expr.Assign) e).target();
      case INC_DEC -> ((Expr.IncDec) e).target();
      case LITERAL,
          VARIABLE_REF,
          THIS,
          FIELD_REF,
          UNARY,
          BINARY,
          CONDITIONAL,
          CAST,
          ARRAY_READ,
          ARRAY_LENGTH,
          NEW_ARRAY,
          ARRAY_INITIALIZER,
          MATH_CALL,
          DIFFERENTIABLE_CALL,
          PLAIN_CALL,
          RULE_CALL,
          NEW_OBJECT -> null;
    };
    Expr.VariableRef written = target == null ? null : target.acceptTarget(VARIABLE_TARGET);
    return written != null && variables.contains(written.variable());
  }

  /** Whether a temporary is read where the fused node cannot see it: in a constant sub-expression. */
  private boolean readOutsideOperations(Expr expr, Set<Variable> temporaries) {
    if (ExprKind.of(expr) == ExprKind.VARIABLE_REF) {
      return false;
    }
    if (isOperation(expr)) {
      for (Expr child : expr.accept(CHILDREN)) {
        if (readOutsideOperations(child, temporaries)) {
          return true;
        }
      }
      return false;
    }
    boolean[] found = {false};
    ModelWalker.walk(
        List.of(new Stmt.ExpressionStatement(expr.source(), expr)), s -> {}, (e, used) -> {
          Variable read = e.accept(VARIABLE_READ);
          found[0] |= read != null && temporaries.contains(read);
        });
    return found[0];
  }

  // ---------------------------------------------------------------- by kind

  /**
   * Every sub-expression of {@code expr}, assignment targets included; of an operation, its
   * operands in order (what a fused node reads when it absorbs it).
   */
  public static List<Expr> children(Expr expr) {
    return expr.accept(CHILDREN);
  }

  /** Every sub-expression, assignment targets included; an operation's operands in order. */
  private static final Expr.Visitor<List<Expr>> CHILDREN = new Expr.Visitor<>() {
    @Override
    public List<Expr> visitLiteral(Expr.Literal literal) {
      return List.of();
    }

    @Override
    public List<Expr> visitVariableRef(Expr.VariableRef ref) {
      return List.of();
    }

    @Override
    public List<Expr> visitThis(Expr.This thisExpr) {
      return List.of();
    }

    @Override
    public List<Expr> visitFieldRef(Expr.FieldRef field) {
      return objectOf(field.receiver());
    }

    @Override
    public List<Expr> visitUnary(Expr.Unary unary) {
      return List.of(unary.operand());
    }

    @Override
    public List<Expr> visitBinary(Expr.Binary binary) {
      return List.of(binary.left(), binary.right());
    }

    @Override
    public List<Expr> visitConditional(Expr.Conditional conditional) {
      return List.of(conditional.condition(), conditional.whenTrue(), conditional.whenFalse());
    }

    @Override
    public List<Expr> visitCast(Expr.Cast cast) {
      return List.of(cast.operand());
    }

    @Override
    public List<Expr> visitArrayRead(Expr.ArrayRead read) {
      return List.of(read.array(), read.index());
    }

    @Override
    public List<Expr> visitArrayLength(Expr.ArrayLength length) {
      return List.of(length.array());
    }

    @Override
    public List<Expr> visitNewArray(Expr.NewArray array) {
      return array.dimensions();
    }

    @Override
    public List<Expr> visitArrayInitializer(Expr.ArrayInitializer array) {
      return array.elements();
    }

    @Override
    public List<Expr> visitAssign(Expr.Assign assign) {
      return List.of(assign.target(), assign.value());
    }

    @Override
    public List<Expr> visitIncDec(Expr.IncDec incDec) {
      return List.of(incDec.target());
    }

    @Override
    public List<Expr> visitMathCall(Expr.MathCall call) {
      return call.args();
    }

    @Override
    public List<Expr> visitDifferentiableCall(Expr.DifferentiableCall call) {
      return withReceiver(call.receiver(), call.args());
    }

    @Override
    public List<Expr> visitPlainCall(Expr.PlainCall call) {
      return withReceiver(objectOf(call.receiver()), call.args());
    }

    @Override
    public List<Expr> visitRuleCall(Expr.RuleCall call) {
      return withReceiver(call.receiver(), call.args());
    }

    @Override
    public List<Expr> visitNewObject(Expr.NewObject object) {
      return object.args();
    }
  };

  /** Whether an active expression of this kind is an operation a fused node absorbs. */
  private static final Expr.Visitor<Boolean> OPERATION_KIND = new Expr.Visitor<>() {
    @Override
    public Boolean visitLiteral(Expr.Literal literal) {
      return false;
    }

    @Override
    public Boolean visitVariableRef(Expr.VariableRef ref) {
      return false;
    }

    @Override
    public Boolean visitThis(Expr.This thisExpr) {
      return false;
    }

    @Override
    public Boolean visitFieldRef(Expr.FieldRef field) {
      return false;
    }

    @Override
    public Boolean visitUnary(Expr.Unary unary) {
      return true;
    }

    @Override
    public Boolean visitBinary(Expr.Binary binary) {
      return binary.operator().isArithmetic();
    }

    @Override
    public Boolean visitConditional(Expr.Conditional conditional) {
      return false;
    }

    @Override
    public Boolean visitCast(Expr.Cast cast) {
      return true;
    }

    @Override
    public Boolean visitArrayRead(Expr.ArrayRead read) {
      return false;
    }

    @Override
    public Boolean visitArrayLength(Expr.ArrayLength length) {
      return false;
    }

    @Override
    public Boolean visitNewArray(Expr.NewArray array) {
      return false;
    }

    @Override
    public Boolean visitArrayInitializer(Expr.ArrayInitializer array) {
      return false;
    }

    @Override
    public Boolean visitAssign(Expr.Assign assign) {
      return false;
    }

    @Override
    public Boolean visitIncDec(Expr.IncDec incDec) {
      return false;
    }

    @Override
    public Boolean visitMathCall(Expr.MathCall call) {
      return !call.strict() && call.function().fusable();
    }

    @Override
    public Boolean visitDifferentiableCall(Expr.DifferentiableCall call) {
      return false;
    }

    @Override
    public Boolean visitPlainCall(Expr.PlainCall call) {
      return false;
    }

    @Override
    public Boolean visitRuleCall(Expr.RuleCall call) {
      return false;
    }

    @Override
    public Boolean visitNewObject(Expr.NewObject object) {
      return false;
    }
  };

  /** The variable an expression itself reads: a variable reference's; null for any other kind. */
  private static final Expr.Visitor<Variable> VARIABLE_READ = new Expr.Visitor<>() {
    @Override
    public Variable visitLiteral(Expr.Literal literal) {
      return null;
    }

    @Override
    public Variable visitVariableRef(Expr.VariableRef ref) {
      return ref.variable();
    }

    @Override
    public Variable visitThis(Expr.This thisExpr) {
      return null;
    }

    @Override
    public Variable visitFieldRef(Expr.FieldRef field) {
      return null;
    }

    @Override
    public Variable visitUnary(Expr.Unary unary) {
      return null;
    }

    @Override
    public Variable visitBinary(Expr.Binary binary) {
      return null;
    }

    @Override
    public Variable visitConditional(Expr.Conditional conditional) {
      return null;
    }

    @Override
    public Variable visitCast(Expr.Cast cast) {
      return null;
    }

    @Override
    public Variable visitArrayRead(Expr.ArrayRead read) {
      return null;
    }

    @Override
    public Variable visitArrayLength(Expr.ArrayLength length) {
      return null;
    }

    @Override
    public Variable visitNewArray(Expr.NewArray array) {
      return null;
    }

    @Override
    public Variable visitArrayInitializer(Expr.ArrayInitializer array) {
      return null;
    }

    @Override
    public Variable visitAssign(Expr.Assign assign) {
      return null;
    }

    @Override
    public Variable visitIncDec(Expr.IncDec incDec) {
      return null;
    }

    @Override
    public Variable visitMathCall(Expr.MathCall call) {
      return null;
    }

    @Override
    public Variable visitDifferentiableCall(Expr.DifferentiableCall call) {
      return null;
    }

    @Override
    public Variable visitPlainCall(Expr.PlainCall call) {
      return null;
    }

    @Override
    public Variable visitRuleCall(Expr.RuleCall call) {
      return null;
    }

    @Override
    public Variable visitNewObject(Expr.NewObject object) {
      return null;
    }
  };

  /** A target that is a variable, or null for an element. */
  private static final Expr.TargetVisitor<Expr.VariableRef> VARIABLE_TARGET =
      new Expr.TargetVisitor<>() {
        @Override
        public Expr.VariableRef visitVariableRef(Expr.VariableRef ref) {
          return ref;
        }

        @Override
        public Expr.VariableRef visitArrayRead(Expr.ArrayRead read) {
          return null;
        }
      };

  /** The local a run's last statement assigns, or null when it declares one or returns. */
  private static final FusionPlan.SinkVisitor<Variable> ASSIGNED = new FusionPlan.SinkVisitor<>() {
    @Override
    public Variable visitDeclaration(FusionPlan.Declaration declaration) {
      return null;
    }

    @Override
    public Variable visitReturn(FusionPlan.Return returnSink) {
      return null;
    }

    @Override
    public Variable visitAssignment(FusionPlan.Assignment assignment) {
      return assignment.target().variable();
    }
  };

  /** A statement that is a local declaration, or null for any other kind. */
  private static final Stmt.Visitor<Stmt.LocalDeclaration> AS_DECLARATION = new Stmt.Visitor<>() {
    @Override
    public Stmt.LocalDeclaration visitLocalDeclaration(Stmt.LocalDeclaration declaration) {
      return declaration;
    }

    @Override
    public Stmt.LocalDeclaration visitExpressionStatement(Stmt.ExpressionStatement statement) {
      return null;
    }

    @Override
    public Stmt.LocalDeclaration visitBlock(Stmt.Block block) {
      return null;
    }

    @Override
    public Stmt.LocalDeclaration visitIf(Stmt.If ifStmt) {
      return null;
    }

    @Override
    public Stmt.LocalDeclaration visitFor(Stmt.For loop) {
      return null;
    }

    @Override
    public Stmt.LocalDeclaration visitForEach(Stmt.ForEach loop) {
      return null;
    }

    @Override
    public Stmt.LocalDeclaration visitWhile(Stmt.While loop) {
      return null;
    }

    @Override
    public Stmt.LocalDeclaration visitDoWhile(Stmt.DoWhile loop) {
      return null;
    }

    @Override
    public Stmt.LocalDeclaration visitSwitch(Stmt.Switch switchStmt) {
      return null;
    }

    @Override
    public Stmt.LocalDeclaration visitBreak(Stmt.Break breakStmt) {
      return null;
    }

    @Override
    public Stmt.LocalDeclaration visitContinue(Stmt.Continue continueStmt) {
      return null;
    }

    @Override
    public Stmt.LocalDeclaration visitReturn(Stmt.Return returnStmt) {
      return null;
    }

    @Override
    public Stmt.LocalDeclaration visitThrow(Stmt.Throw throwStmt) {
      return null;
    }

    @Override
    public Stmt.LocalDeclaration visitLabeled(Stmt.Labeled labeled) {
      return null;
    }

    @Override
    public Stmt.LocalDeclaration visitEmpty(Stmt.Empty empty) {
      return null;
    }
  };

  /** A member's receiver as an operand: the object's expression, or none for a class. */
  private static List<Expr> objectOf(Receiver receiver) {
    return receiver.match(onClass -> List.of(), instance -> List.of(instance.object()));
  }

  private static List<Expr> withReceiver(Optional<Expr> receiver, List<Expr> args) {
    return withReceiver(receiver.map(List::of).orElse(List.of()), args);
  }

  private static List<Expr> withReceiver(List<Expr> receiver, List<Expr> args) {
    if (receiver.isEmpty()) {
      return args;
    }
    List<Expr> all = new ArrayList<>(receiver);
    all.addAll(args);
    return all;
  }
}
