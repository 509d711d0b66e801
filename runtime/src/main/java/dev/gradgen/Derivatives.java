package dev.gradgen;

/**
 * The local partial derivatives of every {@link Tensor} operation, given its arguments and its value.
 * {@link Tensor}, {@link StrictTensors} and gradgen's fused nodes all use them, so a derivative and
 * its conventions at non-smooth points are written down once, and fused and unfused gradients agree
 * bit for bit.
 */
public final class Derivatives {

  /** ln 10, for the derivative of log10. */
  private static final double LN10 = Math.log(10.0);
  // Math.toRadians(x) is x times its constant pi/180 (and toDegrees x times 180/pi), so the
  // derivative is that constant, read off bit for bit.
  /** The factor {@link Math#toRadians} multiplies by. */
  private static final double RADIANS_PER_DEGREE = Math.toRadians(1.0);
  /** The factor {@link Math#toDegrees} multiplies by. */
  private static final double DEGREES_PER_RADIAN = Math.toDegrees(1.0);

  /** Not instantiable: static functions only. */
  private Derivatives() {}

  /**
   * d(x / y)/dy = -x / y^2, computed as -(x / y) / y from the quotient.
   *
   * @param y the divisor
   * @param out the quotient x / y
   * @return the partial derivative in {@code y}
   */
  public static double divisor(double y, double out) {
    return -out / y;
  }

  /**
   * d(x % y)/dy = -trunc(x / y) between the jumps; also d IEEEremainder(x, y)/dy = -n, n the
   * integer nearest x / y: both values are x - n y exactly, so n = (x - out) / y. The partial in
   * x is 1. At the jumps the one-sided value of the piece the result lies on is returned; NaN for
   * a NaN value.
   *
   * @param x the dividend
   * @param y the divisor
   * @param out the remainder (x % y or IEEEremainder(x, y))
   * @return the partial derivative in {@code y}
   */
  public static double remDivisor(double x, double y, double out) {
    return Double.isNaN(out) ? Double.NaN : -Math.rint((x - out) / y);
  }

  /**
   * d pow(x, y)/dx = y x^(y-1), and 0 when y = 0 (pow(x, 0) is 1 for every x, NaN included).
   * Exact for y = 1 and y = 2; when x^(y-1) overflows for a tiny nonzero x, computed as (y / x) x^y.
   *
   * @param x the base
   * @param y the exponent
   * @return the partial derivative in {@code x}
   */
  public static double powBase(double x, double y) {
    if (y == 0.0) {
      return 0.0;
    } else if (y == 1.0) {
      return 1.0;
    } else if (y == 2.0) {
      return 2.0 * x;
    }
    double power = Math.pow(x, y - 1.0);
    if (Double.isInfinite(power) && x != 0.0 && Double.isFinite(x)) {
      // x^(y-1) overflows for tiny x and |y| well below 1 while y x^(y-1) = (y / x) x^y is finite
      // (x = 1e-320, y = 1e-30 gives about 1e290); x^y is near 1 there, so this form cannot
      // overflow
      // unless the partial itself does.
      return y / x * Math.pow(x, y);
    }
    return y * power;
  }

  /**
   * d pow(x, y)/dy = pow(x, y) log x, taken as 0 where the value or x is 0 (log 0 is -Infinity while
   * the value is 0, 1 or Infinity); NaN for a negative x with a nonzero value.
   *
   * @param x the base
   * @param out the value pow(x, y)
   * @return the partial derivative in {@code y}
   */
  public static double powExponent(double x, double out) {
    return out == 0.0 || x == 0.0 ? 0.0 : out * Math.log(x);
  }

  /**
   * d exp(x)/dx = exp(x), the value itself.
   *
   * @param x the argument
   * @param out the value {@code exp(x)}
   * @return the partial derivative in {@code x}
   */
  public static double exp(double x, double out) {
    return out;
  }

  /**
   * d expm1(x)/dx = exp(x).
   *
   * @param x the argument
   * @param out the value {@code expm1(x)}
   * @return the partial derivative in {@code x}
   */
  public static double expm1(double x, double out) {
    return Math.exp(x);
  }

