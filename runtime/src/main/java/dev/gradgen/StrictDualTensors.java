package dev.gradgen;

/**
 * The {@link StrictMath} counterparts of {@link DualTensor}'s functions, as {@link StrictTensors} is
 * for {@link Tensor}: values are exactly StrictMath's; first and second partials come from {@link
 * Derivatives}, the same formulas as DualTensor's, evaluated at StrictMath's value. Generated
 * second-order code calls these where a {@code @Differentiable} method calls StrictMath.
 */
public final class StrictDualTensors {

  /** Not instantiable: static functions only. */
  private StrictDualTensors() {}

  /**
   * StrictMath.exp; derivatives exp(this) and exp(this).
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.exp(x)}
   */
  public static DualTensor exp(DualTensor x) {
    double out = StrictMath.exp(x.data());
    double first = Derivatives.exp(x.data(), out);
    return DualTensor.unary(out, x, first, Derivatives.expSecond(x.data(), out));
  }

  /**
   * StrictMath.expm1; derivatives exp(this) and exp(this).
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.expm1(x)}
   */
  public static DualTensor expm1(DualTensor x) {
    double out = StrictMath.expm1(x.data());
    double first = Derivatives.expm1(x.data(), out);
    return DualTensor.unary(out, x, first, Derivatives.expm1Second(x.data(), out));
  }

  /**
   * StrictMath.log; derivatives 1/this and -1/this^2.
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.log(x)}
   */
  public static DualTensor log(DualTensor x) {
    double out = StrictMath.log(x.data());
    double first = Derivatives.log(x.data(), out);
    return DualTensor.unary(out, x, first, Derivatives.logSecond(x.data(), out));
  }

  /**
   * StrictMath.log10; derivatives 1/(this ln 10) and -1/(this^2 ln 10).
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.log10(x)}
   */
  public static DualTensor log10(DualTensor x) {
    double out = StrictMath.log10(x.data());
    double first = Derivatives.log10(x.data(), out);
    return DualTensor.unary(out, x, first, Derivatives.log10Second(x.data(), out));
  }

  /**
   * StrictMath.log1p; derivatives 1/(1 + this) and -1/(1 + this)^2.
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.log1p(x)}
   */
  public static DualTensor log1p(DualTensor x) {
    double out = StrictMath.log1p(x.data());
    double first = Derivatives.log1p(x.data(), out);
    return DualTensor.unary(out, x, first, Derivatives.log1pSecond(x.data(), out));
  }

  /**
   * StrictMath.sqrt; derivatives 1/(2 sqrt(this)) and -1/(4 this^(3/2)), +Infinity and -Infinity at 0.
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.sqrt(x)}
   */
  public static DualTensor sqrt(DualTensor x) {
    double out = StrictMath.sqrt(x.data());
    double first = Derivatives.sqrt(x.data(), out);
    return DualTensor.unary(out, x, first, Derivatives.sqrtSecond(x.data(), out));
  }

  /**
   * StrictMath.cbrt; derivatives 1/(3 cbrt(this)^2) and -2/(9 cbrt(this)^5), +Infinity and -+Infinity at +-0.
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.cbrt(x)}
   */
  public static DualTensor cbrt(DualTensor x) {
    double out = StrictMath.cbrt(x.data());
    double first = Derivatives.cbrt(x.data(), out);
    return DualTensor.unary(out, x, first, Derivatives.cbrtSecond(x.data(), out));
  }

  /**
   * StrictMath.sin; derivatives cos(this) and -sin(this).
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.sin(x)}
   */
  public static DualTensor sin(DualTensor x) {
    double out = StrictMath.sin(x.data());
    double first = Derivatives.sin(x.data(), out);
    return DualTensor.unary(out, x, first, Derivatives.sinSecond(x.data(), out));
  }

  /**
   * StrictMath.cos; derivatives -sin(this) and -cos(this).
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.cos(x)}
   */
  public static DualTensor cos(DualTensor x) {
    double out = StrictMath.cos(x.data());
    double first = Derivatives.cos(x.data(), out);
    return DualTensor.unary(out, x, first, Derivatives.cosSecond(x.data(), out));
  }

