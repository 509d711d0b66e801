package dev.gradgen.processor.writer;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.MathFunction;
import dev.gradgen.processor.model.Stmt;
import dev.gradgen.processor.model.TypeNames;
import dev.gradgen.processor.model.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Statement-level preaccumulation: writes a straight-line active expression (arithmetic and Math
 * functions over nodes and constants) as one node with a partial for each of its inputs, instead of
 * one node per operation. A private helper of the companion computes the value with the user's
 * operations in the user's order (so it stays bit for bit the plain value) and the partials by a
 * reverse sweep over the expression; the graph stays dynamic, with fewer and wider nodes.
 */
final class FusionWriter {

  private static final ClassName DERIVATIVES = TypeNames.DERIVATIVES;
  private static final CodeBlock ONE = CodeBlock.of("1.0");
  private static final CodeBlock MINUS_ONE = CodeBlock.of("-1.0");

  private final String prefix;
  private final boolean everywhere;
  private final NodeFamily family;
  private final List<MethodSpec> helpers = new ArrayList<>();

  /**
   * {@code everywhere} false ({@code -Agradgen.fuse=false}) writes one node per operation, except
   * in expressions nested deeper than {@link #MAX_CHAIN_DEPTH}, which javac could not compile as
   * one chain of calls. A family that does not fuse (second-order nodes, whose partials must be
   * nodes too) writes those deep expressions as chain helpers instead: straight-line methods that
   * build the nodes one operation at a time.
   */
  FusionWriter(String prefix, boolean everywhere, NodeFamily family) {
    if (everywhere && !family.fuses()) {
      throw new IllegalArgumentException(family.node() + " nodes are never fused");
    }
    this.prefix = prefix;
    this.everywhere = everywhere;
    this.family = family;
  }

  /** The kind of node the builder is written with. */
  NodeFamily family() {
    return family;
  }

  /** Whether every straight-line expression and run is fused, or only the deepest expressions. */
  boolean everywhere() {
    return everywhere;
  }

  /** The helpers written so far, to be added to the companion. */
  List<MethodSpec> helpers() {
    return List.copyOf(helpers);
  }

  /** Whether {@code expr} is an operation a fused node can absorb. */
  static boolean isOperation(Expr expr, ExpressionWriter writer) {
    if (!writer.isActive(expr)) {
      return false;
    }
    if (expr instanceof Expr.Binary binary) {
      return binary.operator().isArithmetic();
    }
    if (expr instanceof Expr.MathCall call) {
      return !call.strict() && call.function().fusable();
    }
    return expr instanceof Expr.Unary || expr instanceof Expr.Cast;
  }

  /** The call of a helper computing {@code expr} as one node, or null when it has one operation. */
  CodeBlock fuse(Expr expr, ExpressionWriter writer) {
    if (operations(expr, writer) < 2) {
      return null;
    }
    // A big expression becomes several nodes, each within the limits; a cut sub-expression is an
    // input here and is fused on its own when the sweep reads it (the cuts of a sub-expression are
    // the same whether computed for it or for the whole, so they are computed again there).
    Set<Expr> cut = Collections.newSetFromMap(new IdentityHashMap<>());
    cuts(expr, writer, cut);
    Sweep sweep = new Sweep(writer, cut);
    String result = sweep.forward(expr);
    if (family.fuses()) {
      sweep.backward(expr, ONE);
    }
    String name = prefix + family.helperInfix() + (helpers.size() + 1);
    helpers.add(sweep.helper(name, expr.source().toString(), result));
    return CodeBlock.of("$N($L)", name, CodeBlock.join(sweep.arguments, ", "));
  }

