package dev.gradgen.processor.writer;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.ModelWalker;
import dev.gradgen.processor.model.ReductionLoop;
import dev.gradgen.processor.model.SameValue;
import dev.gradgen.processor.model.Stmt;
import dev.gradgen.processor.model.TypeNames;
import dev.gradgen.processor.model.ValueType;
import dev.gradgen.processor.model.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Loop-level preaccumulation: writes a {@link ReductionLoop} as a loop over real values that
 * computes each accumulator's value with the plain method's operations in its order (so bit for
 * bit its value) and gathers, iteration by iteration, the partial of the accumulator with respect
 * to each node the iteration read; after the loop each accumulator becomes one fused node over
 * those inputs, instead of one node (or more) per iteration.
 *
 * <p>An array element read in an iteration is one input of that iteration (the same element read
 * in several iterations is several inputs, whose partials the backward pass adds), so an element
 * the loop never reads gets no contribution at all, as in the graph it replaces; a scalar the loop
 * reads but does not write is one input whose partial sums over the iterations.
 */
final class ReductionWriter {

  private static final ClassName ARRAYS = ClassName.get("java.util", "Arrays");
  private static final TypeName NODES = ArrayTypeName.of(ExpressionWriter.TENSOR);
  private static final TypeName DOUBLES = ArrayTypeName.of(TypeName.DOUBLE);
  private static final CodeBlock ONE = CodeBlock.of("1.0");
  /** Iterations' worth of inputs the buffers start with, before they grow by doubling. */
  private static final int FIRST_ITERATIONS = 8;
  /** Most iterations the buffers are sized for at once; a longer loop grows them by doubling. */
  private static final String MAX_PRESIZED_ITERATIONS = "1L << 20";

  private final ExpressionWriter expressions;
  private final Temporaries names;
  private final ReductionLoop reduction;
  /**
   * The call of a function of one argument on the finished accumulator that the statement after
   * the loop makes ({@link ActivationFold}), to fold into a dot-product node; null for none.
   */
  private final Expr.MathCall fold;
  /** The local holding the folded node, once {@link #dot} has folded {@link #fold}; else null. */
  private String folded;

  /** The forward code of one iteration. */
  private final CodeBlock.Builder forward = CodeBlock.builder();
  /** Code before the loop: the values of the scalars it reads. */
  private final CodeBlock.Builder prelude = CodeBlock.builder();
  /** Each sub-expression's value in the loop: a local's name or a literal. */
  private final Map<Expr, CodeBlock> values = new IdentityHashMap<>();
  /** The local holding each sub-expression's value, for all but the literals. */
  private final Map<Expr, String> locals = new IdentityHashMap<>();
  /**
   * The array elements read in an iteration, each once: a read structurally equal to an earlier
   * one ({@link SameValue#ofPlain}; the indices are plain, so without side effects) shares its input.
   */
  private final List<Element> elements = new ArrayList<>();
  /** The scalars the loop reads and does not write, each read once before the loop. */
  private final Map<Variable, Input> scalars = new LinkedHashMap<>();
  /** The temporaries' values. */
  private final Map<Variable, String> temporaries = new HashMap<>();
  /** The input each leaf expression is. */
  private final Map<Expr, Input> inputOf = new IdentityHashMap<>();

  /**
   * A node the loop reads: its node code and the local holding its value; or, with {@code index}
   * set, an element of the array leaf {@link #indexed} read by index (the local holding the index).
   */
  private record Input(CodeBlock node, String value, String index) {
    Input(CodeBlock node, String value) {
      this(node, value, null);
    }
  }

  /** An element read in an iteration and its input. */
  private record Element(Expr.ArrayRead read, Input input) {}

  /**
   * The array leaf (see ArrayLeafParameters) whose elements this loop's nodes read by index, the
   * first the loop reads; null if it reads none. Elements of any other are nodes.
   */
  private Variable indexed;

  private ReductionWriter(
      ExpressionWriter expressions,
      Temporaries names,
      ReductionLoop reduction,
      Expr.MathCall fold) {
    this.expressions = expressions;
    this.names = names;
    this.reduction = reduction;
    this.fold = fold;
  }

  /**
   * The code of {@code reduction}, a block (so that a label before it stays legal) around the loop
   * with the given header ({@code init; condition; update}, written by the caller).
   */
  static CodeBlock write(
      ReductionLoop reduction, CodeBlock header, ExpressionWriter expressions, Temporaries names) {
    return new ReductionWriter(expressions, names, reduction, null).write(header);
  }

  /**
   * The code of a reduction and, where it is written as one dot-product node, of {@code fold}
   * (a function of its one accumulator, see {@link ActivationFold}) applied to its finished sum.
   *
   * @param code the reduction's code
   * @param folded the local that holds the node of {@code fold} after {@code code}, or null when
   *     the loop is not a dot product (then {@code fold} is not written and its statement must be)
   */
  record Written(CodeBlock code, String folded) {}

  /** As {@link #write}, folding {@code fold} into the reduction's node where it can. */
  static Written write(
      ReductionLoop reduction,
      CodeBlock header,
      ExpressionWriter expressions,
      Temporaries names,
      Expr.MathCall fold) {
    ReductionWriter writer = new ReductionWriter(expressions, names, reduction, fold);
    CodeBlock code = writer.write(header);
    return new Written(code, writer.folded);
  }

