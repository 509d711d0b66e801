package dev.gradgen.processor.writer;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.gradgen.processor.analysis.FusedCalls;
import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.MathFunction;
import dev.gradgen.processor.model.TypeNames;
import java.util.List;
import java.util.function.Predicate;

/**
 * The local-derivative rules of the operations a reverse sweep in plain doubles differentiates
 * (arithmetic, casts, Math functions, absorbed calls): for each operand, the partial its adjoint is
 * multiplied by. Written once, for the fused helpers ({@link FusionWriter}), the preaccumulated loops
 * ({@link ReductionWriter}) and, forward, the graph-free forward functions ({@link ForwardBody}); an
 * exhaustive visitor, so a new kind of expression fails to compile here.
 */
final class LocalPartials {

  private static final ClassName DERIVATIVES = TypeNames.DERIVATIVES;

  /** What the rules need from the sweep that writes them. */
  interface Sweep {
    /** The name (or literal) of {@code expr}'s value, which the reverse pass reads. */
    CodeBlock read(Expr expr);

    /** Declares a {@code double} local with a fresh name starting {@code prefix}; its name. */
    String local(String prefix, CodeBlock value);

    /**
     * Passes {@code adjoint * partial} (partial null meaning 1) on to {@code child}, an operand of
     * {@code parent}.
     */
    void propagate(Expr parent, Expr child, Adjoint adjoint, Adjoint.Factor partial);

    /**
     * The partial of {@code call}'s value with respect to its argument {@code argument}, which the
     * sweep computed with the call's value (a fused helper: from the callee's forward function).
     * Only fused helpers absorb calls (see {@link dev.gradgen.processor.analysis.FusedCalls}).
     */
    default Adjoint.Factor callPartial(Expr.DifferentiableCall call, int argument) {
      throw new IllegalStateException("this sweep does not absorb the call " + call.source());
    }
  }

  private LocalPartials() {}

  /** Passes {@code adjoint}, the adjoint of the operation {@code expr}, on to each operand. */
  static void backward(Expr expr, Adjoint adjoint, Sweep sweep) {
    expr.accept(new Rules(adjoint, sweep));
  }

  /**
   * How many of {@code expr}'s operands its rules pass an adjoint on to, counting only those
   * {@code active}: where more than one, a sweep names the adjoint rather than repeat it.
   */
  static int fanOut(Expr expr, Predicate<Expr> active) {
    int[] count = {0};
    backward(expr, Adjoint.ONE, new Sweep() {
      @Override
      public CodeBlock read(Expr operand) {
        return CodeBlock.of("$N", "unused");
      }

      @Override
      public String local(String prefix, CodeBlock value) {
        return prefix;
      }

      @Override
      public void propagate(Expr parent, Expr child, Adjoint adjoint, Adjoint.Factor partial) {
        if (active.test(child)) {
          count[0]++;
        }
      }

      @Override
      public Adjoint.Factor callPartial(Expr.DifferentiableCall call, int argument) {
        return Adjoint.Factor.name("unused");
      }
    });
    return count[0];
  }

  /** The rules for one operation; expressions that are not operations of a sweep throw. */
  private static final class Rules implements Expr.Visitor<Void> {
    private final Adjoint adjoint;
    private final Sweep sweep;

    Rules(Adjoint adjoint, Sweep sweep) {
      this.adjoint = adjoint;
      this.sweep = sweep;
    }

    private CodeBlock read(Expr expr) {
      return sweep.read(expr);
    }

    private Adjoint.Factor factor(Expr expr) {
      return new Adjoint.Factor(read(expr), true);
    }

    private static Adjoint.Factor call(String name, CodeBlock... args) {
      return new Adjoint.Factor(
          CodeBlock.of("$T.$N($L)", DERIVATIVES, name, CodeBlock.join(List.of(args), ", ")), false);
    }

    @Override
    public Void visitBinary(Expr.Binary binary) {
      Expr left = binary.left();
      Expr right = binary.right();
      switch (binary.operator()) {
        case PLUS -> {
          sweep.propagate(binary, left, adjoint, null);
          sweep.propagate(binary, right, adjoint, null);
        }
        case MINUS -> {
          sweep.propagate(binary, left, adjoint, null);
          sweep.propagate(binary, right, adjoint.negated(), null);
        }
        case MULTIPLY -> {
          sweep.propagate(binary, left, adjoint, factor(right));
          sweep.propagate(binary, right, adjoint, factor(left));
        }
        case DIVIDE -> {
          sweep.propagate(
              binary,
              left,
              adjoint,
              new Adjoint.Factor(CodeBlock.of("(1.0 / $L)", read(right)), false));
          sweep.propagate(binary, right, adjoint, call("divisor", read(right), read(binary)));
        }
        case REMAINDER -> {
          sweep.propagate(binary, left, adjoint, null);
          sweep.propagate(
              binary, right, adjoint, call("remDivisor", read(left), read(right), read(binary)));
        }
        default -> throw notAnOperation(binary);
      }
      return null;
    }

