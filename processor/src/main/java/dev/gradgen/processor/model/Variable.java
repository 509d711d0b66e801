package dev.gradgen.processor.model;

/**
 * A parameter or local variable of a differentiable method. Identity matters: two locals of the same
 * name in sibling blocks are different variables, so each gets its own id.
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
}