  private CodeBlock write(CodeBlock header) {
    List<Accumulator> accumulators = new ArrayList<>();
    Map<Variable, Accumulator> byVariable = new HashMap<>();
    for (Variable variable : reduction.accumulators()) {
      Accumulator accumulator = new Accumulator(variable);
      accumulators.add(accumulator);
      byVariable.put(variable, accumulator);
    }
    for (ReductionLoop.Step step : reduction.steps()) {
      if (step instanceof ReductionLoop.Temporary temporary) {
        value(temporary.init(), temporary.variable().name());
        temporaries.put(temporary.variable(), locals.get(temporary.init()));
      } else if (step instanceof ReductionLoop.Constant constant) {
        forward.addStatement(
            "$T $N = $L",
            constant.variable().type().plainName(),
            constant.variable().name(),
            expressions.plain(constant.init()));
      } else {
        ReductionLoop.Accumulation accumulation = (ReductionLoop.Accumulation) step;
        Accumulator accumulator = byVariable.get(accumulation.accumulator());
        CodeBlock term = value(accumulation.term());
        forward.addStatement(
            "$N $L= $L", accumulator.value, accumulation.subtract() ? "-" : "+", term);
        accumulator.terms.add(accumulation);
      }
    }
    String ran = names.fresh("loopRan");
    for (Accumulator accumulator : accumulators) {
      accumulator.reverse();
    }
    CodeBlock dot = accumulators.size() == 1 ? dot(accumulators.get(0), header, ran) : null;
    if (dot != null) {
      return dot;
    }
    CodeBlock.Builder code = CodeBlock.builder();
    code.add("// One node for each of $L: the loop gathers its partials.\n", accumulatorList());
    code.add("{\n").indent();
    code.add(prelude.build());
    for (Accumulator accumulator : accumulators) {
      code.add(accumulator.before());
    }
    code.addStatement("boolean $N = false", ran);
    CodeBlock.Builder first = CodeBlock.builder();
    for (Accumulator accumulator : accumulators) {
      first.add(accumulator.buffers());
    }
    CodeBlock buffers = first.build();
    CodeBlock counterStart = buffers.isEmpty() ? null : counterStart();
    if (counterStart != null) {
      // The buffers are sized before the loop, from the counter's start and the condition, as
      // the first iteration would see them: allocated in the first iteration, the arrays were
      // values that change inside the loop for the JIT, which made Rosenbrock's gradient 17-24%
      // slower. A block, so that the counter's copy is gone when the loop declares it.
      code.add("{\n").indent();
      code.addStatement("$L", counterStart);
      code.beginControlFlow("if ($L)", expressions.plain(reduction.loop().condition()));
      code.addStatement("$N = true", ran);
      code.add(buffers);
      code.endControlFlow();
      code.unindent().add("}\n");
    }
    code.beginControlFlow("for ($L)", header);
    if (buffers.isEmpty()) {
      code.addStatement("$N = true", ran);
    } else if (counterStart == null) {
      // The first iteration sizes the buffers: after the condition held once, so a bound that
      // could throw has not, and with the counter's value there the loop's trip count is known.
      code.beginControlFlow("if (!$N)", ran);
      code.addStatement("$N = true", ran);
      code.add(buffers);
      code.endControlFlow();
    }
    code.add(forward.build());
    for (Accumulator accumulator : accumulators) {
      code.add(accumulator.reverse.build());
    }
    code.endControlFlow();
    code.beginControlFlow("if ($N)", ran);
    for (Accumulator accumulator : accumulators) {
      code.add(accumulator.after());
    }
    code.endControlFlow();
    code.unindent().add("}\n");
    return code.build();
  }

