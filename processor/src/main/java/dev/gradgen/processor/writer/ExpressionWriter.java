package dev.gradgen.processor.writer;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.gradgen.processor.analysis.Activity;
import dev.gradgen.processor.model.Callee;
import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.Expr.BinaryOperator;
import dev.gradgen.processor.model.FusionPlan;
import dev.gradgen.processor.model.SideEffects;
import dev.gradgen.processor.model.ValueType;
import dev.gradgen.processor.model.Variable;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes expressions in two modes: as graph code that evaluates to Tensor nodes (active values), and
 * as plain Java that evaluates to the value itself, reading {@code .data()} where it meets a node.
 * Both keep the user's operations and their order, so values match the plain method bit for bit.
 */
final class ExpressionWriter {

  /** The first-order node class, which the gradient methods use. */
  static final ClassName TENSOR = NodeFamily.TENSOR.node();

  private static final int PRIMARY = 16;
  private static final int UNARY = 14;
  private static final int CONDITIONAL = 2;
  private static final int ASSIGNMENT = 1;

  /** Expressions whose graph code is a node already made (see {@link #withNode}), by identity. */
  private final Map<Expr, CodeBlock> substitutes = new IdentityHashMap<>();

  /** Code with the precedence of its outermost operator, so callers can parenthesise it. */
  private record Code(CodeBlock block, int precedence) {
    static Code primary(String format, Object... args) {
      return new Code(CodeBlock.of(format, args), PRIMARY);
    }

    /** This code where an operand of the given precedence is needed. */
    CodeBlock at(int needed) {
      return precedence < needed ? CodeBlock.of("($L)", block) : block;
    }
  }

  private final NodeFamily family;
  private final Activity activity;
  private final FusionPlan plan;
  private final String receiverName;
  private final Fusion fusion;
  private final Temporaries temporaries;
  private final RuleNodeWriter rules;
  /** The array parameters the builder takes as one {@code ArrayLeaf} each (see ArrayLeafParameters). */
  private final Set<Variable> arrayLeaves;
  /**
   * Whether nothing writes the array leaves' arrays before the backward pass ({@link
   * CallerArraysUnwritten}), so that nodes may read their elements then instead of copying them.
   */
  private final boolean leavesUnwritten;

  /**
   * {@code fusion} writes the fused nodes {@code plan} decides on; {@code rules} writes rule calls'
   * nodes; {@code family} is the kind of node the graph code builds.
   */
  ExpressionWriter(
      NodeFamily family,
      Activity activity,
      FusionPlan plan,
      String receiverName,
      Fusion fusion,
      Temporaries temporaries,
      RuleNodeWriter rules) {
    this(family, activity, plan, receiverName, fusion, temporaries, rules, Set.of(), false);
  }

  /**
   * As above, for a builder that takes {@code arrayLeaves} as array leaves; {@code
   * leavesUnwritten} says that nothing writes their arrays before the backward pass.
   */
  ExpressionWriter(
      NodeFamily family,
      Activity activity,
      FusionPlan plan,
      String receiverName,
      Fusion fusion,
      Temporaries temporaries,
      RuleNodeWriter rules,
      Set<Variable> arrayLeaves,
      boolean leavesUnwritten) {
    this.arrayLeaves = arrayLeaves;
    this.leavesUnwritten = leavesUnwritten;
    this.family = family;
    this.rules = rules;
    this.activity = activity;
    this.plan = plan;
    this.receiverName = receiverName;
    this.fusion = fusion;
    this.temporaries = temporaries;
  }

  /** Whether {@code array} is a parameter this builder takes as an array leaf. */
  boolean isArrayLeaf(Expr array) {
    return ArrayLeafParameters.names(array, arrayLeaves);
  }

  /**
   * Whether nothing writes the array leaves' arrays between the builder's reads and the backward
   * pass (see {@link CallerArraysUnwritten}).
   */
  boolean leavesUnwritten() {
    return leavesUnwritten;
  }

  boolean isActive(Expr expr) {
    return activity.isActive(expr);
  }

  /** What the builder fuses, decided before writing. */
  FusionPlan plan() {
    return plan;
  }

  /** The kind of node the graph code builds. */
  NodeFamily family() {
    return family;
  }

