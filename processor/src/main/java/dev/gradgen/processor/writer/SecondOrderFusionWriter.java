package dev.gradgen.processor.writer;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.Tree;
import dev.gradgen.processor.analysis.FusionPlanner;
import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.FusionPlan;
import dev.gradgen.processor.model.MathFunction;
import dev.gradgen.processor.model.MethodKey;
import dev.gradgen.processor.model.ReductionLoop;
import dev.gradgen.processor.model.SameValue;
import dev.gradgen.processor.model.SourceText;
import dev.gradgen.processor.model.Stmt;
import dev.gradgen.processor.model.TypeNames;
import dev.gradgen.processor.model.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.lang.model.element.Modifier;

/**
 * Statement-level preaccumulation for second-order nodes: writes a straight-line active expression,
 * or a run of straight-line statements, as one {@code DualTensor.fused(value, inputs, partials,
 * hessian)} node. A private helper computes the value with the user's operations in the user's order
 * (bit for bit the plain value) and, by forward-mode second-order differentiation over the
 * expression tree, the partials and the local Hessian with respect to the node's inputs, as
 * straight-line scalar code without the entries that are zero by structure. Every first and second
 * derivative of an operation is the {@code Derivatives} call the unfused {@code DualTensor} makes for
 * it, so the fused and unfused builders differ only by rounding.
 */
final class SecondOrderFusionWriter implements Fusion {

  private static final ClassName DERIVATIVES = TypeNames.DERIVATIVES;
  private static final ClassName NODE = NodeFamily.DUAL.node();
  private static final ClassName DUAL_REDUCTION = ClassName.get("dev.gradgen", "DualReduction");
  private static final ClassName DUAL_ARRAY_LEAF = ClassName.get("dev.gradgen", "DualArrayLeaf");
  private static final ScalarTerm ONE = ScalarTerm.Unit.ONE;
  private static final ScalarTerm MINUS_ONE = ScalarTerm.Unit.MINUS_ONE;
  /** The partial of an input the node's value does not depend on by structure. */
  private static final CodeBlock ZERO = CodeBlock.of("$L", 0.0);

  /**
   * Most products in one helper's Hessian code (each a few bytes of bytecode), far below the JVM's
   * 64 KB per method; a single expression beyond it is cut into several nodes, a run beyond it is
   * written as a chain of nodes, one per operation.
   */
  static final int MAX_TERMS = 1500;

  private final String prefix;
  private final SourceText text;
  private final List<MethodSpec> helpers = new ArrayList<>();
  /**
   * The second-order forward function of each method whose calls the nodes absorb, by {@link
   * dev.gradgen.processor.analysis.ForwardCoverage#key} (see {@link SecondOrderForwardWriter}).
   */
  private final Map<MethodKey, String> forwardSeconds;

  /**
   * Fused second-order nodes whose helpers are named from {@code prefix} and quote the user's
   * source from {@code text}.
   */
  SecondOrderFusionWriter(String prefix, SourceText text) {
    this(prefix, text, Map.of());
  }

  /**
   * As {@link #SecondOrderFusionWriter(String, SourceText)}, absorbing the calls the plan makes
   * operations through the second-order forward functions {@code forwardSeconds} names.
   */
  SecondOrderFusionWriter(String prefix, SourceText text, Map<MethodKey, String> forwardSeconds) {
    this.prefix = prefix;
    this.text = text;
    this.forwardSeconds = Map.copyOf(forwardSeconds);
  }

  /**
   * The local of one iteration's helper of a reduction loop, absorbing calls as this writer's nodes
   * do; an element read of an array-leaf parameter of the builder is an input by (array leaf,
   * index), reported to the reduction by index (see {@link Local#isArrayInput(int)}).
   */
  Local local(ExpressionWriter writer) {
    Local local = new Local(writer, Set.of(), forwardSeconds);
    local.arrayInputs = new HashSet<>();
    return local;
  }

  @Override
  public String quote(Tree tree) {
    return text.of(tree);
  }

  @Override
  public NodeFamily family() {
    return NodeFamily.DUAL;
  }

  @Override
  public boolean everywhere() {
    return true;
  }

  @Override
  public List<MethodSpec> helpers() {
    return List.copyOf(helpers);
  }

  @Override
  public CodeBlock fuse(Expr expr, ExpressionWriter writer) {
    if (operations(expr, writer) < 2) {
      return null;
    }
    // As the first-order fusion: a cut sub-expression is an input here, fused on its own when the
    // helper's arguments are written (its cuts are the same when computed for it alone).
    Set<Expr> cut = Collections.newSetFromMap(new IdentityHashMap<>());
    cuts(expr, writer, cut);
    Local local = new Local(writer, cut, forwardSeconds);
    Jet result = local.forward(expr);
    return add(local, text.of(expr.source()), result);
  }

  @Override
  public CodeBlock fuseRun(
      List<Stmt.LocalDeclaration> temporaries,
      Expr result,
      String source,
      ExpressionWriter writer) {
    Local local = new Local(writer, Set.of(), forwardSeconds);
    for (Stmt.LocalDeclaration temporary : temporaries) {
      local.define(temporary.variable(), temporary.init());
    }
    Jet value = local.forward(result);
    if (local.terms + local.locals <= MAX_TERMS) {
      return add(local, source, value);
    }
    // Too many inputs mixing nonlinearly for one helper: the same run, one node per operation.
    Local chain = new Local(writer, Set.of(), forwardSeconds);
    chain.chain = true;
    for (Stmt.LocalDeclaration temporary : temporaries) {
      chain.define(temporary.variable(), temporary.init());
    }
    return add(chain, source, chain.forward(result));
  }

