package dev.gradgen;

/**
 * The {@link StrictMath} counterparts of {@link Tensor}'s functions: values are exactly StrictMath's
 * (which may differ from Math's in the last bit); local partials come from {@link Derivatives}, the
 * same formulas as Tensor's, evaluated at StrictMath's value. Generated code calls these where a
 * {@code @Differentiable} method calls StrictMath.
 */
public final class StrictTensors {

  /** Not instantiable: static functions only. */
  private StrictTensors() {}

  /**
   * {@link Tensor}'s one-parent node factory, named for brevity.
   *
   * @param value the node's value
   * @param op the operation that made it
   * @param x the parent
   * @param dx d(node)/dx
   * @return the new node
   */
  private static Tensor unary(double value, Op op, Tensor x, double dx) {
    return Tensor.unary(value, op, x, dx);
  }

  /**
   * {@link Tensor}'s two-parent node factory, named for brevity.
   *
   * @param value the node's value
   * @param op the operation that made it
   * @param x the first parent
   * @param dx d(node)/dx
   * @param y the second parent
   * @param dy d(node)/dy
   * @return the new node
   */
  private static Tensor binary(double value, Op op, Tensor x, double dx, Tensor y, double dy) {
    return Tensor.binary(value, op, x, dx, y, dy);
  }

  /**
   * StrictMath.abs, which equals Math.abs bit for bit (a sign bit cleared): this is {@link Tensor#abs()}; derivative signum(x), 0 at 0.
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.abs(x)}
   */
  public static Tensor abs(Tensor x) {
    return x.abs();
  }

  /**
   * StrictMath.sqrt; derivative 1/(2 sqrt(x)), +Infinity at 0.
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.sqrt(x)}
   */
  public static Tensor sqrt(Tensor x) {
    double out = StrictMath.sqrt(x.data());
    return unary(out, Op.SQRT, x, Derivatives.sqrt(x.data(), out));
  }

  /**
   * StrictMath.cbrt; derivative 1/(3 cbrt(x)^2), +Infinity at 0.
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.cbrt(x)}
   */
  public static Tensor cbrt(Tensor x) {
    double out = StrictMath.cbrt(x.data());
    return unary(out, Op.CBRT, x, Derivatives.cbrt(x.data(), out));
  }

  /**
   * StrictMath.exp; derivative the value itself.
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.exp(x)}
   */
  public static Tensor exp(Tensor x) {
    double out = StrictMath.exp(x.data());
    return unary(out, Op.EXP, x, Derivatives.exp(x.data(), out));
  }

  /**
   * StrictMath.expm1; derivative exp(x).
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.expm1(x)}
   */
  public static Tensor expm1(Tensor x) {
    double out = StrictMath.expm1(x.data());
    return unary(out, Op.EXPM1, x, Derivatives.expm1(x.data(), out));
  }

  /**
   * StrictMath.log; derivative 1/x.
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.log(x)}
   */
  public static Tensor log(Tensor x) {
    double out = StrictMath.log(x.data());
    return unary(out, Op.LOG, x, Derivatives.log(x.data(), out));
  }

  /**
   * StrictMath.log10; derivative 1/(x ln 10).
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.log10(x)}
   */
  public static Tensor log10(Tensor x) {
    double out = StrictMath.log10(x.data());
    return unary(out, Op.LOG10, x, Derivatives.log10(x.data(), out));
  }

  /**
   * StrictMath.log1p; derivative 1/(1 + x).
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.log1p(x)}
   */
  public static Tensor log1p(Tensor x) {
    double out = StrictMath.log1p(x.data());
    return unary(out, Op.LOG1P, x, Derivatives.log1p(x.data(), out));
  }

  /**
   * StrictMath.sin; derivative cos(x).
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.sin(x)}
   */
  public static Tensor sin(Tensor x) {
    double out = StrictMath.sin(x.data());
    return unary(out, Op.SIN, x, Derivatives.sin(x.data(), out));
  }

