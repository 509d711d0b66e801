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
import dev.gradgen.processor.model.MethodKey;
import dev.gradgen.processor.model.MethodModel;
import dev.gradgen.processor.model.ModelWalker;
import dev.gradgen.processor.model.TypeNames;
import dev.gradgen.processor.model.ValueType;
import dev.gradgen.processor.model.Variable;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Writes the graph-free forward function of a method that {@link ForwardCoverage} covers: the
 * user's body on plain doubles, each active {@code double} carrying a {@code double[width]} of
 * tangents (an active {@code double[]} one row per element), each statement's tangents one loop
 * over the directions of its local partials (the rules of {@link LocalPartials}, as the fused
 * helpers'), and no node built.
 *
 * <p>The function is {@code static <result> mForward(<params>, <one tangent per differentiable
 * parameter>, int width, <result tangent>)}: a {@code double} result's tangents are written into
 * the {@code double[width]} given last, a {@code double[]} result's matrix is put in element 0 of
 * the {@code double[1][][]} given last.
 *
 * <p>The scalar form, for one direction ({@code mTangent}), is {@code static <result>
 * mForwardScalar(<params>, <one tangent per differentiable parameter: a double, or a double[] for a
 * double[]>, <result tangent>)}: a {@code double} result's tangent goes into element 0 of the
 * {@code double[1]} given last, a {@code double[]} result's into element 0 of the {@code
 * double[1][]}.
 */
final class ForwardWriter {

  static final ClassName FORWARD_TANGENTS =
      ClassName.get(TypeNames.TENSOR.packageName(), "ForwardTangents");
  private static final TypeName ROW = ArrayTypeName.of(TypeName.DOUBLE);
  private static final TypeName MATRIX = ArrayTypeName.of(ROW);

  private ForwardWriter() {}

  /**
   * The name of each covered method's forward function ({@code suffix} "Forward") or scalar form
   * ("ForwardScalar"), by {@link ForwardCoverage#key}, apart from every name in {@code generated}
   * (which gets them) and from every name {@code helpers} reserves.
   */
  static Map<MethodKey, String> names(
      List<MethodModel> methods,
      ForwardCoverage coverage,
      HelperPrefixes helpers,
      String suffix,
      Set<String> generated) {
    for (MethodModel model : methods) {
      for (String kind : List.of(
          "", "Gradient", "Jacobian", "Tangent", "Check", "Hessian", "HessianVectorProduct")) {
        generated.add(model.name() + kind);
      }
    }
    Map<MethodKey, String> names = new HashMap<>();
    for (MethodModel model : methods) {
      if (coverage.covers(model.signature())) {
        String name = model.name() + suffix;
        while (generated.contains(name) || helpers.reserves(name)) {
          // A suffix never undoes a fused helper's prefix ("xFused" beside "x"): a prefix does.
          name = helpers.reserves(name) ? "_" + name : name + "_";
        }
        generated.add(name);
        names.put(ForwardCoverage.key(model.signature()), name);
      }
    }
    return names;
  }

  /**
   * The keys of the covered methods whose vector form ({@code mForward}, width directions) some
   * code calls: every covered method returning {@code double[]} (its {@code mJacobian} calls it),
   * and every covered method a vector form calls, transitively. A method returning {@code double}
   * that no vector form calls gets only its scalar form (its {@code mTangent}'s).
   */
  static Set<MethodKey> vectorForms(List<MethodModel> methods, ForwardCoverage coverage) {
    Map<MethodKey, MethodModel> covered = new HashMap<>();
    for (MethodModel model : methods) {
      if (coverage.covers(model.signature())) {
        covered.put(ForwardCoverage.key(model.signature()), model);
      }
    }
    Set<MethodKey> needed = new HashSet<>();
    ArrayDeque<MethodModel> pending = new ArrayDeque<>();
    for (MethodModel model : covered.values()) {
      if (model.signature().returnsVector() && needed.add(ForwardCoverage.key(model.signature()))) {
        pending.add(model);
      }
    }
    while (!pending.isEmpty()) {
      ModelWalker.walk(pending.remove().body(), stmt -> {}, (e, used) -> {
        if (e instanceof Expr.DifferentiableCall call) {
          MethodKey key = ForwardCoverage.key(call.callee());
          if (covered.containsKey(key) && needed.add(key)) {
            pending.add(covered.get(key));
          }
        }
      });
    }
    return needed;
  }

