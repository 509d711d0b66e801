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

  /**
   * Adds {@code mJacobian} and its record to {@code type}; {@code forward} names the method's
   * graph-free forward function, null when it has none.
   */
  static void addTo(TypeSpec.Builder type, MethodModel model, String receiver, String forward) {
    type.addMethod(method(model, receiver, forward));
    type.addType(record(model));
  }

  /** {@code MJacobian}: the record's simple name. */
  static String recordName(String method) {
    return Character.toUpperCase(method.charAt(0)) + method.substring(1) + "Jacobian";
  }

  private static MethodSpec method(MethodModel model, String receiver, String forward) {
    Callee signature = model.signature();
    ClassName record = model.companion().nestedClass(recordName(model.name()));
    MethodSpec.Builder method = MethodSpec.methodBuilder(model.name() + "Jacobian")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(record);
    if (forward == null) {
      method.addJavadoc(
          "The value of {@link $L} and its Jacobian with respect to its\n"
              + "differentiable parameters, from one graph: by forward sweeps, one per input in the\n"
              + "flattened order (each {@code double} parameter, each element of a {@code double[]},"
              + "\neach element of a {@code double[][]} row by row), when there are fewer inputs"
              + " than\noutputs, else by backward passes, one per element of the value (see\n"
              + "{@link $T#jacobian(Tensor[], Tensor[])}).\n",
          CompanionWriter.javadocLink(model),
          ExpressionWriter.TENSOR);
    } else {
      method.addJavadoc(
          "The value of {@link $L} and its Jacobian with respect to its\n"
              + "differentiable parameters. With at most $L inputs in the flattened order (each"
              + " {@code double}\nparameter, each element of a {@code double[]}), by one"
              + " graph-free forward pass carrying\nevery input's direction at once (no graph is"
              + " built); with more, from one graph: by forward\nsweeps (up to 64 inputs at once) when there are fewer"
              + " inputs than outputs, else by backward passes, one per element of\nthe value"
              + " (see {@link $T#jacobian(Tensor[], Tensor[])}).\n",
          CompanionWriter.javadocLink(model),
          MAX_FORWARD_INPUTS,
          ExpressionWriter.TENSOR);
    }
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
    if (forward != null) {
      forwardPass(method, model, receiver, forward, record, taken);
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
    blocks(
        method,
        signature,
        record,
        CodeBlock.of("$T.data($N)", ExpressionWriter.TENSOR, leaves.out()),
        jacobian,
        taken);
    return method.build();
  }

  /** At most how many inputs the generated Jacobian carries in one graph-free forward pass. */
  static final int MAX_FORWARD_INPUTS = 16;

  /**
   * {@code if (inputs <= 16) return ...}: the forward function called once with every input's unit
   * direction, its result's tangents the Jacobian's rows.
   */
  private static void forwardPass(
      MethodSpec.Builder method,
      MethodModel model,
      String receiver,
      String forward,
      ClassName record,
      Set<String> taken) {
    Callee signature = model.signature();
    String inputs = CompanionWriter.freshName("inputs", taken);
    taken.add(inputs);
    List<CodeBlock> count = new ArrayList<>();
    int scalars = 0;
    for (Variable parameter : signature.parameters()) {
      if (parameter.differentiable()) {
        if (parameter.type().isArray()) {
          count.add(CodeBlock.of("$N.length", parameter.name()));
        } else {
          scalars++;
        }
      }
    }
    if (scalars > 0 || count.isEmpty()) {
      count.add(0, CodeBlock.of("$L", scalars));
    }
    method.addStatement("int $N = $L", inputs, CodeBlock.join(count, " + "));
    method.beginControlFlow("if ($N <= $L)", inputs, MAX_FORWARD_INPUTS);
    Set<String> inner = new HashSet<>(taken);
    List<CodeBlock> args = new ArrayList<>();
    if (!signature.isStatic()) {
      args.add(CodeBlock.of("$N", receiver));
    }
    for (Variable parameter : signature.parameters()) {
      args.add(CodeBlock.of("$N", parameter.name()));
    }
    String at = CompanionWriter.freshName("input", inner);
    inner.add(at);
    method.addStatement("int $N = 0", at);
    for (Variable parameter : signature.parameters()) {
      if (!parameter.differentiable()) {
        continue;
      }
      String seed = CompanionWriter.freshName(parameter.name() + "Seed", inner);
      inner.add(seed);
      if (parameter.type().isArray()) {
        method.addStatement(
            "double[][] $N = $T.units($N, $N, $N.length)",
            seed,
            ForwardWriter.FORWARD_TANGENTS,
            inputs,
            at,
            parameter.name());
        method.addStatement("$N += $N.length", at, parameter.name());
      } else {
        method.addStatement(
            "double[] $N = $T.unit($N, $N++)", seed, ForwardWriter.FORWARD_TANGENTS, inputs, at);
      }
      args.add(CodeBlock.of("$N", seed));
    }
    String returned = CompanionWriter.freshName("returned", inner);
    inner.add(returned);
    method.addStatement("double[][][] $N = new double[1][][]", returned);
    args.add(CodeBlock.of("$N", inputs));
    args.add(CodeBlock.of("$N", returned));
    String value = CompanionWriter.freshName("value", inner);
    inner.add(value);
    method.addStatement("double[] $N = $L", value, ForwardWriter.call(forward, args));
    String jacobian = CompanionWriter.freshName("jacobian", inner);
    inner.add(jacobian);
    method.addStatement("double[][] $N = $N[0]", jacobian, returned);
    // A fresh copy of the value, as the graph path gives: the method may return its input.
    blocks(method, signature, record, CodeBlock.of("$N.clone()", value), jacobian, inner);
    method.endControlFlow();
  }

  /** The record from the value and the Jacobian's matrix: one block per differentiable parameter. */
  private static void blocks(
      MethodSpec.Builder method,
      Callee signature,
      ClassName record,
      CodeBlock value,
      String jacobian,
      Set<String> taken) {
    List<CodeBlock> components = new ArrayList<>();
    components.add(value);
    List<Variable> all = new ArrayList<>();
    for (Variable parameter : signature.parameters()) {
      if (parameter.differentiable()) {
        all.add(parameter);
      }
    }
    if (all.size() == 1 && all.get(0).type().dims() == 1) {
      // One double[] parameter: its block is the whole fresh matrix, so it needs no copy.
      components.add(CodeBlock.of("$N", jacobian));
      method.addStatement("return new $T($L)", record, CodeBlock.join(components, ", "));
      return;
    }
    String at = CompanionWriter.freshName("column", taken);
    taken.add(at);
    method.addStatement("int $N = 0", at);
    for (Variable parameter : all) {
      // The column after the last block is never read.
      boolean last = parameter.equals(all.get(all.size() - 1));
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
