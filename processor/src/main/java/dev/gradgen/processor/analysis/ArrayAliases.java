package dev.gradgen.processor.analysis;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.Tree;
import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.MethodModel;
import dev.gradgen.processor.model.ModelWalker;
import dev.gradgen.processor.model.Receiver;
import dev.gradgen.processor.model.Stmt;
import dev.gradgen.processor.model.ValueType;
import dev.gradgen.processor.model.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A flow-insensitive points-to analysis of a method's arrays (inclusion-based, as Andersen's): which
 * abstract arrays each array variable may hold, and which each array of arrays may hold as rows.
 * An abstract array is a parameter's or field's array at some depth (its rows, its rows' rows), or
 * the arrays made at one site of the body ({@code new}, an initializer, a {@code clone()}, whose
 * rows are the original's rows, as Java's shallow clone shares them).
 *
 * <p>Two uses: an element write is a write into a caller's or a field's array exactly when the
 * written array may be one of theirs, and locals that may share an array made in the body must all
 * be nodes or all plain values, since converting one to the other copies it and a write through
 * one would no longer reach the other ({@link #representationGroups}).
 */
final class ArrayAliases {

  /**
   * An abstract array: {@code owner} is the parameter ({@link Variable}), the {@link FieldKey} or the
   * allocation site's tree; {@code depth} 0 is the array itself, 1 its rows, and so on.
   */
  record AbstractArray(Object owner, int depth) {
    boolean madeInBody() {
      return owner instanceof Tree;
    }
  }

  /** A field's identity for the analysis: where it is declared (or read through) and its name. */
  record FieldKey(TypeName qualifier, String name) {}

  private final Map<Variable, Set<AbstractArray>> pointsTo = new HashMap<>();
  private final Map<AbstractArray, Set<AbstractArray>> rows = new HashMap<>();
  /**
   * The arrays each array-valued conditional may evaluate to: one expression, so one
   * representation for all of them ({@code (c ? m[1] : t)[0] = x} writes whichever it picks).
   */
  private final Map<Expr.Conditional, Set<AbstractArray>> conditionals = new HashMap<>();

  private boolean changed;

  private ArrayAliases() {}

  /** The points-to sets of {@code method}'s body, computed to a fixed point. */
  static ArrayAliases of(MethodModel method) {
    ArrayAliases aliases = new ArrayAliases();
    for (Variable parameter : method.parameters()) {
      if (parameter.type().isArray()) {
        aliases.pointsTo.put(
            parameter,
            new LinkedHashSet<>(Set.of(aliases.chain(parameter, parameter.type().dims()))));
      }
    }
    do {
      aliases.changed = false;
      ModelWalker.walk(
          method.body(),
          stmt -> stmt.accept(aliases.statementEffect),
          (expr, used) -> aliases.effect(expr));
    } while (aliases.changed);
    return aliases;
  }

  // ---------------------------------------------------------------- queries

  /** The abstract arrays an array-valued expression may evaluate to (none for other types). */
  Set<AbstractArray> arraysOf(Expr expr) {
    Set<AbstractArray> out = new LinkedHashSet<>();
    collect(expr, out);
    return out;
  }

  /**
   * Groups of array variables that must share one representation (all Tensor arrays or all plain
   * ones): those that may hold a common array made in the body, directly or as a row at any
   * depth (a node array's rows are node arrays). Parameters' and fields' arrays tie no group
   * together: they are never written (see the checks), so a copy of one reads the same values.
   */
  List<Set<Variable>> representationGroups() {
    Map<Object, Object> parent = new HashMap<>();
    for (Map.Entry<Variable, Set<AbstractArray>> entry : pointsTo.entrySet()) {
      if (entry.getKey().isParameter()) {
        continue;
      }
      find(parent, entry.getKey());
      for (AbstractArray array : entry.getValue()) {
        if (array.madeInBody()) {
          union(parent, entry.getKey(), array);
        }
      }
    }
    for (Set<AbstractArray> arms : conditionals.values()) {
      AbstractArray first = null;
      for (AbstractArray array : arms) {
        if (array.madeInBody()) {
          if (first == null) {
            first = array;
          } else {
            union(parent, first, array);
          }
        }
      }
    }
    for (Map.Entry<AbstractArray, Set<AbstractArray>> entry : rows.entrySet()) {
      if (!entry.getKey().madeInBody()) {
        continue;
      }
      for (AbstractArray row : entry.getValue()) {
        if (row.madeInBody()) {
          union(parent, entry.getKey(), row);
        }
      }
    }
    Map<Object, Set<Variable>> groups = new HashMap<>();
    for (Variable variable : pointsTo.keySet()) {
      if (!variable.isParameter()) {
        groups.computeIfAbsent(find(parent, variable), k -> new HashSet<>()).add(variable);
      }
    }
    return new ArrayList<>(groups.values());
  }

  private static Object find(Map<Object, Object> parent, Object node) {
    Object root = node;
    while (parent.containsKey(root) && parent.get(root) != root) {
      root = parent.get(root);
    }
    parent.putIfAbsent(root, root);
    // Path compression keeps the chains short.
    Object walk = node;
    while (walk != root) {
      Object next = parent.get(walk);
      parent.put(walk, root);
      walk = next;
    }
    return root;
  }

  private static void union(Map<Object, Object> parent, Object a, Object b) {
    Object rootA = find(parent, a);
    Object rootB = find(parent, b);
    if (rootA != rootB) {
      parent.put(rootA, rootB);
    }
  }

  // ---------------------------------------------------------------- the fixed point

  /** What a statement binds: a declared array variable its value's arrays, a row variable rows. */
  private final Stmt.Visitor<Void> statementEffect = new Stmt.Visitor<>() {
    @Override
    public Void visitLocalDeclaration(Stmt.LocalDeclaration declaration) {
      if (declaration.init() != null) {
        assign(declaration.variable(), declaration.init());
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
      if (loop.variable().type().isArray()) {
        // A row variable takes each row of the array in turn.
        Set<AbstractArray> rowsOfArray = new LinkedHashSet<>();
        for (AbstractArray array : arraysOf(loop.array())) {
          rowsOfArray.addAll(rows.getOrDefault(array, Set.of()));
        }
        addAll(pointsTo, loop.variable(), rowsOfArray);
      }
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

  private void effect(Expr expr) {
    // Evaluating creates the abstract arrays of allocation sites and their rows.
    expr.accept(new ExpressionEffect(arraysOf(expr)));
  }

  /**
   * What an expression binds: an array assignment its value's arrays to the variable or as rows,
   * and an array-valued conditional its arms' arrays to one representation.
   */
  private final class ExpressionEffect implements Expr.Visitor<Void> {
    /** The arrays the expression may evaluate to. */
    private final Set<AbstractArray> values;

    ExpressionEffect(Set<AbstractArray> values) {
      this.values = values;
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
      return null;
    }

    @Override
    public Void visitConditional(Expr.Conditional conditional) {
      if (conditional.type().isArray()) {
        conditionals.put(conditional, values);
      }
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
      if (!assign.compound() && assign.target().type().isArray()) {
        assign.target().acceptTarget(new Expr.TargetVisitor<Void>() {
          @Override
          public Void visitVariableRef(Expr.VariableRef ref) {
            assign(ref.variable(), assign.value());
            return null;
          }

          @Override
          public Void visitArrayRead(Expr.ArrayRead element) {
            Set<AbstractArray> value = arraysOf(assign.value());
            for (AbstractArray array : arraysOf(element.array())) {
              addAll(rows, array, value);
            }
            return null;
          }
        });
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
  }

  private void assign(Variable variable, Expr value) {
    if (variable.type().isArray()) {
      addAll(pointsTo, variable, arraysOf(value));
    }
  }

  private <K> void addAll(Map<K, Set<AbstractArray>> map, K key, Set<AbstractArray> values) {
    Set<AbstractArray> known = map.computeIfAbsent(key, k -> new LinkedHashSet<>());
    if (known.addAll(values)) {
      changed = true;
    }
  }

  /** The abstract array at depth 0 of {@code owner}, with its rows down to {@code dims - 1}. */
  private AbstractArray chain(Object owner, int dims) {
    for (int depth = 0; depth + 1 < dims; depth++) {
      addAll(rows, new AbstractArray(owner, depth), Set.of(new AbstractArray(owner, depth + 1)));
    }
    return new AbstractArray(owner, 0);
  }

  private void collect(Expr expr, Set<AbstractArray> out) {
    if (expr == null || !expr.type().isArray()) {
      return;
    }
    expr.accept(new Collector(out));
  }

  /**
   * Adds the abstract arrays an array-valued expression may evaluate to. Kinds that never have an
   * array type (arithmetic, calls of differentiable methods and rules, lengths) add none.
   */
  private final class Collector implements Expr.Visitor<Void> {
    private final Set<AbstractArray> out;

    Collector(Set<AbstractArray> out) {
      this.out = out;
    }

    @Override
    public Void visitLiteral(Expr.Literal literal) {
      return null;
    }

    @Override
    public Void visitVariableRef(Expr.VariableRef ref) {
      out.addAll(pointsTo.getOrDefault(ref.variable(), Set.of()));
      return null;
    }

    @Override
    public Void visitThis(Expr.This thisExpr) {
      return null;
    }

    @Override
    public Void visitFieldRef(Expr.FieldRef field) {
      TypeName qualifier = field
          .receiver()
          .match(Receiver.Static::owner, instance -> instance.object().type().plainName());
      out.add(chain(new FieldKey(qualifier, field.name()), field.type().dims()));
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
      collect(conditional.whenTrue(), out);
      collect(conditional.whenFalse(), out);
      return null;
    }

    @Override
    public Void visitCast(Expr.Cast cast) {
      return null;
    }

    @Override
    public Void visitArrayRead(Expr.ArrayRead read) {
      for (AbstractArray array : arraysOf(read.array())) {
        out.addAll(rows.getOrDefault(array, Set.of()));
      }
      return null;
    }

    @Override
    public Void visitArrayLength(Expr.ArrayLength length) {
      return null;
    }

    @Override
    public Void visitNewArray(Expr.NewArray array) {
      // new double[n][m]: rows made with it, one level per given dimension; new double[n][] has
      // null rows.
      out.add(chain(array.source(), array.dimensions().size()));
      return null;
    }

    @Override
    public Void visitArrayInitializer(Expr.ArrayInitializer array) {
      out.add(initialized(array));
      return null;
    }

    @Override
    public Void visitAssign(Expr.Assign assign) {
      collect(assign.value(), out);
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
      // A double[] result: a fresh array, or one its arguments reach (a method may return its
      // parameter), so that a write through either is seen through the other.
      out.add(chain(call.source(), call.type().dims()));
      for (Expr arg : call.args()) {
        out.addAll(reachable(arraysOf(arg)));
      }
      return null;
    }

    @Override
    public Void visitPlainCall(Expr.PlainCall call) {
      return call.receiver()
          .match(
              onClass -> staticResult(call, onClass.owner()),
              instance -> instanceResult(call, instance.object()));
    }

    private Void instanceResult(Expr.PlainCall call, Expr object) {
      if (call.name().equals("clone") && object.type().isArray()) {
        // A shallow copy: a new array whose rows are the original's rows.
        AbstractArray copy = new AbstractArray(call.source(), 0);
        Set<AbstractArray> originalRows = new LinkedHashSet<>();
        for (AbstractArray original : arraysOf(object)) {
          originalRows.addAll(rows.getOrDefault(original, Set.of()));
        }
        addAll(rows, copy, originalRows);
        out.add(copy);
      } else {
        // An instance method's array (a record's component accessor, say) may be its receiver's
        // own field: as unwritable here as a field read directly.
        TypeName qualifier = object.type().plainName();
        out.add(chain(new FieldKey(qualifier, call.name()), call.type().dims()));
      }
      return null;
    }

    private Void staticResult(Expr.PlainCall call, TypeName owner) {
      // A static method's array result: a fresh one (the JDK's copyOf and the like), or, for the
      // user's own methods, which may hand an argument back, any array its arguments reach.
      out.add(chain(call.source(), call.type().dims()));
      if (!(owner instanceof ClassName named && named.packageName().startsWith("java."))) {
        for (Expr arg : call.args()) {
          out.addAll(reachable(arraysOf(arg)));
        }
      }
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

  /** {@code arrays} and every row of them, at any depth. */
  private Set<AbstractArray> reachable(Set<AbstractArray> arrays) {
    Set<AbstractArray> out = new LinkedHashSet<>(arrays);
    List<AbstractArray> work = new ArrayList<>(arrays);
    while (!work.isEmpty()) {
      for (AbstractArray row : rows.getOrDefault(work.remove(work.size() - 1), Set.of())) {
        if (out.add(row)) {
          work.add(row);
        }
      }
    }
    return out;
  }

  private AbstractArray initialized(Expr.ArrayInitializer array) {
    AbstractArray made = new AbstractArray(array.source(), 0);
    ValueType component = array.type().component();
    if (component.isArray()) {
      Set<AbstractArray> elementArrays = new LinkedHashSet<>();
      for (Expr element : array.elements()) {
        collect(element, elementArrays);
      }
      addAll(rows, made, elementArrays);
    }
    return made;
  }
}
