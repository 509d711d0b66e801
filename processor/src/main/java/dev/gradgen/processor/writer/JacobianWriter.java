package dev.gradgen.processor.writer;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.gradgen.processor.model.Callee;
import dev.gradgen.processor.model.MethodModel;
import dev.gradgen.processor.model.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Writes what a {@code double[]}-returning method gets instead of a gradient: {@code
 * mJacobian(...)}, returning {@code record MJacobian(double[] value, ...)} with one block of the
 * Jacobian per differentiable parameter, computed from one graph by forward sweeps or backward
 * passes, whichever are fewer ({@code Tensor.jacobian}).
 */
final class JacobianWriter {

  private JacobianWriter() {}

  /** Adds {@code mJacobian} and its record to {@code type}. */
  static void addTo(TypeSpec.Builder type, MethodModel model, String receiver) {
    type.addMethod(method(model, receiver));
    type.addType(record(model));
  }

  /** {@code MJacobian}: the record's simple name. */
  static String recordName(String method) {
    return Character.toUpperCase(method.charAt(0)) + method.substring(1) + "Jacobian";
  }

  private static MethodSpec method(MethodModel model, String receiver) {
    Callee signature = model.signature();
    ClassName record = model.companion().nestedClass(recordName(model.name()));
    MethodSpec.Builder method = MethodSpec.methodBuilder(model.name() + "Jacobian")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(record)
        .addJavadoc(
            "The value of {@link $L} and its Jacobian with respect to its\n"
                + "differentiable parameters, from one graph: by forward sweeps, one per input in the\n"
                + "flattened order (each {@code double} parameter, each element of a {@code double[]},"
                + "\neach element of a {@code double[][]} row by row), when there are fewer inputs"
                + " than\noutputs, else by backward passes, one per element of the value (see\n"
                + "{@link $T#jacobian(Tensor[], Tensor[])}).\n",
            CompanionWriter.javadocLink(model),
            ExpressionWriter.TENSOR);
    CompanionWriter.addThrows(method, model);
    Set<String> taken = new HashSet<>();
    if (!signature.isStatic()) {
      method.addParameter(signature.owner(), receiver);
      taken.add(receiver);
    }
    for (Variable parameter : signature.parameters()) {
      method.addParameter(parameter.type().plainName(), parameter.name());
      taken.add(parameter.name());
    }
    InputLeaves leaves = new InputLeaves(method, signature, receiver, taken);
    String jacobian = CompanionWriter.freshName("jacobian", taken);
    taken.add(jacobian);
    method.addStatement(
        "double[][] $N = $T.jacobian($N, $N)",
        jacobian,
        ExpressionWriter.TENSOR,
        leaves.inputs(),
        leaves.out());
    List<CodeBlock> components = new ArrayList<>();
    components.add(CodeBlock.of("$T.data($N)", ExpressionWriter.TENSOR, leaves.out()));
    List<InputLeaves.Leaf> all = leaves.leaves();
    if (all.size() == 1 && all.get(0).parameter().type().dims() == 1) {
      // One double[] parameter: its block is the whole fresh matrix, so it needs no copy.
      components.add(CodeBlock.of("$N", jacobian));
      method.addStatement("return new $T($L)", record, CodeBlock.join(components, ", "));
      return method.build();
    }
    String at = CompanionWriter.freshName("column", taken);
    taken.add(at);
    method.addStatement("int $N = 0", at);
    for (InputLeaves.Leaf leaf : all) {
      Variable parameter = leaf.parameter();
      // The column after the last block is never read.
      boolean last = leaf.equals(all.get(all.size() - 1));
      String block = CompanionWriter.freshName(parameter.name() + "Block", taken);
      taken.add(block);
      TypeName blockType = ArrayTypeName.of(parameter.type().plainName());
      switch (parameter.type().dims()) {
        case 0 -> {
          method.addStatement(
              "$T $N = $T.column($N, $N)", blockType, block, InputLeaves.JACOBIANS, jacobian, at);
          if (!last) {
            method.addStatement("$N += 1", at);
          }
        }
        case 1 -> {
          method.addStatement(
              "$T $N = $T.columns($N, $N, $N.length)",
              blockType,
              block,
              InputLeaves.JACOBIANS,
              jacobian,
              at,
              parameter.name());
          if (!last) {
            method.addStatement("$N += $N.length", at, parameter.name());
          }
        }
        default -> {
          method.addStatement(
              "$T $N = $T.columns($N, $N, $N)",
              blockType,
              block,
              InputLeaves.JACOBIANS,
              jacobian,
              at,
              parameter.name());
          if (!last) {
            method.addStatement("$N += $T.size($N)", at, InputLeaves.JACOBIANS, parameter.name());
          }
        }
      }
      components.add(CodeBlock.of("$N", block));
    }
    method.addStatement("return new $T($L)", record, CodeBlock.join(components, ", "));
    return method.build();
  }

  private static TypeSpec record(MethodModel model) {
    MethodSpec.Builder constructor =
        MethodSpec.constructorBuilder().addParameter(double[].class, "value");
    for (Variable parameter : model.signature().parameters()) {
      if (parameter.differentiable()) {
        constructor.addParameter(ArrayTypeName.of(parameter.type().plainName()), parameter.name());
      }
    }
    return TypeSpec.recordBuilder(recordName(model.name()))
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc(
            "The value of {@link $L} (bit for bit what it returns) and its Jacobian,\n"
                + "one component per differentiable parameter, named after it: for a {@code double}"
                + " parameter\n{@code t}, {@code t()[i]} is d value[i] / d t; for a {@code double[]}"
                + " {@code x},\n{@code x()[i][j]} is d value[i] / d x[j]; for a {@code double[][]}"
                + " {@code m},\n{@code m()[i][j][k]} is d value[i] / d m[j][k] (null where the row"
                + " of {@code m} is null).\n",
            CompanionWriter.javadocLink(model))
        .recordConstructor(constructor.build())
        .build();
  }
}
