package dev.gradgen.processor.analysis;

import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.ExprKind;
import dev.gradgen.processor.model.FusionPlan.Role;
import dev.gradgen.processor.model.HelperSignature;
import dev.gradgen.processor.model.Purity;
import dev.gradgen.processor.model.SameValue;
import dev.gradgen.processor.model.SourceText;
import dev.gradgen.processor.model.Stmt;
import dev.gradgen.processor.model.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides the parameters of one fused helper, part of the fusion plan: its leaves (the reads the
 * node takes as inputs or constants) in evaluation order, a pure read sharing the parameter of an
 * earlier structurally equal one (see {@link SameValue}) unless a read with side effects came
 * between them.
 */
final class HelperSignatures {

  private final Map<Expr, Role> roles;
  private final Set<Expr> cuts;
  private final Activity activity;
  private final SourceText text;

  /** Signatures over the finished {@code roles} and {@code cuts} of a plan. */
  HelperSignatures(Map<Expr, Role> roles, Set<Expr> cuts, Activity activity, SourceText text) {
    this.roles = roles;
    this.cuts = cuts;
    this.activity = activity;
    this.text = text;
  }

  /** The signature of the fused node of {@code root}, whose cut operations are its inputs. */
  HelperSignature ofExpression(Expr root) {
    return new Discovery(root, List.of()).signature(root);
  }

  /** The signature of the node of a run: {@code temporaries} in order, then {@code result}. */
  HelperSignature ofRun(List<Stmt.LocalDeclaration> temporaries, Expr result) {
    return new Discovery(null, temporaries).signature(result);
  }

  /** One walk over a helper's expressions, in evaluation order. */
  private final class Discovery {
    /** The root of an expression's node (whose cuts are inputs), null for a run (no cuts). */
    private final Expr root;

    private final List<Stmt.LocalDeclaration> temporaries;
    private final Set<Variable> temporaryVariables = new HashSet<>();
    private final List<Builder> parameters = new ArrayList<>();
    private final List<Expr> reads = new ArrayList<>();
    /** The parameters a later pure read may share: pure ones since the last impure read. */
    private final List<Builder> shareable = new ArrayList<>();

    private final Set<String> classNames = new LinkedHashSet<>();

    Discovery(Expr root, List<Stmt.LocalDeclaration> temporaries) {
      this.root = root;
      this.temporaries = temporaries;
    }

    HelperSignature signature(Expr result) {
      for (Stmt.LocalDeclaration temporary : temporaries) {
        discover(temporary.init());
        temporaryVariables.add(temporary.variable());
      }
      discover(result);
      List<HelperSignature.Parameter> built = new ArrayList<>();
      for (Builder parameter : parameters) {
        built.add(parameter.build());
      }
      return new HelperSignature(built, reads, classNames);
    }

    /** Whether {@code expr} is computed inside the node rather than read as a parameter. */
    @SuppressWarnings("ReferenceEquality") // The root is one place of the body, not an equal one.
    private boolean inside(Expr expr) {
      Role role = roles.get(expr);
      if (role == null) {
        throw new IllegalStateException("no plan for " + expr.source());
      }
      return role != Role.LEAF && !(root != null && expr != root && cuts.contains(expr));
    }

    private void discover(Expr expr) {
      if (inside(expr)) {
        if (expr instanceof Expr.MathCall call) {
          classNames.add(call.owner().simpleName());
        }
        for (Expr child : FusionPlanner.children(expr)) {
          discover(child);
        }
        return;
      }
      if (expr instanceof Expr.VariableRef ref && temporaryVariables.contains(ref.variable())) {
        return;
      }
      boolean input = activity.isActive(expr);
      if (!input && ExprKind.of(expr) == ExprKind.LITERAL) {
        // A constant literal is written in the helper's body, not passed.
        return;
      }
      boolean pure = Purity.isPure(expr);
      if (!pure) {
        // A read with side effects (an i++, a call) may change what a later equal read gives.
        shareable.clear();
      }
      reads.add(expr);
      Builder parameter = pure ? shared(input, expr) : null;
      if (parameter == null) {
        parameter = new Builder(input, expr);
        parameters.add(parameter);
        if (pure) {
          shareable.add(parameter);
        }
      } else {
        parameter.reads.add(expr);
      }
    }

    /** The parameter an earlier read of the same value has, of the same kind, or null. */
    private Builder shared(boolean input, Expr expr) {
      for (Builder parameter : shareable) {
        if (parameter.input == input && SameValue.of(parameter.reads.get(0), expr)) {
          return parameter;
        }
      }
      return null;
    }
  }

  /** A parameter being discovered: its kind and its reads so far. */
  private final class Builder {
    final boolean input;
    final List<Expr> reads = new ArrayList<>();

    Builder(boolean input, Expr first) {
      this.input = input;
      reads.add(first);
    }

    HelperSignature.Parameter build() {
      Expr first = reads.get(0);
      return new HelperSignature.Parameter(
          input, reads, HelperSignature.baseName(first), text.of(first.source()));
    }
  }
}
