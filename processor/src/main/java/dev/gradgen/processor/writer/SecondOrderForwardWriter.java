package dev.gradgen.processor.writer;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.gradgen.processor.analysis.Activity;
import dev.gradgen.processor.analysis.ForwardCoverage;
import dev.gradgen.processor.model.Callee;
import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.FusionPlan;
import dev.gradgen.processor.model.MathFunction;
import dev.gradgen.processor.model.MethodKey;
import dev.gradgen.processor.model.MethodModel;
import dev.gradgen.processor.model.ModelWalker;
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
import javax.lang.model.element.Modifier;

/**
 * Writes the graph-free second-order forward function of a method whose calls second-order fused
 * nodes absorb (see {@link dev.gradgen.processor.analysis.FusedCalls#secondOrder}): the user's
 * body on plain doubles, each active value carrying a hyper-dual number (two first-order tangents
 * and their mixed second-order term), so that one call gives the value, the derivatives along two
 * directions and the second derivative along both: {@code static double mForwardSecond(<params>,
 * <per differentiable parameter: its two tangents and its mixed term>, double[] result)}, which
 * puts the two tangents and the mixed term of the result in {@code result[0..2]} (its callees use
 * the same array as scratch before that).
 *
 * <p>Every value is the same IEEE operation on the same operands as the plain method's (bit for
 * bit); every first and second derivative of an operation is the {@code Derivatives} call the
 * second-order nodes make for it, and the mixed terms multiply with strong zeros as their Hessian
 * entries do: for c = g(a), c12 = g'(a) a12 + g''(a) a1 a2; for c = a b, c12 = a12 b + a1 b2 + a2
 * b1 + a b12.
 */
final class SecondOrderForwardWriter {

  private static final ClassName DERIVATIVES = TypeNames.DERIVATIVES;
  private static final ClassName DUAL = TypeNames.DUAL_TENSOR;
  private static final CodeBlock ZERO = CodeBlock.of("0.0");

  private SecondOrderForwardWriter() {}

  /**
   * The keys of the methods that need a second-order forward function: the callees of the calls
   * the second-order plans of {@code methods} make operations of fused nodes, and what those call,
   * transitively.
   */
  static Set<MethodKey> needed(List<CompanionWriter.AnalyzedMethod> methods) {
    Map<MethodKey, MethodModel> byKey = new HashMap<>();
    for (CompanionWriter.AnalyzedMethod method : methods) {
      byKey.put(ForwardCoverage.key(method.model().signature()), method.model());
    }
    Set<MethodKey> needed = new HashSet<>();
    java.util.ArrayDeque<MethodModel> pending = new java.util.ArrayDeque<>();
    for (CompanionWriter.AnalyzedMethod method : methods) {
      if (method.secondOrderPlan().isEmpty() || !method.secondOrderPlan().get().everywhere()) {
        continue;
      }
      FusionPlan plan = method.secondOrderPlan().get();
      ModelWalker.walk(method.model().body(), stmt -> {}, (e, used) -> {
        if (e instanceof Expr.DifferentiableCall call && plan.isOperation(call)) {
          MethodKey key = ForwardCoverage.key(call.callee());
          if (byKey.containsKey(key) && needed.add(key)) {
            pending.add(byKey.get(key));
          }
        }
      });
    }
    while (!pending.isEmpty()) {
      ModelWalker.walk(pending.remove().body(), stmt -> {}, (e, used) -> {
        if (e instanceof Expr.DifferentiableCall call) {
          MethodKey key = ForwardCoverage.key(call.callee());
          if (byKey.containsKey(key) && needed.add(key)) {
            pending.add(byKey.get(key));
          }
        }
      });
    }
    return needed;
  }

  /**
   * The name of the second-order forward function of each method of {@code needed}, by {@link
   * ForwardCoverage#key}, apart from every name in {@code generated} (which gets them).
   */
  static Map<MethodKey, String> names(
      List<MethodModel> methods,
      Set<MethodKey> needed,
      ForwardCoverage coverage,
      HelperPrefixes helpers,
      Set<String> generated) {
    if (needed.isEmpty()) {
      return Map.of();
    }
    Map<MethodKey, String> names =
        new HashMap<>(ForwardWriter.names(methods, coverage, helpers, "ForwardSecond", generated));
    names.keySet().retainAll(needed);
    return names;
  }