  /**
   * StrictMath.tan; derivatives 1 + tan^2 and 2 tan (1 + tan^2).
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.tan(x)}
   */
  public static DualTensor tan(DualTensor x) {
    double out = StrictMath.tan(x.data());
    double first = Derivatives.tan(x.data(), out);
    return DualTensor.unary(out, x, first, Derivatives.tanSecond(x.data(), out));
  }

  /**
   * StrictMath.asin; derivatives 1/sqrt(1 - this^2) and this/(1 - this^2)^(3/2).
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.asin(x)}
   */
  public static DualTensor asin(DualTensor x) {
    double out = StrictMath.asin(x.data());
    double first = Derivatives.asin(x.data(), out);
    return DualTensor.unary(out, x, first, Derivatives.asinSecond(x.data(), out));
  }

  /**
   * StrictMath.acos; derivatives -1/sqrt(1 - this^2) and -this/(1 - this^2)^(3/2).
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.acos(x)}
   */
  public static DualTensor acos(DualTensor x) {
    double out = StrictMath.acos(x.data());
    double first = Derivatives.acos(x.data(), out);
    return DualTensor.unary(out, x, first, Derivatives.acosSecond(x.data(), out));
  }

  /**
   * StrictMath.atan; derivatives 1/(1 + this^2) and -2 this/(1 + this^2)^2.
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.atan(x)}
   */
  public static DualTensor atan(DualTensor x) {
    double out = StrictMath.atan(x.data());
    double first = Derivatives.atan(x.data(), out);
    return DualTensor.unary(out, x, first, Derivatives.atanSecond(x.data(), out));
  }

  /**
   * StrictMath.sinh; derivatives cosh(this) and sinh(this).
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.sinh(x)}
   */
  public static DualTensor sinh(DualTensor x) {
    double out = StrictMath.sinh(x.data());
    double first = Derivatives.sinh(x.data(), out);
    return DualTensor.unary(out, x, first, Derivatives.sinhSecond(x.data(), out));
  }

  /**
   * StrictMath.cosh; derivatives sinh(this) and cosh(this).
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.cosh(x)}
   */
  public static DualTensor cosh(DualTensor x) {
    double out = StrictMath.cosh(x.data());
    double first = Derivatives.cosh(x.data(), out);
    return DualTensor.unary(out, x, first, Derivatives.coshSecond(x.data(), out));
  }

  /**
   * StrictMath.tanh; derivatives 1 - tanh^2 and -2 tanh (1 - tanh^2).
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.tanh(x)}
   */
  public static DualTensor tanh(DualTensor x) {
    double out = StrictMath.tanh(x.data());
    double first = Derivatives.tanh(x.data(), out);
    return DualTensor.unary(out, x, first, Derivatives.tanhSecond(x.data(), out));
  }

  /**
   * StrictMath.toRadians; derivative pi/180.
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.toRadians(x)}
   */
  public static DualTensor toRadians(DualTensor x) {
    double out = StrictMath.toRadians(x.data());
    double first = Derivatives.toRadians(x.data(), out);
    return DualTensor.unary(out, x, first, 0.0);
  }

  /**
   * StrictMath.toDegrees; derivative 180/pi.
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.toDegrees(x)}
   */
  public static DualTensor toDegrees(DualTensor x) {
    double out = StrictMath.toDegrees(x.data());
    double first = Derivatives.toDegrees(x.data(), out);
    return DualTensor.unary(out, x, first, 0.0);
  }

  /**
   * StrictMath.nextUp; derivative 1.
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.nextUp(x)}
   */
  public static DualTensor nextUp(DualTensor x) {
    double out = StrictMath.nextUp(x.data());
    double first = Derivatives.nextUp(x.data(), out);
    return DualTensor.unary(out, x, first, 0.0);
  }

  /**
   * StrictMath.nextDown; derivative 1.
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.nextDown(x)}
   */
  public static DualTensor nextDown(DualTensor x) {
    double out = StrictMath.nextDown(x.data());
    double first = Derivatives.nextDown(x.data(), out);
    return DualTensor.unary(out, x, first, 0.0);
  }