  /**
   * StrictMath.cos; derivative -sin(x).
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.cos(x)}
   */
  public static Tensor cos(Tensor x) {
    double out = StrictMath.cos(x.data());
    return unary(out, Op.COS, x, Derivatives.cos(x.data(), out));
  }

  /**
   * StrictMath.tan; derivative 1 + tan(x)^2, from StrictMath's value.
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.tan(x)}
   */
  public static Tensor tan(Tensor x) {
    double out = StrictMath.tan(x.data());
    return unary(out, Op.TAN, x, Derivatives.tan(x.data(), out));
  }

  /**
   * StrictMath.asin; derivative 1/sqrt(1 - x^2).
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.asin(x)}
   */
  public static Tensor asin(Tensor x) {
    double out = StrictMath.asin(x.data());
    return unary(out, Op.ASIN, x, Derivatives.asin(x.data(), out));
  }

  /**
   * StrictMath.acos; derivative -1/sqrt(1 - x^2).
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.acos(x)}
   */
  public static Tensor acos(Tensor x) {
    double out = StrictMath.acos(x.data());
    return unary(out, Op.ACOS, x, Derivatives.acos(x.data(), out));
  }

  /**
   * StrictMath.atan; derivative 1/(1 + x^2).
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.atan(x)}
   */
  public static Tensor atan(Tensor x) {
    double out = StrictMath.atan(x.data());
    return unary(out, Op.ATAN, x, Derivatives.atan(x.data(), out));
  }

  /**
   * StrictMath.sinh; derivative cosh(x).
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.sinh(x)}
   */
  public static Tensor sinh(Tensor x) {
    double out = StrictMath.sinh(x.data());
    return unary(out, Op.SINH, x, Derivatives.sinh(x.data(), out));
  }

  /**
   * StrictMath.cosh; derivative sinh(x).
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.cosh(x)}
   */
  public static Tensor cosh(Tensor x) {
    double out = StrictMath.cosh(x.data());
    return unary(out, Op.COSH, x, Derivatives.cosh(x.data(), out));
  }

  /**
   * StrictMath.tanh; derivative 1 - tanh(x)^2, from StrictMath's value.
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.tanh(x)}
   */
  public static Tensor tanh(Tensor x) {
    double out = StrictMath.tanh(x.data());
    return unary(out, Op.TANH, x, Derivatives.tanh(x.data(), out));
  }

  /**
   * StrictMath.toRadians; derivative pi/180.
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.toRadians(x)}
   */
  public static Tensor toRadians(Tensor x) {
    double out = StrictMath.toRadians(x.data());
    return unary(out, Op.TO_RADIANS, x, Derivatives.toRadians(x.data(), out));
  }

  /**
   * StrictMath.toDegrees; derivative 180/pi.
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.toDegrees(x)}
   */
  public static Tensor toDegrees(Tensor x) {
    double out = StrictMath.toDegrees(x.data());
    return unary(out, Op.TO_DEGREES, x, Derivatives.toDegrees(x.data(), out));
  }

  /**
   * StrictMath.nextUp; derivative 1.
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.nextUp(x)}
   */
  public static Tensor nextUp(Tensor x) {
    double out = StrictMath.nextUp(x.data());
    return unary(out, Op.NEXT_UP, x, Derivatives.nextUp(x.data(), out));
  }

  /**
   * StrictMath.nextDown; derivative 1.
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.nextDown(x)}
   */
  public static Tensor nextDown(Tensor x) {
    double out = StrictMath.nextDown(x.data());
    return unary(out, Op.NEXT_DOWN, x, Derivatives.nextDown(x.data(), out));
  }

