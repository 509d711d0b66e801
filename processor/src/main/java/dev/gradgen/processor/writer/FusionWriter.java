package dev.gradgen.processor.writer;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.gradgen.processor.analysis.ForwardCoverage;
import dev.gradgen.processor.analysis.FusedCalls;
import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.HelperSignature;
import dev.gradgen.processor.model.HelperSignature.Parameter;
import dev.gradgen.processor.model.MethodKey;
import dev.gradgen.processor.model.MethodModel;
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
import java.util.Objects;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Statement-level preaccumulation: writes a straight-line active expression (arithmetic and Math
 * functions over nodes and constants) as one node with a partial for each of its inputs, instead of
 * one node per operation. A private helper of the companion computes the value with the user's
 * operations in the user's order (so it stays bit for bit the plain value) and the partials by a
 * reverse sweep over the expression; the graph stays dynamic, with fewer and wider nodes.
 *
 * <p>The helpers are written to be read, like Clad's or Tapenade's output: the user's names for
 * inputs that are plain variables ({@code spot}, its node {@code spotNode}, its adjoint {@code
 * _d_spot}), the forward pass printed as the user's expression with only the intermediates the
 * reverse pass reads, no copies, a Javadoc quoting the user's code exactly, and helpers with the
 * same body shared (see {@link FusedHelpers}).
 */
final class FusionWriter {

  private static final ClassName DERIVATIVES = TypeNames.DERIVATIVES;
  /**
   * The most inputs a fused node keeps in fields of its own ({@code Tensor.fused} with that many
   * (input, partial) pairs): 88 and 104 bytes for four and five, against 128 and 144 for the
   * array-backed node, whose arrays the JIT does not scalar-replace in a helper.
   */
  static final int FIELD_NODE_INPUTS = 5;

  private final String prefix;
  private final boolean everywhere;
  private final NodeFamily family;
  private final FusedHelpers helpers;
  /** The exact text of the method's trees, for the Javadoc of its helpers. */
  private final SourceText text;
  /** The Javadoc link of the method the helpers differentiate, or null. */
  private final CodeBlock method;
  /**
   * The scalar forward function of each covered method, by {@link ForwardCoverage#key}: what an
   * absorbed call (see {@link dev.gradgen.processor.analysis.FusedCalls}) computes with.
   */
  private final Map<MethodKey, String> forwardScalars;

  private int written;

  /**
   * {@code everywhere} false ({@code -Agradgen.fuse=false}) writes one node per operation, except
   * in expressions nested deeper than {@link
   * dev.gradgen.processor.analysis.FusionPlanner#MAX_CHAIN_DEPTH}, which javac could not compile as
   * one chain of calls. A family that does not fuse (second-order nodes, whose partials must be
   * nodes too) writes those deep expressions as chain helpers instead: straight-line methods that
   * build the nodes one operation at a time.
   */
  FusionWriter(String prefix, boolean everywhere, NodeFamily family) {
    this(prefix, everywhere, family, new FusedHelpers(), null, Map.of());
  }

  /**
   * As {@link #FusionWriter(String, boolean, NodeFamily)}, for {@code model}'s helpers, kept in
   * {@code helpers} (shared by the companion's methods, so that equal bodies are written once);
   * {@code forwardScalars} names the scalar forward functions that absorbed calls use.
   */
  FusionWriter(
      String prefix,
      boolean everywhere,
      NodeFamily family,
      FusedHelpers helpers,
      MethodModel model,
      Map<MethodKey, String> forwardScalars) {
    if (everywhere && !family.fuses()) {
      throw new IllegalArgumentException(family.node() + " nodes are never fused");
    }
    this.prefix = prefix;
    this.everywhere = everywhere;
    this.family = family;
    this.helpers = helpers;
    this.text = model == null ? SourceText.none() : model.text();
    this.method = model == null ? null : CompanionWriter.javadocLink(model);
    this.forwardScalars = Map.copyOf(forwardScalars);
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
    return helpers.helpers();
  }

  /** The user's exact text of {@code tree}, to quote in a helper's Javadoc. */
  String quote(com.sun.source.tree.Tree tree) {
    return text.of(tree);
  }