  @Override
  public CodeBlock reduction(
      ReductionLoop reduction, CodeBlock header, ExpressionWriter writer, Temporaries names) {
    return SecondOrderReductionWriter.write(reduction, header, writer, names, this);
  }

  /**
   * Adds the helper of one iteration of a reduction loop: {@code local}'s body, which reports to
   * the {@code DualReduction}s it takes first (named {@code builders}, called with {@code
   * arguments}); returns its call.
   */
  CodeBlock addIteration(
      Local local, String source, List<String> builders, List<CodeBlock> arguments) {
    String name = prefix + NodeFamily.DUAL.helperInfix() + (helpers.size() + 1);
    String javadoc = FusedHelpers.escape(source);
    MethodSpec.Builder out = MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .addJavadoc(
            "<pre>{@code\n$L\n}</pre>\none iteration: each term's value, partials and local Hessian,"
                + " reported to\nthe loop's second-order reduction.\n",
            javadoc);
    for (String builder : builders) {
      out.addParameter(DUAL_REDUCTION, builder);
    }
    helpers.add(out.addParameters(local.method.build().parameters())
        .addCode(local.body.build())
        .build());
    List<CodeBlock> all = new ArrayList<>(arguments);
    all.addAll(local.arguments);
    return CodeBlock.of("$N($L)", name, CodeBlock.join(all, ", "));
  }

  /** Adds the helper computing {@code result} (named after the helpers written before it). */
  private CodeBlock add(Local local, String source, Jet result) {
    String name = prefix + NodeFamily.DUAL.helperInfix() + (helpers.size() + 1);
    helpers.add(local.helper(name, source, result));
    return CodeBlock.of("$N($L)", name, CodeBlock.join(local.arguments, ", "));
  }

  // ---------------------------------------------------------------- sizes and cuts

  private static int operations(Expr expr, ExpressionWriter writer) {
    if (!writer.plan().isOperation(expr)) {
      return 0;
    }
    int count = 1;
    for (Expr child : FusionPlanner.children(expr)) {
      count += operations(child, writer);
    }
    return count;
  }

  /**
   * The size of a node of a sub-expression for the cuts: the first-order size (operations and
   * parameter slots), upper bounds of the entries of its gradient (its active leaves, an input
   * read twice counted twice) and of its Hessian, and of the products its code makes.
   */
  private record Budget(FusionPlan.Size size, int leaves, int entries, int terms) {
    static final Budget NONE = new Budget(FusionPlan.Size.NONE, 0, 0, 0);
    static final Budget INPUT = new Budget(new FusionPlan.Size(0, 1), 1, 0, 0);

    boolean fits() {
      return size.fits() && terms <= MAX_TERMS;
    }
  }

  private static Budget leafBudget(Expr expr, ExpressionWriter writer) {
    if (expr instanceof Expr.Literal) {
      return Budget.NONE;
    }
    return writer.isActive(expr) ? Budget.INPUT : new Budget(new FusionPlan.Size(0, 2), 0, 0, 0);
  }

  private static int pairs(int n) {
    return n * (n + 1) / 2;
  }

  /**
   * The budget of an operation on operands of the given budgets: sums and negations scale and
   * merge their operands' entries; products add the cross terms; any other function the full
   * outer products of its operands' gradients.
   */
  private static Budget operation(Expr expr, List<Budget> operands) {
    FusionPlan.Size size = new FusionPlan.Size(1, 0);
    int leaves = 0;
    int entries = 0;
    int terms = 0;
    for (Budget operand : operands) {
      size = size.plus(operand.size());
      leaves += operand.leaves();
      entries += operand.entries();
      terms += operand.terms();
    }
    Budget first = operands.get(0);
    Budget last = operands.get(operands.size() - 1);
    // Merging two operands' entries sums where they overlap, at most the smaller's.
    int overlap = operands.size() < 2
        ? 0
        : Math.min(first.leaves(), last.leaves()) + Math.min(first.entries(), last.entries());
    Expr.BinaryOperator operator = expr instanceof Expr.Binary binary ? binary.operator() : null;
    boolean plus = operator == Expr.BinaryOperator.PLUS
        || expr instanceof Expr.Cast
        || expr instanceof Expr.Unary unary && unary.operator() == Expr.UnaryOperator.PLUS;
    boolean bilinear = operator == Expr.BinaryOperator.MULTIPLY
        || expr instanceof Expr.MathCall call && call.function() == MathFunction.FMA;
    if (plus) {
      terms += overlap;
    } else if (operator == Expr.BinaryOperator.MINUS) {
      terms += overlap + last.leaves() + last.entries();
    } else {
      terms += overlap + leaves + entries;
      if (bilinear) {
        int cross = first.leaves() * operands.get(1).leaves();
        entries += cross;
        terms += 2 * cross;
      } else if (!(expr instanceof Expr.Unary)) {
        entries = pairs(leaves);
        terms += 2 * pairs(leaves);
      }
    }
    return new Budget(size, leaves, Math.min(entries, pairs(leaves)), terms);
  }

  /**
   * Chooses the sub-expressions of {@code expr} that become nodes of their own so that every node
   * fits, bottom up, as the first-order fusion does, with the Hessian's products as a third limit.
   */
  private static Budget cuts(Expr expr, ExpressionWriter writer, Set<Expr> cut) {
    if (!writer.plan().isOperation(expr)) {
      return leafBudget(expr, writer);
    }
    List<Expr> children = FusionPlanner.children(expr);
    List<Budget> budgets = new ArrayList<>();
    for (Expr child : children) {
      budgets.add(cuts(child, writer, cut));
    }
    while (true) {
      Budget total = operation(expr, budgets);
      int biggest = -1;
      for (int i = 0; i < budgets.size(); i++) {
        if (writer.plan().isOperation(children.get(i))
            && !cut.contains(children.get(i))
            && (biggest < 0 || budgets.get(i).terms() > budgets.get(biggest).terms())) {
          biggest = i;
        }
      }
      if (total.fits() || biggest < 0) {
        return total;
      }
      cut.add(children.get(biggest));
      budgets.set(biggest, Budget.INPUT);
    }
  }

