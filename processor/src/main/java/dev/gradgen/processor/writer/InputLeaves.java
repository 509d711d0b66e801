package dev.gradgen.processor.writer;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import dev.gradgen.processor.model.Callee;
import dev.gradgen.processor.model.TypeNames;
import dev.gradgen.processor.model.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The start shared by the generated Jacobian and tangent methods: one tape, a leaf per
 * differentiable parameter (an array of leaves per array), the graph builder called on them, and
 * the leaves in the flattened order (declaration order, arrays element by element, matrices row by
 * row) that {@code Tensor.jacobian} and {@code Tensor.tangents} take.
 */
final class InputLeaves {

  static final ClassName TAPE = TypeNames.TAPE;
  static final ClassName JACOBIANS = TypeNames.JACOBIANS;

  /** A differentiable parameter and the local holding its leaves. */
  record Leaf(Variable parameter, String node) {}

  private final List<Leaf> leaves = new ArrayList<>();
  private final String out;
  private final String inputs;

  /**
   * Writes into {@code method} the tape, the leaves, {@code out = m(...)} and {@code inputs}, the
   * flattened leaves; names are chosen outside {@code taken}, to which they are added.
   */
  InputLeaves(MethodSpec.Builder method, Callee signature, String receiver, Set<String> taken) {
    String tape = CompanionWriter.freshName("tape", taken);
    taken.add(tape);
    method.addStatement("$T $N = new $T()", TAPE, tape, TAPE);
    List<CodeBlock> builderArgs = new ArrayList<>();
    if (!signature.isStatic()) {
      builderArgs.add(CodeBlock.of("$N", receiver));
    }
    List<Part> parts = new ArrayList<>();
    for (Variable parameter : signature.parameters()) {
      if (!parameter.differentiable()) {
        builderArgs.add(CodeBlock.of("$N", parameter.name()));
        continue;
      }
      String node = CompanionWriter.freshName(parameter.name() + "Node", taken);
      taken.add(node);
      TypeName type = parameter.type().tensorName();
      if (parameter.type().isArray()) {
        method.addStatement("$T $N = $N.leaves($N)", type, node, tape, parameter.name());
      } else {
        method.addStatement("$T $N = $N.leaf($N)", type, node, tape, parameter.name());
      }
      parts.add(new Part(
          parameter.type().dims() == 0,
          switch (parameter.type().dims()) {
            case 0, 1 -> CodeBlock.of("$N", node);
            default -> CodeBlock.of("$T.rows($N)", JACOBIANS, node);
          }));
      builderArgs.add(CodeBlock.of("$N", node));
      leaves.add(new Leaf(parameter, node));
    }
    out = CompanionWriter.freshName("out", taken);
    taken.add(out);
    method.addStatement(
        "$T $N = $N($L)",
        signature.result().tensorName(),
        out,
        signature.name(),
        CodeBlock.join(builderArgs, ", "));
    inputs = CompanionWriter.freshName("inputs", taken);
    taken.add(inputs);
    method.addStatement(
        "$T[] $N = $L", ExpressionWriter.TENSOR, inputs, concat(parts, ExpressionWriter.TENSOR));
  }

  /** One piece of a flattened array: a scalar, or an array expression. */
  record Part(boolean scalar, CodeBlock code) {}

  /**
   * The parts one after the other, as {@code Jacobians.concat(...)}: adjacent scalars share one
   * {@code new T[] {...}}, and a single array part stands alone (no copy is needed: the runtime
   * reads it and writes nothing into it).
   */
  static CodeBlock concat(List<Part> parts, TypeName element) {
    List<CodeBlock> arrays = new ArrayList<>();
    List<CodeBlock> scalars = new ArrayList<>();
    for (Part part : parts) {
      if (part.scalar()) {
        scalars.add(part.code());
        continue;
      }
      if (!scalars.isEmpty()) {
        arrays.add(CodeBlock.of("new $T[] {$L}", element, CodeBlock.join(scalars, ", ")));
        scalars.clear();
      }
      arrays.add(part.code());
    }
    if (!scalars.isEmpty()) {
      arrays.add(CodeBlock.of("new $T[] {$L}", element, CodeBlock.join(scalars, ", ")));
    }
    return arrays.size() == 1
        ? arrays.get(0)
        : CodeBlock.of("$T.concat($L)", JACOBIANS, CodeBlock.join(arrays, ", "));
  }

  /** The differentiable parameters with their leaves, in declaration order. */
  List<Leaf> leaves() {
    return leaves;
  }

  /** The local holding the builder's result: a node, or an array of nodes. */
  String out() {
    return out;
  }

  /** The local holding the leaves in the flattened order. */
  String inputs() {
    return inputs;
  }
}
