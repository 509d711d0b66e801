package dev.gradgen.processor.analysis;

import com.sun.source.tree.Tree;
import dev.gradgen.processor.diagnostics.AbortMethodException;
import dev.gradgen.processor.diagnostics.ErrorReporter;
import dev.gradgen.processor.diagnostics.Messages;
import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.MethodModel;
import dev.gradgen.processor.model.ModelWalker;
import dev.gradgen.processor.model.Stmt;
import dev.gradgen.processor.model.ValueType;
import dev.gradgen.processor.model.Variable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The second stage: finds which variables depend on a differentiable parameter (a fixed point over
 * assignments, with array aliases sharing activity), then checks the uses that would lose or corrupt a
 * derivative: active arguments to plain methods or constant parameters, strings built from active
 * values, writes into parameters' and fields' arrays.
 */
public final class ActivityAnalysis {

  private final MethodModel method;
  private final ErrorReporter reporter;
  private final Set<Variable> active = new HashSet<>();
  /** For each variable made active, the first tree that made it so, for error messages. */
  private final Map<Variable, Tree> becauseOf = new LinkedHashMap<>();
  /** Which arrays each array expression may be: parameters', fields' or ones made in the body. */
  private final ArrayAliases aliases;
  /** For each local array variable, the locals that must be nodes whenever it is. */
  private final Map<Variable, Set<Variable>> sameRepresentation = new HashMap<>();

  private final Activity activity = new Activity(active);
  /** Array parameters already reported at a write into them, not to be reported again. */
  private final Set<String> writtenParameters = new HashSet<>();

  private boolean changed;

  private ActivityAnalysis(MethodModel method, ErrorReporter reporter) {
    this.method = method;
    this.reporter = reporter;
    this.aliases = ArrayAliases.of(method);
    for (Set<Variable> group : aliases.representationGroups()) {
      for (Variable variable : group) {
        sameRepresentation.put(variable, group);
      }
    }
  }

  /** Analyses {@code method}, reporting every misuse (the caller counts the errors). */
  public static Activity analyze(MethodModel method, ErrorReporter reporter) {
    ActivityAnalysis analysis = new ActivityAnalysis(method, reporter);
    for (Variable parameter : method.parameters()) {
      if (parameter.kind() == Variable.Kind.DIFFERENTIABLE_PARAMETER) {
        analysis.active.add(parameter);
      }
    }
    do {
      analysis.changed = false;
      ModelWalker.walk(
          method.body(),
          stmt -> stmt.accept(analysis.flowThrough),
          (expr, used) -> expr.accept(analysis.flowInto));
    } while (analysis.changed);
    analysis.check();
    return analysis.activity;
  }

  // ---------------------------------------------------------------- the fixed point

  /** What a statement does to activity: declarations and for-each variables take their value's. */
  private final Stmt.Visitor<Void> flowThrough = new Stmt.Visitor<>() {
    @Override
    public Void visitLocalDeclaration(Stmt.LocalDeclaration declaration) {
      if (declaration.init() != null) {
        flow(declaration.source(), declaration.variable(), declaration.init());
      }
      return null;
    }

    @Override
    public Void visitExpressionStatement(Stmt.ExpressionStatement statement) {
      return null;
    }

    @Override
    public Void visitBlock(Stmt.Block block) {
      return null;
    }

    @Override
    public Void visitIf(Stmt.If ifStmt) {
      return null;
    }

    @Override
    public Void visitFor(Stmt.For loop) {
      if (loop.init().size() > 1 && loop.init().get(0) instanceof Stmt.LocalDeclaration) {
        // One declaration declares them all, so they share a type: all nodes or none.
        boolean anyActive = loop.init().stream()
            .anyMatch(s -> active.contains(((Stmt.LocalDeclaration) s).variable()));
        if (anyActive) {
          loop.init().forEach(s -> mark(((Stmt.LocalDeclaration) s).variable(), s.source()));
        }
      }
      return null;
    }

    @Override
    public Void visitForEach(Stmt.ForEach loop) {
      if (activity.isActive(loop.array())) {
        mark(loop.variable(), loop.source());
      }
      // A row variable aliases a row of the array (ArrayAliases ties their representations); a
      // scalar one is a copy, and assigning it writes nothing into the array (the builder then
      // reads each element into a leaf made for it).
      return null;
    }

    @Override
    public Void visitWhile(Stmt.While loop) {
      return null;
    }

    @Override
    public Void visitDoWhile(Stmt.DoWhile loop) {
      return null;
    }

    @Override
    public Void visitSwitch(Stmt.Switch switchStmt) {
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
      return null;
    }

    @Override
    public Void visitEmpty(Stmt.Empty empty) {
      return null;
    }
  };

