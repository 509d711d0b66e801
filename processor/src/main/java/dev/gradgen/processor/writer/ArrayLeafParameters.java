package dev.gradgen.processor.writer;

import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.MethodModel;
import dev.gradgen.processor.model.ModelWalker;
import dev.gradgen.processor.model.ValueType;
import dev.gradgen.processor.model.Variable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The differentiable {@code double[]} parameters that the gradient method may pass to the graph
 * builder as one {@code ArrayLeaf} each instead of an array of leaves: those the body only reads
 * element by element ({@code x[i]} as a value, never written) and measures ({@code x.length}).
 * Any other use (passing the array on, aliasing it, writing an element, a for-each over it) keeps
 * the parameter an array of nodes, so the builder over array leaves never needs the whole array as
 * nodes.
 */
final class ArrayLeafParameters {

  private ArrayLeafParameters() {}

  /** The parameters of {@code model} that can be array leaves, in declaration order. */
  static Set<Variable> of(MethodModel model) {
    Set<Variable> candidates = new LinkedHashSet<>();
    for (Variable parameter : model.signature().parameters()) {
      ValueType type = parameter.type();
      if (parameter.differentiable() && type.dims() == 1 && type.base() == ValueType.Base.DOUBLE) {
        candidates.add(parameter);
      }
    }
    if (candidates.isEmpty()) {
      return Set.of();
    }
    // The references that are the array of an element read or of a length; written elements are
    // taken out again below.
    Set<Expr> allowed = Collections.newSetFromMap(new IdentityHashMap<>());
    Set<Variable> rejected = new LinkedHashSet<>();
    List<Expr> references = new ArrayList<>();
    ModelWalker.walk(model.body(), stmt -> {}, (expr, used) -> {
      if (expr instanceof Expr.ArrayRead read) {
        allowed.add(read.array());
      } else if (expr instanceof Expr.ArrayLength length) {
        allowed.add(length.array());
      } else if (expr instanceof Expr.Assign assign) {
        rejectWritten(assign.target(), candidates, rejected);
      } else if (expr instanceof Expr.IncDec incDec) {
        rejectWritten(incDec.target(), candidates, rejected);
      } else if (expr instanceof Expr.VariableRef) {
        references.add(expr);
      }
    });
    for (Expr reference : references) {
      Variable variable = ((Expr.VariableRef) reference).variable();
      if (candidates.contains(variable) && !allowed.contains(reference)) {
        rejected.add(variable);
      }
    }
    candidates.removeAll(rejected);
    return Collections.unmodifiableSet(candidates);
  }

  /** Rejects the array parameter whose element {@code target} writes, if it is one. */
  private static void rejectWritten(Expr target, Set<Variable> candidates, Set<Variable> rejected) {
    if (target instanceof Expr.ArrayRead read
        && read.array() instanceof Expr.VariableRef ref
        && candidates.contains(ref.variable())) {
      rejected.add(ref.variable());
    }
    if (target instanceof Expr.VariableRef ref && candidates.contains(ref.variable())) {
      rejected.add(ref.variable());
    }
  }

  /** Whether {@code array} names one of {@code leaves}. */
  static boolean names(Expr array, Set<Variable> leaves) {
    return array instanceof Expr.VariableRef ref && leaves.contains(ref.variable());
  }
}