  /** Code evaluating to the node (or array of nodes) for {@code expr}. */
  CodeBlock graph(Expr expr) {
    return graphCode(expr).block();
  }

  /** Code evaluating to {@code expr}'s plain Java value. */
  CodeBlock plain(Expr expr) {
    return plainCode(expr).block();
  }

  /** An assignment or increment as a statement, in whichever mode its target is. */
  CodeBlock statement(Expr expr) {
    return isActive(expr) ? graph(expr) : plain(expr);
  }

  // ---------------------------------------------------------------- graph mode

  /**
   * Runs {@code write} with the local {@code node} as the graph code of {@code expr}: for the
   * statement after a reduction whose node is already that function of the sum (see
   * ActivationFold).
   */
  void withNode(Expr expr, String node, Runnable write) {
    substitutes.put(expr, CodeBlock.of("$N", node));
    try {
      write.run();
    } finally {
      substitutes.remove(expr);
    }
  }

  private Code graphCode(Expr expr) {
    CodeBlock substitute = substitutes.get(expr);
    if (substitute != null) {
      return new Code(substitute, PRIMARY);
    }
    if (!isActive(expr)) {
      return constantNode(expr);
    }
    if (plan.isFused(expr)) {
      return new Code(fusion.fuse(expr, this), PRIMARY);
    }
    return expr.accept(graphForms);
  }

  /**
   * The graph form of each kind of active expression. Literals, fields, {@code this}, lengths and
   * new objects are never active: they reach graph code only as constants (see constantNode).
   */
  private final Expr.Visitor<Code> graphForms = new Expr.Visitor<>() {
    @Override
    public Code visitLiteral(Expr.Literal literal) {
      throw neverActive(literal);
    }

    @Override
    public Code visitVariableRef(Expr.VariableRef ref) {
      return Code.primary("$N", ref.variable().name());
    }

    @Override
    public Code visitThis(Expr.This thisExpr) {
      throw neverActive(thisExpr);
    }

    @Override
    public Code visitFieldRef(Expr.FieldRef field) {
      throw neverActive(field);
    }

    @Override
    public Code visitUnary(Expr.Unary unary) {
      Code operand = graphCode(unary.operand());
      return unary.operator() == Expr.UnaryOperator.MINUS
          ? Code.primary("$L.neg()", operand.at(PRIMARY))
          : operand;
    }

    @Override
    public Code visitBinary(Expr.Binary binary) {
      return operation(tensorMethod(binary.operator()), binary.left(), binary.right());
    }

    @Override
    public Code visitConditional(Expr.Conditional conditional) {
      return new Code(
          CodeBlock.of(
              "$L ? $L : $L",
              plainCode(conditional.condition()).at(CONDITIONAL + 1),
              graphCode(conditional.whenTrue()).at(CONDITIONAL + 1),
              graphCode(conditional.whenFalse()).at(CONDITIONAL)),
          CONDITIONAL);
    }

    @Override
    public Code visitCast(Expr.Cast cast) {
      return graphCode(cast.operand());
    }

    @Override
    public Code visitArrayRead(Expr.ArrayRead read) {
      if (isArrayLeaf(read.array())) {
        // The element's leaf, made on first use (see dev.gradgen.ArrayLeaf).
        return Code.primary(
            "$L.element($L)", graphCode(read.array()).at(PRIMARY), plain(read.index()));
      }
      return Code.primary("$L[$L]", graphCode(read.array()).at(PRIMARY), plain(read.index()));
    }

    @Override
    public Code visitArrayLength(Expr.ArrayLength length) {
      throw neverActive(length);
    }

    @Override
    public Code visitNewArray(Expr.NewArray array) {
      throw neverActive(array);
    }

    @Override
    public Code visitArrayInitializer(Expr.ArrayInitializer array) {
      return Code.primary("new $T {$L}", family.typeOf(array.type()), join(array.elements(), true));
    }

    @Override
    public Code visitAssign(Expr.Assign assign) {
      Expr.ArrayRead once = evaluatedOnce(assign.target());
      if (assign.compound() && once != null) {
        return elementUpdate(once, tensorMethod(assign.operator().orElseThrow()), assign.value());
      }
      Expr value = assign.compound() ? plan.compoundValue(assign) : assign.value();
      return new Code(CodeBlock.of("$L = $L", graph(assign.target()), graph(value)), ASSIGNMENT);
    }

    @Override
    public Code visitIncDec(Expr.IncDec incDec) {
      String method = incDec.increment() ? "add" : "sub";
      Expr.ArrayRead once = evaluatedOnce(incDec.target());
      if (once != null) {
        return elementUpdate(once, method, null);
      }
      return new Code(
          CodeBlock.of(
              "$L = $L.$L(1.0)",
              graph(incDec.target()),
              graphCode(incDec.target()).at(PRIMARY),
              method),
          ASSIGNMENT);
    }

    @Override
    public Code visitMathCall(Expr.MathCall call) {
      return mathCall(call);
    }

    @Override
    public Code visitDifferentiableCall(Expr.DifferentiableCall call) {
      return Code.primary(
          "$T.$N($L)",
          call.callee().companion(),
          call.callee().name(),
          differentiableArgs(call, true));
    }

    @Override
    public Code visitPlainCall(Expr.PlainCall call) {
      // The one active plain call: an array's clone(), a copy of its nodes.
      return call.receiver()
          .match(
              onClass -> {
                throw neverActive(call);
              },
              instance ->
                  Code.primary("$L.clone()", graphCode(instance.object()).at(PRIMARY)));
    }

    @Override
    public Code visitRuleCall(Expr.RuleCall call) {
      return new Code(rules.node(call, ExpressionWriter.this), PRIMARY);
    }

    @Override
    public Code visitNewObject(Expr.NewObject object) {
      throw neverActive(object);
    }
  };

