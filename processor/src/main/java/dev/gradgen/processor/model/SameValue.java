package dev.gradgen.processor.model;

/**
 * Structural equality of pure expressions (see {@link Purity}): two reads that give the same value
 * wherever they are evaluated between the same writes, because they are the same literal, the same
 * variable, the same field of the same class or object, the same element (structurally equal array
 * and index) or the same operation on structurally equal operands. A fused helper passes such reads
 * once.
 */
public final class SameValue {

  private SameValue() {}

  /** Whether {@code a} and {@code b} are both pure and structurally equal. */
  public static boolean of(Expr a, Expr b) {
    return Purity.isPure(a) && Purity.isPure(b) && same(a, b);
  }

  /**
   * Whether {@code a} and {@code b} are structurally equal, for expressions the caller knows to
   * have no side effect and to read nothing written between them (a reduction loop's indices and
   * elements, see {@code ReductionLoops}): unlike {@link #of}, casts, unary operators,
   * conditionals, array lengths and Math functions of equal operands are equal too. Calls,
   * allocations and assignments never are.
   */
  public static boolean ofPlain(Expr a, Expr b) {
    return same(a, b);
  }

  private static boolean same(Expr a, Expr b) {
    return ExprKind.of(a) == ExprKind.of(b) && a.type().equals(b.type()) && a.accept(new Like(b));
  }

  private static boolean same(Receiver a, Receiver b) {
    return a.match(
        onClass -> b.match(other -> onClass.owner().equals(other.owner()), instance -> false),
        instance -> b.match(onClass -> false, other -> same(instance.object(), other.object())));
  }

  /** Whether the visited expression is like {@code other}, an expression of the same kind and type. */
  private static final class Like implements Expr.Visitor<Boolean> {
    private final Expr other;

    Like(Expr other) {
      this.other = other;
    }

    @Override
    public Boolean visitLiteral(Expr.Literal literal) {
      // Boxed equality: 1 and 1L and 1.0 differ, and so do 0.0 and -0.0; every NaN is one value.
      return literal.value().equals(((Expr.Literal) other).value());
    }

    @Override
    public Boolean visitVariableRef(Expr.VariableRef ref) {
      return ref.variable().equals(((Expr.VariableRef) other).variable());
    }

    @Override
    public Boolean visitThis(Expr.This thisExpr) {
      return true;
    }

    @Override
    public Boolean visitFieldRef(Expr.FieldRef field) {
      Expr.FieldRef that = (Expr.FieldRef) other;
      return field.name().equals(that.name()) && same(field.receiver(), that.receiver());
    }

    @Override
    public Boolean visitBinary(Expr.Binary binary) {
      Expr.Binary that = (Expr.Binary) other;
      return binary.operator() == that.operator()
          && same(binary.left(), that.left())
          && same(binary.right(), that.right());
    }

    @Override
    public Boolean visitArrayRead(Expr.ArrayRead read) {
      Expr.ArrayRead that = (Expr.ArrayRead) other;
      return same(read.array(), that.array()) && same(read.index(), that.index());
    }

    // The kinds below are never pure (Purity), so of() never compares them; ofPlain() does.

    @Override
    public Boolean visitUnary(Expr.Unary unary) {
      Expr.Unary that = (Expr.Unary) other;
      return unary.operator() == that.operator() && same(unary.operand(), that.operand());
    }

    @Override
    public Boolean visitConditional(Expr.Conditional conditional) {
      Expr.Conditional that = (Expr.Conditional) other;
      return same(conditional.condition(), that.condition())
          && same(conditional.whenTrue(), that.whenTrue())
          && same(conditional.whenFalse(), that.whenFalse());
    }

    @Override
    public Boolean visitCast(Expr.Cast cast) {
      // The types are equal (see same), and so the casts are.
      return same(cast.operand(), ((Expr.Cast) other).operand());
    }

    @Override
    public Boolean visitArrayLength(Expr.ArrayLength length) {
      return same(length.array(), ((Expr.ArrayLength) other).array());
    }

    @Override
    public Boolean visitMathCall(Expr.MathCall call) {
      Expr.MathCall that = (Expr.MathCall) other;
      if (!call.owner().equals(that.owner())
          || call.function() != that.function()
          || call.args().size() != that.args().size()) {
        return false;
      }
      for (int i = 0; i < call.args().size(); i++) {
        if (!same(call.args().get(i), that.args().get(i))) {
          return false;
        }
      }
      return true;
    }

    // Allocations, assignments and calls: each evaluation is one of its own.

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
      return false;
    }

    @Override
    public Boolean visitIncDec(Expr.IncDec incDec) {
      return false;
    }

    @Override
    public Boolean visitDifferentiableCall(Expr.DifferentiableCall call) {
      return false;
    }

    @Override
    public Boolean visitPlainCall(Expr.PlainCall call) {
      return false;
    }

    @Override
    public Boolean visitRuleCall(Expr.RuleCall call) {
      return false;
    }

    @Override
    public Boolean visitNewObject(Expr.NewObject object) {
      return false;
    }
  }
}