  /**
   * The call of a helper computing {@code expr} as one node: an expression the plan fuses. A big
   * expression becomes several nodes, each within the limits; a sub-expression the plan cuts is an
   * input here and is fused on its own when the sweep reads it.
   */
  CodeBlock fuse(Expr expr, ExpressionWriter writer) {
    return call(
        new Sweep(
            writer, expr, List.of(), expr, writer.plan().signatureOf(expr), text, forwardScalars),
        text.of(expr.source()));
  }

  /**
   * The call of a helper computing a run of straight-line statements as one node: {@code temporaries}
   * (locals used nowhere else, so they need no node of their own) in order, then {@code result};
   * {@code source} is the user's text of the run.
   */
  CodeBlock fuseRun(
      List<Stmt.LocalDeclaration> temporaries,
      Expr result,
      String source,
      ExpressionWriter writer) {
    HelperSignature signature = writer.plan().runSignature(temporaries.get(0));
    return call(
        new Sweep(writer, null, temporaries, result, signature, text, forwardScalars), source);
  }

  /** Registers the helper of {@code sweep} (or finds the one with its body) and calls it. */
  private CodeBlock call(Sweep sweep, String source) {
    Sweep.Rendered generic = sweep.render(false);
    Sweep.Rendered user = sweep.render(true);
    String name = helpers.register(
        generic.spec(),
        user.spec(),
        new FusedHelpers.Use(method, source, generic.inputs(), user.inputs()),
        !family.fuses(),
        () -> prefix + family.helperInfix() + (++written));
    return CodeBlock.of("$N($L)", name, CodeBlock.join(sweep.arguments, ", "));
  }

  /**
   * The user's name for a leaf: a variable's own name, {@code b_0} for {@code b[0]} and {@code
   * x_i} for {@code x[i]}; null for any other expression, which gets a generic name.
   */
  static String baseName(Expr expr) {
    return HelperSignature.baseName(expr).orElse(null);
  }

  /** How tightly a rendered expression binds, for the parentheses of the forward pass. */
  private static final int ADDITIVE = 1;

  private static final int MULTIPLICATIVE = 2;
  private static final int UNARY = 3;
  private static final int PRIMARY = 4;

  /**
   * One fused expression or run. Its inputs are found once, in source order (their code, evaluated
   * at the call site, may write the helpers of cut sub-expressions); its helper is then rendered as
   * often as it takes to know which intermediates and adjoints the reverse pass needs by name.
   */
  private static final class Sweep {
    private final ExpressionWriter writer;
    /**
     * The expression the helper computes, whose cut operations (see {@link
     * dev.gradgen.processor.model.FusionPlan#cuts}) it reads as inputs; null for a run.
     */
    private final Expr root;
    /**
     * Whether the helper builds a chain of nodes, one per operation, instead of one fused node
     * with plain-double partials: for a family that does not fuse.
     */
    private final boolean chain;

    private final ClassName node;
    private final SourceText text;
    private final List<Stmt.LocalDeclaration> temporaries;
    private final Expr result;
    /** The call's arguments, in the order of {@link #parameters}. */
    private final List<CodeBlock> arguments = new ArrayList<>();

    /** The helper's parameters, decided by the plan. */
    private final List<Parameter> parameters;

    private final HelperSignature signature;
    private final Set<Variable> temporaryVariables = new HashSet<>();
    /** Simple names of the classes the helper's body names, which no local may shadow. */
    private final Set<String> classNames = new HashSet<>();
    /** The scalar forward functions of absorbed calls, by {@link ForwardCoverage#key}. */
    private final Map<MethodKey, String> forwardScalars;

    @SuppressWarnings("ReferenceEquality") // A read is one place of the body, not an equal one.
    Sweep(
        ExpressionWriter writer,
        Expr root,
        List<Stmt.LocalDeclaration> temporaries,
        Expr result,
        HelperSignature signature,
        SourceText text,
        Map<MethodKey, String> forwardScalars) {
      this.writer = writer;
      this.forwardScalars = forwardScalars;
      this.root = root;
      this.chain = !writer.family().fuses();
      this.node = writer.family().node();
      this.text = text;
      this.temporaries = List.copyOf(temporaries);
      this.result = result;
      this.signature = signature;
      this.parameters = signature.parameters();
      classNames.addAll(List.of(
          node.simpleName(),
          DERIVATIVES.simpleName(),
          ExpressionWriter.TENSOR.simpleName(),
          "Math",
          "StrictMath",
          "dev",
          "java",
          "javax"));
      classNames.addAll(signature.classNames());
      for (Stmt.LocalDeclaration temporary : temporaries) {
        temporaryVariables.add(temporary.variable());
      }
      // Every read's code, in evaluation order (a cut's code writes its own helper); a parameter
      // passes its first read's.
      for (Expr read : signature.reads()) {
        Parameter parameter = signature.parameterOf(read);
        CodeBlock code = parameter.input() ? writer.graph(read) : writer.plain(read);
        if (parameter.first() == read) {
          arguments.add(code);
        }
      }
    }