  /** The second-order forward function of {@code model}; {@code names} names every such function. */
  static MethodSpec write(MethodModel model, Activity activity, Map<MethodKey, String> names) {
    Callee signature = model.signature();
    Set<String> taken = new HashSet<>(model.reservedNames());
    for (Variable parameter : signature.parameters()) {
      taken.add(parameter.name());
    }
    Temporaries temporaries = new Temporaries(taken);
    MethodSpec.Builder method = MethodSpec.methodBuilder(names.get(ForwardCoverage.key(signature)))
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(TypeName.DOUBLE)
        .addJavadoc(
            "Graph-free second-order forward mode of {@link $L}: its body on plain values, each\n"
                + "active value with two tangents and their mixed second-order term; the result's"
                + " go into\nelements 0 to 2 of the last argument.\n",
            CompanionWriter.javadocLink(model));
    Body body = new Body(activity, temporaries, names);
    for (Variable parameter : signature.parameters()) {
      method.addParameter(parameter.type().plainName(), parameter.name());
    }
    for (Variable parameter : signature.parameters()) {
      if (parameter.differentiable()) {
        String[] parts = {
          temporaries.fresh(parameter.name() + "D1"),
          temporaries.fresh(parameter.name() + "D2"),
          temporaries.fresh(parameter.name() + "D12")
        };
        for (String part : parts) {
          method.addParameter(TypeName.DOUBLE, part);
        }
        body.parts.put(parameter, parts);
      }
    }
    body.result = temporaries.fresh("result");
    method.addParameter(ArrayTypeName.of(TypeName.DOUBLE), body.result);
    body.statements(model.body());
    return method.addCode(body.code.build()).build();
  }

  /**
   * A value and its hyper-dual parts: two tangents and the mixed term, each a name or a literal;
   * all three null for a constant.
   */
  private record Dual(CodeBlock value, CodeBlock d1, CodeBlock d2, CodeBlock d12) {
    static Dual constant(CodeBlock value) {
      return new Dual(value, null, null, null);
    }

    boolean active() {
      return d1 != null;
    }

    CodeBlock part(int k) {
      CodeBlock part = k == 0 ? d1 : k == 1 ? d2 : d12;
      return part == null ? ZERO : part;
    }
  }

  /** The statements of one function. */
  private static final class Body implements Stmt.Visitor<Void> {
    private final Activity activity;
    private final Temporaries temporaries;
    private final Map<MethodKey, String> names;
    private final ExpressionWriter plain;
    private final CodeBlock.Builder code = CodeBlock.builder();
    /** The names of the hyper-dual parts of each active variable. */
    private final Map<Variable, String[]> parts = new HashMap<>();
    /**
     * The code of the constants that are finite nonzero literals of the user's source, by
     * identity: decided on the model when the literal is read, so a product with one needs no
     * strong zero.
     */
    private final Set<CodeBlock> finiteNonZeroLiterals =
        Collections.newSetFromMap(new IdentityHashMap<>());

    private String result;

    Body(Activity activity, Temporaries temporaries, Map<MethodKey, String> names) {
      this.activity = activity;
      this.temporaries = temporaries;
      this.names = names;
      this.plain = new ExpressionWriter(
          NodeFamily.TENSOR, Activity.none(), null, "self", null, temporaries, null);
    }

    void statements(List<Stmt> body) {
      for (Stmt stmt : body) {
        stmt.accept(this);
      }
    }

    private void body(Stmt stmt) {
      if (stmt instanceof Stmt.Block block) {
        statements(block.statements());
      } else {
        stmt.accept(this);
      }
    }

    // ------------------------------------------------------------ expressions

