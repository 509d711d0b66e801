package dev.gradgen.processor.writer;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.gradgen.processor.analysis.Activity;
import dev.gradgen.processor.analysis.ForwardCoverage;
import dev.gradgen.processor.model.Callee;
import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.MethodKey;
import dev.gradgen.processor.model.SideEffects;
import dev.gradgen.processor.model.Stmt;
import dev.gradgen.processor.model.ValueType;
import dev.gradgen.processor.model.Variable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The body of one forward function (see {@link ForwardWriter}), statement for statement: the
 * user's control flow and values on plain doubles, each active operation's value in a local of its
 * own (the same IEEE operation on the same operands, so the value is the plain method's bit for
 * bit), and after each active statement's operations one loop over the directions that sums its
 * local partials times its operands' tangents.
 *
 * <p>In the scalar form (one direction, for {@code mTangent}) an active {@code double}'s tangent is
 * a {@code double} and an active {@code double[]}'s a {@code double[]}, and each statement's
 * tangent is one assignment: no loop, no row per element.
 */
final class ForwardBody {

  private static final TypeName ROW = ArrayTypeName.of(TypeName.DOUBLE);
  private static final TypeName MATRIX = ArrayTypeName.of(ROW);

  /**
   * One term of a tangent: the product of {@code factors} (none for 1) times {@code row[k]}. The
   * factors stay a flat list, so that a deep expression gives no deeply nested code.
   */
  private record Term(List<CodeBlock> factors, boolean negative, CodeBlock row) {
    Term times(CodeBlock factor) {
      List<CodeBlock> more = new ArrayList<>(factors);
      more.add(factor);
      return new Term(more, negative, row);
    }

    Term negated() {
      return new Term(factors, !negative, row);
    }
  }

  /** A scalar's value (one token of code) and its tangent as a sum of terms. */
  private record Value(CodeBlock code, List<Term> terms) {}

  /** An array's value and the matrix of its elements' tangents. */
  private record ArrayValue(CodeBlock code, CodeBlock tangents) {}

  private final Activity activity;
  private final ExpressionWriter plain;
  private final Temporaries temporaries;
  private final Map<Variable, String> tangents;
  private final String width;
  private final String out;
  private final boolean vectorResult;
  private final Map<MethodKey, String> names;
  private final CodeBlock.Builder code = CodeBlock.builder();
  private final String index;
  private final boolean scalar;
  /** The type of a scalar's tangent: a row of directions, or one {@code double}. */
  private final TypeName tangentType;
  /** The type of an array's tangents: a row per element, or one {@code double} per element. */
  private final TypeName arrayTangentType;

  private String zeros;
  private String holder;
  /**
   * The hoisted tangents still holding the zeros they were declared with: none of the code written
   * so far stores into them, so outside every loop a store of zeros into one is redundant.
   */
  private final Set<String> untouched = new HashSet<>();
  /** How many loops enclose the code being written (inside one, earlier code may run again). */
  private int loops;

  ForwardBody(
      Activity activity,
      ExpressionWriter plain,
      Temporaries temporaries,
      Map<Variable, String> tangents,
      String width,
      String out,
      boolean vectorResult,
      Map<MethodKey, String> names,
      boolean scalar) {
    this.activity = activity;
    this.plain = plain;
    this.temporaries = temporaries;
    this.tangents = tangents;
    this.width = width;
    this.out = out;
    this.vectorResult = vectorResult;
    this.names = names;
    this.index = temporaries.fresh("k");
    this.scalar = scalar;
    this.tangentType = scalar ? TypeName.DOUBLE : ROW;
    this.arrayTangentType = scalar ? ROW : MATRIX;
  }

  /** The initial value of a hoisted scalar tangent: zeros. */
  private String zeroTangent() {
    return scalar ? "0.0" : "new double[" + width + "]";
  }

  /** The statements, written. */
  CodeBlock write(List<Stmt> body) {
    statements(body);
    return code.build();
  }

  private void statements(List<Stmt> body) {
    for (Stmt stmt : body) {
      stmt.accept(statementWriter);
    }
  }

  private void body(Stmt body) {
    if (body instanceof Stmt.Block block) {
      statements(block.statements());
    } else {
      body.accept(statementWriter);
    }
  }

  private CodeBlock plain(Expr expr) {
    return plain.plain(expr);
  }

  /** The tangent row of an active scalar variable, hoisted: one array per variable, reused. */
  private String tangentOf(Variable variable) {
    return tangents.computeIfAbsent(
        variable,
        v -> v.type().isArray()
            ? temporaries.fresh(v.name() + "Tangent")
            : zeroLocal(v.name() + "Tangent"));
  }

