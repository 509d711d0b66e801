package dev.gradgen.processor.writer;

import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.List;

/**
 * An adjoint as a product, written left to right as a reverse sweep multiplies it; the sign is
 * kept apart, which is exact ({@code (-a) * b} is {@code -(a * b)} to the bit, and {@code d + -p}
 * is {@code d - p}).
 */
record Adjoint(boolean negative, List<Adjoint.Factor> factors) {

  /** The adjoint of the value a sweep starts from. */
  static final Adjoint ONE = new Adjoint(false, List.of());

  /** A factor of an adjoint; a simple one (a name, a literal) costs nothing to repeat. */
  record Factor(CodeBlock code, boolean simple) {
    /** A local's name. */
    static Factor name(String name) {
      return new Factor(CodeBlock.of("$N", name), true);
    }
  }

  Adjoint {
    factors = List.copyOf(factors);
  }

  /** The adjoint held in the local {@code name}. */
  static Adjoint named(String name) {
    return new Adjoint(false, List.of(Factor.name(name)));
  }

  Adjoint times(Factor factor) {
    List<Factor> more = new ArrayList<>(factors);
    more.add(factor);
    return new Adjoint(negative, more);
  }

  Adjoint negated() {
    return new Adjoint(!negative, factors);
  }

  /** Whether writing the product out at each use costs nothing: 1, -1, a name or its negation. */
  boolean simple() {
    return factors.isEmpty() || factors.size() == 1 && factors.get(0).simple();
  }

  /** The product without its sign. */
  CodeBlock magnitude() {
    if (factors.isEmpty()) {
      return CodeBlock.of("1.0");
    }
    List<CodeBlock> codes = new ArrayList<>();
    for (Factor factor : factors) {
      codes.add(factor.code());
    }
    return CodeBlock.join(codes, " * ");
  }

  CodeBlock signed() {
    return negative ? CodeBlock.of("-$L", magnitude()) : magnitude();
  }

  /** The statement {@code adjoint += product}, or {@code -=} for a negative product. */
  CodeBlock addTo(String adjoint) {
    return CodeBlock.of("$N $L $L", adjoint, negative ? "-=" : "+=", magnitude());
  }
}
