package dev.gradgen.processor.analysis;

import dev.gradgen.processor.model.Callee;
import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.MethodKey;
import dev.gradgen.processor.model.MethodModel;
import dev.gradgen.processor.model.ModelWalker;
import dev.gradgen.processor.model.SideEffects;
import dev.gradgen.processor.model.Stmt;
import dev.gradgen.processor.model.ValueType;
import dev.gradgen.processor.model.Variable;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which methods of one companion get a graph-free forward function (decided before any code is
 * written): those whose every statement the forward writer has a form for, and whose every
 * differentiable call with an active argument calls a covered method of the same companion. The
 * rest keep the graph path for their tangents and Jacobians.
 *
 * <p>Left to the graph: active {@code double[][]} values, custom rules, active enhanced fors and
 * for-loop headers, assignments nested in active expressions, calls whose arrays the callee may
 * write while the caller reads elements, and differentiable calls as statements.
 */
public final class ForwardCoverage {

  /** The JVM's limit on a method's parameter slots (a double or long two, anything else one). */
  private static final int MAX_SLOTS = 255;

  /**
   * The parameter slots of a forward function: the receiver, the parameters, a tangent array per
   * differentiable parameter, the width and the result's tangents.
   */
  private static int slots(Callee signature) {
    int slots = signature.isStatic() ? 2 : 3;
    for (Variable parameter : signature.parameters()) {
      ValueType type = parameter.type();
      boolean wide = !type.isArray()
          && (type.base() == ValueType.Base.DOUBLE || type.base() == ValueType.Base.LONG);
      slots += (wide ? 2 : 1) + (parameter.differentiable() ? 1 : 0);
    }
    return slots;
  }

  /** At most how many expression nodes a covered body has: its forward code is linear in them. */
  private static final int MAX_NODES = 800;

  /**
   * At most the sum over statements of the square of their expression nodes: a statement's tangent
   * loop has up to one factor per node on each leaf's path, quadratic in a deep expression.
   */
  private static final long MAX_SQUARES = 8000;

  /**
   * Whether the forward function of {@code body} might not fit in the JVM's 64 KB of code per
   * method (decided on the model, before writing: such a method keeps the graph path).
   */
  private static boolean tooLarge(List<Stmt> body) {
    long[] count = {0, 0, 0}; // total, sum of squares, the current statement's
    ModelWalker.walk(
        body,
        stmt -> {
          count[1] += count[2] * count[2];
          count[2] = 0;
        },
        (e, used) -> {
          count[0]++;
          count[2]++;
        });
    count[1] += count[2] * count[2];
    return count[0] > MAX_NODES || count[1] > MAX_SQUARES;
  }

  /** A method and its activity, the two facts coverage reads. */
  public record Method(MethodModel model, Activity activity) {}

  private final Set<MethodKey> covered;

  private ForwardCoverage(Set<MethodKey> covered) {
    this.covered = covered;
  }

  /** The coverage of the methods of one companion: a greatest fixpoint, so recursion is covered. */
  public static ForwardCoverage of(List<Method> methods) {
    Map<MethodKey, Method> byKey = new LinkedHashMap<>();
    for (Method method : methods) {
      byKey.put(key(method.model().signature()), method);
    }
    Set<MethodKey> covered = new HashSet<>();
    Map<MethodKey, Set<MethodKey>> calls = new LinkedHashMap<>();
    for (Map.Entry<MethodKey, Method> entry : byKey.entrySet()) {
      Check check = new Check(entry.getValue().activity());
      if (check.method(entry.getValue().model())) {
        covered.add(entry.getKey());
        calls.put(entry.getKey(), check.callees);
      }
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (Map.Entry<MethodKey, Set<MethodKey>> entry : calls.entrySet()) {
        if (covered.contains(entry.getKey()) && !covered.containsAll(entry.getValue())) {
          covered.remove(entry.getKey());
          changed = true;
        }
      }
    }
    return new ForwardCoverage(covered);
  }

  /** Whether {@code callee} (a method of this companion) has a forward function. */
  public boolean covers(Callee callee) {
    return covered.contains(key(callee));
  }