  /** A hoisted tangent declared as zeros, remembered as untouched until something stores into it. */
  private String zeroLocal(String base) {
    String name = temporaries.declare(tangentType, base, zeroTangent());
    untouched.add(name);
    return name;
  }

  /**
   * {@link #writeTangent(CodeBlock, List)} into the hoisted tangent {@code name}; nothing for no
   * term where it still holds its declared zeros.
   */
  private void writeTangent(String name, List<Term> terms) {
    if (terms.isEmpty() && loops == 0 && untouched.contains(name)) {
      return;
    }
    untouched.remove(name);
    writeTangent(CodeBlock.of("$N", name), terms);
  }

  /** {@code loop}'s body, written with the loop counted (its code may run more than once). */
  private void loopBody(Stmt loop) {
    loops++;
    body(loop);
    loops--;
  }

  /** {@code target[k] = sum of terms} for every direction k, or zeros for no term. */
  private void writeTangent(CodeBlock target, List<Term> terms) {
    if (scalar) {
      code.addStatement("$L = $L", target, terms.isEmpty() ? CodeBlock.of("0.0") : sum(terms));
      return;
    }
    if (terms.isEmpty()) {
      code.addStatement("$T.fill($L, 0.0)", Arrays.class, target);
      return;
    }
    code.beginControlFlow("for (int $N = 0; $N < $N; $N++)", index, index, width, index)
        .addStatement("$L[$N] = $L", target, index, sum(terms))
        .endControlFlow();
  }

  /** The sum of the terms for direction k (the scalar form: for its one direction). */
  private CodeBlock sum(List<Term> terms) {
    CodeBlock.Builder sum = CodeBlock.builder();
    for (int i = 0; i < terms.size(); i++) {
      Term term = terms.get(i);
      if (i == 0) {
        sum.add(term.negative() ? "-" : "");
      } else {
        sum.add(term.negative() ? " - " : " + ");
      }
      for (CodeBlock factor : term.factors()) {
        sum.add("$L * ", factor);
      }
      if (scalar) {
        sum.add("$L", term.row());
      } else {
        sum.add("$L[$N]", term.row(), index);
      }
    }
    return sum.build();
  }

  /** A tangent as one row: the row itself when it is one plain term, else a hoisted copy. */
  private CodeBlock row(List<Term> terms) {
    if (terms.size() == 1 && terms.get(0).factors().isEmpty() && !terms.get(0).negative()) {
      return terms.get(0).row();
    }
    if (terms.isEmpty()) {
      return scalar ? CodeBlock.of("0.0") : CodeBlock.of("$N", zeros());
    }
    String row = temporaries.declare(tangentType, "tangent", zeroTangent());
    writeTangent(CodeBlock.of("$N", row), terms);
    return CodeBlock.of("$N", row);
  }

  /** A row of zeros, never written (a forward function copies a parameter's before writing it). */
  private String zeros() {
    if (zeros == null) {
      zeros = temporaries.declare(ROW, "zeros", "new double[" + width + "]");
    }
    return zeros;
  }

  private String holder() {
    if (holder == null) {
      holder = scalar
          ? temporaries.declare(MATRIX, "returned", "new double[1][]")
          : temporaries.declare(ArrayTypeName.of(MATRIX), "returned", "new double[1][][]");
    }
    return holder;
  }

  /** A local for {@code value}, declared where it is computed. */
  private CodeBlock local(TypeName type, String base, CodeBlock value) {
    String name = temporaries.fresh(base);
    code.addStatement("$T $N = $L", type, name, value);
    return CodeBlock.of("$N", name);
  }

  /** A value where an operation is written: active, or a constant in a local unless one token. */
  private Value operand(Expr expr) {
    if (activity.isActive(expr)) {
      return expr.accept(scalars);
    }
    CodeBlock value = plain(expr);
    if (!OneToken.is(expr)) {
      value = local(expr.type().plainName(), "c", value);
    }
    return new Value(value, List.of());
  }

  /** A value where the user's statement uses it: active, or the user's own code in place. */
  private Value root(Expr expr) {
    return activity.isActive(expr) ? expr.accept(scalars) : new Value(plain(expr), List.of());
  }

  private static IllegalStateException neverActive(Expr expr) {
    return new IllegalStateException(expr + " is never an active scalar");
  }

