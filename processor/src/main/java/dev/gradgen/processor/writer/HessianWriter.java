package dev.gradgen.processor.writer;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.gradgen.processor.diagnostics.Messages;
import dev.gradgen.processor.model.Callee;
import dev.gradgen.processor.model.FusionPlan;
import dev.gradgen.processor.model.MethodKey;
import dev.gradgen.processor.model.MethodModel;
import dev.gradgen.processor.model.TypeNames;
import dev.gradgen.processor.model.ValueType;
import dev.gradgen.processor.model.Variable;
import dev.gradgen.processor.writer.CompanionWriter.AnalyzedMethod;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.TypeKind;

/**
 * Writes the second-order members of a method of order 2: the {@code DualTensor} graph builder (the
 * first-order builder's writers with the second-order node family, never fused), {@code mHessian}
 * with its record, and {@code mHessianVectorProduct}, both forward-over-reverse: each leaf carries
 * seed directions, and one backward pass gives the gradient and the Hessian times each direction.
 */
final class HessianWriter {

  private static final ClassName DUAL_TAPE = TypeNames.DUAL_TAPE;
  private static final ClassName DUAL_ARRAY_LEAF = ClassName.get("dev.gradgen", "DualArrayLeaf");
  private static final TypeName MATRIX = ArrayTypeName.of(ArrayTypeName.of(TypeName.DOUBLE));
  private static final TypeName VECTOR = ArrayTypeName.of(TypeName.DOUBLE);

  private final MethodModel model;
  private final String receiver;
  private final NodeFamily family = NodeFamily.DUAL;

  private HessianWriter(AnalyzedMethod method, String receiver) {
    this.model = method.model();
    this.receiver = receiver;
  }

  /**
   * Adds the second-order members of {@code method} (of order 2) to {@code type}: helpers named
   * from {@code prefix}, {@code receiver} the name of an instance method's receiver; {@code
   * tooLarge} hears of a second-order builder that may exceed the JVM's 64 KB per method. Where the
   * method's second-order plan fuses, straight-line code becomes fused second-order nodes (see
   * {@link SecondOrderFusionWriter}); with {@code -Agradgen.fuse=false}, one node per operation.
   */
  static void addTo(
      TypeSpec.Builder type,
      AnalyzedMethod method,
      String receiver,
      String prefix,
      Consumer<AnalyzedMethod> tooLarge) {
    addTo(type, method, receiver, prefix, tooLarge, Map.of());
  }

  /**
   * As {@link #addTo(TypeSpec.Builder, AnalyzedMethod, String, String, Consumer)}, the fused nodes
   * absorbing calls through the second-order forward functions {@code forwardSeconds} names.
   */
  static void addTo(
      TypeSpec.Builder type,
      AnalyzedMethod method,
      String receiver,
      String prefix,
      Consumer<AnalyzedMethod> tooLarge,
      Map<MethodKey, String> forwardSeconds) {
    HessianWriter writer = new HessianWriter(method, receiver);
    FusionPlan plan = method.secondOrderPlan().orElseThrow();
    Fusion chains = plan.everywhere()
        ? new SecondOrderFusionWriter(prefix, method.model().text(), forwardSeconds)
        : Fusion.of(new FusionWriter(prefix, false, NodeFamily.DUAL));
    // "Fused" then a letter, like the first-order helpers' names (see CompanionWriter).
    RuleNodeWriter rules = new RuleNodeWriter(prefix + "FusedDualRule");
    CodeBlock body = BodyWriter.write(
        writer.model.body(),
        method.activity(),
        plan,
        receiver,
        writer.model.reservedNames(),
        chains,
        rules);
    if (CodeSize.estimate(body, CompanionWriter.localSlots(method)) > CodeSize.MAX_BYTES) {
      tooLarge.accept(method);
    }
    type.addMethod(writer.builder(body, Set.of()));
    boolean scalar = writer.model.element().getReturnType().getKind() == TypeKind.DOUBLE;
    boolean product = scalar && writer.plainSlots() + 1 <= RecordLayout.MAX_SLOTS;
    Set<Variable> arrayLeaves = Set.of();
    if (product && plan.everywhere()) {
      // H v passes the double[] parameters the body only reads element by element as one array
      // leaf each (see DualArrayLeaf) to a private builder of their own, whose reduction loops
      // record those elements by index instead of making a leaf node per element.
      arrayLeaves = ArrayLeafParameters.of(writer.model);
      if (!arrayLeaves.isEmpty()) {
        CodeBlock leafBody = BodyWriter.write(
            writer.model.body(),
            method.activity(),
            plan,
            receiver,
            writer.model.reservedNames(),
            chains,
            rules,
            arrayLeaves,
            // The copy-free dot nodes are the first-order reduction writer's; this one has none.
            false);
        if (CodeSize.estimate(leafBody, CompanionWriter.localSlots(method)) > CodeSize.MAX_BYTES) {
          arrayLeaves = Set.of();
        } else {
          type.addMethod(writer.builder(leafBody, arrayLeaves));
        }
      }
    }
    type.addMethods(chains.helpers());
    type.addMethods(rules.helpers());
    if (scalar) {
      type.addMethod(writer.hessianMethod());
      type.addType(writer.hessianRecord());
      if (product) {
        type.addMethod(writer.hessianVectorProductMethod(arrayLeaves));
      }
    }
  }

