package dev.gradgen;

/**
 * The {@link StrictMath} counterparts of {@link Tensor}'s functions: values are exactly StrictMath's
 * (which may differ from Math's in the last bit); local partials come from {@link Derivatives}, the
 * same formulas as Tensor's, evaluated at StrictMath's value. Generated code calls these where a
 * {@code @Differentiable} method calls StrictMath.
 */
public final class StrictTensors {

  private StrictTensors() {}

  private static Tensor unary(double value, Op op, Tensor x, double dx) {
    return Tensor.unary(value, op, x, dx);
  }

  private static Tensor binary(double value, Op op, Tensor x, double dx, Tensor y, double dy) {
    return Tensor.binary(value, op, x, dx, y, dy);
  }

  /** StrictMath.abs equals Math.abs bit for bit (a sign bit cleared). */
  public static Tensor abs(Tensor x) {
    return x.abs();
  }

  public static Tensor sqrt(Tensor x) {
    double out = StrictMath.sqrt(x.data());
    return unary(out, Op.SQRT, x, Derivatives.sqrt(x.data(), out));
  }

  public static Tensor cbrt(Tensor x) {
    double out = StrictMath.cbrt(x.data());
    return unary(out, Op.CBRT, x, Derivatives.cbrt(x.data(), out));
  }

  public static Tensor exp(Tensor x) {
    double out = StrictMath.exp(x.data());
    return unary(out, Op.EXP, x, Derivatives.exp(x.data(), out));
  }

  public static Tensor expm1(Tensor x) {
    double out = StrictMath.expm1(x.data());
    return unary(out, Op.EXPM1, x, Derivatives.expm1(x.data(), out));
  }

  public static Tensor log(Tensor x) {
    double out = StrictMath.log(x.data());
    return unary(out, Op.LOG, x, Derivatives.log(x.data(), out));
  }

  public static Tensor log10(Tensor x) {
    double out = StrictMath.log10(x.data());
    return unary(out, Op.LOG10, x, Derivatives.log10(x.data(), out));
  }

  public static Tensor log1p(Tensor x) {
    double out = StrictMath.log1p(x.data());
    return unary(out, Op.LOG1P, x, Derivatives.log1p(x.data(), out));
  }

  public static Tensor sin(Tensor x) {
    double out = StrictMath.sin(x.data());
    return unary(out, Op.SIN, x, Derivatives.sin(x.data(), out));
  }

  public static Tensor cos(Tensor x) {
    double out = StrictMath.cos(x.data());
    return unary(out, Op.COS, x, Derivatives.cos(x.data(), out));
  }

  public static Tensor tan(Tensor x) {
    double out = StrictMath.tan(x.data());
    return unary(out, Op.TAN, x, Derivatives.tan(x.data(), out));
  }

  public static Tensor asin(Tensor x) {
    double out = StrictMath.asin(x.data());
    return unary(out, Op.ASIN, x, Derivatives.asin(x.data(), out));
  }

  public static Tensor acos(Tensor x) {
    double out = StrictMath.acos(x.data());
    return unary(out, Op.ACOS, x, Derivatives.acos(x.data(), out));
  }

  public static Tensor atan(Tensor x) {
    double out = StrictMath.atan(x.data());
    return unary(out, Op.ATAN, x, Derivatives.atan(x.data(), out));
  }

  public static Tensor sinh(Tensor x) {
    double out = StrictMath.sinh(x.data());
    return unary(out, Op.SINH, x, Derivatives.sinh(x.data(), out));
  }

  public static Tensor cosh(Tensor x) {
    double out = StrictMath.cosh(x.data());
    return unary(out, Op.COSH, x, Derivatives.cosh(x.data(), out));
  }

  public static Tensor tanh(Tensor x) {
    double out = StrictMath.tanh(x.data());
    return unary(out, Op.TANH, x, Derivatives.tanh(x.data(), out));
  }

  public static Tensor toRadians(Tensor x) {
    double out = StrictMath.toRadians(x.data());
    return unary(out, Op.TO_RADIANS, x, Derivatives.toRadians(x.data(), out));
  }

  public static Tensor toDegrees(Tensor x) {
    double out = StrictMath.toDegrees(x.data());
    return unary(out, Op.TO_DEGREES, x, Derivatives.toDegrees(x.data(), out));
  }

  public static Tensor nextUp(Tensor x) {
    double out = StrictMath.nextUp(x.data());
    return unary(out, Op.NEXT_UP, x, Derivatives.nextUp(x.data(), out));
  }

  public static Tensor nextDown(Tensor x) {
    double out = StrictMath.nextDown(x.data());
    return unary(out, Op.NEXT_DOWN, x, Derivatives.nextDown(x.data(), out));
  }