  private static IllegalStateException neverActive(Expr expr) {
    return new IllegalStateException("no graph form for the constant " + expr.source());
  }

  /**
   * The element of a read-and-write target ({@code a[f()] += x}, {@code m[k++][0]++}) whose array
   * and index must be evaluated once, as Java does (writing the target twice, as {@code t =
   * t.add(x)}, would repeat their side effects), or null when the target may be written twice.
   */
  private static Expr.ArrayRead evaluatedOnce(Expr.Target target) {
    return target.acceptTarget(new Expr.TargetVisitor<Expr.ArrayRead>() {
      @Override
      public Expr.ArrayRead visitVariableRef(Expr.VariableRef ref) {
        return null;
      }

      @Override
      public Expr.ArrayRead visitArrayRead(Expr.ArrayRead element) {
        return SideEffects.in(element.array()) || SideEffects.in(element.index()) ? element : null;
      }
    });
  }

  /**
   * {@code (array = A)[index = I] = array[index].op(value)}: Java's order for a compound assignment
   * to an element (the array, the index, the element's old value, then the value), each once.
   * {@code value} null means 1.0 (++ and --).
   */
  private Code elementUpdate(Expr.ArrayRead element, String method, Expr value) {
    String array =
        temporaries.declare(family.typeOf(element.array().type()), "elementArray", "null");
    String index = temporaries.declare(com.palantir.javapoet.TypeName.INT, "elementIndex", "0");
    CodeBlock operand =
        value == null ? CodeBlock.of("1.0") : isActive(value) ? graph(value) : plain(value);
    return new Code(
        CodeBlock.of(
            "($N = $L)[$N = $L] = $N[$N].$N($L)",
            array,
            graph(element.array()),
            index,
            plain(element.index()),
            array,
            index,
            method,
            operand),
        ASSIGNMENT);
  }

  /** {@code left op right} with whichever sides are nodes: x.mul(y), x.mul(2.0), Tensor.mul(2.0, y). */
  private Code operation(String method, Expr left, Expr right) {
    boolean leftActive = isActive(left);
    boolean rightActive = isActive(right);
    if (leftActive) {
      return Code.primary(
          "$L.$N($L)",
          graphCode(left).at(PRIMARY),
          method,
          rightActive ? graph(right) : plain(right));
    }
    return Code.primary("$T.$N($L, $L)", family.node(), method, plain(left), graph(right));
  }