  /** {@code mHessian}, for {@code m}. */
  static String hessianMethodName(String method) {
    return method + "Hessian";
  }

  /** {@code MHessian}, the record {@code mHessian} returns. */
  static String hessianRecordName(String method) {
    return Character.toUpperCase(method.charAt(0)) + method.substring(1) + "Hessian";
  }

  /** {@code mHessianVectorProduct}, for {@code m}. */
  static String hessianVectorProductName(String method) {
    return method + "HessianVectorProduct";
  }

  /**
   * {@code public static DualTensor m(...)}: the body rebuilt on second-order nodes; with {@code
   * arrayLeaves}, the private overload that takes those parameters as {@code DualArrayLeaf}s.
   */
  private MethodSpec builder(CodeBlock body, Set<Variable> arrayLeaves) {
    Callee signature = model.signature();
    MethodSpec.Builder builder = MethodSpec.methodBuilder(model.name())
        .addModifiers(arrayLeaves.isEmpty() ? Modifier.PUBLIC : Modifier.PRIVATE, Modifier.STATIC)
        .returns(family.typeOf(signature.result()))
        .addJavadoc(
            "Builds the second-order graph of {@link $L}: the same computation as its\n"
                + "{@code Tensor} builder, on {@code DualTensor} nodes (fused per statement unless\n"
                + "{@code -Agradgen.fuse=false}), which carry directional derivatives through the forward and the backward"
                + " pass;\ndifferentiable parameters are nodes, and the result is the node (for a"
                + " double[], the array of nodes)\nof the method's value.\n",
            CompanionWriter.javadocLink(model));
    if (!arrayLeaves.isEmpty()) {
      builder.addJavadoc(
          "The Hessian-vector product's builder: $L, only read element by element, $L one array"
              + " leaf.\n",
          CodeBlock.join(
              arrayLeaves.stream()
                  .map(p -> CodeBlock.of("{@code $L}", p.name()))
                  .toList(),
              ", "),
          arrayLeaves.size() == 1 ? "is" : "are each");
    }
    if (!signature.isStatic()) {
      builder.addParameter(signature.owner(), receiver);
    }
    CompanionWriter.addThrows(builder, model);
    for (Variable parameter : signature.parameters()) {
      builder.addParameter(
          arrayLeaves.contains(parameter)
              ? DUAL_ARRAY_LEAF
              : parameter.differentiable()
                  ? family.typeOf(parameter.type())
                  : parameter.type().plainName(),
          parameter.name());
    }
    return builder.addCode(body).build();
  }

