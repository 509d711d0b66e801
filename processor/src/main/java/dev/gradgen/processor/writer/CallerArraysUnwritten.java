package dev.gradgen.processor.writer;

import com.palantir.javapoet.ClassName;
import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.MethodModel;
import dev.gradgen.processor.model.ModelWalker;
import dev.gradgen.processor.model.Stmt;
import dev.gradgen.processor.model.ValueType;
import dev.gradgen.processor.model.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether a method body provably writes no element of any array but those it makes itself, so that
 * no array its caller passed (or a field holds) changes while the body runs: then the array-leaf
 * builder's dot-product nodes may read their elements from the array leaf in the backward pass
 * instead of copying them ({@code GeneratedSupport.fusedDotUncopied}), since the gradient method
 * calls {@code backward()} right after the builder returns and the array leaf is never written
 * nor passed on ({@link ArrayLeafParameters}).
 *
 * <p>The proof is conservative and flow-insensitive, independent of the activity analysis's own
 * checks: every element write must go through a local whose every value is a new array ({@code
 * new double[n]}, an initializer), and the body may call nothing that could write an array behind
 * its back: only {@code Math}, {@code StrictMath} and {@code Activations} functions, and static JDK
 * methods whose arguments are all scalars or strings. Any other call (a differentiable method, a
 * rule, a user's or an instance method, a constructor) keeps the copy, since its code may write a
 * parameter's array through an alias or a field.
 */
final class CallerArraysUnwritten {

  private CallerArraysUnwritten() {}

  /** Whether {@code model}'s body writes only arrays it made and calls nothing that could write. */
  static boolean of(MethodModel model) {
    Set<Variable> notFresh = new HashSet<>();
    List<Expr> writtenArrays = new ArrayList<>();
    boolean[] unsafe = {false};
    ModelWalker.walk(
        model.body(),
        stmt -> {
          if (stmt instanceof Stmt.LocalDeclaration declaration
              && declaration.init() != null
              && !isNewArray(declaration.init())) {
            notFresh.add(declaration.variable());
          } else if (stmt instanceof Stmt.ForEach loop) {
            // A row variable holds rows of another array, made wherever that one was.
            notFresh.add(loop.variable());
          }
        },
        (expr, used) -> {
          if (expr instanceof Expr.Assign assign) {
            if (assign.target() instanceof Expr.VariableRef ref
                && (assign.compound() || !isNewArray(assign.value()))) {
              notFresh.add(ref.variable());
            } else if (assign.target() instanceof Expr.ArrayRead element) {
              writtenArrays.add(element.array());
            }
          } else if (expr instanceof Expr.IncDec incDec
              && incDec.target() instanceof Expr.ArrayRead element) {
            writtenArrays.add(element.array());
          }
          if (expr.accept(MAY_WRITE_ELSEWHERE)) {
            unsafe[0] = true;
          }
        });
    if (unsafe[0]) {
      return false;
    }
    for (Expr array : writtenArrays) {
      // a[i] = ... through a local that only ever holds new arrays; anything else (a parameter,
      // a row m[i], a field, a conditional) may be a caller's array.
      if (!(array instanceof Expr.VariableRef ref)
          || ref.variable().isParameter()
          || notFresh.contains(ref.variable())) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code expr} is an array made right there. */
  private static boolean isNewArray(Expr expr) {
    return expr instanceof Expr.NewArray || expr instanceof Expr.ArrayInitializer;
  }

  /**
   * Whether evaluating the node itself (its operands are visited by the walk) may run code that
   * writes an array the body did not make.
   */
  private static final Expr.Visitor<Boolean> MAY_WRITE_ELSEWHERE = new Expr.Visitor<>() {
    @Override
    public Boolean visitLiteral(Expr.Literal literal) {
      return false;
    }

    @Override
    public Boolean visitVariableRef(Expr.VariableRef ref) {
      return false;
    }

    @Override
    public Boolean visitThis(Expr.This thisExpr) {
      return false;
    }

    @Override
    public Boolean visitFieldRef(Expr.FieldRef field) {
      return false;
    }

    @Override
    public Boolean visitUnary(Expr.Unary unary) {
      return false;
    }

    @Override
    public Boolean visitBinary(Expr.Binary binary) {
      return false;
    }

    @Override
    public Boolean visitConditional(Expr.Conditional conditional) {
      return false;
    }

    @Override
    public Boolean visitCast(Expr.Cast cast) {
      return false;
    }

    @Override
    public Boolean visitArrayRead(Expr.ArrayRead read) {
      return false;
    }

    @Override
    public Boolean visitArrayLength(Expr.ArrayLength length) {
      return false;
    }

    @Override
    public Boolean visitNewArray(Expr.NewArray array) {
      return false;
    }

    @Override
    public Boolean visitArrayInitializer(Expr.ArrayInitializer array) {
      return false;
    }

    @Override
    public Boolean visitAssign(Expr.Assign assign) {
      // Its target is checked by the caller.
      return false;
    }

    @Override
    public Boolean visitIncDec(Expr.IncDec incDec) {
      return false;
    }

    @Override
    public Boolean visitMathCall(Expr.MathCall call) {
      return false;
    }

    @Override
    public Boolean visitDifferentiableCall(Expr.DifferentiableCall call) {
      return true;
    }

    @Override
    public Boolean visitPlainCall(Expr.PlainCall call) {
      return call.receiver()
          .match(
              onClass -> !(onClass.owner() instanceof ClassName owner
                  && owner.packageName().startsWith("java.")
                  && call.args().stream().allMatch(arg -> isScalarOrString(arg.type()))),
              instance -> true);
    }

    @Override
    public Boolean visitRuleCall(Expr.RuleCall call) {
      return true;
    }

    @Override
    public Boolean visitNewObject(Expr.NewObject object) {
      return true;
    }
  };

  /** A value that reaches no array: a primitive or a string. */
  private static boolean isScalarOrString(ValueType type) {
    return !type.isArray() && type.base() != ValueType.Base.REFERENCE;
  }
}