  /** The forward function of {@code model}, whose values are active as {@code activity} says. */
  static MethodSpec write(
      MethodModel model,
      Activity activity,
      String receiver,
      Map<MethodKey, String> names,
      boolean scalar) {
    Callee signature = model.signature();
    String name = names.get(ForwardCoverage.key(signature));
    Set<String> taken = new HashSet<>(model.reservedNames());
    taken.add(receiver);
    for (Variable parameter : signature.parameters()) {
      taken.add(parameter.name());
    }
    Temporaries temporaries = new Temporaries(taken);
    MethodSpec.Builder method = MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(signature.result().plainName())
        .addJavadoc(
            scalar
                ? "Graph-free forward mode of {@link $L} in one direction: its body on plain\n"
                    + "values, each active value with its tangent; the result's goes into element 0"
                    + " of the\nlast argument.\n"
                : "Graph-free forward mode of {@link $L}: its body on plain values, each active\n"
                    + "value with {@code width} tangents, one per direction; the result's go into"
                    + " the last argument.\n",
            CompanionWriter.javadocLink(model));
    CompanionWriter.addThrows(method, model);
    if (!signature.isStatic()) {
      method.addParameter(signature.owner(), receiver);
    }
    for (Variable parameter : signature.parameters()) {
      method.addParameter(parameter.type().plainName(), parameter.name());
    }
    Map<Variable, String> tangents = new HashMap<>();
    for (Variable parameter : signature.parameters()) {
      if (parameter.differentiable()) {
        String tangent = temporaries.fresh(parameter.name() + "Tangent");
        tangents.put(parameter, tangent);
        if (scalar) {
          method.addParameter(parameter.type().isArray() ? ROW : TypeName.DOUBLE, tangent);
        } else {
          method.addParameter(parameter.type().isArray() ? MATRIX : ROW, tangent);
        }
      }
    }
    String width = temporaries.fresh("width");
    if (!scalar) {
      method.addParameter(TypeName.INT, width);
    }
    String out = temporaries.fresh("resultTangent");
    TypeName vectorOut = scalar ? MATRIX : ArrayTypeName.of(MATRIX);
    method.addParameter(signature.returnsVector() ? vectorOut : ROW, out);
    CodeBlock.Builder entry = CodeBlock.builder();
    for (Variable assigned : assignedParameters(model)) {
      // (A scalar form's tangent of a double is a double of its own.)
      if (!scalar && tangents.containsKey(assigned) && !assigned.type().isArray()) {
        // The caller's tangents are read only: an assigned parameter gets its own.
        entry.addStatement("$N = $N.clone()", tangents.get(assigned), tangents.get(assigned));
      }
    }
    ExpressionWriter plain = new ExpressionWriter(
        NodeFamily.TENSOR, Activity.none(), null, receiver, null, temporaries, null);
    ForwardBody body = new ForwardBody(
        activity,
        plain,
        temporaries,
        tangents,
        width,
        out,
        signature.returnsVector(),
        names,
        scalar);
    CodeBlock statements = body.write(model.body());
    return method
        .addCode(entry.build())
        .addCode(temporaries.declarations())
        .addCode(statements)
        .build();
  }

  /**
   * Whether the body may write an element of an array it was given: it writes some element, or it
   * calls another differentiable method (which might).
   */
  static boolean mayWriteElements(MethodModel model) {
    boolean[] writes = {false};
    ModelWalker.walk(model.body(), stmt -> {}, (e, used) -> {
      Expr.Target target = e instanceof Expr.Assign assign
          ? assign.target()
          : e instanceof Expr.IncDec incDec ? incDec.target() : null;
      if (target instanceof Expr.ArrayRead || e instanceof Expr.DifferentiableCall) {
        writes[0] = true;
      }
    });
    return writes[0];
  }

  /** The parameters the body assigns (not their elements). */
  private static Set<Variable> assignedParameters(MethodModel model) {
    Set<Variable> assigned = new HashSet<>();
    ModelWalker.walk(model.body(), stmt -> {}, (e, used) -> {
      Expr.Target target = e instanceof Expr.Assign assign
          ? assign.target()
          : e instanceof Expr.IncDec incDec ? incDec.target() : null;
      if (target instanceof Expr.VariableRef ref && ref.variable().isParameter()) {
        assigned.add(ref.variable());
      }
    });
    return assigned;
  }

  /** The forward function's arguments after the user's: tangents, width and result tangent. */
  static CodeBlock call(String name, List<CodeBlock> args) {
    return CodeBlock.of("$N($L)", name, CodeBlock.join(args, ", "));
  }

  /** Whether {@code type} is a value with tangents: a {@code double} or a {@code double[]}. */
  static boolean carries(ValueType type) {
    return type.isDoubleBased() && type.dims() <= 1;
  }
}
