package dev.gradgen.processor.analysis;

import com.sun.source.tree.Tree;
import dev.gradgen.processor.ErrorReporter;
import dev.gradgen.processor.Messages;
import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.MethodModel;
import dev.gradgen.processor.model.ModelWalker;
import dev.gradgen.processor.model.Stmt;
import dev.gradgen.processor.model.Variable;

/**
 * Rejects arrays of rank 3 or more that would hold nodes: the runtime has node arrays of rank 1
 * and 2 only ({@code Tensor.of}, {@code grads}, {@code filled}). Constant arrays of any rank stay
 * plain Java and are fine.
 */
public final class ArrayRanks {

  /** The highest rank of an array of nodes. */
  public static final int MAX_ACTIVE_RANK = 2;

  private ArrayRanks() {}

  /** Reports (and aborts at) the first active declaration or expression of too high a rank. */
  public static void check(MethodModel method, Activity activity, ErrorReporter reporter) {
    Tree[] first = {null};
    String[] what = {null};
    ModelWalker.walk(method.body(), stmt -> {
      Variable variable = stmt instanceof Stmt.LocalDeclaration d ? d.variable()
          : stmt instanceof Stmt.ForEach f ? f.variable() : null;
      if (first[0] == null && variable != null && activity.isActive(variable)
          && variable.type().dims() > MAX_ACTIVE_RANK) {
        first[0] = stmt.source();
        what[0] = variable.name();
      }
    }, (expr, used) -> {
      if (first[0] == null && expr.type().dims() > MAX_ACTIVE_RANK && activity.isActive(expr)) {
        first[0] = expr.source();
        what[0] = expr.source().toString();
      }
    });
    if (first[0] != null) {
      throw reporter.abortAt(first[0], method.unit(), Messages.activeArrayRank(what[0],
          MAX_ACTIVE_RANK));
    }
  }
}