    @Override
    public Void visitUnary(Expr.Unary unary) {
      Adjoint passed = switch (unary.operator()) {
        case MINUS -> adjoint.negated();
        case PLUS -> adjoint;
        case NOT, COMPLEMENT -> throw notAnOperation(unary);
      };
      sweep.propagate(unary, unary.operand(), passed, null);
      return null;
    }

    @Override
    public Void visitCast(Expr.Cast cast) {
      sweep.propagate(cast, cast.operand(), adjoint, null);
      return null;
    }

    @Override
    public Void visitMathCall(Expr.MathCall call) {
      MathFunction function = call.function();
      Expr first = call.args().get(0);
      if (call.args().size() == 1) {
        sweep.propagate(call, first, adjoint, call(function.javaName(), read(first), read(call)));
        return null;
      }
      Expr second = call.args().get(1);
      switch (function) {
        case FMA -> {
          sweep.propagate(call, first, adjoint, factor(second));
          sweep.propagate(call, second, adjoint, factor(first));
          sweep.propagate(call, call.args().get(2), adjoint, null);
        }
        // The sign of copySign and the direction of nextAfter only pick a branch: partial 0.
        case COPY_SIGN ->
          sweep.propagate(call, first, adjoint, call("copySign", read(first), read(call)));
        case NEXT_AFTER -> sweep.propagate(call, first, adjoint, null);
        // scalb(x, n) = x * 2^n: the int n has no partial.
        case SCALB ->
          sweep.propagate(call, first, adjoint, call("scalb", read(first), read(second)));
        case IEEE_REMAINDER -> {
          sweep.propagate(call, first, adjoint, null);
          sweep.propagate(
              call, second, adjoint, call("remDivisor", read(first), read(second), read(call)));
        }
        case POW -> {
          sweep.propagate(call, first, adjoint, call("powBase", read(first), read(second)));
          sweep.propagate(call, second, adjoint, call("powExponent", read(first), read(call)));
        }
        case ATAN2 -> {
          sweep.propagate(call, first, adjoint, call("atan2Y", read(first), read(second)));
          sweep.propagate(call, second, adjoint, call("atan2X", read(first), read(second)));
        }
        case HYPOT -> {
          sweep.propagate(
              call, first, adjoint, call("hypot", read(first), read(second), read(call)));
          sweep.propagate(
              call, second, adjoint, call("hypot", read(second), read(first), read(call)));
        }
        case MIN, MAX -> {
          String choice = sweep.local(
              "w",
              CodeBlock.of(
                  "$T.$N($L, $L, $L)",
                  DERIVATIVES,
                  function == MathFunction.MIN ? "minFirst" : "maxFirst",
                  read(first),
                  read(second),
                  read(call)));
          sweep.propagate(call, first, adjoint, Adjoint.Factor.name(choice));
          sweep.propagate(
              call, second, adjoint, new Adjoint.Factor(CodeBlock.of("(1.0 - $N)", choice), false));
        }
        default -> throw notAnOperation(call);
      }
      return null;
    }

    @Override
    public Void visitLiteral(Expr.Literal literal) {
      throw notAnOperation(literal);
    }

    @Override
    public Void visitVariableRef(Expr.VariableRef ref) {
      throw notAnOperation(ref);
    }

    @Override
    public Void visitThis(Expr.This thisExpr) {
      throw notAnOperation(thisExpr);
    }

    @Override
    public Void visitFieldRef(Expr.FieldRef field) {
      throw notAnOperation(field);
    }

    @Override
    public Void visitConditional(Expr.Conditional conditional) {
      throw notAnOperation(conditional);
    }

    @Override
    public Void visitArrayRead(Expr.ArrayRead read) {
      throw notAnOperation(read);
    }

    @Override
    public Void visitArrayLength(Expr.ArrayLength length) {
      throw notAnOperation(length);
    }

    @Override
    public Void visitNewArray(Expr.NewArray array) {
      throw notAnOperation(array);
    }

    @Override
    public Void visitArrayInitializer(Expr.ArrayInitializer array) {
      throw notAnOperation(array);
    }

    @Override
    public Void visitAssign(Expr.Assign assign) {
      throw notAnOperation(assign);
    }

    @Override
    public Void visitIncDec(Expr.IncDec incDec) {
      throw notAnOperation(incDec);
    }

    /** An absorbed call: each argument with a tangent gets the partial the sweep computed. */
    @Override
    public Void visitDifferentiableCall(Expr.DifferentiableCall call) {
      for (int i = 0; i < call.args().size(); i++) {
        if (FusedCalls.differentiable(call, i)) {
          sweep.propagate(call, call.args().get(i), adjoint, sweep.callPartial(call, i));
        }
      }
      return null;
    }

    @Override
    public Void visitPlainCall(Expr.PlainCall call) {
      throw notAnOperation(call);
    }

    @Override
    public Void visitRuleCall(Expr.RuleCall call) {
      throw notAnOperation(call);
    }

    @Override
    public Void visitNewObject(Expr.NewObject object) {
      throw notAnOperation(object);
    }

    /** The plan only fuses the operations above; anything else here is a bug of the planner. */
    private static IllegalStateException notAnOperation(Expr expr) {
      return new IllegalStateException(
          expr.getClass().getSimpleName() + " is not an operation of a reverse sweep");
    }
  }
}
