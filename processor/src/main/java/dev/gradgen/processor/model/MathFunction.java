package dev.gradgen.processor.model;

/**
 * The library functions a differentiable body may call on active values: {@code Math} and
 * {@code StrictMath} functions and the runtime's {@code Activations}, each with its Tensor method.
 */
public enum MathFunction {
  ABS("abs", 1, true),
  SQRT("sqrt", 1, true),
  CBRT("cbrt", 1, true),
  EXP("exp", 1, true),
  EXPM1("expm1", 1, true),
  LOG("log", 1, true),
  LOG10("log10", 1, true),
  LOG1P("log1p", 1, true),
  POW("pow", 2, true),
  SIN("sin", 1, true),
  COS("cos", 1, true),
  TAN("tan", 1, true),
  ASIN("asin", 1, true),
  ACOS("acos", 1, true),
  ATAN("atan", 1, true),
  ATAN2("atan2", 2, true),
  SINH("sinh", 1, true),
  COSH("cosh", 1, true),
  TANH("tanh", 1, true),
  HYPOT("hypot", 2, true),
  MAX("max", 2, true),
  MIN("min", 2, true),
  SIGMOID("sigmoid", 1, true),
  RELU("relu", 1, true),
  SOFTPLUS("softplus", 1, true),
  // Piecewise constant: derivative zero wherever it exists, so the result is never a node.
  SIGNUM("signum", 1, false),
  FLOOR("floor", 1, false),
  CEIL("ceil", 1, false),
  RINT("rint", 1, false),
  ROUND("round", 1, false);

  private final String javaName;
  private final int arity;
  private final boolean differentiable;

  MathFunction(String javaName, int arity, boolean differentiable) {
    this.javaName = javaName;
    this.arity = arity;
    this.differentiable = differentiable;
  }

  /** The method's name in Math, StrictMath, Activations and Tensor alike. */
  public String javaName() {
    return javaName;
  }

  public int arity() {
    return arity;
  }

  /** False for the piecewise-constant functions, whose results are plain constants. */
  public boolean differentiable() {
    return differentiable;
  }

  /** Whether the function is one of the runtime's {@code Activations} rather than Math's. */
  public boolean isActivation() {
    return this == SIGMOID || this == RELU || this == SOFTPLUS;
  }

  /** The function of this name and arity, or null. */
  public static MathFunction named(String name, int arity) {
    for (MathFunction f : values()) {
      if (f.javaName.equals(name) && f.arity == arity) {
        return f;
      }
    }
    return null;
  }
}