  /** Whether evaluating {@code expr} twice is the same as once: reads of variables and arrays. */
  private static boolean pure(Expr expr) {
    if (expr instanceof Expr.VariableRef
        || expr instanceof Expr.Literal
        || expr instanceof Expr.FieldRef
        || expr instanceof Expr.This) {
      return true;
    }
    if (expr instanceof Expr.ArrayRead read) {
      return pure(read.array()) && pure(read.index());
    }
    if (expr instanceof Expr.Binary binary) {
      return pure(binary.left()) && pure(binary.right());
    }
    return false;
  }

  // ---------------------------------------------------------------- one helper

  /**
   * A sub-expression inside a helper: its value, and its nonzero partials (by input) and the
   * nonzero entries of its Hessian's lower triangle (by packed index {@code i (i + 1) / 2 + j}, j
   * &lt;= i), each a term written in place (a local of the helper, a parameter, a literal, ±1 or
   * a negated literal); constants have neither partials nor Hessian. In a chain helper, {@code
   * value} names a node.
   */
  record Jet(
      ScalarTerm value, Map<Integer, ScalarTerm> gradient, Map<Integer, ScalarTerm> hessian) {
    /** Copies kept in ascending order of the inputs: the order in which terms are summed. */
    Jet {
      gradient = Collections.unmodifiableMap(new TreeMap<>(gradient));
      hessian = Collections.unmodifiableMap(new TreeMap<>(hessian));
    }

    static Jet constant(ScalarTerm value) {
      return new Jet(value, Map.of(), Map.of());
    }

    boolean active() {
      return !gradient.isEmpty();
    }
  }

  private static int packed(int i, int j) {
    return i >= j ? i * (i + 1) / 2 + j : j * (j + 1) / 2 + i;
  }

  /** The code of one helper: its parameters, its statements and the jets of its sub-expressions. */
  static final class Local implements Expr.Visitor<Jet> {
    private final ExpressionWriter writer;
    private final Set<Expr> cut;
    private final MethodSpec.Builder method = MethodSpec.methodBuilder("unnamed");
    private final CodeBlock.Builder body = CodeBlock.builder();
    private final List<CodeBlock> arguments = new ArrayList<>();
    /**
     * The index of each input node a later read may share, by its first read: one with the same
     * value ({@link SameValue}: pure and structurally equal, so {@code 0.0} and {@code -0.0}
     * differ), until a read with side effects (see forgetInputsIfImpure).
     */
    private final Map<Expr, Integer> sharedInputs = new IdentityHashMap<>();
    /** The jets of the run's temporaries, which are no nodes. */
    private final Map<Variable, Jet> temporaries = new HashMap<>();

    private int inputs;
    private int constants;
    private int locals;
    /** The JVM parameter slots of the helper's parameters so far (a double takes two). */
    private int slots;
    /** The products written, against {@link #MAX_TERMS}. */
    private int terms;
    /** Whether this helper builds one node per operation instead of one fused node. */
    private boolean chain;
    /**
     * The inputs that are elements of an array leaf, taken as (array leaf, index); null where a
     * helper takes every input as a node (only a reduction's iteration reports inputs by index).
     */
    private Set<Integer> arrayInputs;

    /** The second-order forward functions of absorbed calls, by ForwardCoverage's key. */
    private final Map<MethodKey, String> forwardSeconds;

    Local(ExpressionWriter writer, Set<Expr> cut) {
      this(writer, cut, Map.of());
    }

    Local(ExpressionWriter writer, Set<Expr> cut, Map<MethodKey, String> forwardSeconds) {
      this.writer = writer;
      this.cut = cut;
      this.forwardSeconds = forwardSeconds;
    }

    private boolean inside(Expr expr) {
      return writer.plan().isOperation(expr) && !cut.contains(expr);
    }

    void define(Variable variable, Expr init) {
      temporaries.put(variable, forward(init));
    }

    Jet forward(Expr expr) {
      return inside(expr) ? expr.accept(this) : leaf(expr);
    }

    /** Appends a statement of the caller's to the helper's body, after the code written so far. */
    void statement(CodeBlock statement) {
      body.addStatement(statement);
    }

    /** The name of input {@code index}'s node among the helper's parameters. */
    static String inputNode(int index) {
      return "x" + index;
    }

    /** The name of the array leaf of input {@code index}, an element read by index. */
    static String inputArray(int index) {
      return "a" + index;
    }

    /** The name of the element's index of input {@code index}, an element read by index. */
    static String inputIndex(int index) {
      return "k" + index;
    }

    /** Whether input {@code index} is an element of an array leaf, taken by index. */
    boolean isArrayInput(int index) {
      return arrayInputs != null && arrayInputs.contains(index);
    }

    /**
     * Whether the helper's code stays within {@link #MAX_TERMS} products and locals, and its
     * parameters within the slots of one fused helper (the JVM allows 255; an element read by
     * index takes two, its array leaf and its index).
     */
    boolean fits() {
      return terms + locals <= MAX_TERMS && slots <= FusionPlan.Size.MAX_SLOTS;
    }

    // ------------------------------------------------------------ leaves