  private Code mathCall(Expr.MathCall call) {
    String name = call.function().javaName();
    if (call.args().size() == 3) {
      // fma: every operand as a node (a constant one as a fresh leaf), rather than seven overloads.
      List<CodeBlock> args = new ArrayList<>();
      for (Expr arg : call.args()) {
        args.add(graph(arg));
      }
      return Code.primary(
          "$T.$N($L)",
          call.strict() ? family.strictMath() : family.node(),
          name,
          CodeBlock.join(args, ", "));
    }
    if (call.strict()) {
      List<CodeBlock> args = new ArrayList<>();
      for (Expr arg : call.args()) {
        args.add(isActive(arg) ? graph(arg) : plain(arg));
      }
      return Code.primary("$T.$N($L)", family.strictMath(), name, CodeBlock.join(args, ", "));
    }
    if (call.args().size() == 1) {
      return Code.primary("$L.$N()", graphCode(call.args().get(0)).at(PRIMARY), name);
    }
    return operation(name, call.args().get(0), call.args().get(1));
  }

  /**
   * A constant where a node is needed: a fresh leaf, or an array of them. Leaves are made per call,
   * never shared, so concurrent gradient calls share no mutable state.
   */
  private Code constantNode(Expr expr) {
    ValueType type = expr.type();
    if (!type.isArray()) {
      return Code.primary("new $T($L)", family.node(), plain(expr));
    }
    // A new array is built of nodes directly; any other constant array is copied into leaves.
    if (expr instanceof Expr.ArrayInitializer array) {
      return Code.primary("new $T {$L}", family.typeOf(type), join(array.elements(), true));
    }
    if (expr instanceof Expr.NewArray array
        && array.dimensions().size() == type.dims()
        && type.dims() <= 2) {
      return Code.primary("$T.filled($L, 0.0)", family.node(), join(array.dimensions(), false));
    }
    if (expr instanceof Expr.NewArray array) {
      CodeBlock.Builder code = CodeBlock.builder().add("new $T", family.node());
      for (Expr dimension : array.dimensions()) {
        code.add("[$L]", plain(dimension));
      }
      for (int i = array.dimensions().size(); i < type.dims(); i++) {
        code.add("[]");
      }
      return new Code(code.build(), PRIMARY);
    }
    return Code.primary("$T.of($L)", family.node(), plain(expr));
  }

  // ---------------------------------------------------------------- plain mode

  private Code plainCode(Expr expr) {
    if (expr instanceof Expr.ArrayRead read && isArrayLeaf(read.array())) {
      // An element's value, read from the array leaf without making its node.
      return Code.primary(
          "$N.value($L)", ((Expr.VariableRef) read.array()).variable().name(), plain(read.index()));
    }
    if (isActive(expr) && !expr.accept(RECOMPUTABLE)) {
      if (expr.type().isArray()) {
        // A node array where plain values are needed (the argument of a call of the original
        // method): a fresh array of its values, of the same rank (at most 2, see ArrayRanks).
        return Code.primary("$T.data($L)", family.node(), graph(expr));
      }
      return Code.primary("$L.data()", graphCode(expr).at(PRIMARY));
    }
    return expr.accept(plainForms);
  }