    /** Whether {@code expr} is computed inside this node rather than read as an input. */
    private boolean inside(Expr expr) {
      return writer.plan().isOperation(expr) && !writer.plan().isCutBelow(root, expr);
    }

    /** The parameter a leaf of the node reads, or null for an expression that is none. */
    private Parameter parameterOf(Expr expr) {
      return signature.parameterOf(expr);
    }

    /** The user's text of a parameter's read, for the helper's Javadoc. */
    private String quoted(Parameter parameter) {
      // A writer without the method's text (the Hessian's chain helpers) quotes javac's pretty
      // print, as it does for the helper's own source.
      return text == SourceText.none() ? parameter.first().source().toString() : parameter.quoted();
    }

    /** Unary plus and casts share their operand's value, so they need no adjoint of their own. */
    private static boolean isAlias(Expr expr) {
      return expr instanceof Expr.Cast
          || expr instanceof Expr.Unary unary && unary.operator() == Expr.UnaryOperator.PLUS;
    }

    private static Expr operand(Expr alias) {
      return alias instanceof Expr.Cast cast ? cast.operand() : ((Expr.Unary) alias).operand();
    }

    /** A helper's code (without its name and Javadoc) and what each of its parameters stands for. */
    record Rendered(MethodSpec spec, List<FusedHelpers.Input> inputs) {}

    /**
     * The helper, with the user's names for inputs that are plain variables ({@code userNames}) or
     * generic names only ({@code in0}, {@code c0}: the body compared to find equal helpers).
     */
    Rendered render(boolean userNames) {
      Knowledge known = new Knowledge();
      // Which values and adjoints need a name is only known after a pass; two or three settle it.
      for (int i = 0; i < 8; i++) {
        Pass pass = new Pass(userNames, known);
        Rendered out = pass.write();
        if (pass.learned.equals(known)) {
          return out;
        }
        known = pass.learned;
      }
      throw new IllegalStateException("the names of a fused helper did not settle");
    }

    /**
     * What one pass learned for the next: the operations whose values the reverse pass reads, those
     * whose adjoint is read more than once, and those whose adjoint got a variable.
     */
    private static final class Knowledge {
      final Set<Expr> needed = Collections.newSetFromMap(new IdentityHashMap<>());
      final Set<Expr> shared = Collections.newSetFromMap(new IdentityHashMap<>());
      final Set<Expr> named = Collections.newSetFromMap(new IdentityHashMap<>());

      @Override
      public boolean equals(Object other) {
        return other instanceof Knowledge known
            && needed.equals(known.needed)
            && shared.equals(known.shared)
            && named.equals(known.named);
      }

      @Override
      public int hashCode() {
        return Objects.hash(needed.size(), shared.size(), named.size());
      }
    }

    /** A piece of code and how tightly it binds. */
    private record Code(CodeBlock code, int precedence) {
      static Code name(String name) {
        return new Code(CodeBlock.of("$N", name), PRIMARY);
      }

      /** This code as an operand that must bind at least as tightly as {@code precedence}. */
      CodeBlock atLeast(int least) {
        return precedence >= least ? code : CodeBlock.of("($L)", code);
      }
    }

    /** Local names of one helper: each taken once, none shadowing a class the body names. */
    private static final class Names {
      private final Set<String> taken = new HashSet<>();
      private final Map<String, Integer> counters = new HashMap<>();

      Names(Set<String> reserved) {
        taken.addAll(reserved);
      }

      String take(String base) {
        String name = base;
        while (!taken.add(name)) {
          name = name + "_";
        }
        return name;
      }

