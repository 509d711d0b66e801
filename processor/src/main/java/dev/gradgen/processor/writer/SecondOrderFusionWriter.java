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
import dev.gradgen.processor.model.ReductionLoop;
import dev.gradgen.processor.model.SourceText;
import dev.gradgen.processor.model.Stmt;
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

  private static final ClassName DERIVATIVES = ClassName.get("dev.gradgen", "Derivatives");
  private static final ClassName NODE = NodeFamily.DUAL.node();
  private static final ClassName DUAL_REDUCTION = ClassName.get("dev.gradgen", "DualReduction");
  private static final String ONE = "1.0";
  private static final String MINUS_ONE = "-1.0";

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
   * Fused second-order nodes whose helpers are named from {@code prefix} and quote the user's
   * source from {@code text}.
   */
  SecondOrderFusionWriter(String prefix, SourceText text) {
    this.prefix = prefix;
    this.text = text;
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
    Local local = new Local(writer, cut);
    Jet result = local.forward(expr);
    return add(local, text.of(expr.source()), result);
  }

  @Override
  public CodeBlock fuseRun(
      List<Stmt.LocalDeclaration> temporaries,
      Expr result,
      String source,
      ExpressionWriter writer) {
    Local local = new Local(writer, Set.of());
    for (Stmt.LocalDeclaration temporary : temporaries) {
      local.define(temporary.variable(), temporary.init());
    }
    Jet value = local.forward(result);
    if (local.terms + local.locals <= MAX_TERMS) {
      return add(local, source, value);
    }
    // Too many inputs mixing nonlinearly for one helper: the same run, one node per operation.
    Local chain = new Local(writer, Set.of());
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
    String javadoc = source.replace("*/", "*&#47;").replace("@", "&#64;");
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
   * A sub-expression inside a helper: the name of its value, and the names of its nonzero partials
   * (by input) and of the nonzero entries of its Hessian's lower triangle (by packed index {@code
   * i (i + 1) / 2 + j}, j &lt;= i). A name is a local of the helper, a parameter or a literal;
   * constants have neither partials nor Hessian. In a chain helper, {@code value} names a node.
   */
  record Jet(String value, Map<Integer, String> gradient, Map<Integer, String> hessian) {
    static Jet constant(String value) {
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
    /** Each input node's index, by the code that evaluates it at the call site (pure ones shared). */
    private final Map<String, Integer> inputsByCode = new HashMap<>();
    /** The jets of the run's temporaries, which are no nodes. */
    private final Map<Variable, Jet> temporaries = new HashMap<>();
    /** Names known to hold finite nonzero values (literals), whose products need no strong zero. */
    private final Set<String> finiteNonZero = new HashSet<>();

    private int inputs;
    private int constants;
    private int locals;
    /** The products written, against {@link #MAX_TERMS}. */
    private int terms;
    /** Whether this helper builds one node per operation instead of one fused node. */
    private boolean chain;

    Local(ExpressionWriter writer, Set<Expr> cut) {
      this.writer = writer;
      this.cut = cut;
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

    /** Whether the helper's code stays within {@link #MAX_TERMS} products and locals. */
    boolean fits() {
      return terms + locals <= MAX_TERMS;
    }

    // ------------------------------------------------------------ leaves

    private Jet leaf(Expr expr) {
      if (expr instanceof Expr.VariableRef ref && temporaries.containsKey(ref.variable())) {
        return temporaries.get(ref.variable());
      }
      if (!writer.isActive(expr)) {
        if (expr instanceof Expr.Literal literal) {
          String code =
              literal.code().startsWith("-") ? "(" + literal.code() + ")" : literal.code();
          if (finiteNonZero(literal.code())) {
            finiteNonZero.add(code);
          }
          return Jet.constant(code);
        }
        String name = "c" + constants++;
        method.addParameter(TypeName.DOUBLE, name);
        arguments.add(writer.plain(expr));
        forgetInputsIfImpure(expr);
        return Jet.constant(name);
      }
      forgetInputsIfImpure(expr);
      CodeBlock code = writer.graph(expr);
      Integer index = pure(expr) ? inputsByCode.get(code.toString()) : null;
      if (index == null) {
        index = inputs++;
        method.addParameter(NODE, "x" + index);
        arguments.add(code);
        if (!chain) {
          body.addStatement("double v$L = x$L.data()", index, index);
        }
        if (pure(expr)) {
          inputsByCode.put(code.toString(), index);
        }
      }
      return new Jet((chain ? "x" : "v") + index, Map.of(index, ONE), Map.of());
    }

    private void forgetInputsIfImpure(Expr expr) {
      if (!pure(expr)) {
        inputsByCode.clear();
      }
    }

    private static boolean finiteNonZero(String literal) {
      try {
        double value = Double.parseDouble(literal);
        return Double.isFinite(value) && value != 0.0;
      } catch (NumberFormatException e) {
        return false;
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
              ? node(CodeBlock.of("$N.neg()", operand.value()))
              : combine(
                  value(CodeBlock.of("-$L", operand.value())),
                  List.of(operand),
                  new String[] {MINUS_ONE},
                  new String[1][1]);
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
      String out =
          value(CodeBlock.of("$L $L $L", a.value(), binary.operator().symbol(), b.value()));
      String x = a.value();
      String y = b.value();
      boolean da = a.active();
      boolean db = b.active();
      String[][] second = new String[2][2];
      String[] first = switch (binary.operator()) {
        case PLUS -> new String[] {ONE, ONE};
        case MINUS -> new String[] {ONE, MINUS_ONE};
        case MULTIPLY -> {
          second[0][1] = ONE;
          yield new String[] {y, x};
        }
        case DIVIDE -> {
          second[0][1] = da && db ? derivative("divMixed", y) : null;
          second[1][1] = db ? derivative("divisorSecond", y, out) : null;
          yield new String[] {
            da ? local(CodeBlock.of("1.0 / $L", y)) : null,
            db ? derivative("divisor", y, out) : null
          };
        }
        case REMAINDER -> remainder(x, y, out, da, db, second);
        default -> throw new IllegalStateException(binary.operator() + " in a fused node");
      };
      return combine(out, List.of(a, b), first, second);
    }

    /** {@code %} and IEEEremainder: partials 1 and -n between the jumps, second derivatives 0. */
    private String[] remainder(
        String x, String y, String out, boolean da, boolean db, String[][] second) {
      String dy = db ? derivative("remDivisor", x, y, out) : null;
      String linear = db ? derivative("piecewiseLinearSecond", dy) : null;
      second[0][1] = da ? linear : null;
      second[1][1] = linear;
      return new String[] {ONE, dy};
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
      List<String> values = args.stream().map(Jet::value).toList();
      String out = value(CodeBlock.of(
          "$T.$N($L)", call.owner(), call.function().javaName(), String.join(", ", values)));
      MathFunction function = call.function();
      if (args.size() == 1) {
        return unaryFunction(function, args.get(0), out);
      }
      String x = values.get(0);
      String y = values.get(1);
      boolean da = args.get(0).active();
      boolean db = args.get(1).active();
      boolean both = da && db;
      String[][] second = new String[args.size()][args.size()];
      String[] first;
      switch (function) {
        case FMA -> {
          second[0][1] = ONE;
          first = new String[] {y, x, ONE};
        }
        case POW -> {
          first = new String[] {
            da ? derivative("powBase", x, y) : null, db ? derivative("powExponent", x, out) : null
          };
          second[0][0] = da ? derivative("powBaseSecond", x, y) : null;
          second[0][1] = both ? derivative("powMixed", x, y, out) : null;
          second[1][1] = db ? derivative("powExponentSecond", x, out) : null;
        }
        case ATAN2 -> {
          first = new String[] {
            da ? derivative("atan2Y", x, y) : null, db ? derivative("atan2X", x, y) : null
          };
          second[0][0] = da ? derivative("atan2YY", x, y) : null;
          second[0][1] = both ? derivative("atan2Mixed", x, y) : null;
          second[1][1] = db ? derivative("atan2XX", x, y) : null;
        }
        case HYPOT -> {
          first = new String[] {
            da ? derivative("hypot", x, y, out) : null, db ? derivative("hypot", y, x, out) : null
          };
          second[0][0] = da ? derivative("hypotSecond", x, y, out) : null;
          second[0][1] = both ? derivative("hypotMixed", x, y, out) : null;
          second[1][1] = db ? derivative("hypotSecond", y, x, out) : null;
        }
        case MIN, MAX -> {
          String choice =
              derivative(function == MathFunction.MIN ? "minFirst" : "maxFirst", x, y, out);
          String other = db ? local(CodeBlock.of("1.0 - $L", choice)) : null;
          // DualTensor takes the second derivatives from the partial of the active argument.
          String linear = derivative("piecewiseLinearSecond", da ? choice : other);
          first = new String[] {choice, other};
          second[0][0] = linear;
          second[0][1] = linear;
          second[1][1] = linear;
        }
        case COPY_SIGN -> {
          // The sign only picks a branch: partial 0.
          String magnitude = da ? derivative("copySign", x, out) : null;
          first = new String[] {magnitude, null};
          second[0][0] = da ? derivative("piecewiseLinearSecond", magnitude) : null;
        }
        case NEXT_AFTER -> first = new String[] {ONE, null};
        case IEEE_REMAINDER -> first = remainder(x, y, out, da, db, second);
        default -> throw new IllegalStateException(function + " in a fused node");
      }
      return combine(out, args, first, second);
    }

    private Jet unaryFunction(MathFunction function, Jet arg, String out) {
      String x = arg.value();
      String first = derivative(function.javaName(), x, out);
      String second = switch (function) {
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
      String[][] seconds = {{second}};
      return combine(out, List.of(arg), new String[] {first}, seconds);
    }

    /**
     * The jet of an operation of value {@code out} on {@code args}, from its partials {@code
     * first[i]} and second derivatives {@code second[i][j]} (i &lt;= j; null where zero): the chain
     * rule, g = sum of first[i] g_i, H = sum of first[i] H_i + second[i][j] (g_i g_j' + g_j g_i')
     * (once for i = j). Products in H use strong zeros as DualTensor's tangents do.
     */
    private Jet combine(String out, List<Jet> args, String[] first, String[][] second) {
      Map<Integer, List<CodeBlock>> gradient = new TreeMap<>();
      Map<Integer, List<CodeBlock>> hessian = new TreeMap<>();
      for (int i = 0; i < args.size(); i++) {
        Jet arg = args.get(i);
        if (first[i] == null) {
          continue;
        }
        for (Map.Entry<Integer, String> g : arg.gradient().entrySet()) {
          gradient
              .computeIfAbsent(g.getKey(), k -> new ArrayList<>())
              .add(product(first[i], g.getValue(), false));
        }
        for (Map.Entry<Integer, String> h : arg.hessian().entrySet()) {
          hessian
              .computeIfAbsent(h.getKey(), k -> new ArrayList<>())
              .add(product(first[i], h.getValue(), true));
        }
      }
      for (int i = 0; i < args.size(); i++) {
        for (int j = i; j < args.size(); j++) {
          String s = second[i][j];
          if (s == null) {
            continue;
          }
          Map<Integer, String> gi = args.get(i).gradient();
          Map<Integer, String> gj = args.get(j).gradient();
          for (Map.Entry<Integer, String> p : gi.entrySet()) {
            for (Map.Entry<Integer, String> q : gj.entrySet()) {
              int k = p.getKey();
              int l = q.getKey();
              if (i == j && k < l) {
                continue;
              }
              CodeBlock term = product(s, operand(product(p.getValue(), q.getValue(), true)), true);
              List<CodeBlock> entry =
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

    /** Each entry's terms summed into one name. */
    private Map<Integer, String> sums(Map<Integer, List<CodeBlock>> entries) {
      Map<Integer, String> out = new TreeMap<>();
      for (Map.Entry<Integer, List<CodeBlock>> entry : entries.entrySet()) {
        List<CodeBlock> parts = entry.getValue();
        out.put(
            entry.getKey(),
            parts.size() == 1 ? operand(parts.get(0)) : local(CodeBlock.join(parts, " + ")));
      }
      return out;
    }

    /** {@code code} as an operand: itself if it is a name or a literal, else a new local. */
    private String operand(CodeBlock code) {
      String text = code.toString();
      return isName(text) ? text : local(code);
    }

    /** Whether {@code code} is a name or a literal, usable as an operand as it is. */
    private static boolean isName(String code) {
      return code.matches("[A-Za-z_][A-Za-z0-9_]*")
          || code.matches("\\(-[0-9.][0-9A-Za-z.+_]*\\)|-?[0-9.][0-9A-Za-z.+_]*");
    }

    /**
     * The code of {@code a * b}, for names: with a strong zero (0 times anything is 0) when
     * {@code strong} and neither is a finite nonzero literal.
     */
    private CodeBlock product(String a, String b, boolean strong) {
      if (a.equals(ONE)) {
        return CodeBlock.of("$L", b);
      }
      if (b.equals(ONE)) {
        return CodeBlock.of("$L", a);
      }
      if (a.equals(MINUS_ONE)) {
        return negated(b);
      }
      if (b.equals(MINUS_ONE)) {
        return negated(a);
      }
      terms++;
      if (!strong || finiteNonZero.contains(a) || finiteNonZero.contains(b)) {
        return CodeBlock.of("$L * $L", a, b);
      }
      return CodeBlock.of("$T.strong($L, $L)", NODE, a, b);
    }

    /**
     * {@code -name}. An operand may be a negative literal written without parentheses ({@code
     * -0.25}, see isName): its negation drops the sign (exact in IEEE arithmetic) rather than
     * writing {@code --0.25}, which Java reads as a decrement.
     */
    static CodeBlock negated(String name) {
      if (name.equals(MINUS_ONE)) {
        return CodeBlock.of("$L", ONE);
      }
      return name.startsWith("-")
          ? CodeBlock.of("$L", name.substring(1))
          : CodeBlock.of("-$L", name);
    }

    // ------------------------------------------------------------ statements

    /** A value of the user's computation: {@code double tK = code}. */
    private String value(CodeBlock code) {
      String name = "t" + locals++;
      body.addStatement("double $N = $L", name, code);
      return name;
    }

    /** A derivative's local: {@code double dK = code}. */
    private String local(CodeBlock code) {
      String name = "d" + locals++;
      body.addStatement("double $N = $L", name, code);
      return name;
    }

    private String derivative(String function, String... args) {
      return local(CodeBlock.of("$T.$N($L)", DERIVATIVES, function, String.join(", ", args)));
    }

    // ------------------------------------------------------------ chains of nodes

    /** A node of a chain helper: {@code DualTensor tK = code}. */
    private Jet node(CodeBlock code) {
      String name = "t" + locals++;
      body.addStatement("$T $N = $L", NODE, name, code);
      return new Jet(name, Map.of(0, name), Map.of());
    }

    /** {@code a.add(b)}, {@code a.add(2.0)} or {@code DualTensor.add(2.0, b)}, as the builder writes. */
    private static CodeBlock nodeOperation(String method, Jet a, Jet b) {
      return a.active()
          ? CodeBlock.of("$N.$N($L)", a.value(), method, b.value())
          : CodeBlock.of("$T.$N($L, $N)", NODE, method, a.value(), b.value());
    }

    private static CodeBlock nodeMathCall(Expr.MathCall call, List<Jet> args) {
      String name = call.function().javaName();
      if (args.size() == 1) {
        return CodeBlock.of("$N.$N()", args.get(0).value(), name);
      }
      if (args.size() == 3) {
        List<CodeBlock> nodes = new ArrayList<>();
        for (Jet arg : args) {
          nodes.add(
              arg.active()
                  ? CodeBlock.of("$N", arg.value())
                  : CodeBlock.of("new $T($L)", NODE, arg.value()));
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
      String javadoc = source.replace("*/", "*&#47;").replace("@", "&#64;");
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
                    ? CodeBlock.of("return $L;\n", result.value())
                    : CodeBlock.of("return new $T($L);\n", NODE, result.value()))
            .build();
      }
      out.addJavadoc(
          "<pre>{@code\n$L\n}</pre>\nas one second-order node: its value, partials and local"
              + " Hessian.\n",
          javadoc);
      if (inputs == 0) {
        // Active locals initialised with constants: the run's value is a constant leaf.
        return out.addStatement("return new $T($L)", NODE, result.value()).build();
      }
      List<CodeBlock> nodes = new ArrayList<>();
      List<CodeBlock> partials = new ArrayList<>();
      for (int i = 0; i < inputs; i++) {
        nodes.add(CodeBlock.of("x$L", i));
        partials.add(CodeBlock.of("$L", result.gradient().getOrDefault(i, "0.0")));
      }
      CodeBlock hessian;
      if (result.hessian().isEmpty()) {
        // A local Hessian that is zero by structure (sums, products with constants): none.
        hessian = CodeBlock.of("null");
      } else {
        // Only the entries that are not zero by structure are written.
        out.addStatement("double[] h = new double[$L]", inputs * (inputs + 1) / 2);
        for (Map.Entry<Integer, String> entry : result.hessian().entrySet()) {
          out.addStatement("h[$L] = $L", entry.getKey(), entry.getValue());
        }
        hessian = CodeBlock.of("h");
      }
      return out.addStatement(
              "return $T.fused($L, new $T[] {$L}, new double[] {$L}, $L)",
              NODE,
              result.value(),
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

    @Override
    public Jet visitDifferentiableCall(Expr.DifferentiableCall call) {
      return notAnOperation(call);
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
}
