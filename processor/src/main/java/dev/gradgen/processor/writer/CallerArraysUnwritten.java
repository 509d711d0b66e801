package dev.gradgen.processor.writer;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.TypeName;
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
 * its back: only {@code Math}, {@code StrictMath} and {@code Activations} functions, and static
 * methods of the JDK's boxed types and {@code String} whose arguments are all scalars or strings; nor
 * run user code without a call (a string concatenation with an object, whose {@code toString()} it
 * calls, or the first read of another class's static field, which runs its static initializer). Any other call (a differentiable method, a
 * rule, a user's or an instance method, a constructor) keeps the copy, since its code may write a
 * parameter's array through an alias or a field.
 */
final class CallerArraysUnwritten {

  private CallerArraysUnwritten() {}

  /** Whether {@code model}'s body writes only arrays it made and calls nothing that could write. */
  static boolean of(MethodModel model) {
    Expr.Visitor<Boolean> mayWriteElsewhere = new MayWriteElsewhere(model.owner());
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
          if (expr.accept(mayWriteElsewhere)) {
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
   * writes an array the body did not make: a call, and also the code Java runs without one, an
   * object's {@code toString()} in a string concatenation and another class's static initializer on
   * the first read of its static field.
   */
  private static final class MayWriteElsewhere implements Expr.Visitor<Boolean> {

    /** The method's own class, initialised already while its method runs. */
    private final TypeName owner;

    MayWriteElsewhere(TypeName owner) {
      this.owner = owner;
    }

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
      // A static field of another class than the method's (or the JDK's) may run that class's
      // static initializer here, on its first read.
      return field
          .receiver()
          .match(
              onClass -> !onClass.owner().equals(owner)
                  && !(onClass.owner() instanceof ClassName name
                      && name.packageName().startsWith("java.")),
              instance -> false);
    }

    @Override
    public Boolean visitUnary(Expr.Unary unary) {
      return false;
    }

    @Override
    public Boolean visitBinary(Expr.Binary binary) {
      // A string concatenation calls toString() on an object operand, which may be the user's.
      return binary.type().base() == ValueType.Base.STRING
          && !(isScalarOrString(binary.left().type())
              && isScalarOrString(binary.right().type()));
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
      // Its target is checked by the caller; s += object calls the object's toString().
      return assign.operator().isPresent()
          && assign.value().type().base() == ValueType.Base.REFERENCE;
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
              onClass -> !(onClass.owner() instanceof ClassName name
                  && VALUE_CLASSES.contains(name.canonicalName())
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
  }

  /**
   * The JDK classes whose static methods over scalars and strings run no code of the user's: not
   * {@code Class.forName} (a static initializer) or {@code System} (finalizers, properties).
   */
  private static final Set<String> VALUE_CLASSES = Set.of(
      "java.lang.Double",
      "java.lang.Float",
      "java.lang.Long",
      "java.lang.Integer",
      "java.lang.Short",
      "java.lang.Byte",
      "java.lang.Character",
      "java.lang.Boolean",
      "java.lang.String");

  /** A value that reaches no array: a primitive or a string. */
  private static boolean isScalarOrString(ValueType type) {
    return !type.isArray() && type.base() != ValueType.Base.REFERENCE;
  }
}