  /**
   * d log(x)/dx = 1 / x. Infinity at +0 and -Infinity at -0, as 1 / x is.
   *
   * @param x the argument
   * @param out the value {@code log(x)}
   * @return the partial derivative in {@code x}
   */
  public static double log(double x, double out) {
    return 1.0 / x;
  }

  /**
   * d log10(x)/dx = 1 / (x ln 10).
   *
   * @param x the argument
   * @param out the value {@code log10(x)}
   * @return the partial derivative in {@code x}
   */
  public static double log10(double x, double out) {
    return 1.0 / (x * LN10);
  }

  /**
   * d log1p(x)/dx = 1 / (1 + x).
   *
   * @param x the argument
   * @param out the value {@code log1p(x)}
   * @return the partial derivative in {@code x}
   */
  public static double log1p(double x, double out) {
    return 1.0 / (1.0 + x);
  }

  /**
   * d sqrt(x)/dx = 1 / (2 sqrt(x)). +Infinity at 0 (Math.sqrt(-0.0) is -0.0, and 0.5 / -0.0 would be -Infinity).
   *
   * @param x the argument
   * @param out the value {@code sqrt(x)}
   * @return the partial derivative in {@code x}
   */
  public static double sqrt(double x, double out) {
    return out == 0.0 ? Double.POSITIVE_INFINITY : 0.5 / out;
  }

  /**
   * d cbrt(x)/dx = 1 / (3 cbrt(x)^2). +Infinity at 0 (both signs).
   *
   * @param x the argument
   * @param out the value {@code cbrt(x)}
   * @return the partial derivative in {@code x}
   */
  public static double cbrt(double x, double out) {
    return 1.0 / (3.0 * out * out);
  }

  /**
   * d abs(x)/dx = signum(x). 0 at 0 (either sign), the middle of the subgradient [-1, 1]; NaN for NaN.
   *
   * @param x the argument
   * @param out the value {@code abs(x)}
   * @return the partial derivative in {@code x}
   */
  public static double abs(double x, double out) {
    return Math.signum(x);
  }

  /**
   * d sin(x)/dx = cos(x).
   *
   * @param x the argument
   * @param out the value {@code sin(x)}
   * @return the partial derivative in {@code x}
   */
  public static double sin(double x, double out) {
    return Math.cos(x);
  }

  /**
   * d cos(x)/dx = -sin(x).
   *
   * @param x the argument
   * @param out the value {@code cos(x)}
   * @return the partial derivative in {@code x}
   */
  public static double cos(double x, double out) {
    return -Math.sin(x);
  }

  /**
   * d tan(x)/dx = 1 + tan(x)^2, computed from the value.
   *
   * @param x the argument
   * @param out the value {@code tan(x)}
   * @return the partial derivative in {@code x}
   */
  public static double tan(double x, double out) {
    return 1.0 + out * out;
  }

  /**
   * d asin(x)/dx = 1 / sqrt(1 - x^2). +Infinity at x = ±1, NaN outside [-1, 1].
   *
   * @param x the argument
   * @param out the value {@code asin(x)}
   * @return the partial derivative in {@code x}
   */
  public static double asin(double x, double out) {
    return 1.0 / Math.sqrt(1.0 - x * x);
  }

  /**
   * d acos(x)/dx = -1 / sqrt(1 - x^2). -Infinity at x = ±1, NaN outside [-1, 1].
   *
   * @param x the argument
   * @param out the value {@code acos(x)}
   * @return the partial derivative in {@code x}
   */
  public static double acos(double x, double out) {
    return -1.0 / Math.sqrt(1.0 - x * x);
  }

  /**
   * d atan(x)/dx = 1 / (1 + x^2).
   *
   * @param x the argument
   * @param out the value {@code atan(x)}
   * @return the partial derivative in {@code x}
   */
  public static double atan(double x, double out) {
    return 1.0 / (1.0 + x * x);
  }

  /**
   * d sinh(x)/dx = cosh(x).
   *
   * @param x the argument
   * @param out the value {@code sinh(x)}
   * @return the partial derivative in {@code x}
   */
  public static double sinh(double x, double out) {
    return Math.cosh(x);
  }

  /**
   * d cosh(x)/dx = sinh(x).
   *
   * @param x the argument
   * @param out the value {@code cosh(x)}
   * @return the partial derivative in {@code x}
   */
  public static double cosh(double x, double out) {
    return Math.sinh(x);
  }

