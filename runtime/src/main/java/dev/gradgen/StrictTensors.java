package dev.gradgen;

/**
 * The {@link StrictMath} counterparts of {@link Tensor}'s functions: values are exactly StrictMath's
 * (which may differ from Math's in the last bit), partials are the same as Tensor's. Generated code
 * calls these where a {@code @Differentiable} method calls StrictMath.
 */
public final class StrictTensors {

  private StrictTensors() {}

  private static Tensor unary(double value, Op op, Tensor x, double dx) {
    return new Tensor(value, op, x, dx, null, 0.0);
  }

  /** A node with the value of {@code strict} and the partials of {@code like}, computed by Math. */
  private static Tensor revalue(double strict, Tensor like) {
    double[] partials = like.localPartials();
    Tensor[] parents = like.parents().toArray(new Tensor[0]);
    return parents.length == 1
        ? unary(strict, like.op(), parents[0], partials[0])
        : new Tensor(strict, like.op(), parents[0], partials[0], parents[1], partials[1]);
  }

  public static Tensor abs(Tensor x) {
    return x.abs();
  }

  public static Tensor sqrt(Tensor x) {
    return revalue(StrictMath.sqrt(x.data()), x.sqrt());
  }

  public static Tensor cbrt(Tensor x) {
    double out = StrictMath.cbrt(x.data());
    return unary(out, Op.CBRT, x, 1.0 / (3.0 * out * out));
  }

  public static Tensor exp(Tensor x) {
    double out = StrictMath.exp(x.data());
    return unary(out, Op.EXP, x, out);
  }

  public static Tensor expm1(Tensor x) {
    return unary(StrictMath.expm1(x.data()), Op.EXPM1, x, StrictMath.exp(x.data()));
  }

  public static Tensor log(Tensor x) {
    return unary(StrictMath.log(x.data()), Op.LOG, x, 1.0 / x.data());
  }

  public static Tensor log10(Tensor x) {
    return revalue(StrictMath.log10(x.data()), x.log10());
  }

  public static Tensor log1p(Tensor x) {
    return revalue(StrictMath.log1p(x.data()), x.log1p());
  }

  public static Tensor sin(Tensor x) {
    return unary(StrictMath.sin(x.data()), Op.SIN, x, StrictMath.cos(x.data()));
  }

  public static Tensor cos(Tensor x) {
    return unary(StrictMath.cos(x.data()), Op.COS, x, -StrictMath.sin(x.data()));
  }

  public static Tensor tan(Tensor x) {
    double out = StrictMath.tan(x.data());
    return unary(out, Op.TAN, x, 1.0 + out * out);
  }

  public static Tensor asin(Tensor x) {
    return revalue(StrictMath.asin(x.data()), x.asin());
  }

  public static Tensor acos(Tensor x) {
    return revalue(StrictMath.acos(x.data()), x.acos());
  }

  public static Tensor atan(Tensor x) {
    return revalue(StrictMath.atan(x.data()), x.atan());
  }

  public static Tensor sinh(Tensor x) {
    return unary(StrictMath.sinh(x.data()), Op.SINH, x, StrictMath.cosh(x.data()));
  }

  public static Tensor cosh(Tensor x) {
    return unary(StrictMath.cosh(x.data()), Op.COSH, x, StrictMath.sinh(x.data()));
  }

  public static Tensor tanh(Tensor x) {
    double out = StrictMath.tanh(x.data());
    return unary(out, Op.TANH, x, 1.0 - out * out);
  }

  public static Tensor pow(Tensor x, Tensor y) {
    return revalue(StrictMath.pow(x.data(), y.data()), x.pow(y));
  }

  public static Tensor pow(Tensor x, double c) {
    return revalue(StrictMath.pow(x.data(), c), x.pow(c));
  }

  public static Tensor pow(double c, Tensor x) {
    return revalue(StrictMath.pow(c, x.data()), Tensor.pow(c, x));
  }

  public static Tensor atan2(Tensor y, Tensor x) {
    return revalue(StrictMath.atan2(y.data(), x.data()), y.atan2(x));
  }

  public static Tensor atan2(Tensor y, double c) {
    return revalue(StrictMath.atan2(y.data(), c), y.atan2(c));
  }

  public static Tensor atan2(double c, Tensor x) {
    return revalue(StrictMath.atan2(c, x.data()), Tensor.atan2(c, x));
  }

  public static Tensor hypot(Tensor x, Tensor y) {
    return revalue(StrictMath.hypot(x.data(), y.data()), x.hypot(y));
  }

  public static Tensor hypot(Tensor x, double c) {
    return revalue(StrictMath.hypot(x.data(), c), x.hypot(c));
  }

  public static Tensor hypot(double c, Tensor x) {
    return revalue(StrictMath.hypot(c, x.data()), Tensor.hypot(c, x));
  }

  public static Tensor min(Tensor x, Tensor y) {
    return x.min(y);
  }

  public static Tensor min(Tensor x, double c) {
    return x.min(c);
  }

  public static Tensor min(double c, Tensor x) {
    return Tensor.min(c, x);
  }

  public static Tensor max(Tensor x, Tensor y) {
    return x.max(y);
  }

  public static Tensor max(Tensor x, double c) {
    return x.max(c);
  }

  public static Tensor max(double c, Tensor x) {
    return Tensor.max(c, x);
  }
}