  /**
   * {@code public static MHessian mHessian(...)}: value, gradient and Hessian, by chunks of
   * {@code DualTape.DIRECTIONS} columns, one build and one backward pass each.
   */
  private MethodSpec hessianMethod() {
    ClassName record = model.companion().nestedClass(hessianRecordName(model.name()));
    MethodSpec.Builder out = MethodSpec.methodBuilder(hessianMethodName(model.name()))
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(record)
        .addJavadoc(
            "The value of {@link $L}, its gradient and its Hessian with respect to its\n"
                + "differentiable parameters flattened in declaration order ($L; see {@link $T}).\n"
                + "<p>Forward-over-reverse: the Hessian is built by columns, {@code"
                + " DualTape.DIRECTIONS} at a time;\neach chunk builds the second-order graph once"
                + " (its leaves seeded with those unit directions)\nand runs one backward pass, which"
                + " gives the gradient and those columns of the Hessian.\nThe Hessian is returned as"
                + " computed, not symmetrised (it is symmetric to rounding).\n",
            CompanionWriter.javadocLink(model),
            flattenedOrder(),
            record);
    Set<String> taken = plainParameters(out);
    String hessian = fresh("hessian", taken);
    String value = fresh("value", taken);
    String gradient = fresh("gradient", taken);
    String first = fresh("first", taken);
    String tape = fresh("tape", taken);
    String result = fresh("out", taken);
    out.addStatement("$T $N = null", MATRIX, hessian);
    out.addStatement("double $N = 0.0", value);
    out.addStatement("$T $N = null", VECTOR, gradient);
    out.addStatement("int $N = 0", first);
    String count = fresh("count", taken);
    // The flattened inputs, so that a tape is only as wide as the columns it computes.
    out.addStatement("int $N = $L", count, flattenedCount());
    out.beginControlFlow("do");
    out.addStatement("$T $N = $T.forHessian($N, $N)", DUAL_TAPE, tape, DUAL_TAPE, first, count);
    CodeBlock args = leaves(out, tape, taken, Set.of());
    out.beginControlFlow("if ($N == null)", hessian);
    out.addComment("The leaves, made in declaration order, are the flattened parameters.");
    out.addStatement("$N = new double[$N.leafCount()][$N.leafCount()]", hessian, tape, tape);
    out.endControlFlow();
    out.addStatement("$T $N = $N($L)", family.node(), result, model.name(), args);
    out.addStatement("$N.backward()", result);
    out.addStatement("$N.hessianColumns($N)", tape, hessian);
    out.addStatement("$N = $N.data()", value, result);
    out.addStatement("$N = $N.gradient()", gradient, tape);
    out.addStatement("$N += $T.DIRECTIONS", first, DUAL_TAPE);
    out.endControlFlow("while ($N < $N.length)", first, hessian);
    out.addStatement("return new $T($N, $N, $N)", record, value, gradient, hessian);
    return out.build();
  }

  /**
   * {@code public static double[] mHessianVectorProduct(..., double[] v)}: H·v by one pass, with
   * {@code arrayLeaves} (if any) as array leaves of the tape.
   */
  private MethodSpec hessianVectorProductMethod(Set<Variable> arrayLeaves) {
    String name = hessianVectorProductName(model.name());
    MethodSpec.Builder out = MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(VECTOR);
    Set<String> taken = plainParameters(out);
    String direction = fresh("v", taken);
    out.addParameter(VECTOR, direction);
    out.addJavadoc(
        "The Hessian of {@link $L} times {@code $L}, over its differentiable parameters\n"
            + "flattened in declaration order ($L; {@code $L} and the result in that order),\n"
            + "without forming the Hessian.\n"
            + "<p>Forward-over-reverse: one build of the second-order graph with its leaves seeded\n"
            + "with {@code $L}, and one backward pass.\n"
            + "@throws IllegalArgumentException if {@code $L} has not one entry per flattened"
            + " parameter\n",
        CompanionWriter.javadocLink(model),
        direction,
        flattenedOrder(),
        direction,
        direction,
        direction);
    String tape = fresh("tape", taken);
    String result = fresh("out", taken);
    out.addStatement("$T $N = $T.forDirection($N)", DUAL_TAPE, tape, DUAL_TAPE, direction);
    CodeBlock args = leaves(out, tape, taken, arrayLeaves);
    out.beginControlFlow("if ($N.length != $N.leafCount())", direction, tape);
    out.addStatement(
        "throw new $T($S + $N.length + $S + $N.leafCount())",
        IllegalArgumentException.class,
        Messages.directionLength(name),
        direction,
        " where there are ",
        tape);
    out.endControlFlow();
    out.addStatement("$T $N = $N($L)", family.node(), result, model.name(), args);
    out.addStatement("$N.backward()", result);
    out.addStatement("return $N.hessianVectorProduct()", tape);
    return out.build();
  }

  /**
   * {@code record MHessian(double value, double[] gradient, double[][] hessian)}, whose Javadoc
   * says the flattened order.
   */
  private TypeSpec hessianRecord() {
    return TypeSpec.recordBuilder(hessianRecordName(model.name()))
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc(
            "The value of {@link $L}, its gradient and its Hessian, over its differentiable\n"
                + "parameters flattened in declaration order: $L (a {@code double} is one entry, a\n"
                + "{@code double[]} its elements, a {@code double[][]} its rows one after the other).\n"
                + "{@code gradient()[i]} is the partial derivative with respect to the {@code i}th"
                + " entry,\n{@code hessian()[i][j]} the second partial with respect to the {@code i}th"
                + " and the {@code j}th.\n"
                + "@param value the method's value, bit for bit what it returns\n"
                + "@param gradient the partial derivatives, in the flattened order\n"
                + "@param hessian the second partial derivatives, by rows and columns in the"
                + " flattened order\n",
            CompanionWriter.javadocLink(model),
            flattenedOrder())
        .recordConstructor(MethodSpec.constructorBuilder()
            .addParameter(TypeName.DOUBLE, "value")
            .addParameter(VECTOR, "gradient")
            .addParameter(MATRIX, "hessian")
            .build())
        .build();
  }

