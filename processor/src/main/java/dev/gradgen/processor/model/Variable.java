package dev.gradgen.processor.model;

/**
 * A parameter or local variable of a differentiable method: the one description of a parameter,
 * which the method's signature ({@link Callee#parameters()}) and its body's reads share. Identity
 * matters: two locals of the same name in sibling blocks are different variables, so each gets its
 * own id.
 */
public record Variable(int id, String name, ValueType type, Kind kind) {

  /** Where a variable was declared. */
  public enum Kind {
    /** A parameter the method is differentiated with respect to. */
    DIFFERENTIABLE_PARAMETER,
    /** Any other parameter: a constant of the computation. */
    CONSTANT_PARAMETER,
    LOCAL
  }

  public boolean isParameter() {
    return kind != Kind.LOCAL;
  }

  /** The kind of a parameter that is, or is not, differentiated with respect to. */
  public static Kind parameterKind(boolean differentiable) {
    return differentiable ? Kind.DIFFERENTIABLE_PARAMETER : Kind.CONSTANT_PARAMETER;
  }

  /** Whether this is a parameter the method is differentiated with respect to. */
  public boolean differentiable() {
    return kind == Kind.DIFFERENTIABLE_PARAMETER;
  }
}
