package dev.gradgen.processor.writer;

import com.palantir.javapoet.ArrayTypeName;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import dev.gradgen.processor.model.TypeNames;
import dev.gradgen.processor.model.ValueType;

/**
 * The kind of node a graph builder is written with: the first-order {@code Tensor} or the
 * second-order {@code DualTensor}. The writers take one and write the same builder with either, so
 * the second-order builder follows every construct the first-order one does.
 *
 * @param node the node class (its constructor makes a constant, its methods the operations)
 * @param strictMath the class of the node's StrictMath functions
 * @param fuses whether fused helpers may compute its partials as plain doubles: only first-order
 *     nodes, since a second-order node needs the derivatives of its partials as well
 * @param helperInfix what this family's helpers are named with, after the method's prefix
 */
record NodeFamily(ClassName node, ClassName strictMath, boolean fuses, String helperInfix) {

  /** First-order nodes: gradients by one backward pass. */
  static final NodeFamily TENSOR =
      new NodeFamily(TypeNames.TENSOR, TypeNames.STRICT_TENSORS, true, "Fused");

  /**
   * Second-order nodes: forward-over-reverse, Hessian-vector products by one backward pass. Its
   * helpers are named {@code mFusedDual...}: "Fused" then a letter, like the rule helpers, so they
   * clash neither with the first-order ones nor with any method (see CompanionWriter).
   */
  static final NodeFamily DUAL =
      new NodeFamily(TypeNames.DUAL_TENSOR, TypeNames.STRICT_DUAL_TENSORS, false, "FusedDual");

  /** {@code type} with its doubles replaced by this family's nodes (double[] becomes Node[]). */
  TypeName typeOf(ValueType type) {
    if (type.base() != ValueType.Base.DOUBLE) {
      throw new IllegalStateException(type + " cannot hold nodes");
    }
    TypeName name = node;
    for (int i = 0; i < type.dims(); i++) {
      name = ArrayTypeName.of(name);
    }
    return name;
  }
}