  /**
   * d tanh(x)/dx = 1 - tanh(x)^2, computed from the value.
   *
   * @param x the argument
   * @param out the value {@code tanh(x)}
   * @return the partial derivative in {@code x}
   */
  public static double tanh(double x, double out) {
    return 1.0 - out * out;
  }

  /**
   * d sigmoid(x)/dx = sigmoid(x) (1 - sigmoid(x)), computed from the value.
   *
   * @param x the argument
   * @param out the value {@code sigmoid(x)}
   * @return the partial derivative in {@code x}
   */
  public static double sigmoid(double x, double out) {
    return out * (1.0 - out);
  }

  /**
   * d relu(x)/dx = 1 above 0. 0 at and below 0 (the derivative at 0 is taken from the left), NaN for NaN.
   *
   * @param x the argument
   * @param out the value {@code relu(x)}
   * @return the partial derivative in {@code x}
   */
  public static double relu(double x, double out) {
    return x > 0 ? 1.0 : x <= 0 ? 0.0 : Double.NaN;
  }

  /**
   * d softplus(x)/dx = sigmoid(x).
   *
   * @param x the argument
   * @param out the value {@code softplus(x)}
   * @return the partial derivative in {@code x}
   */
  public static double softplus(double x, double out) {
    return Activations.sigmoid(x);
  }

  /**
   * d atan2(y, x)/dy = x / (x^2 + y^2); NaN at (0, 0), where atan2 jumps.
   *
   * @param y the first argument of atan2 (the ordinate)
   * @param x the second argument of atan2 (the abscissa)
   * @return the partial derivative in {@code y}
   */
  public static double atan2Y(double y, double x) {
    return overSquaredNorm(x, y, x);
  }

  /**
   * d atan2(y, x)/dx = -y / (x^2 + y^2); NaN at (0, 0), where atan2 jumps.
   *
   * @param y the first argument of atan2 (the ordinate)
   * @param x the second argument of atan2 (the abscissa)
   * @return the partial derivative in {@code x}
   */
  public static double atan2X(double y, double x) {
    return -overSquaredNorm(y, y, x);
  }

  /**
   * v / (x^2 + y^2) without squaring tiny or huge arguments: x^2 + y^2 underflows below about 1e-154
   * and overflows above about 1e154 while the quotient is finite (at x = y = 1e-200 it is about
   * 5e199), so outside the range where the sum of squares is a normal number it is (v / r) / r with
   * r = hypot(x, y), whose |v / r| is at most 1.
   *
   * @param v the numerator
   * @param y one coordinate
   * @param x the other coordinate
   * @return v / (x^2 + y^2); NaN at (0, 0)
   */
  private static double overSquaredNorm(double v, double y, double x) {
    double squares = y * y + x * x;
    if (squares >= Double.MIN_NORMAL && squares <= Double.MAX_VALUE) {
      return v / squares;
    }
    double r = Math.hypot(y, x);
    return v / r / r;
  }

  /**
   * d hypot(v, w)/dv = v / hypot(v, w), 0 at (0, 0). When the value overflows for finite
   * arguments the partial is still at most 1 in magnitude, so it is taken from the halved
   * arguments, whose hypot is finite. The partial in w is {@code hypot(w, v, out)}.
   *
   * @param v the argument differentiated in
   * @param w the other argument
   * @param out the value hypot(v, w)
   * @return the partial derivative in {@code v}
   */
  public static double hypot(double v, double w, double out) {
    if (out == 0.0) {
      return 0.0;
    }
    if (Double.isInfinite(out) && Double.isFinite(v) && Double.isFinite(w)) {
      return v * 0.5 / Math.hypot(v * 0.5, w * 0.5);
    }
    return v / out;
  }

  /**
   * d min(x, y)/dx: 1 when x is chosen, a tie choosing x; NaN for a NaN value. The partial in y is
   * {@code 1 - minFirst(x, y, out)}.
   *
   * @param x the first argument
   * @param y the second argument
   * @param out the value min(x, y)
   * @return the partial derivative in {@code x}, 1 or 0 (or NaN)
   */
  public static double minFirst(double x, double y, double out) {
    return Double.isNaN(out) ? Double.NaN : x <= y ? 1.0 : 0.0;
  }