  /**
   * The call of a helper computing a run of straight-line statements as one node: {@code temporaries}
   * (locals used nowhere else, so they need no node of their own) in order, then {@code result}.
   */
  CodeBlock fuseRun(
      List<Stmt.LocalDeclaration> temporaries,
      Expr result,
      String source,
      ExpressionWriter writer) {
    Sweep sweep = new Sweep(writer, Set.of());
    for (Stmt.LocalDeclaration temporary : temporaries) {
      sweep.define(temporary.variable(), temporary.init());
    }
    String value = sweep.forward(result);
    sweep.backward(result, ONE);
    for (int i = temporaries.size() - 1; i >= 0; i--) {
      sweep.backwardTemporary(temporaries.get(i).variable(), temporaries.get(i).init());
    }
    String name = prefix + family.helperInfix() + (helpers.size() + 1);
    helpers.add(sweep.helper(name, source, value));
    return CodeBlock.of("$N($L)", name, CodeBlock.join(sweep.arguments, ", "));
  }

  /** Whether {@code expr} can be computed inside a fused node, with only variables read as nodes. */
  static boolean isStraightLine(Expr expr, ExpressionWriter writer) {
    if (!writer.isActive(expr)) {
      return true;
    }
    if (isOperation(expr, writer)) {
      for (Expr child : children(expr)) {
        if (!isStraightLine(child, writer)) {
          return false;
        }
      }
      return true;
    }
    return expr instanceof Expr.VariableRef
        || expr instanceof Expr.ArrayRead read && Sweep.pure(read);
  }

  /**
   * The size of one fused node, within the JVM's limits with a wide margin: operations bound the
   * helper's code (about 60 bytes each at most, against 64 KB per method), and parameter slots its
   * parameter list (255 at most: an input node takes one, a constant {@code double} two).
   */
  record Size(int operations, int slots) {
    static final Size NONE = new Size(0, 0);

    Size plus(Size other) {
      return new Size(operations + other.operations, slots + other.slots);
    }

    boolean fits() {
      return operations <= MAX_OPERATIONS && slots <= MAX_SLOTS;
    }
  }

  /** Most operations in one fused node. */
  static final int MAX_OPERATIONS = 200;
  /** Most parameter slots of one fused helper. */
  static final int MAX_SLOTS = 200;
  /** Deepest operation tree written as a chain of node calls; javac's own recursion limits it. */
  static final int MAX_CHAIN_DEPTH = 100;

  /** The size of {@code expr} as one fused node, with no cuts (an upper bound: inputs not shared). */
  static Size size(Expr expr, ExpressionWriter writer) {
    if (!isOperation(expr, writer)) {
      return leafSize(expr, writer);
    }
    Size total = new Size(1, 0);
    for (Expr child : children(expr)) {
      total = total.plus(size(child, writer));
    }
    return total;
  }

  private static Size leafSize(Expr expr, ExpressionWriter writer) {
    if (expr instanceof Expr.Literal) {
      return Size.NONE;
    }
    return new Size(0, writer.isActive(expr) ? 1 : 2);
  }

  /**
   * Chooses the sub-expressions of {@code expr} that become nodes of their own so that every node
   * fits, bottom up: where an operation's node would grow too big, its biggest operand subtree is
   * cut off (then becoming one input), until it fits. Returns the size of {@code expr}'s own node.
   */
  private static Size cuts(Expr expr, ExpressionWriter writer, Set<Expr> cut) {
    if (!isOperation(expr, writer)) {
      return leafSize(expr, writer);
    }
    List<Expr> children = children(expr);
    List<Size> sizes = new ArrayList<>();
    for (Expr child : children) {
      sizes.add(cuts(child, writer, cut));
    }
    while (true) {
      Size total = new Size(1, 0);
      int biggest = -1;
      for (int i = 0; i < sizes.size(); i++) {
        total = total.plus(sizes.get(i));
        if (isOperation(children.get(i), writer)
            && !cut.contains(children.get(i))
            && (biggest < 0 || sizes.get(i).operations() > sizes.get(biggest).operations())) {
          biggest = i;
        }
      }
      if (total.fits() || biggest < 0) {
        return total;
      }
      cut.add(children.get(biggest));
      sizes.set(biggest, new Size(0, 1));
    }
  }