  /**
   * StrictMath.pow(x, y); partials and second derivatives as {@link DualTensor#pow(DualTensor)}'s.
   *
   * @param x the base
   * @param y the exponent
   * @return a new node holding {@code StrictMath.pow(x, y)}
   */
  public static DualTensor pow(DualTensor x, DualTensor y) {
    double a = x.data();
    double b = y.data();
    double out = StrictMath.pow(a, b);
    return DualTensor.binary(
        out,
        x,
        Derivatives.powBase(a, b),
        y,
        Derivatives.powExponent(a, out),
        Derivatives.powBaseSecond(a, b),
        Derivatives.powMixed(a, b, out),
        Derivatives.powExponentSecond(a, out));
  }

  /**
   * StrictMath.pow(x, c) for a constant exponent.
   *
   * @param x the base
   * @param c the constant exponent
   * @return a new node holding {@code StrictMath.pow(x, c)}
   */
  public static DualTensor pow(DualTensor x, double c) {
    return DualTensor.unary(
        StrictMath.pow(x.data(), c),
        x,
        Derivatives.powBase(x.data(), c),
        Derivatives.powBaseSecond(x.data(), c));
  }

  /**
   * StrictMath.pow(c, x) for a constant base.
   *
   * @param c the constant base
   * @param x the exponent
   * @return a new node holding {@code StrictMath.pow(c, x)}
   */
  public static DualTensor pow(double c, DualTensor x) {
    double out = StrictMath.pow(c, x.data());
    return DualTensor.unary(
        out, x, Derivatives.powExponent(c, out), Derivatives.powExponentSecond(c, out));
  }

  /**
   * StrictMath.atan2(y, x); derivatives as {@link DualTensor#atan2(DualTensor)}'s, NaN at (0, 0).
   *
   * @param y the ordinate
   * @param x the abscissa
   * @return a new node holding {@code StrictMath.atan2(y, x)}
   */
  public static DualTensor atan2(DualTensor y, DualTensor x) {
    double b = y.data();
    double a = x.data();
    return DualTensor.binary(
        StrictMath.atan2(b, a),
        y,
        Derivatives.atan2Y(b, a),
        x,
        Derivatives.atan2X(b, a),
        Derivatives.atan2YY(b, a),
        Derivatives.atan2Mixed(b, a),
        Derivatives.atan2XX(b, a));
  }

  /**
   * StrictMath.atan2(y, c) for a constant abscissa.
   *
   * @param y the ordinate
   * @param c the constant abscissa
   * @return a new node holding {@code StrictMath.atan2(y, c)}
   */
  public static DualTensor atan2(DualTensor y, double c) {
    return DualTensor.unary(
        StrictMath.atan2(y.data(), c),
        y,
        Derivatives.atan2Y(y.data(), c),
        Derivatives.atan2YY(y.data(), c));
  }

  /**
   * StrictMath.atan2(c, x) for a constant ordinate.
   *
   * @param c the constant ordinate
   * @param x the abscissa
   * @return a new node holding {@code StrictMath.atan2(c, x)}
   */
  public static DualTensor atan2(double c, DualTensor x) {
    return DualTensor.unary(
        StrictMath.atan2(c, x.data()),
        x,
        Derivatives.atan2X(c, x.data()),
        Derivatives.atan2XX(c, x.data()));
  }

  /**
   * StrictMath.hypot(x, y); derivatives as {@link DualTensor#hypot(DualTensor)}'s, 0 at (0, 0).
   *
   * @param x one argument
   * @param y the other
   * @return a new node holding {@code StrictMath.hypot(x, y)}
   */
  public static DualTensor hypot(DualTensor x, DualTensor y) {
    double a = x.data();
    double b = y.data();
    double out = StrictMath.hypot(a, b);
    return DualTensor.binary(
        out,
        x,
        Derivatives.hypot(a, b, out),
        y,
        Derivatives.hypot(b, a, out),
        Derivatives.hypotSecond(a, b, out),
        Derivatives.hypotMixed(a, b, out),
        Derivatives.hypotSecond(b, a, out));
  }

  /**
   * StrictMath.hypot(x, c).
   *
   * @param x the node argument
   * @param c the constant argument
   * @return a new node holding {@code StrictMath.hypot(x, c)}
   */
  public static DualTensor hypot(DualTensor x, double c) {
    double out = StrictMath.hypot(x.data(), c);
    return DualTensor.unary(
        out, x, Derivatives.hypot(x.data(), c, out), Derivatives.hypotSecond(x.data(), c, out));
  }

