package dev.gradgen.processor.analysis;

import dev.gradgen.processor.diagnostics.AbortMethodException;
import dev.gradgen.processor.diagnostics.ErrorReporter;
import dev.gradgen.processor.diagnostics.Messages;
import dev.gradgen.processor.model.MethodModel;
import dev.gradgen.processor.model.ModelWalker;
import dev.gradgen.processor.model.Stmt;
import dev.gradgen.processor.model.Variable;

/**
 * Checks what a {@code double[]}-returning method returns: an array made in its body or a
 * differentiable parameter's array, which its graph builder returns as the same node array the
 * caller sees, never a constant parameter's or a field's array, which the builder could only
 * return as a copy of its values (so a caller's later writes would reach one and not the other).
 */
public final class ReturnedArrays {

  private ReturnedArrays() {}

  /** Reports each {@code return} of {@code method} that may hand back a shared array. */
  public static void check(MethodModel method, ErrorReporter reporter) {
    if (!method.signature().returnsVector()) {
      return;
    }
    ArrayAliases aliases = ArrayAliases.of(method);
    ModelWalker.walk(method.body(), stmt -> {
      if (stmt instanceof Stmt.Return ret) {
        try {
          check(method, aliases, ret, reporter);
        } catch (AbortMethodException e) {
          // Reported at the return: go on with the others.
        }
      }
    }, (expr, used) -> { });
  }

  private static void check(MethodModel method, ArrayAliases aliases, Stmt.Return ret,
      ErrorReporter reporter) {
    for (ArrayAliases.AbstractArray array : aliases.arraysOf(ret.value())) {
      if (array.owner() instanceof Variable parameter
          && parameter.kind() != Variable.Kind.DIFFERENTIABLE_PARAMETER) {
        throw reporter.abortAt(ret.value().source(), method.unit(), Messages.returnedConstantParameterArray(parameter.name()));
      }
      if (array.owner() instanceof ArrayAliases.FieldKey field) {
        throw reporter.abortAt(ret.value().source(), method.unit(),
            Messages.returnedFieldArray(field.name()));
      }
    }
  }
}