  /**
   * What an expression does to activity: only assignments move it (increments keep a variable's
   * activity; calls and operators only read).
   */
  private final Expr.Visitor<Void> flowInto = new Expr.Visitor<>() {
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
      return null;
    }

    @Override
    public Void visitUnary(Expr.Unary unary) {
      return null;
    }

    @Override
    public Void visitBinary(Expr.Binary binary) {
      return null;
    }

    @Override
    public Void visitConditional(Expr.Conditional conditional) {
      return null;
    }

    @Override
    public Void visitCast(Expr.Cast cast) {
      return null;
    }

    @Override
    public Void visitArrayRead(Expr.ArrayRead read) {
      return null;
    }

    @Override
    public Void visitArrayLength(Expr.ArrayLength length) {
      return null;
    }

    @Override
    public Void visitNewArray(Expr.NewArray array) {
      return null;
    }

    @Override
    public Void visitArrayInitializer(Expr.ArrayInitializer array) {
      return null;
    }

    @Override
    public Void visitAssign(Expr.Assign assign) {
      Expr.Target target = assign.target();
      boolean valueActive =
          activity.isActive(assign.value()) || assign.compound() && activity.isActive(target);
      if (target.type().isDoubleBased() && valueActive) {
        markTarget(target, assign.source());
      }
      if (!assign.compound() && target instanceof Expr.VariableRef ref) {
        flow(assign.source(), ref.variable(), assign.value());
      } else if (!assign.compound()
          && target.type().isArray()
          && target.type().isDoubleBased()
          && activity.isActive(target)) {
        // A row stored into an array of nodes must be a node array itself: not a copy of it.
        markArrays(assign.value(), assign.source());
      }
      return null;
    }

    @Override
    public Void visitIncDec(Expr.IncDec incDec) {
      return null;
    }

    @Override
    public Void visitMathCall(Expr.MathCall call) {
      return null;
    }

    @Override
    public Void visitDifferentiableCall(Expr.DifferentiableCall call) {
      return null;
    }

    @Override
    public Void visitPlainCall(Expr.PlainCall call) {
      return null;
    }

    @Override
    public Void visitRuleCall(Expr.RuleCall call) {
      return null;
    }

