package dev.gradgen.processor.model;

import com.palantir.javapoet.ClassName;
import java.util.List;
import javax.lang.model.type.TypeKind;

/**
 * The library functions a differentiable body may call on active values: {@code Math} and
 * {@code StrictMath} functions, the runtime's {@code Activations} and its stop-gradient, each with
 * its Tensor method (of the same name) and its parameter kinds.
 *
 * <p>Every {@code double} function of JDK 17's {@code java.lang.Math} (and {@code StrictMath}) is
 * here except {@code random()}, which takes no argument; the rest of Math works on integers (or on
 * float) and stays a plain call.
 */
public enum MathFunction {
  ABS("abs", "D"),
  SQRT("sqrt", "D"),
  CBRT("cbrt", "D"),
  EXP("exp", "D"),
  EXPM1("expm1", "D"),
  LOG("log", "D"),
  LOG10("log10", "D"),
  LOG1P("log1p", "D"),
  POW("pow", "DD"),
  SIN("sin", "D"),
  COS("cos", "D"),
  TAN("tan", "D"),
  ASIN("asin", "D"),
  ACOS("acos", "D"),
  ATAN("atan", "D"),
  ATAN2("atan2", "DD"),
  SINH("sinh", "D"),
  COSH("cosh", "D"),
  TANH("tanh", "D"),
  HYPOT("hypot", "DD"),
  MAX("max", "DD"),
  MIN("min", "DD"),
  FMA("fma", "DDD"),
  TO_RADIANS("toRadians", "D"),
  TO_DEGREES("toDegrees", "D"),
  COPY_SIGN("copySign", "DD"),
  /** scalb(double, int): the exponent is an int, so only the first argument can be active. */
  SCALB("scalb", "DI"),
  IEEE_REMAINDER("IEEEremainder", "DD"),
  NEXT_UP("nextUp", "D"),
  NEXT_DOWN("nextDown", "D"),
  NEXT_AFTER("nextAfter", "DD"),
  SIGMOID(Library.ACTIVATIONS, "sigmoid", "D", true, ValueType.DOUBLE),
  RELU(Library.ACTIVATIONS, "relu", "D", true, ValueType.DOUBLE),
  SOFTPLUS(Library.ACTIVATIONS, "softplus", "D", true, ValueType.DOUBLE),
  // Piecewise constant: derivative zero wherever it exists, so the result is never a node.
  SIGNUM(Library.MATH, "signum", "D", false, ValueType.DOUBLE),
  FLOOR(Library.MATH, "floor", "D", false, ValueType.DOUBLE),
  CEIL(Library.MATH, "ceil", "D", false, ValueType.DOUBLE),
  RINT(Library.MATH, "rint", "D", false, ValueType.DOUBLE),
  ROUND(Library.MATH, "round", "D", false, ValueType.LONG),
  ULP(Library.MATH, "ulp", "D", false, ValueType.DOUBLE),
  GET_EXPONENT(Library.MATH, "getExponent", "D", false, ValueType.INT),
  /** The runtime's stop-gradient: its argument's value, as a constant. */
  STOP_GRADIENT(Library.GRADIENTS, "stopGradient", "D", false, ValueType.DOUBLE);

  /** The classes the functions belong to. */
  private enum Library {
    MATH(TypeNames.MATH, TypeNames.STRICT_MATH),
    ACTIVATIONS(TypeNames.ACTIVATIONS),
    GRADIENTS(TypeNames.GRADIENTS);

    private final List<ClassName> owners;

    Library(ClassName... owners) {
      this.owners = List.of(owners);
    }

    boolean owns(ClassName owner) {
      return owners.contains(owner);
    }
  }

  private final Library library;
  private final String javaName;
  /** One letter per parameter: D for double, I for int. */
  private final String parameters;

  private final boolean differentiable;
  private final ValueType result;

  MathFunction(String javaName, String parameters) {
    this(Library.MATH, javaName, parameters, true, ValueType.DOUBLE);
  }

  MathFunction(
      Library library,
      String javaName,
      String parameters,
      boolean differentiable,
      ValueType result) {
    this.library = library;
    this.javaName = javaName;
    this.parameters = parameters;
    this.differentiable = differentiable;
    this.result = result;
  }

  /** The method's name in Math, StrictMath, Activations, Gradients and Tensor alike. */
  public String javaName() {
    return javaName;
  }

  public int arity() {
    return parameters.length();
  }

  /** False for the piecewise-constant functions and the stop-gradient: their results are constants. */
  public boolean differentiable() {
    return differentiable;
  }

  /** The type of the call's value: double, but long for round and int for getExponent. */
  public ValueType resultType() {
    return result;
  }

  /** Whether parameter {@code index} of this function has the given kind (double or int). */
  public boolean acceptsParameter(int index, TypeKind kind) {
    return kind == (parameters.charAt(index) == 'I' ? TypeKind.INT : TypeKind.DOUBLE);
  }

  /**
   * Whether a fused node can compute this function inline: its helper passes constants as doubles,
   * so functions with an int parameter stay nodes of their own.
   */
  public boolean fusable() {
    return differentiable && parameters.indexOf('I') < 0;
  }

  /** The function of this owner class, name and arity, or null. */
  public static MathFunction named(ClassName owner, String name, int arity) {
    for (MathFunction f : values()) {
      if (f.javaName.equals(name) && f.arity() == arity && f.library.owns(owner)) {
        return f;
      }
    }
    return null;
  }
}