  /**
   * StrictMath.pow(x, y); partials y x^(y-1) (0 when y = 0) and out log x (0 where out or x is 0).
   *
   * @param x the base
   * @param y the exponent
   * @return a new node holding {@code StrictMath.pow(x, y)}
   */
  public static Tensor pow(Tensor x, Tensor y) {
    double out = StrictMath.pow(x.data(), y.data());
    return binary(
        out,
        Op.POW,
        x,
        Derivatives.powBase(x.data(), y.data()),
        y,
        Derivatives.powExponent(x.data(), out));
  }

  /**
   * StrictMath.pow(x, c) for a constant exponent; derivative c x^(c-1), 0 when c = 0.
   *
   * @param x the base
   * @param c the constant exponent
   * @return a new node holding {@code StrictMath.pow(x, c)}
   */
  public static Tensor pow(Tensor x, double c) {
    return unary(StrictMath.pow(x.data(), c), Op.POW, x, Derivatives.powBase(x.data(), c));
  }

  /**
   * StrictMath.pow(c, x) for a constant base; derivative out log c, 0 where out or c is 0.
   *
   * @param c the constant base
   * @param x the exponent
   * @return a new node holding {@code StrictMath.pow(c, x)}
   */
  public static Tensor pow(double c, Tensor x) {
    double out = StrictMath.pow(c, x.data());
    return unary(out, Op.POW, x, Derivatives.powExponent(c, out));
  }

  /**
   * StrictMath.atan2(y, x); partials x/(x^2+y^2) and -y/(x^2+y^2), NaN at (0, 0).
   *
   * @param y the ordinate
   * @param x the abscissa
   * @return a new node holding {@code StrictMath.atan2(y, x)}
   */
  public static Tensor atan2(Tensor y, Tensor x) {
    return binary(
        StrictMath.atan2(y.data(), x.data()),
        Op.ATAN2,
        y,
        Derivatives.atan2Y(y.data(), x.data()),
        x,
        Derivatives.atan2X(y.data(), x.data()));
  }

  /**
   * StrictMath.atan2(y, c) for a constant abscissa; derivative c/(c^2+y^2), NaN at (0, 0).
   *
   * @param y the ordinate
   * @param c the constant abscissa
   * @return a new node holding {@code StrictMath.atan2(y, c)}
   */
  public static Tensor atan2(Tensor y, double c) {
    return unary(StrictMath.atan2(y.data(), c), Op.ATAN2, y, Derivatives.atan2Y(y.data(), c));
  }

  /**
   * StrictMath.atan2(c, x) for a constant ordinate; derivative -c/(x^2+c^2), NaN at (0, 0).
   *
   * @param c the constant ordinate
   * @param x the abscissa
   * @return a new node holding {@code StrictMath.atan2(c, x)}
   */
  public static Tensor atan2(double c, Tensor x) {
    return unary(StrictMath.atan2(c, x.data()), Op.ATAN2, x, Derivatives.atan2X(c, x.data()));
  }

  /**
   * StrictMath.hypot(x, y); partials x/out and y/out, 0 at (0, 0).
   *
   * @param x the first argument
   * @param y the second argument
   * @return a new node holding {@code StrictMath.hypot(x, y)}
   */
  public static Tensor hypot(Tensor x, Tensor y) {
    double out = StrictMath.hypot(x.data(), y.data());
    return binary(
        out,
        Op.HYPOT,
        x,
        Derivatives.hypot(x.data(), y.data(), out),
        y,
        Derivatives.hypot(y.data(), x.data(), out));
  }

  /**
   * StrictMath.hypot(x, c); derivative x/out, 0 at (0, 0).
   *
   * @param x the node argument
   * @param c the constant argument
   * @return a new node holding {@code StrictMath.hypot(x, c)}
   */
  public static Tensor hypot(Tensor x, double c) {
    double out = StrictMath.hypot(x.data(), c);
    return unary(out, Op.HYPOT, x, Derivatives.hypot(x.data(), c, out));
  }