      /** {@code prefix} and the next number not taken: {@code t0}, {@code t1}, ... */
      String next(String prefix) {
        int k = counters.getOrDefault(prefix, 0);
        while (taken.contains(prefix + k)) {
          k++;
        }
        counters.put(prefix, k + 1);
        taken.add(prefix + k);
        return prefix + k;
      }
    }

    /** One rendering of the helper. */
    private final class Pass implements LocalPartials.Sweep {
      final Knowledge known;
      final Knowledge learned = new Knowledge();
      final Names names = new Names(classNames);
      final CodeBlock.Builder reads = CodeBlock.builder();
      final CodeBlock.Builder forward = CodeBlock.builder();
      final CodeBlock.Builder reverse = CodeBlock.builder();
      /** Each parameter's value in the helper; for a chain, the parameter itself. */
      final Map<Parameter, String> values = new IdentityHashMap<>();

      final Map<Parameter, String> nodes = new IdentityHashMap<>();
      final Map<Parameter, String> adjoints = new IdentityHashMap<>();
      final Map<Variable, Code> temporaryValues = new HashMap<>();
      final Map<Variable, String> temporaryNames = new HashMap<>();
      final Map<Variable, String> temporaryAdjoints = new HashMap<>();
      /** The operations whose values have a name. */
      final Map<Expr, String> named = new IdentityHashMap<>();

      final Map<Expr, Integer> uses = new IdentityHashMap<>();
      /** Of each absorbed call, the partial for each active argument, by argument index. */
      final Map<Expr.DifferentiableCall, Map<Integer, CodeBlock>> callPartials =
          new IdentityHashMap<>();

      Pass(boolean userNames, Knowledge known) {
        this.known = known;
        // The user's names first, so that generated ones make way for them.
        if (userNames) {
          for (Parameter leaf : parameters) {
            leaf.base().ifPresent(base -> values.put(leaf, names.take(base)));
          }
          for (Stmt.LocalDeclaration temporary : temporaries) {
            temporaryNames.put(
                temporary.variable(), names.take(temporary.variable().name()));
          }
        }
        for (Parameter leaf : parameters) {
          values.computeIfAbsent(leaf, l -> names.next(l.input() ? "in" : "c"));
        }
        for (Stmt.LocalDeclaration temporary : temporaries) {
          temporaryNames.computeIfAbsent(temporary.variable(), v -> names.next("t"));
        }
        if (!chain) {
          for (Parameter leaf : parameters) {
            if (leaf.input()) {
              nodes.put(leaf, names.take(values.get(leaf) + "Node"));
            }
          }
          for (Parameter leaf : parameters) {
            if (leaf.input()) {
              adjoints.put(leaf, names.take("_d_" + values.get(leaf)));
            }
          }
          for (Stmt.LocalDeclaration temporary : temporaries) {
            temporaryAdjoints.put(
                temporary.variable(), names.take("_d_" + temporaryNames.get(temporary.variable())));
          }
        }
      }