    private Dual eval(Expr expr) {
      if (!activity.isActive(expr)) {
        CodeBlock value = plain.plain(expr);
        // A constant is read by several parts: anything but a name or a literal is evaluated once
        // (every use promotes it to double, as the plain method's operation does).
        if (!OneToken.is(expr)) {
          return Dual.constant(local(CodeBlock.of("$L", value)));
        }
        if (expr instanceof Expr.Literal literal && finiteNonZero(literal)) {
          finiteNonZeroLiterals.add(value);
        }
        return Dual.constant(value);
      }
      if (expr instanceof Expr.VariableRef ref) {
        String[] names = parts.get(ref.variable());
        if (names == null) {
          throw new IllegalStateException(
              "no hyper-dual parts for " + ref.variable().name());
        }
        return new Dual(
            CodeBlock.of("$N", ref.variable().name()),
            CodeBlock.of("$N", names[0]),
            CodeBlock.of("$N", names[1]),
            CodeBlock.of("$N", names[2]));
      }
      if (expr instanceof Expr.Cast cast) {
        return eval(cast.operand());
      }
      if (expr instanceof Expr.Unary unary) {
        Dual operand = eval(unary.operand());
        if (unary.operator() == Expr.UnaryOperator.PLUS) {
          return operand;
        }
        return new Dual(
            local(CodeBlock.of("-$L", operand.value())),
            local(CodeBlock.of("-$L", operand.part(0))),
            local(CodeBlock.of("-$L", operand.part(1))),
            local(CodeBlock.of("-$L", operand.part(2))));
      }
      if (expr instanceof Expr.Binary binary) {
        Dual left = eval(binary.left());
        if (writes(binary.right())) {
          left = stable(left);
        }
        return binary(binary.operator(), left, eval(binary.right()));
      }
      if (expr instanceof Expr.Conditional conditional) {
        return conditional(conditional);
      }
      if (expr instanceof Expr.Assign assign) {
        return assign(assign);
      }
      if (expr instanceof Expr.MathCall call) {
        return mathCall(call);
      }
      if (expr instanceof Expr.DifferentiableCall call) {
        return call(call);
      }
      throw new IllegalStateException(expr + " in a second-order forward function");
    }

    /** Whether evaluating {@code expr} may assign a variable (then an operand read before it is copied). */
    private static boolean writes(Expr expr) {
      boolean[] writes = {false};
      ModelWalker.walk(
          List.of(new Stmt.ExpressionStatement(null, expr)),
          stmt -> {},
          (e, used) -> writes[0] |= e instanceof Expr.Assign || e instanceof Expr.IncDec);
      return writes[0];
    }

    /** {@code dual} copied into locals of its own, so that later assignments do not change it. */
    private Dual stable(Dual dual) {
      if (!dual.active()) {
        return Dual.constant(local(dual.value()));
      }
      return new Dual(local(dual.value()), local(dual.d1()), local(dual.d2()), local(dual.d12()));
    }

    private Dual binary(Expr.BinaryOperator operator, Dual a, Dual b) {
      CodeBlock out = local(CodeBlock.of("$L $L $L", a.value(), operator.symbol(), b.value()));
      return switch (operator) {
        case PLUS, MINUS -> {
          String sign = operator == Expr.BinaryOperator.PLUS ? "+" : "-";
          CodeBlock[] d = new CodeBlock[3];
          for (int k = 0; k < 3; k++) {
            if (!b.active()) {
              d[k] = a.part(k);
            } else if (a.active()) {
              d[k] = local(CodeBlock.of("$L $L $L", a.part(k), sign, b.part(k)));
            } else {
              d[k] = sign.equals("+") ? b.part(k) : local(CodeBlock.of("-$L", b.part(k)));
            }
          }
          yield new Dual(out, d[0], d[1], d[2]);
        }
        case MULTIPLY -> {
          if (!a.active() || !b.active()) {
            // A product with a constant scales every part.
            Dual active = a.active() ? a : b;
            CodeBlock factor = a.active() ? b.value() : a.value();
            yield new Dual(
                out,
                local(CodeBlock.of("$L * $L", factor, active.d1())),
                local(CodeBlock.of("$L * $L", factor, active.d2())),
                local(strong(factor, active.d12())));
          }
          yield new Dual(
              out,
              local(CodeBlock.of("$L * $L + $L * $L", a.d1(), b.value(), a.value(), b.d1())),
              local(CodeBlock.of("$L * $L + $L * $L", a.d2(), b.value(), a.value(), b.d2())),
              local(CodeBlock.join(
                  List.of(
                      strong(a.d12(), b.value()),
                      strong(a.d1(), b.d2()),
                      strong(a.d2(), b.d1()),
                      strong(a.value(), b.d12())),
                  " + ")));
        }
        case DIVIDE -> {
          CodeBlock first = a.active() ? local(CodeBlock.of("1.0 / $L", b.value())) : null;
          CodeBlock divisor = b.active() ? derivative("divisor", b.value(), out) : null;
          CodeBlock mixed = a.active() && b.active() ? derivative("divMixed", b.value()) : null;
          CodeBlock second = b.active() ? derivative("divisorSecond", b.value(), out) : null;
          yield chain(out, List.of(a, b), new CodeBlock[] {first, divisor}, new CodeBlock[][] {
            {null, mixed}, {null, second}
          });
        }
        default ->
          throw new IllegalStateException(operator + " in a second-order forward function");
      };
    }