  /**
   * StrictMath.hypot(c, x); derivative x/out, 0 at (0, 0).
   *
   * @param c the constant argument
   * @param x the node argument
   * @return a new node holding {@code StrictMath.hypot(c, x)}
   */
  public static Tensor hypot(double c, Tensor x) {
    double out = StrictMath.hypot(c, x.data());
    return unary(out, Op.HYPOT, x, Derivatives.hypot(x.data(), c, out));
  }

  /**
   * StrictMath.min(x, y), which equals Math's (no rounding is involved): {@link Tensor#min(Tensor)}; a tie sends the gradient to x.
   *
   * @param x the first argument
   * @param y the second argument
   * @return a new node holding {@code StrictMath.min(x, y)}
   */
  public static Tensor min(Tensor x, Tensor y) {
    return x.min(y);
  }

  /**
   * StrictMath.min(x, c): {@link Tensor#min(double)}; a tie sends the gradient to x.
   *
   * @param x the node argument
   * @param c the constant argument
   * @return a new node holding {@code StrictMath.min(x, c)}
   */
  public static Tensor min(Tensor x, double c) {
    return x.min(c);
  }

  /**
   * StrictMath.min(c, x): {@link Tensor#min(double, Tensor)}; a tie sends the gradient to the constant.
   *
   * @param c the constant argument
   * @param x the node argument
   * @return a new node holding {@code StrictMath.min(c, x)}
   */
  public static Tensor min(double c, Tensor x) {
    return Tensor.min(c, x);
  }

  /**
   * StrictMath.max(x, y), which equals Math's (no rounding is involved): {@link Tensor#max(Tensor)}; a tie sends the gradient to x.
   *
   * @param x the first argument
   * @param y the second argument
   * @return a new node holding {@code StrictMath.max(x, y)}
   */
  public static Tensor max(Tensor x, Tensor y) {
    return x.max(y);
  }

  /**
   * StrictMath.max(x, c): {@link Tensor#max(double)}; a tie sends the gradient to x.
   *
   * @param x the node argument
   * @param c the constant argument
   * @return a new node holding {@code StrictMath.max(x, c)}
   */
  public static Tensor max(Tensor x, double c) {
    return x.max(c);
  }

  /**
   * StrictMath.max(c, x): {@link Tensor#max(double, Tensor)}; a tie sends the gradient to the constant.
   *
   * @param c the constant argument
   * @param x the node argument
   * @return a new node holding {@code StrictMath.max(c, x)}
   */
  public static Tensor max(double c, Tensor x) {
    return Tensor.max(c, x);
  }

  // The functions below are exact or correctly rounded, so StrictMath and Math agree on them; each
  // still calls StrictMath, so the value is StrictMath's by construction.

  /**
   * StrictMath.nextAfter(x, direction); derivative 1 in x, 0 in the direction.
   *
   * @param x the start
   * @param direction the node giving the direction
   * @return a new node holding {@code StrictMath.nextAfter(x, direction)}
   */
  public static Tensor nextAfter(Tensor x, Tensor direction) {
    return binary(
        StrictMath.nextAfter(x.data(), direction.data()), Op.NEXT_AFTER, x, 1.0, direction, 0.0);
  }

  /**
   * StrictMath.nextAfter(x, c) for a constant direction; derivative 1.
   *
   * @param x the start
   * @param c the constant direction
   * @return a new node holding {@code StrictMath.nextAfter(x, c)}
   */
  public static Tensor nextAfter(Tensor x, double c) {
    return unary(StrictMath.nextAfter(x.data(), c), Op.NEXT_AFTER, x, 1.0);
  }

  /**
   * StrictMath.nextAfter(c, x): the direction only picks which neighbour, so the derivative is 0.
   *
   * @param c the constant start
   * @param x the direction
   * @return a new node holding {@code StrictMath.nextAfter(c, x)}
   */
  public static Tensor nextAfter(double c, Tensor x) {
    return unary(StrictMath.nextAfter(c, x.data()), Op.NEXT_AFTER, x, 0.0);
  }