  /** The forms of active scalar expressions, each written into locals before the statement. */
  private final Expr.Visitor<Value> scalars = new Expr.Visitor<>() {
    @Override
    public Value visitLiteral(Expr.Literal literal) {
      throw neverActive(literal);
    }

    @Override
    public Value visitVariableRef(Expr.VariableRef ref) {
      return new Value(
          CodeBlock.of("$N", ref.variable().name()),
          List.of(new Term(List.of(), false, CodeBlock.of("$N", tangentOf(ref.variable())))));
    }

    @Override
    public Value visitThis(Expr.This thisExpr) {
      throw neverActive(thisExpr);
    }

    @Override
    public Value visitFieldRef(Expr.FieldRef field) {
      throw neverActive(field);
    }

    @Override
    public Value visitUnary(Expr.Unary unary) {
      Value operand = operand(unary.operand());
      if (unary.operator() == Expr.UnaryOperator.PLUS) {
        return operand;
      }
      CodeBlock value = local(TypeName.DOUBLE, "v", CodeBlock.of("-$L", operand.code()));
      return withPartials(unary, value, List.of(unary.operand()), List.of(operand));
    }

    @Override
    public Value visitBinary(Expr.Binary binary) {
      List<Value> operands = operands(List.of(binary.left(), binary.right()));
      return binary(binary, operands.get(0), operands.get(1));
    }

    @Override
    public Value visitConditional(Expr.Conditional conditional) {
      // Control flow on the real value: only the branch taken is evaluated, as in the user's code.
      String value = temporaries.fresh("v");
      String tangent = zeroLocal("tangent");
      code.addStatement("double $N", value);
      code.beginControlFlow("if ($L)", plain(conditional.condition()));
      Value whenTrue = root(conditional.whenTrue());
      writeTangent(tangent, whenTrue.terms());
      code.addStatement("$N = $L", value, whenTrue.code());
      code.nextControlFlow("else");
      Value whenFalse = root(conditional.whenFalse());
      writeTangent(tangent, whenFalse.terms());
      code.addStatement("$N = $L", value, whenFalse.code());
      code.endControlFlow();
      return new Value(
          CodeBlock.of("$N", value),
          List.of(new Term(List.of(), false, CodeBlock.of("$N", tangent))));
    }

    @Override
    public Value visitCast(Expr.Cast cast) {
      // A cast of a double to double: the value itself.
      return operand(cast.operand());
    }

    @Override
    public Value visitArrayRead(Expr.ArrayRead read) {
      return element(
          ((Expr.VariableRef) read.array()).variable(), operand(read.index()).code());
    }

    @Override
    public Value visitArrayLength(Expr.ArrayLength length) {
      throw neverActive(length);
    }

    @Override
    public Value visitNewArray(Expr.NewArray array) {
      throw neverActive(array);
    }

    @Override
    public Value visitArrayInitializer(Expr.ArrayInitializer array) {
      throw neverActive(array);
    }

    @Override
    public Value visitAssign(Expr.Assign assign) {
      throw neverActive(assign);
    }

    @Override
    public Value visitIncDec(Expr.IncDec incDec) {
      throw neverActive(incDec);
    }

    @Override
    public Value visitMathCall(Expr.MathCall call) {
      List<Value> args = operands(call.args());
      List<CodeBlock> codes = args.stream().map(Value::code).toList();
      CodeBlock value = local(
          TypeName.DOUBLE,
          "v",
          CodeBlock.of(
              "$T.$N($L)", call.owner(), call.function().javaName(), CodeBlock.join(codes, ", ")));
      return withPartials(call, value, call.args(), args);
    }

    @Override
    public Value visitDifferentiableCall(Expr.DifferentiableCall call) {
      // The scalar form's callee writes its one tangent into element 0.
      CodeBlock tangent = CodeBlock.of(
          "$N",
          temporaries.declare(
              ROW, "tangent", scalar ? "new double[1]" : "new double[" + width + "]"));
      CodeBlock value = local(TypeName.DOUBLE, "v", forwardCall(call, tangent));
      CodeBlock row = scalar ? CodeBlock.of("$L[0]", tangent) : tangent;
      return new Value(value, List.of(new Term(List.of(), false, row)));
    }

    @Override
    public Value visitPlainCall(Expr.PlainCall call) {
      throw neverActive(call);
    }

    @Override
    public Value visitRuleCall(Expr.RuleCall call) {
      throw neverActive(call);
    }

    @Override
    public Value visitNewObject(Expr.NewObject object) {
      throw neverActive(object);
    }
  };