    private Dual conditional(Expr.Conditional conditional) {
      String value = temporaries.fresh("v");
      String[] names = {temporaries.fresh("v1"), temporaries.fresh("v2"), temporaries.fresh("v12")};
      code.addStatement("double $N", value);
      for (String name : names) {
        code.addStatement("double $N", name);
      }
      code.beginControlFlow("if ($L)", plain.plain(conditional.condition()));
      assignParts(value, names, eval(conditional.whenTrue()));
      code.nextControlFlow("else");
      assignParts(value, names, eval(conditional.whenFalse()));
      code.endControlFlow();
      return new Dual(
          CodeBlock.of("$N", value),
          CodeBlock.of("$N", names[0]),
          CodeBlock.of("$N", names[1]),
          CodeBlock.of("$N", names[2]));
    }

    private void assignParts(String value, String[] names, Dual dual) {
      code.addStatement("$N = $L", value, dual.value());
      for (int k = 0; k < 3; k++) {
        code.addStatement("$N = $L", names[k], dual.part(k));
      }
    }

    private Dual assign(Expr.Assign assign) {
      Variable variable = ((Expr.VariableRef) assign.target()).variable();
      String[] names = parts.get(variable);
      if (names == null) {
        throw new IllegalStateException("no hyper-dual parts for " + variable.name());
      }
      Dual value;
      if (assign.operator().isPresent()) {
        Dual target = eval(assign.target());
        if (writes(assign.value())) {
          target = stable(target);
        }
        value = binary(assign.operator().get(), target, eval(assign.value()));
      } else {
        value = eval(assign.value());
      }
      assignParts(variable.name(), names, value);
      return eval(assign.target());
    }

    private Dual mathCall(Expr.MathCall call) {
      List<Dual> args = new ArrayList<>();
      for (Expr arg : call.args()) {
        args.add(eval(arg));
      }
      List<CodeBlock> values = args.stream().map(Dual::value).toList();
      MathFunction function = call.function();
      CodeBlock out = local(CodeBlock.of(
          "$T.$N($L)", call.owner(), function.javaName(), CodeBlock.join(values, ", ")));
      if (args.size() == 1) {
        CodeBlock x = values.get(0);
        CodeBlock first = derivative(function.javaName(), x, out);
        CodeBlock second = switch (function) {
          case ABS, RELU -> derivative("piecewiseLinearSecond", first);
          case TO_RADIANS, TO_DEGREES, NEXT_UP, NEXT_DOWN -> null;
          default -> derivative(function.javaName() + "Second", x, out);
        };
        return chain(out, args, new CodeBlock[] {first}, new CodeBlock[][] {{second}});
      }
      CodeBlock x = values.get(0);
      CodeBlock y = values.get(1);
      boolean da = args.get(0).active();
      boolean db = args.get(1).active();
      boolean both = da && db;
      CodeBlock[][] second = new CodeBlock[2][2];
      CodeBlock[] first;
      switch (function) {
        case POW -> {
          first = new CodeBlock[] {
            da ? derivative("powBase", x, y) : null, db ? derivative("powExponent", x, out) : null
          };
          second[0][0] = da ? derivative("powBaseSecond", x, y) : null;
          second[0][1] = both ? derivative("powMixed", x, y, out) : null;
          second[1][1] = db ? derivative("powExponentSecond", x, out) : null;
        }
        case ATAN2 -> {
          first = new CodeBlock[] {
            da ? derivative("atan2Y", x, y) : null, db ? derivative("atan2X", x, y) : null
          };
          second[0][0] = da ? derivative("atan2YY", x, y) : null;
          second[0][1] = both ? derivative("atan2Mixed", x, y) : null;
          second[1][1] = db ? derivative("atan2XX", x, y) : null;
        }
        case HYPOT -> {
          first = new CodeBlock[] {
            da ? derivative("hypot", x, y, out) : null, db ? derivative("hypot", y, x, out) : null
          };
          second[0][0] = da ? derivative("hypotSecond", x, y, out) : null;
          second[0][1] = both ? derivative("hypotMixed", x, y, out) : null;
          second[1][1] = db ? derivative("hypotSecond", y, x, out) : null;
        }
        case MIN, MAX -> {
          CodeBlock choice =
              derivative(function == MathFunction.MIN ? "minFirst" : "maxFirst", x, y, out);
          CodeBlock other = db ? local(CodeBlock.of("1.0 - $L", choice)) : null;
          // As DualTensor: the second derivatives from the partial of the active argument.
          CodeBlock linear = derivative("piecewiseLinearSecond", da ? choice : other);
          first = new CodeBlock[] {choice, other};
          second[0][0] = linear;
          second[0][1] = linear;
          second[1][1] = linear;
        }
        default ->
          throw new IllegalStateException(function + " in a second-order forward function");
      }
      return chain(out, args, first, second);
    }