  /** A method's identity across the model: its class, name and parameter types. */
  public static MethodKey key(Callee callee) {
    return MethodKey.of(callee);
  }

  /** The checks of one method's body against the forms the forward writer has. */
  private static final class Check {
    /**
     * Whether an assignment to an active variable or element is used as a value anywhere in
     * {@code body} (a condition {@code while ((y *= 0.5) > 1.0)}, a cast {@code n = (int) (y *=
     * 2)}, a declaration, an argument): the forward writer gives tangents only to assignments that
     * are statements of their own, and writes every other expression on plain values, which would
     * leave the variable's tangent as it was.
     */
    private boolean assignsActiveInValue(List<Stmt> body) {
      boolean[] found = {false};
      ModelWalker.walk(
          body,
          stmt -> {},
          (expr, valueUsed) -> found[0] |= valueUsed
              && expr instanceof Expr.Assign assign
              && activity.isActive(assign.target()));
      return found[0];
    }

    private final Activity activity;
    /** The methods this one calls with active arguments, which must be covered too. */
    final Set<MethodKey> callees = new HashSet<>();

    Check(Activity activity) {
      this.activity = activity;
    }

    boolean method(MethodModel model) {
      if (slots(model.signature()) > MAX_SLOTS || tooLarge(model.body())) {
        return false;
      }
      if (assignsActiveInValue(model.body())) {
        return false;
      }
      for (Variable parameter : model.parameters()) {
        boolean active = activity.isActive(parameter);
        if (parameter.differentiable() && parameter.type().dims() > 1) {
          return false;
        }
        // A constant parameter that becomes active is a caller's array written by the method.
        if (active && !parameter.differentiable()) {
          return false;
        }
      }
      boolean[] ok = {true};
      ModelWalker.walk(model.body(), stmt -> {}, (e, used) -> {
        if (activity.isActive(e) && e.type().dims() > 1) {
          ok[0] = false;
        }
        if (e instanceof Expr.RuleCall && activity.isActive(e)) {
          ok[0] = false;
        }
      });
      return ok[0] && statements(model.body());
    }

    private boolean statements(List<Stmt> body) {
      for (Stmt stmt : body) {
        if (!stmt.accept(statementRules)) {
          return false;
        }
      }
      return true;
    }

    /** A value of an active variable: a scalar, or an array of the forms with tangents. */
    private boolean value(Expr expr) {
      return expr.type().isArray() ? array(expr) : scalar(expr);
    }

    /** An active scalar expression, or an inactive operand evaluated without side effects. */
    private boolean scalar(Expr expr) {
      if (!activity.isActive(expr)) {
        return !SideEffects.in(expr);
      }
      return expr.accept(scalarRules);
    }

    /** An array given to an active array variable: one whose tangents the writer knows. */
    private boolean array(Expr expr) {
      return expr.accept(arrayRules);
    }