  /** The element {@code at} of the active array {@code array}, with its tangent. */
  private Value element(Variable array, CodeBlock at) {
    // The scalar form reads the element's tangent where the statement's tangent is summed.
    CodeBlock row = scalar
        ? CodeBlock.of("$N[$L]", tangentOf(array), at)
        : local(ROW, "row", CodeBlock.of("$N[$L]", tangentOf(array), at));
    return new Value(
        CodeBlock.of("$N[$L]", array.name(), at), List.of(new Term(List.of(), false, row)));
  }

  /** {@code left op right} for an arithmetic operator, its operands' values given. */
  private Value binary(Expr.Binary binary, Value left, Value right) {
    CodeBlock value = local(
        TypeName.DOUBLE,
        "v",
        CodeBlock.of("$L $L $L", left.code(), binary.operator().symbol(), right.code()));
    return withPartials(
        binary, value, List.of(binary.left(), binary.right()), List.of(left, right));
  }

  /**
   * The value {@code value} of the operation {@code expr} with its tangent: each operand's terms
   * times the operand's local partial, by the rules of {@link LocalPartials} (the same rules as
   * the fused helpers' reverse sweeps), a partial that is more than a name in a local of its own,
   * and not computed at all for an operand without tangent.
   */
  private Value withPartials(Expr expr, CodeBlock value, List<Expr> operands, List<Value> values) {
    Map<Expr, Value> byOperand = new IdentityHashMap<>();
    for (int i = 0; i < operands.size(); i++) {
      byOperand.put(operands.get(i), values.get(i));
    }
    List<Term> terms = new ArrayList<>();
    LocalPartials.backward(expr, Adjoint.ONE, new LocalPartials.Sweep() {
      @Override
      public CodeBlock read(Expr read) {
        return read == expr ? value : valueOf(read).code();
      }

      @Override
      public String local(String prefix, CodeBlock code) {
        String name = temporaries.fresh(prefix);
        ForwardBody.this.code.addStatement("$T $N = $L", TypeName.DOUBLE, name, code);
        return name;
      }

      @Override
      public void propagate(Expr parent, Expr child, Adjoint adjoint, Adjoint.Factor partial) {
        List<Term> operand = valueOf(child).terms();
        if (operand.isEmpty()) {
          return;
        }
        CodeBlock factor = partial == null
            ? null
            : partial.simple() ? partial.code() : CodeBlock.of("$N", local("d", partial.code()));
        for (Term term : operand) {
          Term scaled = term;
          for (Adjoint.Factor outer : adjoint.factors()) {
            scaled = scaled.times(outer.code());
          }
          if (factor != null) {
            scaled = scaled.times(factor);
          }
          terms.add(adjoint.negative() ? scaled.negated() : scaled);
        }
      }

      private Value valueOf(Expr operand) {
        Value found = byOperand.get(operand);
        if (found == null) {
          throw new IllegalStateException(operand + " is not an operand of " + expr);
        }
        return found;
      }
    });
    return new Value(value, terms);
  }

  /**
   * The operands of one operation, in the user's order. Where a later one may have an effect (a
   * differentiable call may write a field through a plain call of its own), each earlier one is
   * first pinned in locals, value and tangent, so that it is read before that effect, as Java
   * reads it: left to right.
   */
  private List<Value> operands(List<Expr> exprs) {
    List<Value> values = new ArrayList<>();
    for (int i = 0; i < exprs.size(); i++) {
      Value value = operand(exprs.get(i));
      values.add(laterEffect(exprs, i) ? pinned(exprs.get(i), value) : value);
    }
    return values;
  }