      Rendered write() {
        MethodSpec.Builder spec = MethodSpec.methodBuilder("helper")
            .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
            .returns(chain ? node : ExpressionWriter.TENSOR);
        List<FusedHelpers.Input> inputs = new ArrayList<>();
        for (Parameter leaf : parameters) {
          if (leaf.input()) {
            spec.addParameter(node, chain ? values.get(leaf) : nodes.get(leaf));
            if (!chain) {
              reads.addStatement("double $N = $N.data()", values.get(leaf), nodes.get(leaf));
            }
          } else {
            spec.addParameter(TypeName.DOUBLE, values.get(leaf));
          }
          inputs.add(new FusedHelpers.Input(values.get(leaf), quoted(leaf), leaf.input()));
        }
        for (Stmt.LocalDeclaration temporary : temporaries) {
          Variable variable = temporary.variable();
          temporaryValues.put(variable, root(temporary.init(), () -> temporaryNames.get(variable)));
        }
        CodeBlock value = root(result, () -> names.take("value")).code();
        if (chain) {
          return new Rendered(
              spec.addCode(forward.build()).addStatement("return $L", value).build(), inputs);
        }
        backward(result, Adjoint.ONE);
        for (int i = temporaries.size() - 1; i >= 0; i--) {
          Stmt.LocalDeclaration temporary = temporaries.get(i);
          Adjoint adjoint = Adjoint.named(temporaryAdjoints.get(temporary.variable()));
          if (inside(temporary.init()) && !isAlias(temporary.init())) {
            backward(temporary.init(), adjoint);
          } else {
            propagate(null, temporary.init(), adjoint, null);
          }
        }
        uses.forEach((expr, count) -> {
          if (count > 1) {
            learned.shared.add(expr);
          }
        });
        CodeBlock.Builder body = CodeBlock.builder().add(reads.build()).add(forward.build());
        List<CodeBlock> nodeNames = new ArrayList<>();
        List<CodeBlock> partials = new ArrayList<>();
        for (Parameter leaf : parameters) {
          if (leaf.input()) {
            body.addStatement("double $N = 0.0", adjoints.get(leaf));
            nodeNames.add(CodeBlock.of("$N", nodes.get(leaf)));
            partials.add(CodeBlock.of("$N", adjoints.get(leaf)));
          }
        }
        for (Stmt.LocalDeclaration temporary : temporaries) {
          body.addStatement("double $N = 0.0", temporaryAdjoints.get(temporary.variable()));
        }
        body.add(reverse.build());
        if (nodeNames.isEmpty()) {
          // Active locals initialised with constants: the run's value is a constant leaf.
          body.addStatement("return new $T($L)", ExpressionWriter.TENSOR, value);
        } else if (nodeNames.size() <= FIELD_NODE_INPUTS) {
          List<CodeBlock> pairs = new ArrayList<>();
          for (int i = 0; i < nodeNames.size(); i++) {
            pairs.add(CodeBlock.of("$L, $L", nodeNames.get(i), partials.get(i)));
          }
          body.addStatement(
              "return $T.fused($L, $L)",
              ExpressionWriter.TENSOR,
              value,
              CodeBlock.join(pairs, ", "));
        } else {
          body.addStatement(
              "return $T.fused($L, new $T[] {$L}, new double[] {$L})",
              ExpressionWriter.TENSOR,
              value,
              ExpressionWriter.TENSOR,
              CodeBlock.join(nodeNames, ", "),
              CodeBlock.join(partials, ", "));
        }
        return new Rendered(spec.addCode(body.build()).build(), inputs);
      }

      // ------------------------------------------------------------------------ forward pass

      /**
       * Writes {@code expr}, the whole initializer of a temporary or the result, as a local named
       * {@code name} (unless it is a leaf, which needs no copy); returns its value.
       */
      private Code root(Expr expr, java.util.function.Supplier<String> name) {
        Expr e = expr;
        while (inside(e) && isAlias(e)) {
          e = operand(e);
        }
        if (!inside(e)) {
          return leaf(e);
        }
        if (!chain && e instanceof Expr.DifferentiableCall call) {
          return absorbedCall(call);
        }
        Code code = chain ? chainOperation(e) : operation(e);
        String local = name.get();
        forward.addStatement("$T $N = $L", chain ? node : TypeName.DOUBLE, local, code.code());
        named.put(e, local);
        return Code.name(local);
      }

      /** The value of {@code expr}: a name, or the operation printed inline where none is needed. */
      private Code value(Expr expr) {
        if (!inside(expr)) {
          return leaf(expr);
        }
        if (isAlias(expr)) {
          return value(operand(expr));
        }
        if (!chain && expr instanceof Expr.DifferentiableCall call) {
          return absorbedCall(call);
        }
        Code code = chain ? chainOperation(expr) : operation(expr);
        if (!chain && !known.needed.contains(expr) && !known.named.contains(expr)) {
          return code;
        }
        String local = names.next("t");
        forward.addStatement("$T $N = $L", chain ? node : TypeName.DOUBLE, local, code.code());
        named.put(expr, local);
        return Code.name(local);
      }

      private Code leaf(Expr expr) {
        if (expr instanceof Expr.VariableRef ref && temporaryVariables.contains(ref.variable())) {
          return temporaryValues.get(ref.variable());
        }
        if (expr instanceof Expr.Literal literal && !writer.isActive(expr)) {
          return new Code(
              CodeBlock.of(literal.negative() ? "($L)" : "$L", literal.code()), PRIMARY);
        }
        return Code.name(values.get(parameterOf(expr)));
      }