    private Jet leaf(Expr expr) {
      if (expr instanceof Expr.VariableRef ref && temporaries.containsKey(ref.variable())) {
        return temporaries.get(ref.variable());
      }
      if (!writer.isActive(expr)) {
        if (expr instanceof Expr.Literal literal) {
          return Jet.constant(ScalarTerm.literal(literal));
        }
        String name = "c" + constants++;
        method.addParameter(TypeName.DOUBLE, name);
        slots += 2;
        arguments.add(writer.plain(expr));
        forgetInputsIfImpure(expr);
        return Jet.constant(ScalarTerm.name(name));
      }
      forgetInputsIfImpure(expr);
      if (arrayInputs != null
          && expr instanceof Expr.ArrayRead read
          && writer.isArrayLeaf(read.array())) {
        return arrayElement(read);
      }
      CodeBlock code = writer.graph(expr);
      Integer index = pure(expr) ? sharedInput(expr) : null;
      if (index == null) {
        index = inputs++;
        method.addParameter(NODE, inputNode(index));
        slots++;
        arguments.add(code);
        if (!chain) {
          body.addStatement("double $N = $N.data()", inputValue(index), inputNode(index));
        }
        if (pure(expr)) {
          sharedInputs.put(expr, index);
        }
      }
      String value = chain ? inputNode(index) : inputValue(index);
      return new Jet(ScalarTerm.name(value), Map.of(index, ONE), Map.of());
    }

    /**
     * An element of an array leaf as an input by (array leaf, index): its value read off the array
     * leaf, no node made (the reduction records the element by index). Shared as a node read is.
     */
    private Jet arrayElement(Expr.ArrayRead read) {
      Integer index = pure(read) ? sharedInput(read) : null;
      if (index == null) {
        index = inputs++;
        arrayInputs.add(index);
        method.addParameter(DUAL_ARRAY_LEAF, inputArray(index));
        method.addParameter(TypeName.INT, inputIndex(index));
        slots += 2;
        arguments.add(
            CodeBlock.of("$N", ((Expr.VariableRef) read.array()).variable().name()));
        arguments.add(writer.plain(read.index()));
        body.addStatement(
            "double $N = $N.value($N)", inputValue(index), inputArray(index), inputIndex(index));
        if (pure(read)) {
          sharedInputs.put(read, index);
        }
      }
      return new Jet(ScalarTerm.name(inputValue(index)), Map.of(index, ONE), Map.of());
    }

    /** The index of the input an earlier read with the same value as {@code expr} has, or null. */
    private Integer sharedInput(Expr expr) {
      for (Map.Entry<Expr, Integer> shared : sharedInputs.entrySet()) {
        if (SameValue.of(shared.getKey(), expr)) {
          return shared.getValue();
        }
      }
      return null;
    }

    /** The name of input {@code index}'s value in a fused helper. */
    private static String inputValue(int index) {
      return "v" + index;
    }

    private void forgetInputsIfImpure(Expr expr) {
      if (!pure(expr)) {
        sharedInputs.clear();
      }
    }

    // ------------------------------------------------------------ operations

    @Override
    public Jet visitUnary(Expr.Unary unary) {
      Jet operand = forward(unary.operand());
      return switch (unary.operator()) {
        case PLUS -> operand;
        case MINUS ->
          chain
              ? node(CodeBlock.of("$L.neg()", operand.value().code()))
              : combine(
                  value(operand.value().negated().code()),
                  List.of(operand),
                  new ScalarTerm[] {MINUS_ONE},
                  new ScalarTerm[1][1]);
        default -> throw new IllegalStateException(unary.operator() + " in a fused node");
      };
    }

    @Override
    public Jet visitCast(Expr.Cast cast) {
      return forward(cast.operand());
    }

    @Override
    public Jet visitBinary(Expr.Binary binary) {
      Jet a = forward(binary.left());
      Jet b = forward(binary.right());
      if (chain) {
        return node(nodeOperation(binaryMethod(binary.operator()), a, b));
      }
      ScalarTerm out = value(CodeBlock.of(
          "$L $L $L", a.value().code(), binary.operator().symbol(), b.value().code()));
      ScalarTerm x = a.value();
      ScalarTerm y = b.value();
      boolean da = a.active();
      boolean db = b.active();
      ScalarTerm[][] second = new ScalarTerm[2][2];
      ScalarTerm[] first = switch (binary.operator()) {
        case PLUS -> new ScalarTerm[] {ONE, ONE};
        case MINUS -> new ScalarTerm[] {ONE, MINUS_ONE};
        case MULTIPLY -> {
          second[0][1] = ONE;
          yield new ScalarTerm[] {y, x};
        }
        case DIVIDE -> {
          second[0][1] = da && db ? derivative("divMixed", y) : null;
          second[1][1] = db ? derivative("divisorSecond", y, out) : null;
          yield new ScalarTerm[] {
            da ? local(CodeBlock.of("1.0 / $L", y.code())) : null,
            db ? derivative("divisor", y, out) : null
          };
        }
        case REMAINDER -> remainder(x, y, out, da, db, second);
        default -> throw new IllegalStateException(binary.operator() + " in a fused node");
      };
      return combine(out, List.of(a, b), first, second);
    }

    /** {@code %} and IEEEremainder: partials 1 and -n between the jumps, second derivatives 0. */
    private ScalarTerm[] remainder(
        ScalarTerm x, ScalarTerm y, ScalarTerm out, boolean da, boolean db, ScalarTerm[][] second) {
      ScalarTerm dy = db ? derivative("remDivisor", x, y, out) : null;
      ScalarTerm linear = db ? derivative("piecewiseLinearSecond", dy) : null;
      second[0][1] = da ? linear : null;
      second[1][1] = linear;
      return new ScalarTerm[] {ONE, dy};
    }