  /**
   * The code of a dot-product reduction over the array leaf, or null for any other loop: a loop
   * counting up by one with a known trip count whose body is only {@code acc += w[e + i] * h[k]}
   * (or {@code h[k] * w[e + i]}), {@code w} the array leaf, {@code e} not reading the counter,
   * {@code h} an array of nodes. It becomes one {@link dev.gradgen.Tensor}{@code .fusedDot} node
   * that keeps one reference per term (the node read) and reads its partials, the factors' values,
   * in the backward pass: the same products, in the same order, as a node listing every input
   * with its partial, without the two arrays of inputs and partials or the elements' leaves.
   */
  private CodeBlock dot(Accumulator accumulator, CodeBlock header, String ran) {
    if (reduction.steps().size() != 1
        || !(reduction.steps().get(0) instanceof ReductionLoop.Accumulation accumulation)
        || accumulation.subtract()
        || !(accumulation.term() instanceof Expr.Binary product)
        || product.operator() != Expr.BinaryOperator.MULTIPLY
        || step(reduction.loop()) != Expr.BinaryOperator.PLUS
        || tripCount() == null
        || !(reduction.loop().condition() instanceof Expr.Binary test)
        || indexed == null) {
      return null;
    }
    Variable counter = counterOf(test.left());
    Expr.ArrayRead element = leafRead(product.left(), counter);
    Expr.ArrayRead node = element == null ? nodeRead(product.left()) : nodeRead(product.right());
    if (element == null) {
      element = leafRead(product.right(), counter);
    }
    if (element == null || node == null || accumulator.elementAdjoints.size() != 2) {
      return null;
    }
    boolean elementFirst =
        accumulator.elementAdjoints.keySet().iterator().next().index() != null;
    String nodes = accumulator.inputs;
    String first = names.fresh(accumulator.variable.name() + "First");
    CodeBlock.Builder code = CodeBlock.builder();
    if (fold != null) {
      String function = fold.function().javaName();
      folded = names.fresh(accumulator.variable.name()
          + Character.toUpperCase(function.charAt(0))
          + function.substring(1));
      code.addStatement("$T $N", ExpressionWriter.TENSOR, folded);
    }
    code.add(
        "// One node for $L: the loop gathers its partials, the values of the nodes it keeps"
            + " and of $N's elements.\n",
        accumulator.variable.name(),
        indexed.name());
    code.add("{\n").indent();
    code.addStatement("double $N = $N.data()", accumulator.value, accumulator.variable.name());
    code.addStatement("$T $N = null", NODES, nodes);
    code.addStatement("int $N = 0", first);
    code.addStatement("int $N = 0", accumulator.count);
    code.addStatement("boolean $N = false", ran);
    code.beginControlFlow("for ($L)", header);
    // Without a copy of the elements' values where nothing can write the array before the
    // backward pass (8 bytes a term less, and no pass over the terms here), and with the terms'
    // nodes gathered in the array leaf's buffer, so that a layer's dot products over the same
    // nodes share one array of them.
    boolean uncopied = expressions.leavesUnwritten();
    // The first iteration sizes the node array exactly, from the trip count at that point.
    code.beginControlFlow("if (!$N)", ran);
    code.addStatement("$N = true", ran);
    if (uncopied) {
      code.addStatement(
          "$N = $T.dotTerms($N, $T.toIntExact($L))",
          nodes,
          TypeNames.GENERATED_SUPPORT,
          indexed.name(),
          Math.class,
          tripCount());
    } else {
      code.addStatement(
          "$N = new $T[$T.toIntExact(1L + $L)]",
          nodes,
          ExpressionWriter.TENSOR,
          Math.class,
          tripCount());
      code.addStatement("$N[0] = $N", nodes, accumulator.variable.name());
    }
    code.addStatement("$N = $L", first, expressions.plain(element.index()));
    code.endControlFlow();
    code.add(forward.build());
    code.addStatement(
        uncopied ? "$N[$N++] = $L" : "$N[++$N] = $L",
        nodes,
        accumulator.count,
        inputOf.get(node).node());
    code.endControlFlow();
    code.beginControlFlow("if ($N)", ran);
    if (folded == null && uncopied) {
      code.addStatement(
          "$N = $T.fusedDotUncopied($N, $N, $N, $N, $N, $N, $L)",
          accumulator.variable.name(),
          TypeNames.GENERATED_SUPPORT,
          accumulator.value,
          accumulator.variable.name(),
          nodes,
          accumulator.count,
          indexed.name(),
          first,
          elementFirst);
    } else if (folded == null) {
      code.addStatement(
          "$N = $T.fusedDot($N, $N, $N, $N, $N, $L)",
          accumulator.variable.name(),
          ExpressionWriter.TENSOR,
          accumulator.value,
          nodes,
          accumulator.count,
          indexed.name(),
          first,
          elementFirst);
    } else {
      // f(sum) as one node: the value as the node of f computes it, from the sum's value, and
      // f' as that node's partial (Tensor's unary methods: Derivatives.f(x, f(x))).
      String value = names.fresh(folded + "Value");
      code.addStatement(
          "double $N = $T.$N($N)",
          value,
          fold.owner(),
          fold.function().javaName(),
          accumulator.value);
      code.addStatement(
          "$N = $T.$N($N, $T.$N($N, $N), $L$N, $N, $N, $N, $L)",
          folded,
          uncopied ? TypeNames.GENERATED_SUPPORT : ExpressionWriter.TENSOR,
          uncopied ? "fusedDotThenUncopied" : "fusedDotThen",
          value,
          TypeNames.DERIVATIVES,
          fold.function().javaName(),
          accumulator.value,
          value,
          uncopied ? CodeBlock.of("$N, ", accumulator.variable.name()) : CodeBlock.of(""),
          nodes,
          accumulator.count,
          indexed.name(),
          first,
          elementFirst);
      code.nextControlFlow("else");
      // The loop did not run: the accumulator is still its start node, and f a node over it.
      code.addStatement("$N = $L", folded, expressions.graph(fold));
    }
    code.endControlFlow();
    code.unindent().add("}\n");
    return code.build();
  }

  /** {@code expr} as a read of the array leaf at {@code e + counter} (stride one), else null. */
  private Expr.ArrayRead leafRead(Expr expr, Variable counter) {
    return expr instanceof Expr.ArrayRead read
            && expressions.isArrayLeaf(read.array())
            && ((Expr.VariableRef) read.array()).variable().equals(indexed)
            && integral(read.index())
            && counter.equals(counterOf(read.index()))
        ? read
        : null;
  }

  /** {@code expr} as an active read of an array of nodes (not an array leaf), else null. */
  private Expr.ArrayRead nodeRead(Expr expr) {
    return expr instanceof Expr.ArrayRead read
            && expressions.isActive(read)
            && !expressions.isArrayLeaf(read.array())
            && inputOf.get(read) != null
            && inputOf.get(read).index() == null
        ? read
        : null;
  }