      /** The user's operation on its operands' values, in the user's order and grouping. */
      private Code operation(Expr expr) {
        if (expr instanceof Expr.Binary binary) {
          int precedence = switch (binary.operator()) {
            case PLUS, MINUS -> ADDITIVE;
            default -> MULTIPLICATIVE;
          };
          // Left-associative: a right operand of the same precedence keeps its parentheses.
          return new Code(
              CodeBlock.of(
                  "$L $L $L",
                  value(binary.left()).atLeast(precedence),
                  binary.operator().symbol(),
                  value(binary.right()).atLeast(precedence + 1)),
              precedence);
        }
        if (expr instanceof Expr.Unary unary) {
          return new Code(CodeBlock.of("-$L", value(unary.operand()).atLeast(PRIMARY)), UNARY);
        }
        Expr.MathCall call = (Expr.MathCall) expr;
        List<CodeBlock> args = new ArrayList<>();
        for (Expr arg : call.args()) {
          args.add(value(arg).code());
        }
        return new Code(
            CodeBlock.of(
                "$T.$N($L)", call.owner(), call.function().javaName(), CodeBlock.join(args, ", ")),
            PRIMARY);
      }

      /**
       * An absorbed call, computed before the expression around it (its value is a local): per
       * active argument one call of the callee's scalar forward function with a unit tangent in
       * that argument, which returns the value (the plain method's, bit for bit) and puts the
       * local partial in a {@code double[1]} the reverse pass reads.
       */
      private Code absorbedCall(Expr.DifferentiableCall call) {
        String function = forwardScalars.get(ForwardCoverage.key(call.callee()));
        if (function == null) {
          throw new IllegalStateException("no forward function for the call " + call.source());
        }
        List<Integer> active = new ArrayList<>();
        for (int i = 0; i < call.args().size(); i++) {
          if (FusedCalls.differentiable(call, i) && writer.isActive(call.args().get(i))) {
            active.add(i);
          }
        }
        List<CodeBlock> values = new ArrayList<>();
        for (Expr arg : call.args()) {
          Code value = value(arg);
          if (active.size() > 1 && value.precedence() < PRIMARY) {
            // Evaluated once for the several calls of the forward function.
            String local = names.next("t");
            forward.addStatement("double $N = $L", local, value.code());
            value = Code.name(local);
          }
          values.add(value.code());
        }
        String result = null;
        Map<Integer, CodeBlock> partials = new HashMap<>();
        for (int direction : active) {
          String tangent = names.next("dt");
          forward.addStatement("double[] $N = new double[1]", tangent);
          List<CodeBlock> args = new ArrayList<>(values);
          for (int i = 0; i < call.args().size(); i++) {
            if (FusedCalls.differentiable(call, i)) {
              args.add(CodeBlock.of(i == direction ? "1.0" : "0.0"));
            }
          }
          args.add(CodeBlock.of("$N", tangent));
          CodeBlock invocation = ForwardWriter.call(function, args);
          if (result == null) {
            result = names.next("t");
            forward.addStatement("double $N = $L", result, invocation);
          } else {
            forward.addStatement("$L", invocation);
          }
          partials.put(direction, CodeBlock.of("$N[0]", tangent));
        }
        callPartials.put(call, partials);
        named.put(call, result);
        return Code.name(result);
      }

      @Override
      public Adjoint.Factor callPartial(Expr.DifferentiableCall call, int argument) {
        Map<Integer, CodeBlock> partials = callPartials.get(call);
        if (partials == null) {
          throw new IllegalStateException("the call " + call.source() + " was not absorbed");
        }
        CodeBlock partial = partials.get(argument);
        // An argument without a partial is a constant one, which the sweep passes nothing to.
        return new Adjoint.Factor(partial == null ? CodeBlock.of("0.0") : partial, true);
      }

      /** An operation of a chain: one node call on its operands' nodes and constants. */
      private Code chainOperation(Expr expr) {
        if (expr instanceof Expr.Binary binary) {
          CodeBlock left = value(binary.left()).code();
          CodeBlock right = value(binary.right()).code();
          return new Code(
              nodeOperation(binaryMethod(binary.operator()), binary.left(), left, right), PRIMARY);
        }
        if (expr instanceof Expr.Unary unary) {
          return new Code(CodeBlock.of("$L.neg()", value(unary.operand()).code()), PRIMARY);
        }
        Expr.MathCall call = (Expr.MathCall) expr;
        List<CodeBlock> args = new ArrayList<>();
        for (Expr arg : call.args()) {
          args.add(value(arg).code());
        }
        return new Code(nodeMathCall(call, args), PRIMARY);
      }