    /**
     * The hyper-dual number of an operation of value {@code out} on {@code args} with partials
     * {@code first[i]} and second derivatives {@code second[i][j]} (i &lt;= j; null where zero):
     * c1 = sum first[i] a_i1, c12 = sum first[i] a_i12 + second[i][j] (a_i1 a_j2 + a_j1 a_i2)
     * (once for i = j), the mixed term's products with strong zeros.
     */
    private Dual chain(CodeBlock out, List<Dual> args, CodeBlock[] first, CodeBlock[][] second) {
      List<CodeBlock> d1 = new ArrayList<>();
      List<CodeBlock> d2 = new ArrayList<>();
      List<CodeBlock> d12 = new ArrayList<>();
      for (int i = 0; i < args.size(); i++) {
        Dual arg = args.get(i);
        if (first[i] == null || !arg.active()) {
          continue;
        }
        d1.add(CodeBlock.of("$L * $L", first[i], arg.d1()));
        d2.add(CodeBlock.of("$L * $L", first[i], arg.d2()));
        d12.add(strong(first[i], arg.d12()));
      }
      for (int i = 0; i < args.size(); i++) {
        for (int j = i; j < args.size(); j++) {
          CodeBlock s = second[i][j];
          Dual a = args.get(i);
          Dual b = args.get(j);
          if (s == null || !a.active() || !b.active()) {
            continue;
          }
          CodeBlock pair = i == j
              ? strong(a.d1(), a.d2())
              : CodeBlock.of("$L + $L", strong(a.d1(), b.d2()), strong(b.d1(), a.d2()));
          d12.add(strong(s, local(pair)));
        }
      }
      if (d1.isEmpty()) {
        return Dual.constant(out);
      }
      return new Dual(out, sum(d1), sum(d2), d12.isEmpty() ? ZERO : sum(d12));
    }

    private CodeBlock sum(List<CodeBlock> terms) {
      return local(CodeBlock.join(terms, " + "));
    }

    /**
     * A call of another method's second-order forward function on its arguments' hyper-dual
     * numbers, with this function's result array as scratch (read at once).
     */
    private Dual call(Expr.DifferentiableCall call) {
      String function = names.get(ForwardCoverage.key(call.callee()));
      if (function == null) {
        throw new IllegalStateException("no second-order forward function for " + call.source());
      }
      List<Dual> args = new ArrayList<>();
      for (Expr arg : call.args()) {
        args.add(eval(arg));
      }
      List<CodeBlock> all = new ArrayList<>();
      for (Dual arg : args) {
        all.add(arg.value());
      }
      List<Variable> parameters = call.callee().parameters();
      for (int i = 0; i < args.size(); i++) {
        if (parameters.get(i).differentiable()) {
          for (int k = 0; k < 3; k++) {
            all.add(args.get(i).part(k));
          }
        }
      }
      all.add(CodeBlock.of("$N", result));
      CodeBlock out = local(ForwardWriter.call(function, all));
      return new Dual(
          out,
          local(CodeBlock.of("$N[0]", result)),
          local(CodeBlock.of("$N[1]", result)),
          local(CodeBlock.of("$N[2]", result)));
    }

    /**
     * {@code a * b} with a strong zero (0 times anything is 0), or a plain product where either is a finite nonzero literal (which needs no strong zero).
     */
    private CodeBlock strong(CodeBlock a, CodeBlock b) {
      if (finiteNonZeroLiterals.contains(a) || finiteNonZeroLiterals.contains(b)) {
        return CodeBlock.of("$L * $L", a, b);
      }
      return CodeBlock.of("$T.strong($L, $L)", DUAL, a, b);
    }