  /** Whether an expression after the {@code i}th of {@code exprs} may have a side effect. */
  private static boolean laterEffect(List<Expr> exprs, int i) {
    for (int j = i + 1; j < exprs.size(); j++) {
      if (SideEffects.in(exprs.get(j))) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code value} read now: its code and tangent copied into locals. A literal needs no copy, nor
   * does a local variable or parameter: only an assignment in the same expression could change it,
   * and coverage leaves those to the graph.
   */
  private Value pinned(Expr expr, Value value) {
    if (expr instanceof Expr.Literal || expr instanceof Expr.VariableRef) {
      return value;
    }
    CodeBlock code = local(expr.type().plainName(), "c", value.code());
    if (value.terms().isEmpty()) {
      return new Value(code, List.of());
    }
    CodeBlock tangent;
    if (scalar) {
      tangent = local(TypeName.DOUBLE, "t", sum(value.terms()));
    } else {
      String row = temporaries.declare(tangentType, "tangent", zeroTangent());
      writeTangent(CodeBlock.of("$N", row), value.terms());
      tangent = CodeBlock.of("$N", row);
    }
    return new Value(code, List.of(new Term(List.of(), false, tangent)));
  }

  /**
   * A call of a covered method's forward function: its arguments' values, their tangents (zeros
   * for a constant argument), the width and where the result's tangents go.
   */
  private CodeBlock forwardCall(Expr.DifferentiableCall call, CodeBlock resultTangent) {
    Callee callee = call.callee();
    List<CodeBlock> values = new ArrayList<>();
    List<CodeBlock> rows = new ArrayList<>();
    call.receiver().ifPresent(object -> values.add(plain(object)));
    for (int i = 0; i < call.args().size(); i++) {
      Expr arg = call.args().get(i);
      Variable parameter = callee.parameters().get(i);
      boolean pin = laterEffect(call.args(), i);
      if (!parameter.differentiable()) {
        Value value = operand(arg);
        values.add((pin ? pinned(arg, value) : value).code());
      } else if (arg.type().isArray()) {
        if (activity.isActive(arg)) {
          Variable array = ((Expr.VariableRef) arg).variable();
          values.add(CodeBlock.of("$N", array.name()));
          rows.add(CodeBlock.of("$N", tangentOf(array)));
        } else {
          CodeBlock constant = plain(arg);
          values.add(constant);
          rows.add(zerosOf(constant));
        }
      } else {
        Value value = operand(arg);
        if (pin) {
          value = pinned(arg, value);
        }
        values.add(value.code());
        rows.add(row(value.terms()));
      }
    }
    List<CodeBlock> args = new ArrayList<>(values);
    args.addAll(rows);
    if (!scalar) {
      args.add(CodeBlock.of("$N", width));
    }
    args.add(resultTangent);
    return ForwardWriter.call(names.get(ForwardCoverage.key(callee)), args);
  }

  /** The forms of array values given to active array variables, with their tangents. */
  private final Expr.Visitor<ArrayValue> arrays = new Expr.Visitor<>() {
    @Override
    public ArrayValue visitLiteral(Expr.Literal literal) {
      return constant(literal);
    }

    @Override
    public ArrayValue visitVariableRef(Expr.VariableRef ref) {
      return activity.isActive(ref.variable())
          ? new ArrayValue(
              CodeBlock.of("$N", ref.variable().name()),
              CodeBlock.of("$N", tangentOf(ref.variable())))
          : constant(ref);
    }

    @Override
    public ArrayValue visitThis(Expr.This thisExpr) {
      return constant(thisExpr);
    }

    @Override
    public ArrayValue visitFieldRef(Expr.FieldRef field) {
      return constant(field);
    }

    @Override
    public ArrayValue visitUnary(Expr.Unary unary) {
      return constant(unary);
    }

    @Override
    public ArrayValue visitBinary(Expr.Binary binary) {
      return constant(binary);
    }

    @Override
    public ArrayValue visitConditional(Expr.Conditional conditional) {
      return constant(conditional);
    }

    @Override
    public ArrayValue visitCast(Expr.Cast cast) {
      return constant(cast);
    }

    @Override
    public ArrayValue visitArrayRead(Expr.ArrayRead read) {
      return constant(read);
    }

    @Override
    public ArrayValue visitArrayLength(Expr.ArrayLength length) {
      return constant(length);
    }

    @Override
    public ArrayValue visitNewArray(Expr.NewArray array) {
      return constant(array);
    }

    @Override
    public ArrayValue visitArrayInitializer(Expr.ArrayInitializer array) {
      if (!activity.isActive(array)) {
        return constant(array);
      }
      List<Value> elements = operands(array.elements());
      CodeBlock value = local(
          ROW,
          "array",
          CodeBlock.of(
              "new double[] {$L}",
              CodeBlock.join(elements.stream().map(Value::code).toList(), ", ")));
      CodeBlock matrix = local(
          arrayTangentType,
          "tangents",
          scalar
              ? CodeBlock.of("new double[$L]", elements.size())
              : CodeBlock.of("new double[$L][$N]", elements.size(), width));
      for (int i = 0; i < elements.size(); i++) {
        if (!elements.get(i).terms().isEmpty()) {
          writeTangent(CodeBlock.of("$L[$L]", matrix, i), elements.get(i).terms());
        }
      }
      return new ArrayValue(value, matrix);
    }

    @Override
    public ArrayValue visitAssign(Expr.Assign assign) {
      return constant(assign);
    }

    @Override
    public ArrayValue visitIncDec(Expr.IncDec incDec) {
      return constant(incDec);
    }

    @Override
    public ArrayValue visitMathCall(Expr.MathCall call) {
      return constant(call);
    }

    @Override
    public ArrayValue visitDifferentiableCall(Expr.DifferentiableCall call) {
      if (!activity.isActive(call)) {
        return constant(call);
      }
      String returned = holder();
      CodeBlock value = local(ROW, "array", forwardCall(call, CodeBlock.of("$N", returned)));
      CodeBlock matrix = local(arrayTangentType, "tangents", CodeBlock.of("$N[0]", returned));
      return new ArrayValue(value, matrix);
    }

    @Override
    public ArrayValue visitPlainCall(Expr.PlainCall call) {
      if (!activity.isActive(call)) {
        return constant(call);
      }
      // clone() of an active array: a copy of its tangents too.
      Variable array = call.receiver()
          .match(
              onClass -> {
                throw new IllegalStateException("an active static call " + call.source());
              },
              instance -> ((Expr.VariableRef) instance.object()).variable());
      return new ArrayValue(
          plain(call),
          CodeBlock.of("$T.copy($N)", ForwardWriter.FORWARD_TANGENTS, tangentOf(array)));
    }

    @Override
    public ArrayValue visitRuleCall(Expr.RuleCall call) {
      return constant(call);
    }

    @Override
    public ArrayValue visitNewObject(Expr.NewObject object) {
      return constant(object);
    }
  };

  /** A constant array (fresh, or returned): its value once, in a local, with zero tangents. */
  private ArrayValue constant(Expr expr) {
    CodeBlock value = local(ROW, "array", plain(expr));
    return new ArrayValue(value, zerosOf(value));
  }

  /** Zero tangents for the elements of an array value (null for null). */
  private CodeBlock zerosOf(CodeBlock array) {
    return scalar
        ? CodeBlock.of("$T.zeros($L)", ForwardWriter.FORWARD_TANGENTS, array)
        : CodeBlock.of("$T.zeros($L, $N)", ForwardWriter.FORWARD_TANGENTS, array, width);
  }

  private ArrayValue array(Expr expr) {
    return expr.accept(arrays);
  }

  private TypeName typeOf(Variable variable) {
    return variable.type().plainName();
  }

  /** An assignment or increment as a statement. */
  private void expressionStatement(Expr expr) {
    if (!activity.isActive(expr)) {
      code.addStatement("$L", plain(expr));
      return;
    }
    expr.accept(new Expr.Visitor<Void>() {
      @Override
      public Void visitLiteral(Expr.Literal literal) {
        throw neverActive(literal);
      }

      @Override
      public Void visitVariableRef(Expr.VariableRef ref) {
        code.addStatement("$L", plain(ref));
        return null;
      }

      @Override
      public Void visitThis(Expr.This thisExpr) {
        throw neverActive(thisExpr);
      }

      @Override
      public Void visitFieldRef(Expr.FieldRef field) {
        throw neverActive(field);
      }

      @Override
      public Void visitUnary(Expr.Unary unary) {
        throw neverActive(unary);
      }

      @Override
      public Void visitBinary(Expr.Binary binary) {
        throw neverActive(binary);
      }

      @Override
      public Void visitConditional(Expr.Conditional conditional) {
        throw neverActive(conditional);
      }

      @Override
      public Void visitCast(Expr.Cast cast) {
        throw neverActive(cast);
      }

      @Override
      public Void visitArrayRead(Expr.ArrayRead read) {
        throw neverActive(read);
      }

      @Override
      public Void visitArrayLength(Expr.ArrayLength length) {
        throw neverActive(length);
      }

      @Override
      public Void visitNewArray(Expr.NewArray array) {
        throw neverActive(array);
      }

      @Override
      public Void visitArrayInitializer(Expr.ArrayInitializer array) {
        throw neverActive(array);
      }

      @Override
      public Void visitAssign(Expr.Assign assign) {
        assignment(assign);
        return null;
      }

      @Override
      public Void visitIncDec(Expr.IncDec incDec) {
        // x++ moves the value by a constant: the tangents stay.
        code.addStatement("$L", plain(incDec));
        return null;
      }

      @Override
      public Void visitMathCall(Expr.MathCall call) {
        throw neverActive(call);
      }

      @Override
      public Void visitDifferentiableCall(Expr.DifferentiableCall call) {
        throw neverActive(call);
      }

      @Override
      public Void visitPlainCall(Expr.PlainCall call) {
        throw neverActive(call);
      }

      @Override
      public Void visitRuleCall(Expr.RuleCall call) {
        throw neverActive(call);
      }

      @Override
      public Void visitNewObject(Expr.NewObject object) {
        throw neverActive(object);
      }
    });
  }

  /** An assignment to an active target: the value's operations, the tangent loop, the store. */
  private void assignment(Expr.Assign assign) {
    Expr.Target target = assign.target();
    if (target.type().isArray()) {
      Variable variable = ((Expr.VariableRef) target).variable();
      ArrayValue value = array(assign.value());
      code.addStatement("$N = $L", variable.name(), value.code());
      code.addStatement("$N = $L", tangentOf(variable), value.tangents());
      return;
    }
    boolean effect = SideEffects.in(assign.value());
    target.acceptTarget(new Expr.TargetVisitor<Void>() {
      @Override
      public Void visitVariableRef(Expr.VariableRef ref) {
        Value value = assigned(assign, () -> scalars.visitVariableRef(ref));
        writeTangent(tangentOf(ref.variable()), value.terms());
        code.addStatement("$N = $L", ref.variable().name(), value.code());
        return null;
      }

      @Override
      public Void visitArrayRead(Expr.ArrayRead read) {
        Variable array = ((Expr.VariableRef) read.array()).variable();
        // Java evaluates the index before the value.
        Value index = operand(read.index());
        CodeBlock at = (effect ? pinned(read.index(), index) : index).code();
        Value value = assigned(assign, () -> element(array, at));
        CodeBlock row = scalar
            ? CodeBlock.of("$N[$L]", tangentOf(array), at)
            : local(ROW, "row", CodeBlock.of("$N[$L]", tangentOf(array), at));
        writeTangent(row, value.terms());
        code.addStatement("$N[$L] = $L", array.name(), at, value.code());
        return null;
      }
    });
  }

  /**
   * The value an assignment stores: its right-hand side, or for {@code x op= e} the operation
   * {@code x op e} on the target's {@code current} value (the same operation, so the same value),
   * the target read before {@code e}.
   */
  private Value assigned(Expr.Assign assign, Supplier<Value> current) {
    if (assign.operator().isEmpty()) {
      return root(assign.value());
    }
    Expr.Binary binary = new Expr.Binary(
        assign.source(),
        ValueType.DOUBLE,
        assign.operator().orElseThrow(),
        assign.target(),
        assign.value());
    Value left = current.get();
    if (SideEffects.in(assign.value())) {
      left = pinned(assign.target(), left);
    }
    return binary(binary, left, operand(assign.value()));
  }

  /** Writes each kind of statement as the forward function runs it. */
  private final Stmt.Visitor<Void> statementWriter = new Stmt.Visitor<>() {
    @Override
    public Void visitLocalDeclaration(Stmt.LocalDeclaration declaration) {
      Variable variable = declaration.variable();
      Expr init = declaration.init();
      if (!activity.isActive(variable) || !ForwardWriter.carries(variable.type())) {
        if (init == null) {
          code.addStatement("$T $N", typeOf(variable), variable.name());
        } else {
          code.addStatement("$T $N = $L", typeOf(variable), variable.name(), plain(init));
        }
        return null;
      }
      if (variable.type().isArray()) {
        String tangent = tangentOf(variable);
        if (init == null) {
          code.addStatement("$T $N", typeOf(variable), variable.name());
          code.addStatement("$T $N", arrayTangentType, tangent);
        } else {
          ArrayValue value = array(init);
          code.addStatement("$T $N = $L", typeOf(variable), variable.name(), value.code());
          code.addStatement("$T $N = $L", arrayTangentType, tangent, value.tangents());
        }
        return null;
      }
      String tangent = tangentOf(variable);
      if (init == null) {
        code.addStatement("$T $N", typeOf(variable), variable.name());
        return null;
      }
      Value value = root(init);
      writeTangent(tangent, value.terms());
      code.addStatement("$T $N = $L", typeOf(variable), variable.name(), value.code());
      return null;
    }

    @Override
    public Void visitExpressionStatement(Stmt.ExpressionStatement statement) {
      expressionStatement(statement.expr());
      return null;
    }

    @Override
    public Void visitBlock(Stmt.Block block) {
      code.add("{\n").indent();
      statements(block.statements());
      code.unindent().add("}\n");
      return null;
    }

    @Override
    public Void visitIf(Stmt.If ifStmt) {
      code.beginControlFlow("if ($L)", plain(ifStmt.condition()));
      body(ifStmt.thenBranch());
      Stmt elseBranch = ifStmt.elseBranch();
      while (elseBranch instanceof Stmt.If elseIf) {
        code.nextControlFlow("else if ($L)", plain(elseIf.condition()));
        body(elseIf.thenBranch());
        elseBranch = elseIf.elseBranch();
      }
      if (elseBranch != null) {
        code.nextControlFlow("else");
        body(elseBranch);
      }
      code.endControlFlow();
      return null;
    }

    @Override
    public Void visitFor(Stmt.For loop) {
      // Coverage keeps headers inactive: the user's header, on plain values.
      List<CodeBlock> init = new ArrayList<>();
      TypeName declared = null;
      for (Stmt stmt : loop.init()) {
        if (stmt instanceof Stmt.LocalDeclaration declaration) {
          declared = typeOf(declaration.variable());
          init.add(
              declaration.init() == null
                  ? CodeBlock.of("$N", declaration.variable().name())
                  : CodeBlock.of(
                      "$N = $L", declaration.variable().name(), plain(declaration.init())));
        } else {
          init.add(plain(((Stmt.ExpressionStatement) stmt).expr()));
        }
      }
      CodeBlock header = CodeBlock.of(
          "$L$L; $L; $L",
          declared == null ? "" : CodeBlock.of("$T ", declared),
          CodeBlock.join(init, ", "),
          loop.condition() == null ? CodeBlock.of("") : plain(loop.condition()),
          CodeBlock.join(loop.update().stream().map(ForwardBody.this::plain).toList(), ", "));
      code.beginControlFlow("for ($L)", header);
      loopBody(loop.body());
      code.endControlFlow();
      return null;
    }

    @Override
    public Void visitForEach(Stmt.ForEach loop) {
      code.beginControlFlow(
          "for ($T $N : $L)", typeOf(loop.variable()), loop.variable().name(), plain(loop.array()));
      loopBody(loop.body());
      code.endControlFlow();
      return null;
    }

    @Override
    public Void visitWhile(Stmt.While loop) {
      code.beginControlFlow("while ($L)", plain(loop.condition()));
      loopBody(loop.body());
      code.endControlFlow();
      return null;
    }

    @Override
    public Void visitDoWhile(Stmt.DoWhile loop) {
      code.beginControlFlow("do");
      loopBody(loop.body());
      code.endControlFlow("while ($L)", plain(loop.condition()));
      return null;
    }

    @Override
    public Void visitSwitch(Stmt.Switch switchStmt) {
      code.beginControlFlow("switch ($L)", plain(switchStmt.selector()));
      for (Stmt.Case c : switchStmt.cases()) {
        CodeBlock label = c.labels().isEmpty()
            ? CodeBlock.of("default")
            : CodeBlock.of(
                "case $L",
                CodeBlock.join(c.labels().stream().map(ForwardBody.this::plain).toList(), ", "));
        if (switchStmt.arrow()) {
          code.beginControlFlow("$L ->", label);
          for (Stmt stmt : c.body()) {
            body(stmt);
          }
          code.endControlFlow();
        } else {
          code.add("$L:\n", label).indent();
          statements(c.body());
          code.unindent();
        }
      }
      code.endControlFlow();
      return null;
    }

    @Override
    public Void visitBreak(Stmt.Break breakStmt) {
      if (breakStmt.label() == null) {
        code.addStatement("break");
      } else {
        code.addStatement("break $L", breakStmt.label());
      }
      return null;
    }

    @Override
    public Void visitContinue(Stmt.Continue continueStmt) {
      if (continueStmt.label() == null) {
        code.addStatement("continue");
      } else {
        code.addStatement("continue $L", continueStmt.label());
      }
      return null;
    }

    @Override
    public Void visitReturn(Stmt.Return returnStmt) {
      Expr value = returnStmt.value();
      if (vectorResult) {
        ArrayValue result = array(value);
        code.addStatement("$N[0] = $L", out, result.tangents());
        code.addStatement("return $L", result.code());
        return null;
      }
      Value result = root(value);
      writeTangent(scalar ? CodeBlock.of("$N[0]", out) : CodeBlock.of("$N", out), result.terms());
      code.addStatement("return $L", result.code());
      return null;
    }

    @Override
    public Void visitThrow(Stmt.Throw throwStmt) {
      code.addStatement("throw $L", plain(throwStmt.exception()));
      return null;
    }

    @Override
    public Void visitLabeled(Stmt.Labeled labeled) {
      code.add("$L:\n", labeled.label());
      labeled.body().accept(this);
      return null;
    }

    @Override
    public Void visitEmpty(Stmt.Empty empty) {
      code.addStatement("");
      return null;
    }
  };
}