  /** Adds the method's own parameters (receiver first) to {@code out}; returns the names taken. */
  private Set<String> plainParameters(MethodSpec.Builder out) {
    Set<String> taken = new HashSet<>(model.reservedNames());
    CompanionWriter.addThrows(out, model);
    if (!model.signature().isStatic()) {
      out.addParameter(model.signature().owner(), receiver);
      taken.add(receiver);
    }
    for (Variable parameter : model.signature().parameters()) {
      out.addParameter(parameter.type().plainName(), parameter.name());
      taken.add(parameter.name());
    }
    return taken;
  }

  /**
   * Declares a leaf (or array of leaves, or for {@code arrayLeaves} an array leaf) of {@code tape}
   * for each differentiable parameter, in declaration order (the flat order); returns the builder's
   * arguments.
   */
  private CodeBlock leaves(
      MethodSpec.Builder out, String tape, Set<String> taken, Set<Variable> arrayLeaves) {
    List<CodeBlock> args = new ArrayList<>();
    if (!model.signature().isStatic()) {
      args.add(CodeBlock.of("$N", receiver));
    }
    for (Variable parameter : model.signature().parameters()) {
      if (!parameter.differentiable()) {
        args.add(CodeBlock.of("$N", parameter.name()));
        continue;
      }
      String node = fresh(parameter.name() + "Node", taken);
      if (arrayLeaves.contains(parameter)) {
        out.addStatement("$T $N = $N.array($N)", DUAL_ARRAY_LEAF, node, tape, parameter.name());
        args.add(CodeBlock.of("$N", node));
        continue;
      }
      out.addStatement(
          "$T $N = $N.$N($N)",
          family.typeOf(parameter.type()),
          node,
          tape,
          parameter.type().isArray() ? "leaves" : "leaf",
          parameter.name());
      args.add(CodeBlock.of("$N", node));
    }
    return CodeBlock.join(args, ", ");
  }

  /** Code counting the flattened differentiable inputs: 1 per double, the elements of arrays. */
  private CodeBlock flattenedCount() {
    List<CodeBlock> parts = new ArrayList<>();
    int scalars = 0;
    for (Variable parameter : model.signature().parameters()) {
      if (!parameter.differentiable()) {
        continue;
      }
      switch (parameter.type().dims()) {
        case 0 -> scalars++;
        case 1 -> parts.add(CodeBlock.of("$N.length", parameter.name()));
        default -> parts.add(CodeBlock.of("$T.leafCount($N)", DUAL_TAPE, parameter.name()));
      }
    }
    parts.add(0, CodeBlock.of("$L", scalars));
    return CodeBlock.join(parts, " + ");
  }

  /** "{@code x}, then the elements of {@code p}, then {@code m} row by row". */
  private CodeBlock flattenedOrder() {
    List<CodeBlock> parts = new ArrayList<>();
    for (Variable parameter : model.signature().parameters()) {
      if (!parameter.differentiable()) {
        continue;
      }
      parts.add(
          switch (parameter.type().dims()) {
            case 0 -> CodeBlock.of("{@code $L}", parameter.name());
            case 1 -> CodeBlock.of("the elements of {@code $L}", parameter.name());
            default -> CodeBlock.of("{@code $L} row by row", parameter.name());
          });
    }
    return CodeBlock.join(parts, ", then ");
  }

  /** The JVM parameter slots of the method's own parameter list (receiver included). */
  private int plainSlots() {
    int slots = model.signature().isStatic() ? 0 : 1;
    for (Variable parameter : model.signature().parameters()) {
      ValueType type = parameter.type();
      slots += !type.isArray()
              && (type.base() == ValueType.Base.DOUBLE || type.base() == ValueType.Base.LONG)
          ? 2
          : 1;
    }
    return slots;
  }

  private static String fresh(String base, Set<String> taken) {
    String name = base;
    while (taken.contains(name)) {
      name = name + "_";
    }
    taken.add(name);
    return name;
  }
}