  public static Tensor pow(Tensor x, Tensor y) {
    double out = StrictMath.pow(x.data(), y.data());
    return binary(out, Op.POW, x, Derivatives.powBase(x.data(), y.data()), y,
        Derivatives.powExponent(x.data(), out));
  }

  public static Tensor pow(Tensor x, double c) {
    return unary(StrictMath.pow(x.data(), c), Op.POW, x, Derivatives.powBase(x.data(), c));
  }

  public static Tensor pow(double c, Tensor x) {
    double out = StrictMath.pow(c, x.data());
    return unary(out, Op.POW, x, Derivatives.powExponent(c, out));
  }

  public static Tensor atan2(Tensor y, Tensor x) {
    return binary(StrictMath.atan2(y.data(), x.data()), Op.ATAN2, y,
        Derivatives.atan2Y(y.data(), x.data()), x, Derivatives.atan2X(y.data(), x.data()));
  }

  public static Tensor atan2(Tensor y, double c) {
    return unary(StrictMath.atan2(y.data(), c), Op.ATAN2, y, Derivatives.atan2Y(y.data(), c));
  }

  public static Tensor atan2(double c, Tensor x) {
    return unary(StrictMath.atan2(c, x.data()), Op.ATAN2, x, Derivatives.atan2X(c, x.data()));
  }

  public static Tensor hypot(Tensor x, Tensor y) {
    double out = StrictMath.hypot(x.data(), y.data());
    return binary(out, Op.HYPOT, x, Derivatives.hypot(x.data(), y.data(), out), y,
        Derivatives.hypot(y.data(), x.data(), out));
  }

  public static Tensor hypot(Tensor x, double c) {
    double out = StrictMath.hypot(x.data(), c);
    return unary(out, Op.HYPOT, x, Derivatives.hypot(x.data(), c, out));
  }

  public static Tensor hypot(double c, Tensor x) {
    double out = StrictMath.hypot(c, x.data());
    return unary(out, Op.HYPOT, x, Derivatives.hypot(x.data(), c, out));
  }

  /** StrictMath.min and max equal Math's (no rounding is involved). */
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

  // The functions below are exact or correctly rounded, so StrictMath and Math agree on them; each
  // still calls StrictMath, so the value is StrictMath's by construction.

  public static Tensor nextAfter(Tensor x, Tensor direction) {
    return binary(StrictMath.nextAfter(x.data(), direction.data()), Op.NEXT_AFTER, x, 1.0,
        direction, 0.0);
  }

  public static Tensor nextAfter(Tensor x, double c) {
    return unary(StrictMath.nextAfter(x.data(), c), Op.NEXT_AFTER, x, 1.0);
  }

  public static Tensor nextAfter(double c, Tensor x) {
    return unary(StrictMath.nextAfter(c, x.data()), Op.NEXT_AFTER, x, 0.0);
  }

  public static Tensor copySign(Tensor x, Tensor sign) {
    double out = StrictMath.copySign(x.data(), sign.data());
    return binary(out, Op.COPY_SIGN, x, Derivatives.copySign(x.data(), out), sign, 0.0);
  }

  public static Tensor copySign(Tensor x, double c) {
    double out = StrictMath.copySign(x.data(), c);
    return unary(out, Op.COPY_SIGN, x, Derivatives.copySign(x.data(), out));
  }

  public static Tensor copySign(double c, Tensor sign) {
    return unary(StrictMath.copySign(c, sign.data()), Op.COPY_SIGN, sign, 0.0);
  }

  public static Tensor scalb(Tensor x, int n) {
    return unary(StrictMath.scalb(x.data(), n), Op.SCALB, x, Derivatives.scalb(x.data(), n));
  }

  public static Tensor IEEEremainder(Tensor x, Tensor y) {
    double out = StrictMath.IEEEremainder(x.data(), y.data());
    return binary(out, Op.IEEE_REMAINDER, x, 1.0, y,
        Derivatives.remDivisor(x.data(), y.data(), out));
  }

  public static Tensor IEEEremainder(Tensor x, double c) {
    return unary(StrictMath.IEEEremainder(x.data(), c), Op.IEEE_REMAINDER, x, 1.0);
  }

  public static Tensor IEEEremainder(double c, Tensor x) {
    double out = StrictMath.IEEEremainder(c, x.data());
    return unary(out, Op.IEEE_REMAINDER, x, Derivatives.remDivisor(c, x.data(), out));
  }

  /** StrictMath.fma(a, b, c); constant operands are passed as leaves of their own. */
  public static Tensor fma(Tensor a, Tensor b, Tensor c) {
    return Tensor.fma(StrictMath.fma(a.data(), b.data(), c.data()), a, b, c);
  }
}