    @Override
    public Jet visitMathCall(Expr.MathCall call) {
      List<Jet> args = new ArrayList<>();
      for (Expr arg : call.args()) {
        args.add(forward(arg));
      }
      if (chain) {
        return node(nodeMathCall(call, args));
      }
      List<ScalarTerm> values = args.stream().map(Jet::value).toList();
      ScalarTerm out =
          value(CodeBlock.of("$T.$N($L)", call.owner(), call.function().javaName(), codes(values)));
      MathFunction function = call.function();
      if (args.size() == 1) {
        return unaryFunction(function, args.get(0), out);
      }
      ScalarTerm x = values.get(0);
      ScalarTerm y = values.get(1);
      boolean da = args.get(0).active();
      boolean db = args.get(1).active();
      boolean both = da && db;
      ScalarTerm[][] second = new ScalarTerm[args.size()][args.size()];
      ScalarTerm[] first;
      switch (function) {
        case FMA -> {
          second[0][1] = ONE;
          first = new ScalarTerm[] {y, x, ONE};
        }
        case POW -> {
          first = new ScalarTerm[] {
            da ? derivative("powBase", x, y) : null, db ? derivative("powExponent", x, out) : null
          };
          second[0][0] = da ? derivative("powBaseSecond", x, y) : null;
          second[0][1] = both ? derivative("powMixed", x, y, out) : null;
          second[1][1] = db ? derivative("powExponentSecond", x, out) : null;
        }
        case ATAN2 -> {
          first = new ScalarTerm[] {
            da ? derivative("atan2Y", x, y) : null, db ? derivative("atan2X", x, y) : null
          };
          second[0][0] = da ? derivative("atan2YY", x, y) : null;
          second[0][1] = both ? derivative("atan2Mixed", x, y) : null;
          second[1][1] = db ? derivative("atan2XX", x, y) : null;
        }
        case HYPOT -> {
          first = new ScalarTerm[] {
            da ? derivative("hypot", x, y, out) : null, db ? derivative("hypot", y, x, out) : null
          };
          second[0][0] = da ? derivative("hypotSecond", x, y, out) : null;
          second[0][1] = both ? derivative("hypotMixed", x, y, out) : null;
          second[1][1] = db ? derivative("hypotSecond", y, x, out) : null;
        }
        case MIN, MAX -> {
          ScalarTerm choice =
              derivative(function == MathFunction.MIN ? "minFirst" : "maxFirst", x, y, out);
          ScalarTerm other = db ? local(CodeBlock.of("1.0 - $L", choice.code())) : null;
          // DualTensor takes the second derivatives from the partial of the active argument.
          ScalarTerm linear = derivative("piecewiseLinearSecond", da ? choice : other);
          first = new ScalarTerm[] {choice, other};
          second[0][0] = linear;
          second[0][1] = linear;
          second[1][1] = linear;
        }
        case COPY_SIGN -> {
          // The sign only picks a branch: partial 0.
          ScalarTerm magnitude = da ? derivative("copySign", x, out) : null;
          first = new ScalarTerm[] {magnitude, null};
          second[0][0] = da ? derivative("piecewiseLinearSecond", magnitude) : null;
        }
        case NEXT_AFTER -> first = new ScalarTerm[] {ONE, null};
        case IEEE_REMAINDER -> first = remainder(x, y, out, da, db, second);
        default -> throw new IllegalStateException(function + " in a fused node");
      }
      return combine(out, args, first, second);
    }

    private Jet unaryFunction(MathFunction function, Jet arg, ScalarTerm out) {
      ScalarTerm x = arg.value();
      ScalarTerm first = derivative(function.javaName(), x, out);
      ScalarTerm second = switch (function) {
        case EXP,
            EXPM1,
            LOG,
            LOG10,
            LOG1P,
            SQRT,
            CBRT,
            SIN,
            COS,
            TAN,
            ASIN,
            ACOS,
            ATAN,
            SINH,
            COSH,
            TANH,
            SIGMOID,
            SOFTPLUS -> derivative(function.javaName() + "Second", x, out);
        case ABS, RELU -> derivative("piecewiseLinearSecond", first);
        case TO_RADIANS, TO_DEGREES, NEXT_UP, NEXT_DOWN -> null;
        default -> throw new IllegalStateException(function + " in a fused node");
      };
      ScalarTerm[][] seconds = {{second}};
      return combine(out, List.of(arg), new ScalarTerm[] {first}, seconds);
    }

    /**
     * The jet of an operation of value {@code out} on {@code args}, from its partials {@code
     * first[i]} and second derivatives {@code second[i][j]} (i &lt;= j; null where zero): the chain
     * rule, g = sum of first[i] g_i, H = sum of first[i] H_i + second[i][j] (g_i g_j' + g_j g_i')
     * (once for i = j). Products in H use strong zeros as DualTensor's tangents do.
     */
    private Jet combine(ScalarTerm out, List<Jet> args, ScalarTerm[] first, ScalarTerm[][] second) {
      Map<Integer, List<ScalarTerm>> gradient = new TreeMap<>();
      Map<Integer, List<ScalarTerm>> hessian = new TreeMap<>();
      for (int i = 0; i < args.size(); i++) {
        Jet arg = args.get(i);
        if (first[i] == null) {
          continue;
        }
        for (Map.Entry<Integer, ScalarTerm> g : arg.gradient().entrySet()) {
          gradient
              .computeIfAbsent(g.getKey(), k -> new ArrayList<>())
              .add(product(first[i], g.getValue(), false));
        }
        for (Map.Entry<Integer, ScalarTerm> h : arg.hessian().entrySet()) {
          hessian
              .computeIfAbsent(h.getKey(), k -> new ArrayList<>())
              .add(product(first[i], h.getValue(), true));
        }
      }
      for (int i = 0; i < args.size(); i++) {
        for (int j = i; j < args.size(); j++) {
          ScalarTerm s = second[i][j];
          if (s == null) {
            continue;
          }
          Map<Integer, ScalarTerm> gi = args.get(i).gradient();
          Map<Integer, ScalarTerm> gj = args.get(j).gradient();
          for (Map.Entry<Integer, ScalarTerm> p : gi.entrySet()) {
            for (Map.Entry<Integer, ScalarTerm> q : gj.entrySet()) {
              int k = p.getKey();
              int l = q.getKey();
              if (i == j && k < l) {
                continue;
              }
              ScalarTerm term =
                  product(s, operand(product(p.getValue(), q.getValue(), true)), true);
              List<ScalarTerm> entry =
                  hessian.computeIfAbsent(packed(k, l), key -> new ArrayList<>());
              entry.add(term);
              if (i != j && k == l) {
                // The diagonal gets both g_i g_j' and g_j g_i'.
                entry.add(term);
              }
            }
          }
        }
      }
      return new Jet(out, sums(gradient), sums(hessian));
    }