    /** Whether {@code literal} is a number, finite and nonzero. */
    private static boolean finiteNonZero(Expr.Literal literal) {
      if (!(literal.value() instanceof Number number)) {
        return false;
      }
      double value = number.doubleValue();
      return value != 0.0 && Double.isFinite(value);
    }

    private CodeBlock derivative(String function, CodeBlock... args) {
      return local(
          CodeBlock.of("$T.$N($L)", DERIVATIVES, function, CodeBlock.join(List.of(args), ", ")));
    }

    /** {@code double vK = code}, returning the local's name. */
    private CodeBlock local(CodeBlock value) {
      String name = temporaries.fresh("v");
      code.addStatement("double $N = $L", name, value);
      return CodeBlock.of("$N", name);
    }

    // ------------------------------------------------------------ statements

    @Override
    public Void visitLocalDeclaration(Stmt.LocalDeclaration declaration) {
      Variable variable = declaration.variable();
      Expr init = declaration.init();
      TypeName type = variable.type().plainName();
      if (!activity.isActive(variable)) {
        if (init == null) {
          code.addStatement("$T $N", type, variable.name());
        } else {
          code.addStatement("$T $N = $L", type, variable.name(), plain.plain(init));
        }
        return null;
      }
      String[] names = {
        temporaries.fresh(variable.name() + "D1"),
        temporaries.fresh(variable.name() + "D2"),
        temporaries.fresh(variable.name() + "D12")
      };
      if (init == null) {
        code.addStatement("$T $N", type, variable.name());
        for (String name : names) {
          code.addStatement("double $N = 0.0", name);
        }
      } else {
        Dual value = eval(init);
        code.addStatement("$T $N = $L", type, variable.name(), value.value());
        for (int k = 0; k < 3; k++) {
          code.addStatement("double $N = $L", names[k], value.part(k));
        }
      }
      parts.put(variable, names);
      return null;
    }

    @Override
    public Void visitExpressionStatement(Stmt.ExpressionStatement statement) {
      if (!activity.isActive(statement.expr())) {
        code.addStatement("$L", plain.plain(statement.expr()));
      } else {
        eval(statement.expr());
      }
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
      code.beginControlFlow("if ($L)", plain.plain(ifStmt.condition()));
      body(ifStmt.thenBranch());
      if (ifStmt.elseBranch() != null) {
        code.nextControlFlow("else");
        body(ifStmt.elseBranch());
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
          declared = declaration.variable().type().plainName();
          init.add(
              declaration.init() == null
                  ? CodeBlock.of("$N", declaration.variable().name())
                  : CodeBlock.of(
                      "$N = $L", declaration.variable().name(), plain.plain(declaration.init())));
        } else {
          init.add(plain.plain(((Stmt.ExpressionStatement) stmt).expr()));
        }
      }
      code.beginControlFlow(
          "for ($L$L; $L; $L)",
          declared == null ? CodeBlock.of("") : CodeBlock.of("$T ", declared),
          CodeBlock.join(init, ", "),
          loop.condition() == null ? CodeBlock.of("") : plain.plain(loop.condition()),
          CodeBlock.join(loop.update().stream().map(plain::plain).toList(), ", "));
      body(loop.body());
      code.endControlFlow();
      return null;
    }

    @Override
    public Void visitForEach(Stmt.ForEach loop) {
      throw new IllegalStateException("for-each in a second-order forward function");
    }

    @Override
    public Void visitWhile(Stmt.While loop) {
      code.beginControlFlow("while ($L)", plain.plain(loop.condition()));
      body(loop.body());
      code.endControlFlow();
      return null;
    }

    @Override
    public Void visitDoWhile(Stmt.DoWhile loop) {
      code.beginControlFlow("do");
      body(loop.body());
      code.endControlFlow("while ($L)", plain.plain(loop.condition()));
      return null;
    }

    @Override
    public Void visitSwitch(Stmt.Switch switchStmt) {
      throw new IllegalStateException("switch in a second-order forward function");
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
      Dual value = eval(returnStmt.value());
      for (int k = 0; k < 3; k++) {
        code.addStatement("$N[$L] = $L", result, k, value.part(k));
      }
      code.addStatement("return $L", value.value());
      return null;
    }

    @Override
    public Void visitThrow(Stmt.Throw throwStmt) {
      throw new IllegalStateException("throw in a second-order forward function");
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
  }
}