  /**
   * d max(x, y)/dx: 1 when x is chosen, a tie choosing x; NaN for a NaN value. The partial in y is
   * {@code 1 - maxFirst(x, y, out)}.
   *
   * @param x the first argument
   * @param y the second argument
   * @param out the value max(x, y)
   * @return the partial derivative in {@code x}, 1 or 0 (or NaN)
   */
  public static double maxFirst(double x, double y, double out) {
    return Double.isNaN(out) ? Double.NaN : x >= y ? 1.0 : 0.0;
  }

  /**
   * d toRadians(x)/dx = pi/180, the exact constant Math.toRadians multiplies by.
   *
   * @param x the argument
   * @param out the value {@code toRadians(x)}
   * @return the partial derivative in {@code x}
   */
  public static double toRadians(double x, double out) {
    return RADIANS_PER_DEGREE;
  }

  /**
   * d toDegrees(x)/dx = 180/pi, the exact constant Math.toDegrees multiplies by.
   *
   * @param x the argument
   * @param out the value {@code toDegrees(x)}
   * @return the partial derivative in {@code x}
   */
  public static double toDegrees(double x, double out) {
    return DEGREES_PER_RADIAN;
  }

  /**
   * d nextUp(x)/dx = 1. nextUp(x) is x moved by one ulp, a rounding of x like any other operation's.
   *
   * @param x the argument
   * @param out the value {@code nextUp(x)}
   * @return the partial derivative in {@code x}
   */
  public static double nextUp(double x, double out) {
    return 1.0;
  }

  /**
   * d nextDown(x)/dx = 1. As for nextUp, nextDown(x) is a rounding of x.
   *
   * @param x the argument
   * @param out the value {@code nextDown(x)}
   * @return the partial derivative in {@code x}
   */
  public static double nextDown(double x, double out) {
    return 1.0;
  }

  /**
   * d copySign(m, s)/dm: 1 where the result has m's sign, -1 where it has the other, 0 at m = 0 (as
   * abs'(0) = 0); NaN for NaN. The partial in s is 0: the sign only chooses between m and -m.
   *
   * @param m the magnitude argument
   * @param out the value copySign(m, s)
   * @return the partial derivative in {@code m}
   */
  public static double copySign(double m, double out) {
    if (Double.isNaN(out)) {
      return Double.NaN;
    }
    return m == 0.0 ? 0.0 : (m > 0.0) == (out > 0.0) ? 1.0 : -1.0;
  }

  /**
   * d scalb(x, n)/dx = 2^n, exact (0 or Infinity beyond the double range, as the value is).
   *
   * @param x the scaled argument
   * @param n the power of two
   * @return the partial derivative in {@code x}
   */
  public static double scalb(double x, int n) {
    return Math.scalb(1.0, n);
  }

  // ---------------------------------------------------------------- second derivatives
  // DualTensor's second-order nodes take these: f'' of every one-argument operation and the three
  // entries of the symmetric Hessian of every two-argument one. The conventions follow the first
  // derivatives': an operation that is piecewise linear (abs, relu, min, max, copySign, %,
  // IEEEremainder, nextAfter, ...) has second derivative 0 everywhere, its kinks included, and NaN
  // where its first derivative is NaN; where a first derivative is infinite the second is the
  // one-sided limit on the argument's side (sqrt''(0) = -Infinity).

  /**
   * The second derivative of an operation that is linear between its kinks and jumps (abs, relu,
   * min, max, copySign, %, IEEEremainder): 0 everywhere, the kinks included (as abs'(0) = 0 takes
   * the middle of the subgradient, abs''(0) = 0 ignores the kink), and NaN where the first
   * derivative is NaN.
   *
   * @param first the operation's first partial at the point
   * @return 0, or NaN for a NaN {@code first}
   */
  public static double piecewiseLinearSecond(double first) {
    return Double.isNaN(first) ? Double.NaN : 0.0;
  }

  /**
   * d^2 exp(x)/dx^2 = exp(x), the value itself.
   *
   * @param x the argument
   * @param out the value {@code exp(x)}
   * @return the second derivative in {@code x}
   */
  public static double expSecond(double x, double out) {
    return out;
  }