  /**
   * The number of iterations left, as a long, for a counting loop ({@code i < b}, {@code i <= b},
   * {@code i > b} or {@code i >= b}, stepping {@code i} by one, {@code b} not reading {@code i}; or
   * the same with {@code i + c}, {@code c + i} or {@code i - c} on the left, {@code c} not reading
   * {@code i}, as in {@code i + 1 < x.length}), written for the start of an iteration; null for any
   * other loop. The bounds are plain (no side effects, and the body writes nothing they read), so
   * evaluating them again gives the condition's values.
   */
  private CodeBlock tripCount() {
    Expr.BinaryOperator step = step(reduction.loop());
    if (step == null
        || !(reduction.loop().condition() instanceof Expr.Binary test)
        || !integral(test.left())
        || !integral(test.right())) {
      return null;
    }
    Variable counter = counterOf(test.left());
    if (counter == null || reads(test.right(), counter) || !steps(reduction.loop(), counter)) {
      return null;
    }
    CodeBlock bound = expressions.plain(test.right());
    // The left side in the condition's own arithmetic: a left side that wrapped around at the
    // first iteration still moves by one per iteration, so the difference stays exact.
    CodeBlock left = test.left() instanceof Expr.VariableRef
        ? CodeBlock.of("$N", counter.name())
        : CodeBlock.of("($L)", expressions.plain(test.left()));
    boolean up = step == Expr.BinaryOperator.PLUS;
    return switch (test.operator()) {
      case LESS -> up ? CodeBlock.of("(long) ($L) - $L", bound, left) : null;
      case LESS_EQUAL -> up ? CodeBlock.of("(long) ($L) - $L + 1L", bound, left) : null;
      case GREATER -> up ? null : CodeBlock.of("(long) $L - ($L)", left, bound);
      case GREATER_EQUAL -> up ? null : CodeBlock.of("(long) $L - ($L) + 1L", left, bound);
      default -> null;
    };
  }

  /**
   * Whether {@code expr} is an int or a long: a bound of another type (a double's {@code i < 2.5})
   * would be truncated by the count's cast and undercount the iterations.
   */
  private static boolean integral(Expr expr) {
    return expr.type().equals(ValueType.INT) || expr.type().equals(ValueType.LONG);
  }

  /**
   * The counter of a condition's left side that moves with it one for one: {@code i}, {@code i +
   * c}, {@code c + i} or {@code i - c} with {@code c} not reading {@code i}; else null.
   */
  private static Variable counterOf(Expr left) {
    if (left instanceof Expr.VariableRef ref) {
      return ref.variable();
    }
    if (!(left instanceof Expr.Binary sum)) {
      return null;
    }
    if (sum.operator() == Expr.BinaryOperator.PLUS || sum.operator() == Expr.BinaryOperator.MINUS) {
      if (sum.left() instanceof Expr.VariableRef ref && !reads(sum.right(), ref.variable())) {
        return ref.variable();
      }
      if (sum.operator() == Expr.BinaryOperator.PLUS
          && sum.right() instanceof Expr.VariableRef ref
          && !reads(sum.left(), ref.variable())) {
        return ref.variable();
      }
    }
    return null;
  }

  /**
   * The loop's init, {@code int i = e}, to declare the counter before the loop with the value of
   * its first iteration: only for a counting loop (see {@link #tripCount()}) whose condition reads
   * the counter itself on its left and whose init is that one declaration with {@code e} built of
   * literals, locals, array lengths, {@code +}, {@code -} and {@code *} (so evaluating it once more
   * changes nothing and gives the same value); else null.
   */
  private CodeBlock counterStart() {
    Stmt.For loop = reduction.loop();
    if (tripCount() == null
        || loop.init().size() != 1
        || !(loop.init().get(0) instanceof Stmt.LocalDeclaration declaration)
        || declaration.init() == null
        || !(loop.condition() instanceof Expr.Binary test)
        || !(test.left() instanceof Expr.VariableRef counter)
        || !counter.variable().equals(declaration.variable())
        || !repeatable(declaration.init())) {
      return null;
    }
    return CodeBlock.of(
        "$T $N = $L",
        declaration.variable().type().plainName(),
        declaration.variable().name(),
        expressions.plain(declaration.init()));
  }

  /** Whether {@code expr} can be evaluated again to the same value with no effect (see above). */
  private static boolean repeatable(Expr expr) {
    if (expr instanceof Expr.Literal || expr instanceof Expr.VariableRef) {
      return true;
    }
    if (expr instanceof Expr.ArrayLength length) {
      return length.array() instanceof Expr.VariableRef;
    }
    if (expr instanceof Expr.Unary unary) {
      return unary.operator() == Expr.UnaryOperator.MINUS && repeatable(unary.operand());
    }
    if (expr instanceof Expr.Binary binary) {
      return (binary.operator() == Expr.BinaryOperator.PLUS
              || binary.operator() == Expr.BinaryOperator.MINUS
              || binary.operator() == Expr.BinaryOperator.MULTIPLY)
          && repeatable(binary.left())
          && repeatable(binary.right());
    }
    return false;
  }

  /** PLUS or MINUS for a loop whose only update adds or subtracts one, else null. */
  private static Expr.BinaryOperator step(Stmt.For loop) {
    if (loop.update().size() != 1) {
      return null;
    }
    Expr update = loop.update().get(0);
    if (update instanceof Expr.IncDec incDec) {
      return incDec.increment() ? Expr.BinaryOperator.PLUS : Expr.BinaryOperator.MINUS;
    }
    if (update instanceof Expr.Assign assign
        && (assign.operator().equals(Optional.of(Expr.BinaryOperator.PLUS))
            || assign.operator().equals(Optional.of(Expr.BinaryOperator.MINUS)))
        && assign.value() instanceof Expr.Literal literal
        && Integer.valueOf(1).equals(literal.value())) {
      return assign.operator().orElseThrow();
    }
    return null;
  }