    /** Each entry's terms summed, left to right, into one term written in place. */
    private Map<Integer, ScalarTerm> sums(Map<Integer, List<ScalarTerm>> entries) {
      Map<Integer, ScalarTerm> out = new TreeMap<>();
      for (Map.Entry<Integer, List<ScalarTerm>> entry : entries.entrySet()) {
        List<ScalarTerm> parts = entry.getValue();
        out.put(
            entry.getKey(),
            parts.size() == 1
                ? operand(parts.get(0))
                : local(CodeBlock.join(parts.stream().map(ScalarTerm::code).toList(), " + ")));
      }
      return out;
    }

    /** {@code term} as an operand: itself if it is written in place, else a new local. */
    private ScalarTerm operand(ScalarTerm term) {
      return term.inPlace() ? term : local(term.code());
    }

    /**
     * {@code a * b}: {@code a} or {@code b} itself where the other is ±1 (exact), else a product,
     * with a strong zero (0 times anything is 0) when {@code strong} and neither is a finite
     * nonzero literal.
     */
    private ScalarTerm product(ScalarTerm a, ScalarTerm b, boolean strong) {
      if (a.equals(ONE)) {
        return b;
      }
      if (b.equals(ONE)) {
        return a;
      }
      if (a.equals(MINUS_ONE)) {
        return b.negated();
      }
      if (b.equals(MINUS_ONE)) {
        return a.negated();
      }
      terms++;
      return new ScalarTerm.Product(a, b, strong && !a.finiteNonZero() && !b.finiteNonZero());
    }

    // ------------------------------------------------------------ statements

    /** A value of the user's computation: {@code double tK = code}. */
    private ScalarTerm value(CodeBlock code) {
      String name = "t" + locals++;
      body.addStatement("double $N = $L", name, code);
      return ScalarTerm.name(name);
    }

    /** A derivative's local: {@code double dK = code}. */
    private ScalarTerm local(CodeBlock code) {
      String name = "d" + locals++;
      body.addStatement("double $N = $L", name, code);
      return ScalarTerm.name(name);
    }

    /** {@code Derivatives.function(args)} in a local. */
    private ScalarTerm derivative(String function, ScalarTerm... args) {
      return local(CodeBlock.of("$T.$N($L)", DERIVATIVES, function, codes(List.of(args))));
    }

    /** The codes of {@code terms}, separated by commas. */
    private static CodeBlock codes(List<ScalarTerm> terms) {
      return CodeBlock.join(terms.stream().map(ScalarTerm::code).toList(), ", ");
    }

    // ------------------------------------------------------------ chains of nodes

    /** A node of a chain helper: {@code DualTensor tK = code}. */
    private Jet node(CodeBlock code) {
      String name = "t" + locals++;
      body.addStatement("$T $N = $L", NODE, name, code);
      ScalarTerm node = ScalarTerm.name(name);
      return new Jet(node, Map.of(0, node), Map.of());
    }

    /** {@code a.add(b)}, {@code a.add(2.0)} or {@code DualTensor.add(2.0, b)}, as the builder writes. */
    private static CodeBlock nodeOperation(String method, Jet a, Jet b) {
      return a.active()
          ? CodeBlock.of("$L.$N($L)", a.value().code(), method, b.value().code())
          : CodeBlock.of(
              "$T.$N($L, $L)", NODE, method, a.value().code(), b.value().code());
    }

    private static CodeBlock nodeMathCall(Expr.MathCall call, List<Jet> args) {
      String name = call.function().javaName();
      if (args.size() == 1) {
        return CodeBlock.of("$L.$N()", args.get(0).value().code(), name);
      }
      if (args.size() == 3) {
        List<CodeBlock> nodes = new ArrayList<>();
        for (Jet arg : args) {
          nodes.add(
              arg.active()
                  ? arg.value().code()
                  : CodeBlock.of("new $T($L)", NODE, arg.value().code()));
        }
        return CodeBlock.of("$T.$N($L)", NODE, name, CodeBlock.join(nodes, ", "));
      }
      return nodeOperation(name, args.get(0), args.get(1));
    }

    private static String binaryMethod(Expr.BinaryOperator operator) {
      return switch (operator) {
        case PLUS -> "add";
        case MINUS -> "sub";
        case MULTIPLY -> "mul";
        case DIVIDE -> "div";
        case REMAINDER -> "rem";
        default -> throw new IllegalStateException(operator + " in a chain of nodes");
      };
    }

    // ------------------------------------------------------------ the helper