      /**
       * A two-operand operation on nodes as the builder writes it: {@code a.add(b)}, {@code
       * a.add(2.0)} or {@code Node.add(2.0, b)}, by which operands are nodes.
       */
      private CodeBlock nodeOperation(String method, Expr left, CodeBlock a, CodeBlock b) {
        return writer.isActive(left)
            ? CodeBlock.of("$L.$N($L)", a, method, b)
            : CodeBlock.of("$T.$N($L, $L)", node, method, a, b);
      }

      private CodeBlock nodeMathCall(Expr.MathCall call, List<CodeBlock> args) {
        String name = call.function().javaName();
        if (args.size() == 1) {
          return CodeBlock.of("$L.$N()", args.get(0), name);
        }
        if (args.size() == 3) {
          // fma: every operand a node, a constant one a fresh leaf, as the builder writes it.
          List<CodeBlock> operands = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            operands.add(
                writer.isActive(call.args().get(i))
                    ? args.get(i)
                    : CodeBlock.of("new $T($L)", node, args.get(i)));
          }
          return CodeBlock.of("$T.$N($L)", node, name, CodeBlock.join(operands, ", "));
        }
        return nodeOperation(name, call.args().get(0), args.get(0), args.get(1));
      }

      // ------------------------------------------------------------------------ reverse pass

      /** The name of {@code expr}'s value, which the reverse pass reads (so it gets a name). */
      @Override
      public CodeBlock read(Expr expr) {
        Expr e = expr;
        while (inside(e) && isAlias(e)) {
          e = operand(e);
        }
        if (!inside(e)) {
          return leaf(e).code();
        }
        learned.needed.add(e);
        String name = named.get(e);
        // Unnamed only in a pass before the one that knows it is needed; that pass is discarded.
        return CodeBlock.of("$N", name == null ? "unnamed" : name);
      }

      @Override
      public String local(String prefix, CodeBlock value) {
        String name = names.next(prefix);
        reverse.addStatement("double $N = $L", name, value);
        return name;
      }

      /** Adds {@code adjoint} times d(expr)/d(child) to each child's adjoint, down to the inputs. */
      private void backward(Expr expr, Adjoint adjoint) {
        if (!inside(expr)) {
          Parameter leaf = parameterOf(expr);
          if (leaf != null && leaf.input()) {
            accumulate(adjoints.get(leaf), adjoint);
          } else if (expr instanceof Expr.VariableRef ref
              && temporaryAdjoints.containsKey(ref.variable())) {
            accumulate(temporaryAdjoints.get(ref.variable()), adjoint);
          }
          return;
        }
        LocalPartials.backward(expr, adjoint, this);
      }

      /**
       * Passes {@code adjoint * partial} (partial null meaning 1) on to {@code child}, an operand of
       * {@code parent} (null for a temporary's initializer). The product gets a variable, {@code
       * _d_} and the child's name, only where the child passes it on more than once and it is more
       * than a name; otherwise it is written out where it is used.
       */
      @Override
      public void propagate(Expr parent, Expr child, Adjoint adjoint, Adjoint.Factor partial) {
        if (!writer.isActive(child)) {
          return;
        }
        if (parent != null) {
          uses.merge(parent, 1, Integer::sum);
        }
        Adjoint product = partial == null ? adjoint : adjoint.times(partial);
        if (inside(child) && !isAlias(child) && known.shared.contains(child) && !product.simple()) {
          learned.named.add(child);
          String value = named.get(child);
          String name = names.take("_d_" + (value == null ? "unnamed" : value));
          reverse.addStatement("double $N = $L", name, product.signed());
          backward(child, Adjoint.named(name));
        } else {
          backward(child, product);
        }
      }

      /** {@code adjoint += product}, or {@code -=} for a negative product. */
      private void accumulate(String adjoint, Adjoint product) {
        reverse.addStatement(product.addTo(adjoint));
      }
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
  }
}