    @Override
    public Void visitNewObject(Expr.NewObject object) {
      return null;
    }
  };

  /** An active value written into {@code target}: its variable, or the arrays it is an element of. */
  private void markTarget(Expr.Target target, Tree source) {
    target.acceptTarget(new Expr.TargetVisitor<Void>() {
      @Override
      public Void visitVariableRef(Expr.VariableRef ref) {
        mark(ref.variable(), source);
        return null;
      }

      @Override
      public Void visitArrayRead(Expr.ArrayRead read) {
        markArrays(read.array(), source);
        return null;
      }
    });
  }

  /** Makes the locals that may hold one of the arrays {@code arrayValue} may be active. */
  private void markArrays(Expr arrayValue, Tree source) {
    for (Variable variable : localsHolding(arrayValue)) {
      mark(variable, source);
    }
  }

  /** The local array variables that may hold an array {@code arrayValue} may evaluate to. */
  private Set<Variable> localsHolding(Expr arrayValue) {
    // The roots suffice: every other local that may hold one of those arrays shares a
    // representation group with a root, and mark() marks whole groups.
    Set<Variable> out = new HashSet<>();
    for (Variable root : roots(arrayValue)) {
      if (!root.isParameter()) {
        out.add(root);
      }
    }
    return out;
  }

  /** {@code variable = value}: activity flows forward, and for arrays backward through the alias. */
  private void flow(Tree source, Variable variable, Expr value) {
    if (variable.type().isDoubleBased() && activity.isActive(value)) {
      mark(variable, source);
    }
    if (variable.type().isArray()
        && variable.type().isDoubleBased()
        && active.contains(variable)
        && !variable.isParameter()) {
      // The value's arrays become the variable's: they must be nodes too, not copies.
      markArrays(value, source);
    }
  }

  private void mark(Variable variable, Tree source) {
    if (variable.type().isDoubleBased() && active.add(variable)) {
      becauseOf.put(variable, source);
      changed = true;
    }
    for (Variable alias : sameRepresentation.getOrDefault(variable, Set.of())) {
      if (alias.type().isDoubleBased() && active.add(alias)) {
        becauseOf.put(alias, source);
        changed = true;
      }
    }
  }

  /** The variables an array-valued expression reads its array from (a fresh array has none). */
  private static Set<Variable> roots(Expr expr) {
    Set<Variable> out = new HashSet<>();
    collectRoots(expr, out);
    return out;
  }

  private static void collectRoots(Expr expr, Set<Variable> out) {
    expr.accept(new Roots(out));
  }

  /**
   * Collects the variables an array value is read from: through element reads, assignments' targets
   * and both arms of a conditional. Every other kind makes a fresh array, or is no array.
   */
  private static final class Roots implements Expr.Visitor<Void> {
    private final Set<Variable> out;

    Roots(Set<Variable> out) {
      this.out = out;
    }

    @Override
    public Void visitLiteral(Expr.Literal literal) {
      return null;
    }

    @Override
    public Void visitVariableRef(Expr.VariableRef ref) {
      out.add(ref.variable());
      return null;
    }

    @Override
    public Void visitThis(Expr.This thisExpr) {
      return null;
    }

    @Override
    public Void visitFieldRef(Expr.FieldRef field) {
      return null;
    }

    @Override
    public Void visitUnary(Expr.Unary unary) {
      return null;
    }

    @Override
    public Void visitBinary(Expr.Binary binary) {
      return null;
    }

    @Override
    public Void visitConditional(Expr.Conditional conditional) {
      conditional.whenTrue().accept(this);
      return conditional.whenFalse().accept(this);
    }

    @Override
    public Void visitCast(Expr.Cast cast) {
      return null;
    }

    @Override
    public Void visitArrayRead(Expr.ArrayRead read) {
      return read.array().accept(this);
    }

    @Override
    public Void visitArrayLength(Expr.ArrayLength length) {
      return null;
    }

    @Override
    public Void visitNewArray(Expr.NewArray array) {
      return null;
    }

    @Override
    public Void visitArrayInitializer(Expr.ArrayInitializer array) {
      return null;
    }

    @Override
    public Void visitAssign(Expr.Assign assign) {
      return assign.target().accept(this);
    }

    @Override
    public Void visitIncDec(Expr.IncDec incDec) {
      return null;
    }

    @Override
    public Void visitMathCall(Expr.MathCall call) {
      return null;
    }

    @Override
    public Void visitDifferentiableCall(Expr.DifferentiableCall call) {
      return null;
    }

    @Override
    public Void visitPlainCall(Expr.PlainCall call) {
      return null;
    }

    @Override
    public Void visitRuleCall(Expr.RuleCall call) {
      return null;
    }

    @Override
    public Void visitNewObject(Expr.NewObject object) {
      return null;
    }
  }

  // ---------------------------------------------------------------- checks

  private void check() {
    // Uses first: a write into a parameter's array is best reported at the write itself. Each
    // statement and expression is checked on its own, so that every misuse is reported at once.
    ModelWalker.walk(
        method.body(),
        stmt -> checking(() -> stmt.accept(statementCheck)),
        (expr, used) -> checking(() -> expr.accept(used ? usedValueCheck : unusedValueCheck)));
    for (Map.Entry<Variable, Tree> entry : becauseOf.entrySet()) {
      Variable variable = entry.getKey();
      if (variable.kind() == Variable.Kind.CONSTANT_PARAMETER
          && !writtenParameters.contains(variable.name())) {
        checking(() -> {
          throw error(
              entry.getValue(),
              variable.type().isArray()
                  ? Messages.parameterArrayWrite(variable.name())
                  : Messages.constantParameterAssigned(variable.name()));
        });
      }
    }
  }

  /** Runs one check; its error is reported already, and the other checks go on. */
  private static void checking(Runnable check) {
    try {
      check.run();
    } catch (AbortMethodException e) {
      // Reported: go on with the next check.
    }
  }

  /**
   * An active value kept in an Object, Number or Double variable would go on without its derivative
   * (to a plain method that unboxes it, say), so the gradient would silently miss a term.
   */
  private final Stmt.Visitor<Void> statementCheck = new Stmt.Visitor<>() {
    @Override
    public Void visitLocalDeclaration(Stmt.LocalDeclaration declaration) {
      if (declaration.init() != null) {
        checkOpaque(declaration.variable().type(), declaration.init());
      }
      return null;
    }

    @Override
    public Void visitExpressionStatement(Stmt.ExpressionStatement statement) {
      return null;
    }

    @Override
    public Void visitBlock(Stmt.Block block) {
      return null;
    }

    @Override
    public Void visitIf(Stmt.If ifStmt) {
      return null;
    }

    @Override
    public Void visitFor(Stmt.For loop) {
      return null;
    }

    @Override
    public Void visitForEach(Stmt.ForEach loop) {
      checkOpaque(loop.variable().type(), loop.array());
      return null;
    }

    @Override
    public Void visitWhile(Stmt.While loop) {
      return null;
    }

    @Override
    public Void visitDoWhile(Stmt.DoWhile loop) {
      return null;
    }

    @Override
    public Void visitSwitch(Stmt.Switch switchStmt) {
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
      return null;
    }

    @Override
    public Void visitEmpty(Stmt.Empty empty) {
      return null;
    }
  };

  private void checkOpaque(ValueType target, Expr value) {
    if (target.base() == ValueType.Base.REFERENCE && activity.isActive(value)) {
      throw error(value.source(), Messages.activeIntoOpaque(value.source().toString()));
    }
  }

  private final Expr.Visitor<Void> usedValueCheck = new ExpressionCheck(true);
  private final Expr.Visitor<Void> unusedValueCheck = new ExpressionCheck(false);

  /**
   * The uses that would lose or corrupt a derivative, by kind; {@code valueUsed} says whether the
   * expression's value is used (a postfix increment's old value has no node).
   */
  private final class ExpressionCheck implements Expr.Visitor<Void> {
    private final boolean valueUsed;

    ExpressionCheck(boolean valueUsed) {
      this.valueUsed = valueUsed;
    }

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
      return null;
    }

    @Override
    public Void visitUnary(Expr.Unary unary) {
      return null;
    }

    @Override
    public Void visitBinary(Expr.Binary binary) {
      if (binary.type().equals(ValueType.STRING)) {
        for (Expr operand : List.of(binary.left(), binary.right())) {
          if (activity.isActive(operand)) {
            throw error(
                operand.source(), Messages.stringFromActive(operand.source().toString()));
          }
        }
      }
      return null;
    }

    @Override
    public Void visitConditional(Expr.Conditional conditional) {
      return null;
    }

    @Override
    public Void visitCast(Expr.Cast cast) {
      return null;
    }

    @Override
    public Void visitArrayRead(Expr.ArrayRead read) {
      return null;
    }

    @Override
    public Void visitArrayLength(Expr.ArrayLength length) {
      return null;
    }

    @Override
    public Void visitNewArray(Expr.NewArray array) {
      return null;
    }

    @Override
    public Void visitArrayInitializer(Expr.ArrayInitializer array) {
      return null;
    }

    @Override
    public Void visitAssign(Expr.Assign assign) {
      checkElementWrite(assign.source(), assign.target());
      if (!assign.compound()) {
        checkOpaque(assign.target().type(), assign.value());
      }
      return null;
    }

    @Override
    public Void visitIncDec(Expr.IncDec incDec) {
      checkElementWrite(incDec.source(), incDec.target());
      if (valueUsed && !incDec.prefix() && activity.isActive(incDec.target())) {
        throw error(incDec.source(), Messages.postfixValue(incDec.source().toString()));
      }
      return null;
    }

    @Override
    public Void visitMathCall(Expr.MathCall call) {
      return null;
    }

    @Override
    public Void visitDifferentiableCall(Expr.DifferentiableCall call) {
      for (int i = 0; i < call.args().size(); i++) {
        var parameter = call.callee().parameters().get(i);
        Expr arg = call.args().get(i);
        if (!parameter.differentiable() && activity.isActive(arg)) {
          // Class files compiled without -parameters name parameters arg0, arg1, ...
          String name =
              parameter.name().matches("arg\\d+") ? "number " + (i + 1) : parameter.name();
          throw error(
              arg.source(),
              Messages.activeArgumentToConstantParameter(
                  call.callee().name(), name, arg.source().toString()));
        }
      }
      return null;
    }

    @Override
    public Void visitPlainCall(Expr.PlainCall call) {
      boolean clone =
          call.name().equals("clone") && call.receiver().match(onClass -> false, instance -> true);
      if (!clone) {
        checkPlainArguments(call.source().toString(), call.type(), call.args(), call.annotatable());
      }
      return null;
    }

    @Override
    public Void visitRuleCall(Expr.RuleCall call) {
      checkRuleArguments(call);
      return null;
    }

    @Override
    public Void visitNewObject(Expr.NewObject object) {
      for (Expr arg : object.args()) {
        if (activity.isActive(arg)) {
          throw error(arg.source(), Messages.activeIntoOpaque(arg.source().toString()));
        }
      }
      return null;
    }
  }

  /** An active argument where the rule gives no partial would lose that derivative silently. */
  private void checkRuleArguments(Expr.RuleCall call) {
    for (int i = 0; i < call.args().size(); i++) {
      var parameter = call.rule().parameters().get(i);
      Expr arg = call.args().get(i);
      if (!parameter.covered() && activity.isActive(arg)) {
        throw error(
            arg.source(),
            Messages.activeArgumentNotCovered(
                call.rule().targetDescription(),
                call.rule().ruleDescription(),
                parameter.name(),
                arg.source().toString()));
      }
    }
  }

  private void checkPlainArguments(
      String call, ValueType result, List<Expr> args, boolean annotatable) {
    // A test such as Double.isNaN(x) or an int result carries no derivative to lose: it gets the
    // value. A double (or object) result would drop the derivative through it.
    boolean valueOnly = result.equals(ValueType.BOOLEAN)
        || result.equals(ValueType.INT)
        || result.equals(ValueType.LONG);
    for (Expr arg : args) {
      if (activity.isActive(arg) && !(valueOnly && arg.type().isDouble())) {
        String name = call.contains("(") ? call.substring(0, call.indexOf('(')) : call;
        String argument = arg.source().toString();
        throw error(
            arg.source(),
            result.equals(ValueType.STRING)
                // String.format("%f", x), String.valueOf(x): a message built from an active value.
                ? Messages.stringFromActive(argument)
                : annotatable
                    ? Messages.activeArgumentToPlainMethod(name, argument)
                    : Messages.activeArgumentToForeignMethod(name, argument));
      }
    }
  }

  /**
   * Element writes may only go to arrays made in the body, never into a caller's or a field's
   * array, whatever alias (a row of a local matrix, a shallow clone's row) they go through.
   */
  private void checkElementWrite(Tree source, Expr.Target target) {
    target.acceptTarget(new Expr.TargetVisitor<Void>() {
      @Override
      public Void visitVariableRef(Expr.VariableRef ref) {
        // A variable's own value: no array is written.
        return null;
      }

      @Override
      public Void visitArrayRead(Expr.ArrayRead read) {
        checkElementWriteInto(source, read);
        return null;
      }
    });
  }

  private void checkElementWriteInto(Tree source, Expr.ArrayRead read) {
    for (ArrayAliases.AbstractArray array : aliases.arraysOf(read.array())) {
      if (array.owner() instanceof Variable parameter) {
        writtenParameters.add(parameter.name());
        throw error(source, Messages.parameterArrayWrite(parameter.name()));
      }
      if (array.owner() instanceof ArrayAliases.FieldKey field) {
        throw error(source, Messages.fieldWrite(field.name()));
      }
    }
  }

  private RuntimeException error(Tree tree, String message) {
    return reporter.abortAt(tree, method.unit(), message);
  }
}
