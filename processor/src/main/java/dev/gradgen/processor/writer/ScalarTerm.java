package dev.gradgen.processor.writer;

import com.palantir.javapoet.CodeBlock;
import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.TypeNames;

/**
 * A scalar of the straight-line code a second-order helper writes ({@link SecondOrderFusionWriter}):
 * a name, a literal of the user's, ±1, a negation or a product. The writer decides from the kind
 * of term, and from javac's value of a literal, whether a term is used where it stands or first
 * gets a local, whether a product with it needs a strong zero, and what its negation is; never
 * from the code it renders.
 */
sealed interface ScalarTerm {

  /** The code of the term as an operand of {@code *}, {@code +}, a call or an initializer. */
  CodeBlock code();

  /** Whether the term is written where it is used, as it stands; else it first gets a local. */
  boolean inPlace();

  /** Whether the term is known finite and nonzero: a product with it needs no strong zero. */
  default boolean finiteNonZero() {
    return false;
  }

  /** {@code -term}, which is exact in IEEE arithmetic. */
  default ScalarTerm negated() {
    return new Negation(this);
  }

  /** A local or a parameter of the helper. */
  static ScalarTerm name(String name) {
    return new Name(name);
  }

  /** A literal of the user's: {@link Unit#ONE} for {@code 1.0} (its code is the same). */
  static ScalarTerm literal(Expr.Literal literal) {
    return literal.value() instanceof Double value && value == 1.0
        ? Unit.ONE
        : new Literal(literal);
  }

  /** A local or a parameter of the helper. */
  record Name(String name) implements ScalarTerm {
    @Override
    public CodeBlock code() {
      return CodeBlock.of("$N", name);
    }

    @Override
    public boolean inPlace() {
      return true;
    }
  }

  /** {@code 1.0} or {@code -1.0}: a factor that the writer leaves out of a product. */
  record Unit(boolean negative) implements ScalarTerm {
    /** The partial of a sum with respect to its operands. */
    static final Unit ONE = new Unit(false);

    /** The partial of a difference with respect to its right operand. */
    static final Unit MINUS_ONE = new Unit(true);

    @Override
    public CodeBlock code() {
      return CodeBlock.of("$L", negative ? -1.0 : 1.0);
    }

    @Override
    public boolean inPlace() {
      return true;
    }

    @Override
    public ScalarTerm negated() {
      return new Unit(!negative);
    }
  }

  /**
   * A literal of the user's (javac's value: a {@code double}, {@code int} or {@code long}; the
   * reader rejects the others), in parentheses when negative ({@code (-0.25)}, {@code (-0.0)}).
   */
  record Literal(Expr.Literal literal) implements ScalarTerm {
    @Override
    public CodeBlock code() {
      return CodeBlock.of(literal.negative() ? "($L)" : "$L", literal.code());
    }

    /**
     * Whether the literal is written in place: not a floating-point one whose decimal form has a
     * negative exponent ({@code 1.0E-5}, below 10<sup>-3</sup> in magnitude) or that is not
     * finite ({@code Double.NaN}); those get a local of their own, as they always did, so that
     * the helpers and the products (strong or not) they make stay what they were.
     */
    @Override
    public boolean inPlace() {
      if (literal.value() instanceof Double value) {
        double magnitude = Math.abs(value);
        return Double.isFinite(magnitude) && (magnitude == 0.0 || magnitude >= 1e-3);
      }
      return true;
    }

    /**
     * Whether javac's value is a finite nonzero number. A {@code long} literal is not counted
     * (its products keep the strong zero, as they always did; that only keeps the sign of a zero
     * product as it was).
     */
    @Override
    public boolean finiteNonZero() {
      if (literal.value() instanceof Double value) {
        return Double.isFinite(value) && value != 0.0;
      }
      return literal.value() instanceof Integer value && value != 0;
    }
  }

  /**
   * {@code -operand}. Only the negation of a nonnegative literal written in place ({@code -0.25})
   * is written in place itself; {@code -(-0.25)} and {@code -d3} get a local.
   */
  record Negation(ScalarTerm operand) implements ScalarTerm {
    @Override
    public CodeBlock code() {
      return operand instanceof Product product && !product.strong()
          ? CodeBlock.of("-($L)", operand.code())
          : CodeBlock.of("-$L", operand.code());
    }

    @Override
    public boolean inPlace() {
      return operand instanceof Literal literal
          && !literal.literal().negative()
          && literal.inPlace();
    }

    /** The operand itself: {@code -(-a)} is {@code a} to the bit. */
    @Override
    public ScalarTerm negated() {
      return operand;
    }
  }

  /**
   * {@code left * right}, or with a strong zero ({@code DualTensor.strong(left, right)}: 0 times
   * anything, infinities and NaN included, is 0), as {@code DualTensor}'s tangents multiply.
   */
  record Product(ScalarTerm left, ScalarTerm right, boolean strong) implements ScalarTerm {
    @Override
    public CodeBlock code() {
      return strong
          ? CodeBlock.of("$T.strong($L, $L)", TypeNames.DUAL_TENSOR, left.code(), right.code())
          : CodeBlock.of("$L * $L", left.code(), right.code());
    }

    @Override
    public boolean inPlace() {
      return false;
    }
  }
}
