package dev.gradgen;

/** The operation that produced a {@link Tensor} node, kept so a graph can be inspected and drawn. */
public enum Op {
  /** An input or a constant: a node with no parents. */
  LEAF(""),
  /** The sum of two nodes. */
  ADD("+"),
  /** The difference of two nodes. */
  SUB("-"),
  /** The product of two nodes. */
  MUL("*"),
  /** The quotient of two nodes. */
  DIV("/"),
  /** The remainder of two nodes, as Java's {@code %}. */
  REM("%"),
  /** The negation of a node. */
  NEG("neg"),
  /** A node raised to a power ({@link Math#pow}). */
  POW("pow"),
  /** {@link Math#exp}. */
  EXP("exp"),
  /** {@link Math#expm1}. */
  EXPM1("expm1"),
  /** {@link Math#log}. */
  LOG("log"),
  /** {@link Math#log10}. */
  LOG10("log10"),
  /** {@link Math#log1p}. */
  LOG1P("log1p"),
  /** {@link Math#sqrt}. */
  SQRT("sqrt"),
  /** {@link Math#cbrt}. */
  CBRT("cbrt"),
  /** {@link Math#abs(double)}. */
  ABS("abs"),
  /** {@link Math#min(double, double)}. */
  MIN("min"),
  /** {@link Math#max(double, double)}. */
  MAX("max"),
  /** {@link Math#hypot}. */
  HYPOT("hypot"),
  /** {@link Math#sin}. */
  SIN("sin"),
  /** {@link Math#cos}. */
  COS("cos"),
  /** {@link Math#tan}. */
  TAN("tan"),
  /** {@link Math#asin}. */
  ASIN("asin"),
  /** {@link Math#acos}. */
  ACOS("acos"),
  /** {@link Math#atan}. */
  ATAN("atan"),
  /** {@link Math#atan2}. */
  ATAN2("atan2"),
  /** {@link Math#sinh}. */
  SINH("sinh"),
  /** {@link Math#cosh}. */
  COSH("cosh"),
  /** {@link Math#tanh}. */
  TANH("tanh"),
  /** {@link Activations#sigmoid}. */
  SIGMOID("sigmoid"),
  /** {@link Activations#relu}. */
  RELU("relu"),
  /** {@link Activations#softplus}. */
  SOFTPLUS("softplus"),
  /** {@link Math#fma(double, double, double)}. */
  FMA("fma"),
  /** {@link Math#toRadians}. */
  TO_RADIANS("toRadians"),
  /** {@link Math#toDegrees}. */
  TO_DEGREES("toDegrees"),
  /** {@link Math#copySign(double, double)}. */
  COPY_SIGN("copySign"),
  /** {@link Math#scalb(double, int)}. */
  SCALB("scalb"),
  /** {@link Math#IEEEremainder}. */
  IEEE_REMAINDER("IEEEremainder"),
  /** {@link Math#nextUp(double)}. */
  NEXT_UP("nextUp"),
  /** {@link Math#nextDown(double)}. */
  NEXT_DOWN("nextDown"),
  /** {@link Math#nextAfter(double, double)}. */
  NEXT_AFTER("nextAfter"),
  /** A node whose local partials were computed by its creator; see {@link Tensor#fused}. */
  FUSED("fused");

  /** The label {@link #symbol()} returns. */
  private final String symbol;

  /**
   * An operation with the given label.
   *
   * @param symbol the label a graph drawing shows
   */
  Op(String symbol) {
    this.symbol = symbol;
  }

  /**
   * The short label a graph drawing shows for this operation ({@code "+"}, {@code "tanh"}, ...).
   *
   * @return the label; empty for {@link #LEAF}
   */
  public String symbol() {
    return symbol;
  }
}