  /** How deep operations nest in {@code expr}: the length of the chain of node calls it would be. */
  static int depth(Expr expr, ExpressionWriter writer) {
    if (!isOperation(expr, writer)) {
      return 0;
    }
    int deepest = 0;
    for (Expr child : children(expr)) {
      deepest = Math.max(deepest, depth(child, writer));
    }
    return deepest + 1;
  }

  private static int operations(Expr expr, ExpressionWriter writer) {
    if (!isOperation(expr, writer)) {
      return 0;
    }
    int count = 1;
    for (Expr child : children(expr)) {
      count += operations(child, writer);
    }
    return count;
  }

  static List<Expr> children(Expr expr) {
    if (expr instanceof Expr.Binary binary) {
      return List.of(binary.left(), binary.right());
    } else if (expr instanceof Expr.Unary unary) {
      return List.of(unary.operand());
    } else if (expr instanceof Expr.Cast cast) {
      return List.of(cast.operand());
    } else if (expr instanceof Expr.MathCall call) {
      return call.args();
    }
    return List.of();
  }

  /** One fused expression: its parameters, its forward code and its reverse sweep. */
  private static final class Sweep {
    private final ExpressionWriter writer;
    private final MethodSpec.Builder method = MethodSpec.methodBuilder("unnamed");
    private final CodeBlock.Builder forward = CodeBlock.builder();
    private final CodeBlock.Builder reverse = CodeBlock.builder();
    private final List<CodeBlock> arguments = new ArrayList<>();
    /** What each sub-expression is called in the helper: a value, a parameter or a literal. */
    private final Map<Expr, String> names = new IdentityHashMap<>();
    /** Each input node's index, by the code that evaluates it at the call site (pure ones shared). */
    private final Map<String, Integer> inputsByCode = new HashMap<>();

    private final Map<Expr, Integer> inputOf = new IdentityHashMap<>();
    /** Values and adjoints of the run's temporaries, which are no nodes. */
    private final Map<Variable, String> temporaryValues = new HashMap<>();

    private final Map<Variable, String> temporaryAdjoints = new HashMap<>();
    private int inputs;
    private int constants;
    private int temporaries;

    /** Operations of the expression that are nodes of their own (see {@link #cuts}), read as inputs. */
    private final Set<Expr> cut;
    /**
     * Whether the helper builds a chain of nodes, one per operation, instead of one fused node
     * with plain-double partials: for a family that does not fuse.
     */
    private final boolean chain;

    private final ClassName node;

    Sweep(ExpressionWriter writer, Set<Expr> cut) {
      this.writer = writer;
      this.cut = cut;
      this.chain = !writer.family().fuses();
      this.node = writer.family().node();
    }

    /** Whether {@code expr} is computed inside this node rather than read as an input. */
    private boolean inside(Expr expr) {
      return isOperation(expr, writer) && !cut.contains(expr);
    }

    /** Computes a temporary's value; its adjoint starts at 0 and gathers every use. */
    void define(Variable variable, Expr init) {
      temporaryValues.put(variable, forward(init));
      temporaryAdjoints.put(variable, "a" + temporaryAdjoints.size());
    }

    /** Passes a temporary's gathered adjoint on to the inputs of its initializer. */
    void backwardTemporary(Variable variable, Expr init) {
      CodeBlock adjoint = CodeBlock.of("$N", temporaryAdjoints.get(variable));
      if (inside(init) && !isAlias(init)) {
        backward(init, adjoint);
      } else {
        propagate(init, adjoint, null);
      }
    }