  /** The plain Java form of each kind of expression: the user's own code, on values. */
  private final Expr.Visitor<Code> plainForms = new Expr.Visitor<>() {
    @Override
    public Code visitLiteral(Expr.Literal literal) {
      return new Code(CodeBlock.of("$L", literal.code()), literal.negative() ? UNARY : PRIMARY);
    }

    @Override
    public Code visitVariableRef(Expr.VariableRef ref) {
      return Code.primary("$N", ref.variable().name());
    }

    @Override
    public Code visitThis(Expr.This thisExpr) {
      return Code.primary("$N", receiverName);
    }

    @Override
    public Code visitFieldRef(Expr.FieldRef field) {
      return field
          .receiver()
          .match(
              onClass -> Code.primary("$T.$N", onClass.owner(), field.name()),
              instance ->
                  Code.primary("$L.$N", plainCode(instance.object()).at(PRIMARY), field.name()));
    }

    @Override
    public Code visitUnary(Expr.Unary unary) {
      // Only code of unary precedence or lower can start with a sign (a primary is a name, a call,
      // a new or a parenthesised expression): parenthesising it keeps "- -x" from reading "--x".
      Code operand = plainCode(unary.operand());
      return new Code(
          CodeBlock.of(
              "$L$L",
              unary.operator().symbol(),
              operand.precedence() <= UNARY
                  ? CodeBlock.of("($L)", operand.block())
                  : operand.block()),
          UNARY);
    }

    @Override
    public Code visitBinary(Expr.Binary binary) {
      int precedence = binary.operator().precedence();
      return new Code(
          CodeBlock.of(
              "$L $L $L",
              plainCode(binary.left()).at(precedence),
              binary.operator().symbol(),
              plainCode(binary.right()).at(precedence + 1)),
          precedence);
    }

    @Override
    public Code visitConditional(Expr.Conditional conditional) {
      return new Code(
          CodeBlock.of(
              "$L ? $L : $L",
              plainCode(conditional.condition()).at(CONDITIONAL + 1),
              plainCode(conditional.whenTrue()).at(CONDITIONAL + 1),
              plainCode(conditional.whenFalse()).at(CONDITIONAL)),
          CONDITIONAL);
    }

    @Override
    public Code visitCast(Expr.Cast cast) {
      return new Code(
          CodeBlock.of(
              "($T) $L", cast.type().plainName(), plainCode(cast.operand()).at(UNARY)),
          UNARY);
    }

    @Override
    public Code visitArrayRead(Expr.ArrayRead read) {
      return Code.primary("$L[$L]", arrayCode(read.array()).at(PRIMARY), plain(read.index()));
    }

    @Override
    public Code visitArrayLength(Expr.ArrayLength length) {
      if (isArrayLeaf(length.array())) {
        return Code.primary("$L.length()", arrayCode(length.array()).at(PRIMARY));
      }
      return Code.primary("$L.length", arrayCode(length.array()).at(PRIMARY));
    }

    @Override
    public Code visitNewArray(Expr.NewArray array) {
      return newPlainArray(array);
    }

    @Override
    public Code visitArrayInitializer(Expr.ArrayInitializer array) {
      return Code.primary("new $T {$L}", array.type().plainName(), join(array.elements(), false));
    }

    @Override
    public Code visitAssign(Expr.Assign assign) {
      String operator = assign.operator().map(o -> o.symbol() + "=").orElse("=");
      return new Code(
          CodeBlock.of(
              "$L $L $L",
              plain(assign.target()),
              operator,
              plainCode(assign.value()).at(ASSIGNMENT)),
          ASSIGNMENT);
    }

    @Override
    public Code visitIncDec(Expr.IncDec incDec) {
      String operator = incDec.increment() ? "++" : "--";
      CodeBlock target = plainCode(incDec.target()).at(PRIMARY);
      return new Code(
          incDec.prefix()
              ? CodeBlock.of("$L$L", operator, target)
              : CodeBlock.of("$L$L", target, operator),
          UNARY);
    }

    @Override
    public Code visitMathCall(Expr.MathCall call) {
      return Code.primary(
          "$T.$N($L)", call.owner(), call.function().javaName(), join(call.args(), false));
    }

    @Override
    public Code visitDifferentiableCall(Expr.DifferentiableCall call) {
      return plainDifferentiableCall(call);
    }

    @Override
    public Code visitPlainCall(Expr.PlainCall call) {
      CodeBlock args = join(call.args(), false);
      return call.receiver()
          .match(
              onClass -> Code.primary("$T.$N($L)", onClass.owner(), call.name(), args),
              instance -> Code.primary(
                  "$L.$N($L)", plainCode(instance.object()).at(PRIMARY), call.name(), args));
    }

    @Override
    public Code visitRuleCall(Expr.RuleCall call) {
      // Constant arguments only (an active call reads its node's value above): the plain call.
      CodeBlock args = join(call.args(), false);
      return call.receiver()
          .map(object -> Code.primary(
              "$L.$N($L)", plainCode(object).at(PRIMARY), call.rule().targetName(), args))
          .orElseGet(() ->
              Code.primary("$T.$N($L)", call.rule().targetOwner(), call.rule().targetName(), args));
    }

    @Override
    public Code visitNewObject(Expr.NewObject object) {
      return Code.primary("new $T($L)", object.classType(), join(object.args(), false));
    }
  };

  /** An array operand: the node array when it is active (reading .length or an element's node). */
  private Code arrayCode(Expr array) {
    return isActive(array) ? graphCode(array) : plainCode(array);
  }

