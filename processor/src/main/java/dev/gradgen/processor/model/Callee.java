package dev.gradgen.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * What a companion needs to know to call a {@code @Differentiable} method: where its graph builder
 * lives and which of its parameters take nodes.
 *
 * @param owner the class that declares the method
 * @param companion the generated class holding its graph builder
 * @param name the method's name, also its builder's name
 * @param isStatic false for instance methods, whose builder takes the receiver first
 * @param parameters the method's parameters, in order, as the variables its body reads
 * @param originalCallable whether the companion may call the original method directly (it is not
 *     private); plain-value calls use it, others go through the builder
 * @param result what the method returns: {@code double}, or {@code double[]} (a vector of outputs,
 *     whose builder returns {@code Tensor[]})
 */
public record Callee(
    TypeName owner,
    ClassName companion,
    String name,
    boolean isStatic,
    List<Variable> parameters,
    boolean originalCallable,
    ValueType result,
    int order) {

  /** {@code double[]}, the one array type a {@code @Differentiable} method may return. */
  public static final ValueType VECTOR = ValueType.DOUBLE.arrayOf();

  /** Whether the method returns {@code double[]}: it gets a Jacobian instead of a gradient. */
  public boolean returnsVector() {
    return result.equals(VECTOR);
  }

  /** Whether the companion also has the {@code DualTensor} builder, for second derivatives. */
  public boolean secondOrder() {
    return order >= 2;
  }

  /** Copies the lists, so that the model cannot change after it is read. */
  public Callee {
    parameters = List.copyOf(parameters);
    for (Variable parameter : parameters) {
      if (!parameter.isParameter()) {
        throw new IllegalArgumentException(parameter + " is a local, not a parameter");
      }
    }
  }
}