  /**
   * StrictMath.hypot(c, x).
   *
   * @param c the constant argument
   * @param x the node argument
   * @return a new node holding {@code StrictMath.hypot(c, x)}
   */
  public static DualTensor hypot(double c, DualTensor x) {
    double out = StrictMath.hypot(c, x.data());
    return DualTensor.unary(
        out, x, Derivatives.hypot(x.data(), c, out), Derivatives.hypotSecond(x.data(), c, out));
  }

  /**
   * StrictMath.abs, which equals Math.abs bit for bit: {@link DualTensor#abs()}.
   *
   * @param x the argument
   * @return a new node holding {@code StrictMath.abs(x)}
   */
  public static DualTensor abs(DualTensor x) {
    return x.abs();
  }

  /**
   * StrictMath.min, which equals Math.min: {@link DualTensor#min(DualTensor)}.
   *
   * @param x the first argument
   * @param y the second argument
   * @return a new node holding {@code StrictMath.min(x, y)}
   */
  public static DualTensor min(DualTensor x, DualTensor y) {
    return x.min(y);
  }

  /**
   * StrictMath.min(x, c): {@link DualTensor#min(double)}.
   *
   * @param x the node argument
   * @param c the constant argument
   * @return a new node holding {@code StrictMath.min(x, c)}
   */
  public static DualTensor min(DualTensor x, double c) {
    return x.min(c);
  }

  /**
   * StrictMath.min(c, x): {@link DualTensor#min(double, DualTensor)}.
   *
   * @param c the constant argument
   * @param x the node argument
   * @return a new node holding {@code StrictMath.min(c, x)}
   */
  public static DualTensor min(double c, DualTensor x) {
    return DualTensor.min(c, x);
  }

  /**
   * StrictMath.max, which equals Math.max: {@link DualTensor#max(DualTensor)}.
   *
   * @param x the first argument
   * @param y the second argument
   * @return a new node holding {@code StrictMath.max(x, y)}
   */
  public static DualTensor max(DualTensor x, DualTensor y) {
    return x.max(y);
  }

  /**
   * StrictMath.max(x, c): {@link DualTensor#max(double)}.
   *
   * @param x the node argument
   * @param c the constant argument
   * @return a new node holding {@code StrictMath.max(x, c)}
   */
  public static DualTensor max(DualTensor x, double c) {
    return x.max(c);
  }

  /**
   * StrictMath.max(c, x): {@link DualTensor#max(double, DualTensor)}.
   *
   * @param c the constant argument
   * @param x the node argument
   * @return a new node holding {@code StrictMath.max(c, x)}
   */
  public static DualTensor max(double c, DualTensor x) {
    return DualTensor.max(c, x);
  }

  // The functions below are exact or correctly rounded, so StrictMath and Math agree on them; each
  // still calls StrictMath, so the value is StrictMath's by construction.

  /**
   * StrictMath.nextAfter(x, direction): derivative 1 in x, 0 in the direction.
   *
   * @param x the start
   * @param direction the node giving the direction
   * @return a new node holding {@code StrictMath.nextAfter(x, direction)}
   */
  public static DualTensor nextAfter(DualTensor x, DualTensor direction) {
    return DualTensor.binary(
        StrictMath.nextAfter(x.data(), direction.data()), x, 1.0, direction, 0.0, 0.0, 0.0, 0.0);
  }

  /**
   * StrictMath.nextAfter(x, c) for a constant direction; derivative 1.
   *
   * @param x the start
   * @param c the constant direction
   * @return a new node holding {@code StrictMath.nextAfter(x, c)}
   */
  public static DualTensor nextAfter(DualTensor x, double c) {
    return DualTensor.unary(StrictMath.nextAfter(x.data(), c), x, 1.0, 0.0);
  }

  /**
   * StrictMath.nextAfter(c, x): derivative 0.
   *
   * @param c the constant start
   * @param x the direction
   * @return a new node holding {@code StrictMath.nextAfter(c, x)}
   */
  public static DualTensor nextAfter(double c, DualTensor x) {
    return DualTensor.unary(StrictMath.nextAfter(c, x.data()), x, 0.0, 0.0);
  }

