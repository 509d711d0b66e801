package dev.gradgen.processor.analysis;

import com.sun.source.tree.Tree;
import dev.gradgen.processor.diagnostics.ErrorReporter;
import dev.gradgen.processor.diagnostics.Messages;
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

  /** The variable a statement declares, or null (a for loop's are its init's declarations). */
  private static final Stmt.Visitor<Variable> DECLARED = new Stmt.Visitor<>() {
    @Override
    public Variable visitLocalDeclaration(Stmt.LocalDeclaration declaration) {
      return declaration.variable();
    }

    @Override
    public Variable visitExpressionStatement(Stmt.ExpressionStatement statement) {
      return null;
    }

    @Override
    public Variable visitBlock(Stmt.Block block) {
      return null;
    }

    @Override
    public Variable visitIf(Stmt.If ifStmt) {
      return null;
    }

    @Override
    public Variable visitFor(Stmt.For loop) {
      return null;
    }

    @Override
    public Variable visitForEach(Stmt.ForEach loop) {
      return loop.variable();
    }

    @Override
    public Variable visitWhile(Stmt.While loop) {
      return null;
    }

    @Override
    public Variable visitDoWhile(Stmt.DoWhile loop) {
      return null;
    }

    @Override
    public Variable visitSwitch(Stmt.Switch switchStmt) {
      return null;
    }

    @Override
    public Variable visitBreak(Stmt.Break breakStmt) {
      return null;
    }

    @Override
    public Variable visitContinue(Stmt.Continue continueStmt) {
      return null;
    }

    @Override
    public Variable visitReturn(Stmt.Return returnStmt) {
      return null;
    }

    @Override
    public Variable visitThrow(Stmt.Throw throwStmt) {
      return null;
    }

    @Override
    public Variable visitLabeled(Stmt.Labeled labeled) {
      return null;
    }

    @Override
    public Variable visitEmpty(Stmt.Empty empty) {
      return null;
    }
  };

  /** Reports (and aborts at) the first active declaration or expression of too high a rank. */
  public static void check(MethodModel method, Activity activity, ErrorReporter reporter) {
    Tree[] first = {null};
    String[] what = {null};
    ModelWalker.walk(method.body(), stmt -> {
      Variable variable = stmt.accept(DECLARED);
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