    /** The helper returning {@code result}'s node. */
    MethodSpec helper(String name, String source, Jet result) {
      String javadoc = FusedHelpers.escape(source);
      MethodSpec.Builder out = MethodSpec.methodBuilder(name)
          .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
          .returns(NODE)
          .addParameters(method.build().parameters())
          .addCode(body.build());
      if (chain) {
        return out.addJavadoc(
                "<pre>{@code\n$L\n}</pre>\nas a chain of second-order nodes, one per operation"
                    + " (too many inputs\nmixing for one fused node).\n",
                javadoc)
            .addCode(
                result.active()
                    ? CodeBlock.of("return $L;\n", result.value().code())
                    : CodeBlock.of("return new $T($L);\n", NODE, result.value().code()))
            .build();
      }
      out.addJavadoc(
          "<pre>{@code\n$L\n}</pre>\nas one second-order node: its value, partials and local"
              + " Hessian.\n",
          javadoc);
      if (inputs == 0) {
        // Active locals initialised with constants: the run's value is a constant leaf.
        return out.addStatement("return new $T($L)", NODE, result.value().code())
            .build();
      }
      List<CodeBlock> nodes = new ArrayList<>();
      List<CodeBlock> partials = new ArrayList<>();
      for (int i = 0; i < inputs; i++) {
        nodes.add(CodeBlock.of("$N", inputNode(i)));
        ScalarTerm partial = result.gradient().get(i);
        partials.add(partial == null ? ZERO : partial.code());
      }
      CodeBlock hessian;
      if (result.hessian().isEmpty()) {
        // A local Hessian that is zero by structure (sums, products with constants): none.
        hessian = CodeBlock.of("null");
      } else {
        // Only the entries that are not zero by structure are written.
        out.addStatement("double[] h = new double[$L]", inputs * (inputs + 1) / 2);
        for (Map.Entry<Integer, ScalarTerm> entry : result.hessian().entrySet()) {
          out.addStatement("h[$L] = $L", entry.getKey(), entry.getValue().code());
        }
        hessian = CodeBlock.of("h");
      }
      return out.addStatement(
              "return $T.fused($L, new $T[] {$L}, new double[] {$L}, $L)",
              NODE,
              result.value().code(),
              NODE,
              CodeBlock.join(nodes, ", "),
              CodeBlock.join(partials, ", "),
              hessian)
          .build();
    }

    // ------------------------------------------------------------ not operations

    private static Jet notAnOperation(Expr expr) {
      throw new IllegalStateException(expr + " is no operation of a fused node");
    }

    @Override
    public Jet visitLiteral(Expr.Literal literal) {
      return notAnOperation(literal);
    }

    @Override
    public Jet visitVariableRef(Expr.VariableRef ref) {
      return notAnOperation(ref);
    }

    @Override
    public Jet visitThis(Expr.This thisExpr) {
      return notAnOperation(thisExpr);
    }

    @Override
    public Jet visitFieldRef(Expr.FieldRef field) {
      return notAnOperation(field);
    }

    @Override
    public Jet visitConditional(Expr.Conditional conditional) {
      return notAnOperation(conditional);
    }

    @Override
    public Jet visitArrayRead(Expr.ArrayRead read) {
      return notAnOperation(read);
    }

    @Override
    public Jet visitArrayLength(Expr.ArrayLength length) {
      return notAnOperation(length);
    }

    @Override
    public Jet visitNewArray(Expr.NewArray array) {
      return notAnOperation(array);
    }

    @Override
    public Jet visitArrayInitializer(Expr.ArrayInitializer array) {
      return notAnOperation(array);
    }

    @Override
    public Jet visitAssign(Expr.Assign assign) {
      return notAnOperation(assign);
    }

    @Override
    public Jet visitIncDec(Expr.IncDec incDec) {
      return notAnOperation(incDec);
    }

    /**
     * An absorbed call: its callee's second-order forward function, called once per pair of
     * active arguments (see {@link AbsorbedCall}; one call, as FusedCalls absorbs only callees of
     * one differentiable input), gives its value, partials and second derivatives, which the chain rule combines with its arguments' jets; in a chain helper, a
     * fused node of its own.
     */
    @Override
    public Jet visitDifferentiableCall(Expr.DifferentiableCall call) {
      String function = forwardSeconds.get(MethodKey.of(call.callee()));
      if (function == null) {
        throw new IllegalStateException("no second-order forward function for " + call.source());
      }
      List<Jet> args = new ArrayList<>();
      for (Expr arg : call.args()) {
        args.add(forward(arg));
      }
      List<ScalarTerm> values = new ArrayList<>();
      List<Boolean> active = new ArrayList<>();
      for (int i = 0; i < args.size(); i++) {
        Jet arg = args.get(i);
        boolean moving =
            dev.gradgen.processor.analysis.FusedCalls.differentiable(call, i) && arg.active();
        active.add(moving);
        // In a chain helper an active argument is a node: the function takes its value.
        values.add(
            chain && arg.active()
                ? local(CodeBlock.of("$L.data()", arg.value().code()))
                : arg.value());
      }
      AbsorbedCall absorbed = new AbsorbedCall(function, call, values, active);
      ScalarTerm out = absorbed.write(this);
      if (chain) {
        return absorbed.node(this, out, args);
      }
      ScalarTerm[] first = new ScalarTerm[args.size()];
      ScalarTerm[][] second = new ScalarTerm[args.size()][args.size()];
      for (int i = 0; i < args.size(); i++) {
        first[i] = absorbed.partials.get(i);
        for (int j = i; j < args.size(); j++) {
          second[i][j] = absorbed.seconds.get(packed(j, i));
        }
      }
      return combine(out, args, first, second);
    }

    /** {@code double[] name = new double[3]}: the result array of a second-order forward call. */
    private String scratch() {
      String name = "s" + locals++;
      body.addStatement("double[] $N = new double[3]", name);
      return name;
    }

    @Override
    public Jet visitPlainCall(Expr.PlainCall call) {
      return notAnOperation(call);
    }

    @Override
    public Jet visitRuleCall(Expr.RuleCall call) {
      return notAnOperation(call);
    }

