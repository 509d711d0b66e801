package dev.gradgen;

/** The operation that produced a {@link Tensor} node, kept so a graph can be inspected and drawn. */
public enum Op {
  LEAF(""),
  ADD("+"),
  SUB("-"),
  MUL("*"),
  DIV("/"),
  REM("%"),
  NEG("neg"),
  POW("pow"),
  EXP("exp"),
  EXPM1("expm1"),
  LOG("log"),
  LOG10("log10"),
  LOG1P("log1p"),
  SQRT("sqrt"),
  CBRT("cbrt"),
  ABS("abs"),
  MIN("min"),
  MAX("max"),
  HYPOT("hypot"),
  SIN("sin"),
  COS("cos"),
  TAN("tan"),
  ASIN("asin"),
  ACOS("acos"),
  ATAN("atan"),
  ATAN2("atan2"),
  SINH("sinh"),
  COSH("cosh"),
  TANH("tanh"),
  SIGMOID("sigmoid"),
  RELU("relu"),
  SOFTPLUS("softplus"),
  FMA("fma"),
  TO_RADIANS("toRadians"),
  TO_DEGREES("toDegrees"),
  COPY_SIGN("copySign"),
  SCALB("scalb"),
  IEEE_REMAINDER("IEEEremainder"),
  NEXT_UP("nextUp"),
  NEXT_DOWN("nextDown"),
  NEXT_AFTER("nextAfter"),
  /** A node whose local partials were computed by its creator; see {@link Tensor#fused}. */
  FUSED("fused");

  private final String symbol;

  Op(String symbol) {
    this.symbol = symbol;
  }

  /** The short label a graph drawing shows for this operation ({@code "+"}, {@code "tanh"}, ...). */
  public String symbol() {
    return symbol;
  }
}