  /**
   * Whether the plain value of an active expression is best recomputed from its operands' values (an
   * operator or function: the same IEEE operations, no node built) rather than read from its node.
   */
  private static final Expr.Visitor<Boolean> RECOMPUTABLE = new Expr.Visitor<>() {
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
      return true;
    }

    @Override
    public Boolean visitConditional(Expr.Conditional conditional) {
      return true;
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
      return true;
    }

    @Override
    public Boolean visitDifferentiableCall(Expr.DifferentiableCall call) {
      return true;
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

  private Code plainDifferentiableCall(Expr.DifferentiableCall call) {
    Callee callee = call.callee();
    if (!callee.originalCallable()) {
      // A private callee of order 1 has no second-order builder; its arguments are constants here
      // (SecondOrderCheck rejects active ones), so its first-order builder gives the value.
      boolean firstOrder = !family.equals(NodeFamily.TENSOR) && !callee.secondOrder();
      CodeBlock built = CodeBlock.of(
          "$T.$N($L)",
          callee.companion(),
          callee.name(),
          firstOrder ? firstOrderConstantArgs(call) : differentiableArgs(call, true));
      return callee.returnsVector()
          ? Code.primary("$T.data($L)", firstOrder ? TENSOR : family.node(), built)
          : Code.primary("$L.data()", built);
    }
    CodeBlock args = differentiableArgs(call, false);
    return call.receiver()
        .map(
            object -> Code.primary("$L.$N($L)", plainCode(object).at(PRIMARY), callee.name(), args))
        .orElseGet(() -> Code.primary("$T.$N($L)", callee.owner(), callee.name(), args));
  }

  /** Arguments of a differentiable call: nodes for its differentiable parameters when {@code asGraph}. */
  private CodeBlock differentiableArgs(Expr.DifferentiableCall call, boolean asGraph) {
    List<CodeBlock> args = new ArrayList<>();
    if (asGraph) {
      call.receiver().ifPresent(object -> args.add(plain(object)));
    }
    for (int i = 0; i < call.args().size(); i++) {
      Expr arg = call.args().get(i);
      boolean node = asGraph && call.callee().parameters().get(i).differentiable();
      args.add(node ? graph(arg) : plain(arg));
    }
    return CodeBlock.join(args, ", ");
  }

  /** Constant arguments of a call of a first-order builder: fresh Tensor leaves for its nodes. */
  private CodeBlock firstOrderConstantArgs(Expr.DifferentiableCall call) {
    List<CodeBlock> args = new ArrayList<>();
    call.receiver().ifPresent(object -> args.add(plain(object)));
    for (int i = 0; i < call.args().size(); i++) {
      Expr arg = call.args().get(i);
      ValueType type = arg.type();
      if (!call.callee().parameters().get(i).differentiable()) {
        args.add(plain(arg));
      } else if (type.isArray()) {
        args.add(CodeBlock.of("$T.of($L)", TENSOR, plain(arg)));
      } else {
        args.add(CodeBlock.of("new $T($L)", TENSOR, plain(arg)));
      }
    }
    return CodeBlock.join(args, ", ");
  }

  private Code newPlainArray(Expr.NewArray array) {
    CodeBlock.Builder code = CodeBlock.builder().add("new $T", baseName(array.type()));
    for (Expr dimension : array.dimensions()) {
      code.add("[$L]", plain(dimension));
    }
    for (int i = array.dimensions().size(); i < array.type().dims(); i++) {
      code.add("[]");
    }
    return new Code(code.build(), PRIMARY);
  }

  private static com.palantir.javapoet.TypeName baseName(ValueType type) {
    return type.elementType().plainName();
  }

  private CodeBlock join(List<Expr> exprs, boolean asGraph) {
    List<CodeBlock> out = new ArrayList<>();
    for (Expr expr : exprs) {
      out.add(asGraph ? graph(expr) : plain(expr));
    }
    return CodeBlock.join(out, ", ");
  }

  private static String tensorMethod(BinaryOperator operator) {
    return switch (operator) {
      case PLUS -> "add";
      case MINUS -> "sub";
      case MULTIPLY -> "mul";
      case DIVIDE -> "div";
      case REMAINDER -> "rem";
      default -> throw new IllegalStateException(operator + " on nodes");
    };
  }
}