    /** Writes the value of {@code expr}; returns its name. Leaves become parameters, in source order. */
    String forward(Expr expr) {
      String name;
      if (!inside(expr)) {
        name = leaf(expr);
      } else if (expr instanceof Expr.Binary binary) {
        String left = forward(binary.left());
        String right = forward(binary.right());
        name = chain
            ? nodeTemporary(
                nodeOperation(binaryMethod(binary.operator()), binary.left(), left, right))
            : temporary(CodeBlock.of("$L $L $L", left, binary.operator().symbol(), right));
      } else if (expr instanceof Expr.Unary unary) {
        String operand = forward(unary.operand());
        name = unary.operator() != Expr.UnaryOperator.MINUS
            ? operand
            : chain
                ? nodeTemporary(CodeBlock.of("$N.neg()", operand))
                : temporary(CodeBlock.of("-$L", operand));
      } else if (expr instanceof Expr.Cast cast) {
        name = forward(cast.operand());
      } else {
        Expr.MathCall call = (Expr.MathCall) expr;
        List<String> args = new ArrayList<>();
        for (Expr arg : call.args()) {
          args.add(forward(arg));
        }
        name = chain
            ? nodeTemporary(nodeMathCall(call, args))
            : temporary(CodeBlock.of(
                "$T.$N($L)", call.owner(), call.function().javaName(), String.join(", ", args)));
      }
      names.put(expr, name);
      return name;
    }

    private String temporary(CodeBlock value) {
      String name = "t" + temporaries++;
      forward.addStatement("double $N = $L", name, value);
      return name;
    }

    /** A node of the chain: {@code Node tK = value}. */
    private String nodeTemporary(CodeBlock value) {
      String name = "t" + temporaries++;
      forward.addStatement("$T $N = $L", node, name, value);
      return name;
    }

    /**
     * A two-operand operation on nodes as the builder writes it: {@code a.add(b)}, {@code a.add(2.0)}
     * or {@code Node.add(2.0, b)}, by which operands are nodes.
     */
    private CodeBlock nodeOperation(String method, Expr left, String a, String b) {
      return writer.isActive(left)
          ? CodeBlock.of("$N.$N($L)", a, method, b)
          : CodeBlock.of("$T.$N($L, $N)", node, method, a, b);
    }

    private CodeBlock nodeMathCall(Expr.MathCall call, List<String> args) {
      String name = call.function().javaName();
      if (args.size() == 1) {
        return CodeBlock.of("$N.$N()", args.get(0), name);
      }
      if (args.size() == 3) {
        // fma: every operand a node, a constant one a fresh leaf, as the builder writes it.
        List<CodeBlock> nodes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
          nodes.add(
              writer.isActive(call.args().get(i))
                  ? CodeBlock.of("$N", args.get(i))
                  : CodeBlock.of("new $T($L)", node, args.get(i)));
        }
        return CodeBlock.of("$T.$N($L)", node, name, CodeBlock.join(nodes, ", "));
      }
      return nodeOperation(name, call.args().get(0), args.get(0), args.get(1));
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

    private String leaf(Expr expr) {
      if (expr instanceof Expr.VariableRef ref && temporaryValues.containsKey(ref.variable())) {
        return temporaryValues.get(ref.variable());
      }
      if (!writer.isActive(expr)) {
        if (expr instanceof Expr.Literal literal) {
          return literal.code().startsWith("-") ? "(" + literal.code() + ")" : literal.code();
        }
        String name = "c" + constants++;
        method.addParameter(TypeName.DOUBLE, name);
        arguments.add(writer.plain(expr));
        forgetInputsIfImpure(expr);
        return name;
      }
      forgetInputsIfImpure(expr);
      CodeBlock code = writer.graph(expr);
      Integer index = pure(expr) ? inputsByCode.get(code.toString()) : null;
      if (index == null) {
        index = inputs++;
        method.addParameter(node, "x" + index);
        arguments.add(code);
        if (!chain) {
          forward.addStatement("double v$L = x$L.data()", index, index);
        }
        if (pure(expr)) {
          inputsByCode.put(code.toString(), index);
        }
      }
      inputOf.put(expr, index);
      return (chain ? "x" : "v") + index;
    }

    /**
     * An argument that may have side effects (an {@code i++}, a call) may change what a later read
     * of the same variable or element gives, so later reads are not shared with earlier ones.
     */
    private void forgetInputsIfImpure(Expr expr) {
      if (!pure(expr)) {
        inputsByCode.clear();
      }
    }