    /** The array forms with tangents: fresh arrays, active variables, copies and calls. */
    private final Expr.Visitor<Boolean> arrayRules = new Expr.Visitor<>() {
      @Override
      public Boolean visitLiteral(Expr.Literal literal) {
        return false;
      }

      @Override
      public Boolean visitVariableRef(Expr.VariableRef ref) {
        return activity.isActive(ref.variable());
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
        return false;
      }

      @Override
      public Boolean visitBinary(Expr.Binary binary) {
        return false;
      }

      @Override
      public Boolean visitConditional(Expr.Conditional conditional) {
        return false;
      }

      @Override
      public Boolean visitCast(Expr.Cast cast) {
        return false;
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
        return array.dimensions().stream().noneMatch(SideEffects::in);
      }

      @Override
      public Boolean visitArrayInitializer(Expr.ArrayInitializer array) {
        return array.elements().stream().allMatch(Check.this::scalar) && callOrder(array);
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
        return false;
      }

      @Override
      public Boolean visitDifferentiableCall(Expr.DifferentiableCall call) {
        return call.callee().returnsVector() && call(call) && callOrder(call);
      }

      @Override
      public Boolean visitPlainCall(Expr.PlainCall call) {
        return call.name().equals("clone")
            && call.receiver()
                .match(
                    onClass -> false,
                    instance -> instance.object() instanceof Expr.VariableRef ref
                        && activity.isActive(ref.variable()));
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

    /**
     * The writer evaluates a call before the element reads that surround it: that is safe only
     * where the callee cannot write an array the expression reads.
     */
    private boolean callOrder(Expr expr) {
      boolean[] arrayCall = {false};
      boolean[] reads = {false};
      ModelWalker.walk(
          List.of(new Stmt.ExpressionStatement(expr.source(), expr)), s -> {}, (e, u) -> {
            if (e instanceof Expr.DifferentiableCall call
                && call.args().stream().anyMatch(a -> a.type().isArray())) {
              arrayCall[0] = true;
            }
            if (e instanceof Expr.ArrayRead || e instanceof Expr.PlainCall) {
              reads[0] = true;
            }
          });
      return !(arrayCall[0] && reads[0]);
    }

    private boolean call(Expr.DifferentiableCall call) {
      if (!activity.isActive(call)) {
        return !SideEffects.in(call);
      }
      callees.add(key(call.callee()));
      for (int i = 0; i < call.args().size(); i++) {
        Expr arg = call.args().get(i);
        Variable parameter = call.callee().parameters().get(i);
        if (parameter.differentiable() && !activity.isActive(arg) && !arg.type().isArray()) {
          // The callee's forward function would carry a zero tangent for the constant, and an
          // infinite partial there (sqrt at 0) would make it inf * 0 = NaN, where the graph, which
          // has no tangent for a constant, adds nothing: left to the graph.
          return false;
        }
        if (!parameter.differentiable() || !activity.isActive(arg)) {
          if (SideEffects.in(arg)) {
            return false;
          }
          if (parameter.differentiable()
              && arg.type().isArray()
              && !(arg instanceof Expr.VariableRef || arg instanceof Expr.FieldRef)) {
            return false;
          }
          continue;
        }
        if (arg.type().isArray()
            ? !(arg instanceof Expr.VariableRef ref && activity.isActive(ref.variable()))
            : !scalar(arg)) {
          return false;
        }
      }
      return call.receiver().map(object -> !SideEffects.in(object)).orElse(true);
    }

    /** An assignment as a statement: to an inactive target anything; else the forms with tangents. */
    private boolean assignment(Expr expr) {
      if (expr instanceof Expr.Assign assign) {
        if (!activity.isActive(assign.target())) {
          return true;
        }
        if (!target(assign.target())) {
          return false;
        }
        if (assign.target().type().isArray()) {
          return !assign.compound() && array(assign.value());
        }
        boolean arithmetic =
            assign.operator().map(Expr.BinaryOperator::isArithmetic).orElse(true);
        return arithmetic && scalar(assign.value()) && callOrder(expr);
      }
      if (expr instanceof Expr.IncDec incDec) {
        return !activity.isActive(incDec.target()) || target(incDec.target());
      }
      // Any other expression statement: a plain call (constant arguments) or a differentiable
      // call whose result is dropped, which may write the caller's arrays: left to the graph.
      return !activity.isActive(expr)
          && !(expr instanceof Expr.DifferentiableCall call
              && call.args().stream().anyMatch(activity::isActive));
    }

    /** A variable, or an element of an active array variable at an index free of side effects. */
    private boolean target(Expr.Target target) {
      if (target instanceof Expr.ArrayRead read) {
        return read.array() instanceof Expr.VariableRef ref
            && activity.isActive(ref.variable())
            && !SideEffects.in(read.index());
      }
      return true;
    }

    private final Expr.Visitor<Boolean> scalarRules = new Expr.Visitor<>() {
      @Override
      public Boolean visitLiteral(Expr.Literal literal) {
        return true;
      }

      @Override
      public Boolean visitVariableRef(Expr.VariableRef ref) {
        return true;
      }

      @Override
      public Boolean visitThis(Expr.This thisExpr) {
        return true;
      }

      @Override
      public Boolean visitFieldRef(Expr.FieldRef field) {
        return true;
      }

      @Override
      public Boolean visitUnary(Expr.Unary unary) {
        return scalar(unary.operand());
      }

      @Override
      public Boolean visitBinary(Expr.Binary binary) {
        return binary.operator().isArithmetic() && scalar(binary.left()) && scalar(binary.right());
      }

      @Override
      public Boolean visitConditional(Expr.Conditional conditional) {
        return !SideEffects.in(conditional.condition())
            && scalar(conditional.whenTrue())
            && scalar(conditional.whenFalse());
      }

      @Override
      public Boolean visitCast(Expr.Cast cast) {
        return cast.operand().type().isDouble() && scalar(cast.operand());
      }

      @Override
      public Boolean visitArrayRead(Expr.ArrayRead read) {
        return read.array() instanceof Expr.VariableRef ref
            && activity.isActive(ref.variable())
            && !SideEffects.in(read.index());
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
        return call.args().stream().allMatch(Check.this::scalar);
      }

      @Override
      public Boolean visitDifferentiableCall(Expr.DifferentiableCall call) {
        return !call.callee().returnsVector() && call(call);
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

    private final Stmt.Visitor<Boolean> statementRules = new Stmt.Visitor<>() {
      @Override
      public Boolean visitLocalDeclaration(Stmt.LocalDeclaration declaration) {
        Variable variable = declaration.variable();
        if (!activity.isActive(variable) || declaration.init() == null) {
          return true;
        }
        return variable.type().isArray()
            ? array(declaration.init())
            : (!activity.isActive(declaration.init()) || scalar(declaration.init()))
                && callOrder(declaration.init());
      }

      @Override
      public Boolean visitExpressionStatement(Stmt.ExpressionStatement statement) {
        return assignment(statement.expr());
      }

      @Override
      public Boolean visitBlock(Stmt.Block block) {
        return statements(block.statements());
      }

      @Override
      public Boolean visitIf(Stmt.If ifStmt) {
        return ifStmt.thenBranch().accept(this)
            && (ifStmt.elseBranch() == null || ifStmt.elseBranch().accept(this));
      }

      @Override
      public Boolean visitFor(Stmt.For loop) {
        // The header stays the user's: its parts must need no tangent code.
        boolean[] active = {false};
        ModelWalker.walk(
            loop.init(),
            stmt -> active[0] |= stmt instanceof Stmt.LocalDeclaration declaration
                && activity.isActive(declaration.variable()),
            (e, used) -> active[0] |= activity.isActive(e));
        if (active[0]) {
          return false;
        }
        for (Expr update : loop.update()) {
          if (activity.isActive(update) || !assignment(update)) {
            return false;
          }
        }
        return loop.body().accept(this);
      }

      @Override
      public Boolean visitForEach(Stmt.ForEach loop) {
        return !activity.isActive(loop.variable()) && loop.body().accept(this);
      }

      @Override
      public Boolean visitWhile(Stmt.While loop) {
        return loop.body().accept(this);
      }

      @Override
      public Boolean visitDoWhile(Stmt.DoWhile loop) {
        return loop.body().accept(this);
      }

      @Override
      public Boolean visitSwitch(Stmt.Switch switchStmt) {
        for (Stmt.Case c : switchStmt.cases()) {
          if (!statements(c.body())) {
            return false;
          }
        }
        return true;
      }

      @Override
      public Boolean visitBreak(Stmt.Break breakStmt) {
        return true;
      }

      @Override
      public Boolean visitContinue(Stmt.Continue continueStmt) {
        return true;
      }

      @Override
      public Boolean visitReturn(Stmt.Return returnStmt) {
        Expr value = returnStmt.value();
        if (value == null || !activity.isActive(value)) {
          return true;
        }
        return value(value) && callOrder(value);
      }

      @Override
      public Boolean visitThrow(Stmt.Throw throwStmt) {
        return true;
      }

      @Override
      public Boolean visitLabeled(Stmt.Labeled labeled) {
        return labeled.body().accept(this);
      }

      @Override
      public Boolean visitEmpty(Stmt.Empty empty) {
        return true;
      }
    };
  }
}