    @Override
    public Jet visitNewObject(Expr.NewObject object) {
      return notAnOperation(object);
    }
  }

  /**
   * The calls of one absorbed call's second-order forward function (see {@link
   * SecondOrderForwardWriter}): one per active argument i with both tangents along i, giving the
   * partial and the second derivative in i, and one per pair i &lt; j with the first tangent along
   * i and the second along j, giving the mixed one; the first also gives the value (the plain
   * method's, bit for bit). The helper calls them after the call site's other operands, as the
   * first-order absorbed calls (the callee is self-contained: each call sees the same state).
   */
  private static final class AbsorbedCall {
    private final String function;
    private final Expr.DifferentiableCall call;
    private final List<ScalarTerm> values;
    private final List<Boolean> active;
    /** The partial of each active argument. */
    private final Map<Integer, ScalarTerm> partials = new HashMap<>();
    /** The second derivatives, by packed pair of argument positions. */
    private final Map<Integer, ScalarTerm> seconds = new HashMap<>();

    AbsorbedCall(
        String function,
        Expr.DifferentiableCall call,
        List<ScalarTerm> values,
        List<Boolean> active) {
      this.function = function;
      this.call = call;
      this.values = values;
      this.active = active;
    }

    /** Writes the calls into {@code local}'s body; returns the call's value. */
    ScalarTerm write(Local local) {
      List<Integer> moving = new ArrayList<>();
      for (int i = 0; i < active.size(); i++) {
        if (active.get(i)) {
          moving.add(i);
        }
      }
      String scratch = local.scratch();
      if (moving.isEmpty()) {
        return local.value(invocation(-1, -1, scratch));
      }
      ScalarTerm out = null;
      for (int i : moving) {
        CodeBlock invocation = invocation(i, i, scratch);
        if (out == null) {
          out = local.value(invocation);
        } else {
          local.body.addStatement("$L", invocation);
        }
        partials.put(i, local.local(CodeBlock.of("$N[0]", scratch)));
        seconds.put(packed(i, i), local.local(CodeBlock.of("$N[2]", scratch)));
      }
      for (int a = 0; a < moving.size(); a++) {
        for (int b = a + 1; b < moving.size(); b++) {
          int i = moving.get(a);
          int j = moving.get(b);
          local.body.addStatement("$L", invocation(i, j, scratch));
          seconds.put(packed(j, i), local.local(CodeBlock.of("$N[2]", scratch)));
        }
      }
      local.terms += pairs(moving.size());
      return out;
    }

    /** The call with the first tangent along argument i and the second along j (-1: none). */
    private CodeBlock invocation(int i, int j, String scratch) {
      List<CodeBlock> args = new ArrayList<>();
      for (ScalarTerm value : values) {
        args.add(value.code());
      }
      for (int p = 0; p < values.size(); p++) {
        if (dev.gradgen.processor.analysis.FusedCalls.differentiable(call, p)) {
          args.add(CodeBlock.of("$L", p == i ? 1.0 : 0.0));
          args.add(CodeBlock.of("$L", p == j ? 1.0 : 0.0));
          args.add(CodeBlock.of("$L", 0.0));
        }
      }
      args.add(CodeBlock.of("$N", scratch));
      return ForwardWriter.call(function, args);
    }

    /**
     * In a chain helper: the call as one fused node on its distinct active argument nodes (an
     * argument node passed twice is one input, its partials and second derivatives summed).
     */
    Jet node(Local local, ScalarTerm out, List<Jet> args) {
      Map<String, Integer> slots = new java.util.LinkedHashMap<>();
      List<CodeBlock> nodes = new ArrayList<>();
      int[] slot = new int[args.size()];
      for (int i = 0; i < args.size(); i++) {
        if (!partials.containsKey(i)) {
          continue;
        }
        String code = args.get(i).value().code().toString();
        Integer known = slots.get(code);
        if (known == null) {
          known = slots.size();
          slots.put(code, known);
          nodes.add(args.get(i).value().code());
        }
        slot[i] = known;
      }
      if (nodes.isEmpty()) {
        return local.node(CodeBlock.of("new $T($L)", NODE, out.code()));
      }
      Map<Integer, List<CodeBlock>> gradient = new TreeMap<>();
      Map<Integer, List<CodeBlock>> hessian = new TreeMap<>();
      for (int i = 0; i < args.size(); i++) {
        if (!partials.containsKey(i)) {
          continue;
        }
        gradient
            .computeIfAbsent(slot[i], k -> new ArrayList<>())
            .add(partials.get(i).code());
        for (int j = i; j < args.size(); j++) {
          if (!partials.containsKey(j)) {
            continue;
          }
          CodeBlock entry = seconds.get(packed(j, i)).code();
          List<CodeBlock> terms =
              hessian.computeIfAbsent(packed(slot[i], slot[j]), k -> new ArrayList<>());
          terms.add(entry);
          if (i != j && slot[i] == slot[j]) {
            terms.add(entry);
          }
        }
      }
      List<CodeBlock> partialCodes = new ArrayList<>();
      for (int s = 0; s < nodes.size(); s++) {
        partialCodes.add(CodeBlock.join(gradient.get(s), " + "));
      }
      List<CodeBlock> entries = new ArrayList<>();
      for (int k = 0; k < pairs(nodes.size()); k++) {
        List<CodeBlock> terms = hessian.get(k);
        entries.add(terms == null ? ZERO : CodeBlock.join(terms, " + "));
      }
      return local.node(CodeBlock.of(
          "$T.fused($L, new $T[] {$L}, new double[] {$L}, new double[] {$L})",
          NODE,
          out.code(),
          NODE,
          CodeBlock.join(nodes, ", "),
          CodeBlock.join(partialCodes, ", "),
          CodeBlock.join(entries, ", ")));
    }
  }
}