  /**
   * d^2 expm1(x)/dx^2 = exp(x).
   *
   * @param x the argument
   * @param out the value {@code expm1(x)}
   * @return the second derivative in {@code x}
   */
  public static double expm1Second(double x, double out) {
    return Math.exp(x);
  }

  /**
   * d^2 log(x)/dx^2 = -1 / x^2, computed as -(1/x)(1/x) so that it overflows only where the result
   * does; -Infinity at both zeros.
   *
   * @param x the argument
   * @param out the value {@code log(x)}
   * @return the second derivative in {@code x}
   */
  public static double logSecond(double x, double out) {
    double d = 1.0 / x;
    return -d * d;
  }

  /**
   * d^2 log10(x)/dx^2 = -1 / (x^2 ln 10), computed as -(1/(x ln 10)) / x; -Infinity at both zeros.
   *
   * @param x the argument
   * @param out the value {@code log10(x)}
   * @return the second derivative in {@code x}
   */
  public static double log10Second(double x, double out) {
    double d = 1.0 / (x * LN10);
    return x == 0.0 ? Double.NEGATIVE_INFINITY : -d / x;
  }

  /**
   * d^2 log1p(x)/dx^2 = -1 / (1 + x)^2; -Infinity at x = -1.
   *
   * @param x the argument
   * @param out the value {@code log1p(x)}
   * @return the second derivative in {@code x}
   */
  public static double log1pSecond(double x, double out) {
    double d = 1.0 / (1.0 + x);
    return -d * d;
  }

  /**
   * d^2 sqrt(x)/dx^2 = -1 / (4 x^(3/2)) = -2 sqrt'(x)^3. -Infinity at 0 (both zeros), the limit
   * from inside the domain, as sqrt'(0) = +Infinity is.
   *
   * @param x the argument
   * @param out the value {@code sqrt(x)}
   * @return the second derivative in {@code x}
   */
  public static double sqrtSecond(double x, double out) {
    if (out == 0.0) {
      return Double.NEGATIVE_INFINITY;
    }
    double d = 0.5 / out;
    return -2.0 * d * d * d;
  }

  /**
   * d^2 cbrt(x)/dx^2 = -2 / (9 cbrt(x)^5) = -2 cbrt'(x)^2 / cbrt(x). At 0 it is the one-sided limit
   * on the zero's side: -Infinity at +0.0, +Infinity at -0.0 (the two sides disagree; cbrt'(0) =
   * +Infinity from both).
   *
   * @param x the argument
   * @param out the value {@code cbrt(x)}
   * @return the second derivative in {@code x}
   */
  public static double cbrtSecond(double x, double out) {
    double d = 1.0 / (3.0 * out * out);
    return -2.0 * d * (d / out);
  }

  /**
   * d^2 sin(x)/dx^2 = -sin(x), from the value.
   *
   * @param x the argument
   * @param out the value {@code sin(x)}
   * @return the second derivative in {@code x}
   */
  public static double sinSecond(double x, double out) {
    return -out;
  }

  /**
   * d^2 cos(x)/dx^2 = -cos(x), from the value.
   *
   * @param x the argument
   * @param out the value {@code cos(x)}
   * @return the second derivative in {@code x}
   */
  public static double cosSecond(double x, double out) {
    return -out;
  }

  /**
   * d^2 tan(x)/dx^2 = 2 tan(x) (1 + tan(x)^2), from the value.
   *
   * @param x the argument
   * @param out the value {@code tan(x)}
   * @return the second derivative in {@code x}
   */
  public static double tanSecond(double x, double out) {
    return 2.0 * out * (1.0 + out * out);
  }

  /**
   * d^2 asin(x)/dx^2 = x / (1 - x^2)^(3/2) = x asin'(x)^3; +-Infinity at x = +-1, NaN outside [-1, 1].
   *
   * @param x the argument
   * @param out the value {@code asin(x)}
   * @return the second derivative in {@code x}
   */
  public static double asinSecond(double x, double out) {
    double d = 1.0 / Math.sqrt(1.0 - x * x);
    return x * d * d * d;
  }