  /** Whether the loop's one update steps {@code counter}. */
  private static boolean steps(Stmt.For loop, Variable counter) {
    Expr update = loop.update().get(0);
    Expr target =
        update instanceof Expr.IncDec incDec ? incDec.target() : ((Expr.Assign) update).target();
    return target instanceof Expr.VariableRef ref && ref.variable().equals(counter);
  }

  private static boolean reads(Expr expr, Variable variable) {
    boolean[] found = {false};
    ModelWalker.walk(
        List.of(new Stmt.ExpressionStatement(expr.source(), expr)),
        st -> {},
        (e, used) ->
            found[0] |= e instanceof Expr.VariableRef ref && ref.variable().equals(variable));
    return found[0];
  }

  private String accumulatorList() {
    List<String> list = new ArrayList<>();
    for (Variable variable : reduction.accumulators()) {
      list.add(variable.name());
    }
    return String.join(", ", list);
  }

  // ---------------------------------------------------------------- values

  /** Writes the value of {@code expr} in the loop's body; returns the code naming it. */
  private CodeBlock value(Expr expr) {
    return value(expr, null);
  }

  /**
   * As {@link #value(Expr)}, an operation's local named {@code userName} (a temporary of the user,
   * declared in the loop's body as in the user's), or a fresh one if null.
   */
  private CodeBlock value(Expr expr, String userName) {
    String name;
    if (!expressions.isActive(expr)) {
      if (expr instanceof Expr.Literal literal) {
        // Used where it stands, in parentheses after an operator when it starts with a minus sign.
        CodeBlock code = CodeBlock.of(literal.negative() ? "($L)" : "$L", literal.code());
        values.put(expr, code);
        return code;
      } else {
        // A constant of any numeric type, held as a double: the same conversion Java's binary
        // promotion makes where the plain method uses it in double arithmetic.
        name = names.fresh("c");
        forward.addStatement("double $N = $L", name, expressions.plain(expr));
      }
    } else if (expr instanceof Expr.VariableRef ref && temporaries.containsKey(ref.variable())) {
      name = temporaries.get(ref.variable());
    } else if (expr instanceof Expr.VariableRef ref) {
      Input input = scalars.get(ref.variable());
      if (input == null) {
        String value = names.fresh(ref.variable().name() + "Value");
        input = new Input(CodeBlock.of("$N", ref.variable().name()), value);
        prelude.addStatement("double $N = $N.data()", value, ref.variable().name());
        scalars.put(ref.variable(), input);
      }
      inputOf.put(expr, input);
      name = input.value();
    } else if (expr instanceof Expr.ArrayRead read
        && expressions.isArrayLeaf(read.array())
        && (indexed == null || indexed.equals(((Expr.VariableRef) read.array()).variable()))) {
      indexed = ((Expr.VariableRef) read.array()).variable();
      CodeBlock index = expressions.plain(read.index());
      Input input = element(read);
      if (input == null) {
        String indexName = names.fresh("elementIndex");
        // Its node, for an accumulator whose node is over nodes only (see overArrayLeaf).
        input = new Input(
            CodeBlock.of("$N.element($N)", indexed.name(), indexName),
            names.fresh("elementValue"),
            indexName);
        forward.addStatement("int $N = $L", indexName, index);
        forward.addStatement("double $N = $N.value($N)", input.value(), indexed.name(), indexName);
        elements.add(new Element(read, input));
      }
      inputOf.put(expr, input);
      name = input.value();
    } else if (expr instanceof Expr.ArrayRead read) {
      CodeBlock node = expressions.graph(read);
      Input input = element(read);
      if (input == null) {
        String nodeName = names.fresh("element");
        input = new Input(CodeBlock.of("$N", nodeName), names.fresh("elementValue"));
        forward.addStatement("$T $N = $L", ExpressionWriter.TENSOR, nodeName, node);
        forward.addStatement("double $N = $N.data()", input.value(), nodeName);
        elements.add(new Element(read, input));
      }
      inputOf.put(expr, input);
      name = input.value();
    } else if (expr instanceof Expr.Binary binary) {
      CodeBlock left = value(binary.left());
      CodeBlock right = value(binary.right());
      name = temporary(CodeBlock.of("$L $L $L", left, binary.operator().symbol(), right), userName);
    } else if (expr instanceof Expr.Unary unary) {
      CodeBlock operand = value(unary.operand());
      name = unary.operator() == Expr.UnaryOperator.MINUS
          ? temporary(CodeBlock.of("-$L", operand), userName)
          : locals.get(unary.operand());
    } else if (expr instanceof Expr.Cast cast) {
      value(cast.operand());
      name = locals.get(cast.operand());
    } else {
      Expr.MathCall call = (Expr.MathCall) expr;
      CodeBlock arg = value(call.args().get(0));
      name = temporary(
          CodeBlock.of("$T.$N($L)", call.owner(), call.function().javaName(), arg), userName);
    }
    CodeBlock code = CodeBlock.of("$N", name);
    values.put(expr, code);
    locals.put(expr, name);
    return code;
  }

  /** The input of an element read earlier in the iteration with the same value, or null. */
  private Input element(Expr.ArrayRead read) {
    for (Element element : elements) {
      if (SameValue.ofPlain(element.read(), read)) {
        return element.input();
      }
    }
    return null;
  }

  private String temporary(CodeBlock value, String userName) {
    String name = userName == null ? names.fresh("t") : userName;
    forward.addStatement("double $N = $L", name, value);
    return name;
  }

  // ---------------------------------------------------------------- partials