    /** Whether evaluating {@code expr} twice is the same as once: reads of variables and arrays. */
    static boolean pure(Expr expr) {
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

    /** Adds {@code adjoint} times d(expr)/d(child) to each child's adjoint, down to the inputs. */
    void backward(Expr expr, CodeBlock adjoint) {
      if (!inside(expr)) {
        Integer input = inputOf.get(expr);
        if (input != null) {
          reverse.addStatement("d$L += $L", input, adjoint);
        } else if (expr instanceof Expr.VariableRef ref
            && temporaryAdjoints.containsKey(ref.variable())) {
          reverse.addStatement("$N += $L", temporaryAdjoints.get(ref.variable()), adjoint);
        }
        return;
      }
      String out = names.get(expr);
      if (expr instanceof Expr.Binary binary) {
        String a = names.get(binary.left());
        String b = names.get(binary.right());
        switch (binary.operator()) {
          case PLUS -> {
            propagate(binary.left(), adjoint, null);
            propagate(binary.right(), adjoint, null);
          }
          case MINUS -> {
            propagate(binary.left(), adjoint, null);
            propagate(binary.right(), adjoint, MINUS_ONE);
          }
          case MULTIPLY -> {
            propagate(binary.left(), adjoint, CodeBlock.of("$L", b));
            propagate(binary.right(), adjoint, CodeBlock.of("$L", a));
          }
          case DIVIDE -> {
            propagate(binary.left(), adjoint, CodeBlock.of("(1.0 / $L)", b));
            propagate(binary.right(), adjoint, derivative("divisor", b, out));
          }
          case REMAINDER -> {
            propagate(binary.left(), adjoint, null);
            propagate(binary.right(), adjoint, derivative("remDivisor", a, b, out));
          }
          default -> throw new IllegalStateException(binary.operator() + " in a fused node");
        }
      } else if (expr instanceof Expr.Unary unary) {
        propagate(
            unary.operand(),
            adjoint,
            unary.operator() == Expr.UnaryOperator.MINUS ? MINUS_ONE : null);
      } else if (expr instanceof Expr.Cast cast) {
        propagate(cast.operand(), adjoint, null);
      } else {
        mathCall((Expr.MathCall) expr, adjoint, out);
      }
    }

    private void mathCall(Expr.MathCall call, CodeBlock adjoint, String out) {
      MathFunction function = call.function();
      if (call.args().size() == 1) {
        Expr x = call.args().get(0);
        propagate(x, adjoint, derivative(function.javaName(), names.get(x), out));
        return;
      }
      Expr first = call.args().get(0);
      Expr second = call.args().get(1);
      String a = names.get(first);
      String b = names.get(second);
      switch (function) {
        case FMA -> {
          Expr third = call.args().get(2);
          propagate(first, adjoint, CodeBlock.of("$L", b));
          propagate(second, adjoint, CodeBlock.of("$L", a));
          propagate(third, adjoint, null);
        }
        // The sign of copySign and the direction of nextAfter only pick a branch: partial 0.
        case COPY_SIGN -> propagate(first, adjoint, derivative("copySign", a, out));
        case NEXT_AFTER -> propagate(first, adjoint, null);
        case IEEE_REMAINDER -> {
          propagate(first, adjoint, null);
          propagate(second, adjoint, derivative("remDivisor", a, b, out));
        }
        case POW -> {
          propagate(first, adjoint, derivative("powBase", a, b));
          propagate(second, adjoint, derivative("powExponent", a, out));
        }
        case ATAN2 -> {
          propagate(first, adjoint, derivative("atan2Y", a, b));
          propagate(second, adjoint, derivative("atan2X", a, b));
        }
        case HYPOT -> {
          propagate(first, adjoint, derivative("hypot", a, b, out));
          propagate(second, adjoint, derivative("hypot", b, a, out));
        }
        case MIN, MAX -> {
          String choice = "f" + temporaries++;
          reverse.addStatement(
              "double $N = $T.$N($L, $L, $L)",
              choice,
              DERIVATIVES,
              function == MathFunction.MIN ? "minFirst" : "maxFirst",
              a,
              b,
              out);
          propagate(first, adjoint, CodeBlock.of("$N", choice));
          propagate(second, adjoint, CodeBlock.of("(1.0 - $N)", choice));
        }
        default -> throw new IllegalStateException(function + " in a fused node");
      }
    }

    private CodeBlock derivative(String name, String... args) {
      return CodeBlock.of("$T.$N($L)", DERIVATIVES, name, String.join(", ", args));
    }

    /** Passes {@code adjoint * partial} (partial null meaning 1) on to {@code child}. */
    private void propagate(Expr child, CodeBlock adjoint, CodeBlock partial) {
      if (!writer.isActive(child)) {
        return;
      }
      CodeBlock product;
      if (partial == null) {
        product = adjoint;
      } else if (adjoint.equals(ONE)) {
        product = partial;
      } else {
        product = CodeBlock.of("$L * $L", adjoint, partial);
      }
      if (inside(child) && !isAlias(child)) {
        String name = "g" + temporaries++;
        reverse.addStatement("double $N = $L", name, product);
        backward(child, CodeBlock.of("$N", name));
      } else {
        backward(child, product);
      }
    }

    /** Unary plus and casts share their operand's value, so they need no adjoint of their own. */
    private static boolean isAlias(Expr expr) {
      return expr instanceof Expr.Cast
          || expr instanceof Expr.Unary unary && unary.operator() == Expr.UnaryOperator.PLUS;
    }

    MethodSpec helper(String name, String source, String result) {
      if (chain) {
        return MethodSpec.methodBuilder(name)
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(node)
            .addJavadoc(
                "<pre>{@code\n$L\n}</pre>\nas a chain of nodes, one per operation, built one"
                    + " after the other\n(nested, the calls would be too deep for javac).\n",
                source.replace("*/", "*&#47;").replace("@", "&#64;"))
            .addParameters(method.build().parameters())
            .addCode(forward.build())
            .addStatement("return $N", result)
            .build();
      }
      CodeBlock.Builder body = CodeBlock.builder().add(forward.build());
      for (int i = 0; i < inputs; i++) {
        body.addStatement("double d$L = 0.0", i);
      }
      for (String adjoint : temporaryAdjoints.values().stream().sorted().toList()) {
        body.addStatement("double $N = 0.0", adjoint);
      }
      body.add(reverse.build());
      if (inputs == 0) {
        // Active locals initialised with constants: the run's value is a constant leaf.
        body.addStatement("return new $T($N)", ExpressionWriter.TENSOR, result);
      } else if (inputs <= 3) {
        List<CodeBlock> parts = new ArrayList<>();
        for (int i = 0; i < inputs; i++) {
          parts.add(CodeBlock.of("x$L, d$L", i, i));
        }
        body.addStatement(
            "return $T.fused($N, $L)",
            ExpressionWriter.TENSOR,
            result,
            CodeBlock.join(parts, ", "));
      } else {
        List<CodeBlock> nodes = new ArrayList<>();
        List<CodeBlock> partials = new ArrayList<>();
        for (int i = 0; i < inputs; i++) {
          nodes.add(CodeBlock.of("x$L", i));
          partials.add(CodeBlock.of("d$L", i));
        }
        body.addStatement(
            "return $T.fused($N, new $T[] {$L}, new double[] {$L})",
            ExpressionWriter.TENSOR,
            result,
            ExpressionWriter.TENSOR,
            CodeBlock.join(nodes, ", "),
            CodeBlock.join(partials, ", "));
      }
      MethodSpec spec = method.build();
      return MethodSpec.methodBuilder(name)
          .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
          .returns(ExpressionWriter.TENSOR)
          .addJavadoc(
              "<pre>{@code\n$L\n}</pre>\nas one node.\n",
              source.replace("*/", "*&#47;").replace("@", "&#64;"))
          .addParameters(spec.parameters())
          .addCode(body.build())
          .build();
    }
  }
}