  /**
   * d^2 acos(x)/dx^2 = -x / (1 - x^2)^(3/2); -+Infinity at x = +-1, NaN outside [-1, 1].
   *
   * @param x the argument
   * @param out the value {@code acos(x)}
   * @return the second derivative in {@code x}
   */
  public static double acosSecond(double x, double out) {
    return -asinSecond(x, out);
  }

  /**
   * d^2 atan(x)/dx^2 = -2x / (1 + x^2)^2 = -2 x atan'(x)^2, multiplied left to right so that a large
   * x does not underflow the square first.
   *
   * @param x the argument
   * @param out the value {@code atan(x)}
   * @return the second derivative in {@code x}
   */
  public static double atanSecond(double x, double out) {
    double d = 1.0 / (1.0 + x * x);
    return -2.0 * x * d * d;
  }

  /**
   * d^2 sinh(x)/dx^2 = sinh(x), the value itself.
   *
   * @param x the argument
   * @param out the value {@code sinh(x)}
   * @return the second derivative in {@code x}
   */
  public static double sinhSecond(double x, double out) {
    return out;
  }

  /**
   * d^2 cosh(x)/dx^2 = cosh(x), the value itself.
   *
   * @param x the argument
   * @param out the value {@code cosh(x)}
   * @return the second derivative in {@code x}
   */
  public static double coshSecond(double x, double out) {
    return out;
  }

  /**
   * d^2 tanh(x)/dx^2 = -2 tanh(x) (1 - tanh(x)^2), from the value.
   *
   * @param x the argument
   * @param out the value {@code tanh(x)}
   * @return the second derivative in {@code x}
   */
  public static double tanhSecond(double x, double out) {
    return -2.0 * out * (1.0 - out * out);
  }

  /**
   * d^2 sigmoid(x)/dx^2 = s (1 - s) (1 - 2 s) with s = sigmoid(x), from the value.
   *
   * @param x the argument
   * @param out the value {@code sigmoid(x)}
   * @return the second derivative in {@code x}
   */
  public static double sigmoidSecond(double x, double out) {
    return out * (1.0 - out) * (1.0 - 2.0 * out);
  }

  /**
   * d^2 softplus(x)/dx^2 = sigmoid'(x) = s (1 - s) with s = sigmoid(x).
   *
   * @param x the argument
   * @param out the value {@code softplus(x)}
   * @return the second derivative in {@code x}
   */
  public static double softplusSecond(double x, double out) {
    double s = Activations.sigmoid(x);
    return s * (1.0 - s);
  }

  /**
   * d^2 (x / y)/dx dy = -1 / y^2, computed as -(1/y)(1/y).
   *
   * @param y the divisor
   * @return the mixed second derivative
   */
  public static double divMixed(double y) {
    double d = 1.0 / y;
    return -d * d;
  }

  /**
   * d^2 (x / y)/dy^2 = 2 x / y^3, computed as 2 (x / y) / y / y from the quotient.
   *
   * @param y the divisor
   * @param out the quotient x / y
   * @return the second derivative in {@code y}
   */
  public static double divisorSecond(double y, double out) {
    return 2.0 * (out / y) / y;
  }

  /**
   * d^2 pow(x, y)/dx^2 = y (y - 1) x^(y-2): 0 when y is 0 or 1, exactly 2 when y = 2; when x^(y-2)
   * overflows for a tiny nonzero x, computed as (y / x) ((y - 1) / x) x^y.
   *
   * @param x the base
   * @param y the exponent
   * @return the second derivative in {@code x}
   */
  public static double powBaseSecond(double x, double y) {
    if (y == 0.0 || y == 1.0) {
      return 0.0;
    } else if (y == 2.0) {
      return 2.0;
    }
    double power = Math.pow(x, y - 2.0);
    if (Double.isInfinite(power) && x != 0.0 && Double.isFinite(x)) {
      return y / x * ((y - 1.0) / x) * Math.pow(x, y);
    }
    return y * (y - 1.0) * power;
  }

  /**
   * d^2 pow(x, y)/dx dy = x^(y-1) (1 + y log x); 0 where x or the value is 0, as every partial in
   * the exponent is (see {@link #powExponent}). When x^(y-1) overflows for a tiny nonzero x,
   * computed as (x^y / x) (1 + y log x).
   *
   * @param x the base
   * @param y the exponent
   * @param out the value pow(x, y)
   * @return the mixed second derivative
   */
  public static double powMixed(double x, double y, double out) {
    if (out == 0.0 || x == 0.0) {
      return 0.0;
    }
    double power = Math.pow(x, y - 1.0);
    double factor = 1.0 + y * Math.log(x);
    if (Double.isInfinite(power) && Double.isFinite(x)) {
      return out / x * factor;
    }
    return power * factor;
  }