  /** One accumulator: its value in the loop, its buffers of inputs and partials, its sweep. */
  private final class Accumulator {
    private final Variable variable;
    private final List<ReductionLoop.Accumulation> terms = new ArrayList<>();
    private final String value;
    private final String inputs;
    private final String partials;
    private final String count;
    private final String capacity;
    /** With array-leaf entries: the entries' indices (negative for a node) and the node count. */
    private final String slots;

    private final String nodeCount;
    /** Per iteration, the adjoint of each input and temporary this accumulator reaches. */
    private final Map<Input, String> elementAdjoints = new LinkedHashMap<>();

    private final Map<Input, String> scalarPartials = new LinkedHashMap<>();
    private final Map<Variable, String> temporaryAdjoints = new HashMap<>();
    private final CodeBlock.Builder reverse = CodeBlock.builder();

    Accumulator(Variable variable) {
      this.variable = variable;
      this.value = names.fresh(variable.name() + "Value");
      this.inputs = names.fresh(variable.name() + "Inputs");
      this.partials = names.fresh(variable.name() + "Partials");
      this.count = names.fresh(variable.name() + "Count");
      this.capacity = names.fresh(variable.name() + "Capacity");
      this.slots = names.fresh(variable.name() + "Slots");
      this.nodeCount = names.fresh(variable.name() + "NodeCount");
    }

    /**
     * Whether this accumulator's node reads elements of the array leaf by index: when every input
     * an iteration reads is such an element. An iteration that also reads nodes (the MLP's {@code
     * w[k] * h[k]}) keeps one node array with the elements' leaves in it: an index array beside it
     * would cost more than the leaves, which are made once per call.
     */
    private boolean overArrayLeaf() {
      boolean indexedOnly = !elementAdjoints.isEmpty();
      for (Input input : elementAdjoints.keySet()) {
        indexedOnly &= input.index() != null;
      }
      return indexedOnly;
    }

    /** How many of one iteration's inputs are nodes (not indexed elements). */
    private int nodesPerIteration() {
      int nodes = 0;
      for (Input input : elementAdjoints.keySet()) {
        if (input.index() == null) {
          nodes++;
        }
      }
      return nodes;
    }

    /** Writes one iteration's reverse sweep, from each term down to the inputs. */
    void reverse() {
      Sweep sweep = new Sweep();
      for (ReductionLoop.Accumulation term : terms) {
        sweep.propagate(
            null, term.term(), term.subtract() ? Adjoint.ONE.negated() : Adjoint.ONE, null);
      }
      List<ReductionLoop.Step> steps = reduction.steps();
      for (int i = steps.size() - 1; i >= 0; i--) {
        if (steps.get(i) instanceof ReductionLoop.Temporary temporary
            && temporaryAdjoints.containsKey(temporary.variable())) {
          sweep.propagate(
              null,
              temporary.init(),
              Adjoint.named(temporaryAdjoints.get(temporary.variable())),
              null);
        }
      }
      for (String adjoint : elementAdjoints.values()) {
        reverse.addStatement("double $N = 0.0", adjoint);
      }
      for (String adjoint : temporaryAdjoints.values().stream().sorted().toList()) {
        reverse.addStatement("double $N = 0.0", adjoint);
      }
      reverse.add(sweep.code.build());
      if (overArrayLeaf()) {
        storeEntries();
      } else if (!elementAdjoints.isEmpty()) {
        int perIteration = elementAdjoints.size();
        reverse.beginControlFlow("if ($N + $L > $N.length)", count, perIteration, inputs);
        reverse.addStatement(
            "$N = $T.copyOf($N, 2 * $N.length + $L)", inputs, ARRAYS, inputs, inputs, perIteration);
        reverse.addStatement(
            "$N = $T.copyOf($N, 2 * $N.length + $L)",
            partials,
            ARRAYS,
            partials,
            partials,
            perIteration);
        reverse.endControlFlow();
        for (Map.Entry<Input, String> entry : elementAdjoints.entrySet()) {
          reverse.addStatement("$N[$N] = $L", inputs, count, entry.getKey().node());
          reverse.addStatement("$N[$N++] = $N", partials, count, entry.getValue());
        }
      }
    }

    /**
     * The adjoint of an input for this accumulator, {@code _d_} and the user's name of it where it
     * has one ({@code _d_x_i} for {@code x[i]}), else of the local holding its value; with several
     * accumulators the accumulator's name too.
     */
    private String adjointName(Expr expr, String value) {
      String base = FusionWriter.baseName(expr);
      String of = base == null ? value : base;
      return names.fresh(
          reduction.accumulators().size() == 1 ? "_d_" + of : "_d_" + variable.name() + "_" + of);
    }

    /**
     * One iteration's entries of a node over the array leaf: an index per element read, a node per
     * other input; the buffers grow only when the loop's trip count is unknown.
     */
    private void storeEntries() {
      int perIteration = elementAdjoints.size();
      int nodes = nodesPerIteration();
      if (tripCount() == null) {
        reverse.beginControlFlow("if ($N + $L > $N.length)", count, perIteration, slots);
        reverse.addStatement(
            "$N = $T.copyOf($N, 2 * $N.length + $L)", slots, ARRAYS, slots, slots, perIteration);
        reverse.addStatement(
            "$N = $T.copyOf($N, 2 * $N.length + $L)",
            partials,
            ARRAYS,
            partials,
            partials,
            perIteration);
        reverse.endControlFlow();
        if (nodes > 0) {
          reverse.beginControlFlow("if ($N + $L > $N.length)", nodeCount, nodes, inputs);
          reverse.addStatement(
              "$N = $T.copyOf($N, 2 * $N.length + $L)", inputs, ARRAYS, inputs, inputs, nodes);
          reverse.endControlFlow();
        }
      }
      for (Map.Entry<Input, String> entry : elementAdjoints.entrySet()) {
        Input input = entry.getKey();
        if (input.index() != null) {
          reverse.addStatement("$N[$N] = $N", slots, count, input.index());
        } else {
          reverse.addStatement("$N[$N++] = $L", inputs, nodeCount, input.node());
          reverse.addStatement("$N[$N] = -1", slots, count);
        }
        reverse.addStatement("$N[$N++] = $N", partials, count, entry.getValue());
      }
    }