  /**
   * StrictMath.copySign(x, sign); derivative +-1 in x (0 at 0, as for abs), 0 in the sign.
   *
   * @param x the magnitude
   * @param sign the node giving the sign
   * @return a new node holding {@code StrictMath.copySign(x, sign)}
   */
  public static Tensor copySign(Tensor x, Tensor sign) {
    double out = StrictMath.copySign(x.data(), sign.data());
    return binary(out, Op.COPY_SIGN, x, Derivatives.copySign(x.data(), out), sign, 0.0);
  }

  /**
   * StrictMath.copySign(x, c) for a constant sign; derivative +-1 (0 at 0, as for abs).
   *
   * @param x the magnitude
   * @param c the constant giving the sign
   * @return a new node holding {@code StrictMath.copySign(x, c)}
   */
  public static Tensor copySign(Tensor x, double c) {
    double out = StrictMath.copySign(x.data(), c);
    return unary(out, Op.COPY_SIGN, x, Derivatives.copySign(x.data(), out));
  }

  /**
   * StrictMath.copySign(c, sign) for a constant magnitude: derivative 0.
   *
   * @param c the constant magnitude
   * @param sign the node giving the sign
   * @return a new node holding {@code StrictMath.copySign(c, sign)}
   */
  public static Tensor copySign(double c, Tensor sign) {
    return unary(StrictMath.copySign(c, sign.data()), Op.COPY_SIGN, sign, 0.0);
  }

  /**
   * StrictMath.scalb(x, n) = x * 2^n, exactly; derivative 2^n.
   *
   * @param x the scaled argument
   * @param n the power of two
   * @return a new node holding {@code StrictMath.scalb(x, n)}
   */
  public static Tensor scalb(Tensor x, int n) {
    return unary(StrictMath.scalb(x.data(), n), Op.SCALB, x, Derivatives.scalb(x.data(), n));
  }

  /**
   * StrictMath.IEEEremainder(x, y); partials 1 and -n between the jumps, n the integer nearest x / y.
   *
   * @param x the dividend
   * @param y the divisor
   * @return a new node holding {@code StrictMath.IEEEremainder(x, y)}
   */
  public static Tensor IEEEremainder(Tensor x, Tensor y) {
    double out = StrictMath.IEEEremainder(x.data(), y.data());
    return binary(
        out, Op.IEEE_REMAINDER, x, 1.0, y, Derivatives.remDivisor(x.data(), y.data(), out));
  }

  /**
   * StrictMath.IEEEremainder(x, c) for a constant divisor; derivative 1.
   *
   * @param x the dividend
   * @param c the constant divisor
   * @return a new node holding {@code StrictMath.IEEEremainder(x, c)}
   */
  public static Tensor IEEEremainder(Tensor x, double c) {
    return unary(StrictMath.IEEEremainder(x.data(), c), Op.IEEE_REMAINDER, x, 1.0);
  }

  /**
   * StrictMath.IEEEremainder(c, x) for a constant dividend; derivative -n between the jumps, n the integer nearest c / x.
   *
   * @param c the constant dividend
   * @param x the divisor
   * @return a new node holding {@code StrictMath.IEEEremainder(c, x)}
   */
  public static Tensor IEEEremainder(double c, Tensor x) {
    double out = StrictMath.IEEEremainder(c, x.data());
    return unary(out, Op.IEEE_REMAINDER, x, Derivatives.remDivisor(c, x.data(), out));
  }

  /**
   * StrictMath.fma(a, b, c) = a * b + c with one rounding; partials b, a and 1. Constant operands are passed as leaves of their own.
   *
   * @param a the first factor
   * @param b the second factor
   * @param c the summand
   * @return a new node holding {@code StrictMath.fma(a, b, c)}
   */
  public static Tensor fma(Tensor a, Tensor b, Tensor c) {
    return Tensor.fma(StrictMath.fma(a.data(), b.data(), c.data()), a, b, c);
  }
}