  /**
   * d^2 pow(x, y)/dy^2 = pow(x, y) (log x)^2; 0 where x or the value is 0, as the first partial in
   * the exponent is (see {@link #powExponent}); also the second derivative of pow(c, y) for a
   * constant base c.
   *
   * @param x the base
   * @param out the value pow(x, y)
   * @return the second derivative in {@code y}
   */
  public static double powExponentSecond(double x, double out) {
    if (out == 0.0 || x == 0.0) {
      return 0.0;
    }
    double log = Math.log(x);
    return out * log * log;
  }

  /**
   * d^2 atan2(y, x)/dy^2 = -2 x y / (x^2 + y^2)^2, computed from the first partials as -2 a b with a
   * = x / (x^2 + y^2) and b = y / (x^2 + y^2) (each safe for tiny and huge arguments); NaN at (0, 0).
   *
   * @param y the ordinate
   * @param x the abscissa
   * @return the second derivative in {@code y}
   */
  public static double atan2YY(double y, double x) {
    return -2.0 * atan2Y(y, x) * -atan2X(y, x);
  }

  /**
   * d^2 atan2(y, x)/dx^2 = 2 x y / (x^2 + y^2)^2, computed as in {@link #atan2YY}; NaN at (0, 0).
   *
   * @param y the ordinate
   * @param x the abscissa
   * @return the second derivative in {@code x}
   */
  public static double atan2XX(double y, double x) {
    return -atan2YY(y, x);
  }

  /**
   * d^2 atan2(y, x)/dy dx = (y^2 - x^2) / (x^2 + y^2)^2 = b^2 - a^2, with a and b as in {@link
   * #atan2YY}; NaN at (0, 0).
   *
   * @param y the ordinate
   * @param x the abscissa
   * @return the mixed second derivative
   */
  public static double atan2Mixed(double y, double x) {
    double a = atan2Y(y, x);
    double b = -atan2X(y, x);
    return (b - a) * (b + a);
  }

  /**
   * d^2 hypot(v, w)/dv^2 = w^2 / hypot(v, w)^3, computed as (w / r)^2 / r from the unit partial;
   * the halved arguments stand in when r overflows for finite arguments. 0 at (0, 0), as the
   * first partials are there: hypot(v, 0) = |v| and abs''(0) = 0.
   *
   * @param v the argument differentiated in twice
   * @param w the other argument
   * @param out the value hypot(v, w)
   * @return the second derivative in {@code v}
   */
  public static double hypotSecond(double v, double w, double out) {
    if (out == 0.0) {
      return 0.0;
    }
    double b = hypot(w, v, out);
    return overRadius(b * b, v, w, out);
  }

  /**
   * d^2 hypot(v, w)/dv dw = -v w / hypot(v, w)^3, computed as -(v / r)(w / r) / r; 0 at (0, 0).
   *
   * @param v one argument
   * @param w the other argument
   * @param out the value hypot(v, w)
   * @return the mixed second derivative
   */
  public static double hypotMixed(double v, double w, double out) {
    if (out == 0.0) {
      return 0.0;
    }
    return overRadius(-hypot(v, w, out) * hypot(w, v, out), v, w, out);
  }

  /**
   * q / hypot(v, w) for a q of magnitude at most 1. When the value overflows for finite arguments
   * the true r is finite, so the quotient is taken as (q / 2) / hypot(v / 2, w / 2) (a subnormal or
   * 0, but the right one).
   *
   * @param q the numerator
   * @param v one argument
   * @param w the other argument
   * @param out the value hypot(v, w)
   * @return q / hypot(v, w)
   */
  private static double overRadius(double q, double v, double w, double out) {
    if (Double.isInfinite(out) && Double.isFinite(v) && Double.isFinite(w)) {
      return q * 0.5 / Math.hypot(v * 0.5, w * 0.5);
    }
    return q / out;
  }
}