    /**
     * One iteration's reverse sweep over the plain values of the forward code, by the shared
     * rules of {@link LocalPartials}: an operation's adjoint is written out where it is used, and
     * gets a local, {@code _d_} and the operation's value, only where more than one operand reads
     * it and it is more than a name.
     */
    private final class Sweep implements LocalPartials.Sweep {
      final CodeBlock.Builder code = CodeBlock.builder();

      @Override
      public CodeBlock read(Expr expr) {
        return values.get(expr);
      }

      @Override
      public String local(String prefix, CodeBlock value) {
        String name = names.fresh(prefix);
        code.addStatement("double $N = $L", name, value);
        return name;
      }

      @Override
      public void propagate(Expr parent, Expr child, Adjoint adjoint, Adjoint.Factor partial) {
        if (!expressions.isActive(child)) {
          return;
        }
        Adjoint product = partial == null ? adjoint : adjoint.times(partial);
        if (child instanceof Expr.VariableRef ref && temporaries.containsKey(ref.variable())) {
          String name = temporaryAdjoints.computeIfAbsent(
              ref.variable(), v -> names.fresh("_d_" + temporaries.get(v)));
          code.addStatement(product.addTo(name));
        } else if (child instanceof Expr.VariableRef) {
          Input input = inputOf.get(child);
          String name =
              scalarPartials.computeIfAbsent(input, v -> adjointName(child, input.value()));
          code.addStatement(product.addTo(name));
        } else if (child instanceof Expr.ArrayRead) {
          Input input = inputOf.get(child);
          String name =
              elementAdjoints.computeIfAbsent(input, v -> adjointName(child, input.value()));
          code.addStatement(product.addTo(name));
        } else if (!product.simple() && LocalPartials.fanOut(child, expressions::isActive) > 1) {
          String name = names.fresh("_d_" + locals.get(child));
          code.addStatement("double $N = $L", name, product.signed());
          LocalPartials.backward(child, Adjoint.named(name), this);
        } else {
          LocalPartials.backward(child, product, this);
        }
      }
    }

    /** Before the loop: the accumulator's value, its buffers' names, its scalars' partials. */
    CodeBlock before() {
      CodeBlock.Builder code = CodeBlock.builder();
      code.addStatement("double $N = $N.data()", value, variable.name());
      if (overArrayLeaf()) {
        code.addStatement("$T $N = null", NODES, inputs);
        code.addStatement("int[] $N = null", slots);
        code.addStatement("$T $N = null", DOUBLES, partials);
        code.addStatement("int $N = 1", nodeCount);
        code.addStatement("int $N = 1", count);
      } else if (!elementAdjoints.isEmpty()) {
        code.addStatement("$T $N = null", NODES, inputs);
        code.addStatement("$T $N = null", DOUBLES, partials);
        code.addStatement("int $N = 1", count);
      }
      for (String partial : scalarPartials.values()) {
        code.addStatement("double $N = 0.0", partial);
      }
      return code.build();
    }

    /**
     * In the first iteration: the buffers, which start with the accumulator itself, sized for the
     * whole loop when its trip count is known (then never copied), else for a few iterations.
     */
    CodeBlock buffers() {
      CodeBlock.Builder code = CodeBlock.builder();
      if (elementAdjoints.isEmpty()) {
        return code.build();
      }
      if (overArrayLeaf()) {
        return arrayLeafBuffers();
      }
      int perIteration = elementAdjoints.size();
      CodeBlock trips = tripCount();
      CodeBlock capacity = trips == null
          ? CodeBlock.of("$L", 1 + FIRST_ITERATIONS * perIteration)
          : CodeBlock.of(
              "1 + $L * (int) $T.max(1L, $T.min($L, $L))",
              perIteration,
              Math.class,
              Math.class,
              trips,
              MAX_PRESIZED_ITERATIONS);
      code.addStatement("int $N = $L", this.capacity, capacity);
      code.addStatement("$N = new $T[$N]", inputs, ExpressionWriter.TENSOR, this.capacity);
      code.addStatement("$N = new double[$N]", partials, this.capacity);
      code.addStatement("$N[0] = $N", inputs, variable.name());
      code.addStatement("$N[0] = 1.0", partials);
      return code.build();
    }