  /**
   * StrictMath.copySign(x, sign): derivative +-1 in x (0 at 0), 0 in the sign; second derivatives 0.
   *
   * @param x the magnitude
   * @param sign the node giving the sign
   * @return a new node holding {@code StrictMath.copySign(x, sign)}
   */
  public static DualTensor copySign(DualTensor x, DualTensor sign) {
    double out = StrictMath.copySign(x.data(), sign.data());
    double first = Derivatives.copySign(x.data(), out);
    return DualTensor.binary(
        out, x, first, sign, 0.0, Derivatives.piecewiseLinearSecond(first), 0.0, 0.0);
  }

  /**
   * StrictMath.copySign(x, c) for a constant sign.
   *
   * @param x the magnitude
   * @param c the constant giving the sign
   * @return a new node holding {@code StrictMath.copySign(x, c)}
   */
  public static DualTensor copySign(DualTensor x, double c) {
    double out = StrictMath.copySign(x.data(), c);
    double first = Derivatives.copySign(x.data(), out);
    return DualTensor.unary(out, x, first, Derivatives.piecewiseLinearSecond(first));
  }

  /**
   * StrictMath.copySign(c, sign) for a constant magnitude: derivative 0.
   *
   * @param c the constant magnitude
   * @param sign the node giving the sign
   * @return a new node holding {@code StrictMath.copySign(c, sign)}
   */
  public static DualTensor copySign(double c, DualTensor sign) {
    return DualTensor.unary(StrictMath.copySign(c, sign.data()), sign, 0.0, 0.0);
  }

  /**
   * StrictMath.scalb(x, n) = x * 2^n; derivative 2^n.
   *
   * @param x the scaled argument
   * @param n the power of two
   * @return a new node holding {@code StrictMath.scalb(x, n)}
   */
  public static DualTensor scalb(DualTensor x, int n) {
    return DualTensor.unary(StrictMath.scalb(x.data(), n), x, Derivatives.scalb(x.data(), n), 0.0);
  }

  /**
   * StrictMath.IEEEremainder(x, y); partials 1 and -n between the jumps, second derivatives 0.
   *
   * @param x the dividend
   * @param y the divisor
   * @return a new node holding {@code StrictMath.IEEEremainder(x, y)}
   */
  public static DualTensor IEEEremainder(DualTensor x, DualTensor y) {
    double out = StrictMath.IEEEremainder(x.data(), y.data());
    double dy = Derivatives.remDivisor(x.data(), y.data(), out);
    double second = Derivatives.piecewiseLinearSecond(dy);
    return DualTensor.binary(out, x, 1.0, y, dy, 0.0, second, second);
  }

  /**
   * StrictMath.IEEEremainder(x, c) for a constant divisor; derivative 1.
   *
   * @param x the dividend
   * @param c the constant divisor
   * @return a new node holding {@code StrictMath.IEEEremainder(x, c)}
   */
  public static DualTensor IEEEremainder(DualTensor x, double c) {
    return DualTensor.unary(StrictMath.IEEEremainder(x.data(), c), x, 1.0, 0.0);
  }

  /**
   * StrictMath.IEEEremainder(c, x) for a constant dividend; derivative -n between the jumps.
   *
   * @param c the constant dividend
   * @param x the divisor
   * @return a new node holding {@code StrictMath.IEEEremainder(c, x)}
   */
  public static DualTensor IEEEremainder(double c, DualTensor x) {
    double out = StrictMath.IEEEremainder(c, x.data());
    double dx = Derivatives.remDivisor(c, x.data(), out);
    return DualTensor.unary(out, x, dx, Derivatives.piecewiseLinearSecond(dx));
  }

  /**
   * StrictMath.fma(a, b, c); partials b, a and 1.
   *
   * @param a the first factor
   * @param b the second factor
   * @param c the summand
   * @return a new node holding {@code StrictMath.fma(a, b, c)}
   */
  public static DualTensor fma(DualTensor a, DualTensor b, DualTensor c) {
    return DualTensor.fma(StrictMath.fma(a.data(), b.data(), c.data()), a, b, c);
  }
}