    /**
     * The first iteration's buffers of a node over the array leaf, starting with the accumulator:
     * with a known trip count, sized exactly for every iteration and the scalars after the loop
     * (so neither checked nor copied), else for a few iterations.
     */
    private CodeBlock arrayLeafBuffers() {
      CodeBlock.Builder code = CodeBlock.builder();
      int perIteration = elementAdjoints.size();
      int nodes = nodesPerIteration();
      CodeBlock trips = tripCount();
      String nodeCapacity = names.fresh(variable.name() + "NodeCapacity");
      if (trips == null) {
        code.addStatement("int $N = $L", capacity, 1 + FIRST_ITERATIONS * perIteration);
        code.addStatement("int $N = $L", nodeCapacity, 1 + FIRST_ITERATIONS * nodes);
      } else {
        String tripsName = names.fresh(variable.name() + "Trips");
        code.addStatement("long $N = $L", tripsName, trips);
        code.addStatement("int $N = $L", capacity, exactCapacity(perIteration, tripsName));
        code.addStatement("int $N = $L", nodeCapacity, exactCapacity(nodes, tripsName));
      }
      code.addStatement("$N = new $T[$N]", inputs, ExpressionWriter.TENSOR, nodeCapacity);
      code.addStatement("$N = new int[$N]", slots, capacity);
      code.addStatement("$N = new double[$N]", partials, capacity);
      code.addStatement("$N[0] = $N", inputs, variable.name());
      code.addStatement("$N[0] = -1", slots);
      code.addStatement("$N[0] = 1.0", partials);
      return code.build();
    }

    /**
     * {@code 1 + perIteration * trips + scalars} as an int, failing rather than wrapping for a loop
     * too long for any array; terms that are zero are left out.
     */
    private CodeBlock exactCapacity(int perIteration, String trips) {
      int fixed = 1 + scalarPartials.size();
      if (perIteration == 0) {
        return CodeBlock.of("$L", fixed);
      }
      return CodeBlock.of("$T.toIntExact($LL + $L * $N)", Math.class, fixed, perIteration, trips);
    }

    /** After a loop that ran, for a node over the array leaf: the scalars, then the node. */
    private CodeBlock arrayLeafAfter() {
      CodeBlock.Builder code = CodeBlock.builder();
      int scalarCount = scalarPartials.size();
      if (scalarCount > 0) {
        if (tripCount() == null) {
          code.beginControlFlow("if ($N + $L > $N.length)", count, scalarCount, slots);
          code.addStatement(
              "$N = $T.copyOf($N, $N + $L)", slots, ARRAYS, slots, count, scalarCount);
          code.addStatement(
              "$N = $T.copyOf($N, $N + $L)", partials, ARRAYS, partials, count, scalarCount);
          code.endControlFlow();
          code.beginControlFlow("if ($N + $L > $N.length)", nodeCount, scalarCount, inputs);
          code.addStatement(
              "$N = $T.copyOf($N, $N + $L)", inputs, ARRAYS, inputs, nodeCount, scalarCount);
          code.endControlFlow();
        }
        for (Map.Entry<Input, String> entry : scalarPartials.entrySet()) {
          code.addStatement("$N[$N++] = $L", inputs, nodeCount, entry.getKey().node());
          code.addStatement("$N[$N] = -1", slots, count);
          code.addStatement("$N[$N++] = $N", partials, count, entry.getValue());
        }
      }
      // The trusted factory: the entries are this loop's own, so the public one's pass over them
      // to check them would cost as much as the backward sweep.
      code.addStatement(
          "$N = $T.fused($N, $N, $N, $N, $N, $N, $N)",
          variable.name(),
          TypeNames.GENERATED_SUPPORT,
          value,
          inputs,
          nodeCount,
          indexed.name(),
          slots,
          partials,
          count);
      return code.build();
    }

    /** After a loop that ran: the accumulator's node, over everything it read. */
    CodeBlock after() {
      if (overArrayLeaf()) {
        return arrayLeafAfter();
      }
      CodeBlock.Builder code = CodeBlock.builder();
      if (elementAdjoints.isEmpty()) {
        List<CodeBlock> nodes = new ArrayList<>();
        List<CodeBlock> partialList = new ArrayList<>();
        nodes.add(CodeBlock.of("$N", variable.name()));
        partialList.add(ONE);
        for (Map.Entry<Input, String> entry : scalarPartials.entrySet()) {
          nodes.add(entry.getKey().node());
          partialList.add(CodeBlock.of("$N", entry.getValue()));
        }
        code.addStatement(
            "$N = $T.fused($N, new $T[] {$L}, new double[] {$L})",
            variable.name(),
            ExpressionWriter.TENSOR,
            value,
            ExpressionWriter.TENSOR,
            CodeBlock.join(nodes, ", "),
            CodeBlock.join(partialList, ", "));
        return code.build();
      }
      int scalarCount = scalarPartials.size();
      if (scalarCount > 0) {
        code.beginControlFlow("if ($N + $L > $N.length)", count, scalarCount, inputs);
        code.addStatement(
            "$N = $T.copyOf($N, $N + $L)", inputs, ARRAYS, inputs, count, scalarCount);
        code.addStatement(
            "$N = $T.copyOf($N, $N + $L)", partials, ARRAYS, partials, count, scalarCount);
        code.endControlFlow();
        for (Map.Entry<Input, String> entry : scalarPartials.entrySet()) {
          code.addStatement("$N[$N] = $L", inputs, count, entry.getKey().node());
          code.addStatement("$N[$N++] = $N", partials, count, entry.getValue());
        }
      }
      code.addStatement(
          "$N = $T.fused($N, $N == $N.length ? $N : $T.copyOf($N, $N), "
              + "$N == $N.length ? $N : $T.copyOf($N, $N))",
          variable.name(),
          ExpressionWriter.TENSOR,
          value,
          count,
          inputs,
          inputs,
          ARRAYS,
          inputs,
          count,
          count,
          partials,
          partials,
          ARRAYS,
          partials,
          count);
      return code.build();
    }
  }
}
