package dev.gradgen;

/**
 * The local partial derivatives of every {@link Tensor} operation, given its arguments and its value.
 * {@link Tensor}, {@link StrictTensors} and gradgen's fused nodes all use them, so a derivative and
 * its conventions at non-smooth points are written down once, and fused and unfused gradients agree
 * bit for bit.
 */
public final class Derivatives {

  private static final double LN10 = Math.log(10.0);
  // Math.toRadians(x) is x times its constant pi/180 (and toDegrees x times 180/pi), so the
  // derivative is that constant, read off bit for bit.
  private static final double RADIANS_PER_DEGREE = Math.toRadians(1.0);
  private static final double DEGREES_PER_RADIAN = Math.toDegrees(1.0);

  private Derivatives() {}

  /** d(x / y)/dy. */
  public static double divisor(double y, double out) {
    return -out / y;
  }

  /**
   * d(x % y)/dy = -trunc(x / y) between the jumps; also d IEEEremainder(x, y)/dy = -n, n the
   * integer nearest x / y: both values are x - n y exactly, so n = (x - out) / y.
   */
  public static double remDivisor(double x, double y, double out) {
    return Double.isNaN(out) ? Double.NaN : -Math.rint((x - out) / y);
  }

  /** d pow(x, y)/dx = y x^(y-1), and 0 when y = 0. */
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
      // (x = 1e-320, y = 1e-30 gives about 1e290); x^y is near 1 there, so this form cannot overflow
      // unless the partial itself does.
      return y / x * Math.pow(x, y);
    }
    return y * power;
  }

  /**
   * d pow(x, y)/dy = pow(x, y) log x, taken as 0 where the value or x is 0 (log 0 is -Infinity while
   * the value is 0, 1 or Infinity).
   */
  public static double powExponent(double x, double out) {
    return out == 0.0 || x == 0.0 ? 0.0 : out * Math.log(x);
  }

  public static double exp(double x, double out) {
    return out;
  }

  public static double expm1(double x, double out) {
    return Math.exp(x);
  }

  public static double log(double x, double out) {
    return 1.0 / x;
  }

  public static double log10(double x, double out) {
    return 1.0 / (x * LN10);
  }

  public static double log1p(double x, double out) {
    return 1.0 / (1.0 + x);
  }

  /** +Infinity at 0 (Math.sqrt(-0.0) is -0.0, and 0.5 / -0.0 would be -Infinity). */
  public static double sqrt(double x, double out) {
    return out == 0.0 ? Double.POSITIVE_INFINITY : 0.5 / out;
  }

  /** +Infinity at 0. */
  public static double cbrt(double x, double out) {
    return 1.0 / (3.0 * out * out);
  }

  /** signum(x): 0 at 0. */
  public static double abs(double x, double out) {
    return Math.signum(x);
  }

  public static double sin(double x, double out) {
    return Math.cos(x);
  }

  public static double cos(double x, double out) {
    return -Math.sin(x);
  }

  public static double tan(double x, double out) {
    return 1.0 + out * out;
  }

  public static double asin(double x, double out) {
    return 1.0 / Math.sqrt(1.0 - x * x);
  }

  public static double acos(double x, double out) {
    return -1.0 / Math.sqrt(1.0 - x * x);
  }

  public static double atan(double x, double out) {
    return 1.0 / (1.0 + x * x);
  }

  public static double sinh(double x, double out) {
    return Math.cosh(x);
  }

  public static double cosh(double x, double out) {
    return Math.sinh(x);
  }

  public static double tanh(double x, double out) {
    return 1.0 - out * out;
  }

  public static double sigmoid(double x, double out) {
    return out * (1.0 - out);
  }

  /** 1 above 0, 0 at and below 0, NaN for NaN. */
  public static double relu(double x, double out) {
    return x > 0 ? 1.0 : x <= 0 ? 0.0 : Double.NaN;
  }

  public static double softplus(double x, double out) {
    return Activations.sigmoid(x);
  }

  /** d atan2(y, x)/dy = x / (x^2 + y^2); NaN at (0, 0), where atan2 jumps. */
  public static double atan2Y(double y, double x) {
    return overSquaredNorm(x, y, x);
  }

  /** d atan2(y, x)/dx = -y / (x^2 + y^2); NaN at (0, 0), where atan2 jumps. */
  public static double atan2X(double y, double x) {
    return -overSquaredNorm(y, y, x);
  }

  /**
   * v / (x^2 + y^2) without squaring tiny or huge arguments: x^2 + y^2 underflows below about 1e-154
   * and overflows above about 1e154 while the quotient is finite (at x = y = 1e-200 it is about
   * 5e199), so outside the range where the sum of squares is a normal number it is (v / r) / r with
   * r = hypot(x, y), whose |v / r| is at most 1.
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
   * arguments, whose hypot is finite.
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

  /** d min(x, y)/dx: 1 when x is chosen, a tie choosing x; NaN for a NaN value. */
  public static double minFirst(double x, double y, double out) {
    return Double.isNaN(out) ? Double.NaN : x <= y ? 1.0 : 0.0;
  }

  /** d max(x, y)/dx: 1 when x is chosen, a tie choosing x; NaN for a NaN value. */
  public static double maxFirst(double x, double y, double out) {
    return Double.isNaN(out) ? Double.NaN : x >= y ? 1.0 : 0.0;
  }

  /** pi/180. */
  public static double toRadians(double x, double out) {
    return RADIANS_PER_DEGREE;
  }

  /** 180/pi. */
  public static double toDegrees(double x, double out) {
    return DEGREES_PER_RADIAN;
  }

  /** 1: nextUp(x) is x moved by one ulp, a rounding of x like any other operation's. */
  public static double nextUp(double x, double out) {
    return 1.0;
  }

  /** 1, as for nextUp. */
  public static double nextDown(double x, double out) {
    return 1.0;
  }

  /**
   * d copySign(m, s)/dm: 1 where the result has m's sign, -1 where it has the other, 0 at m = 0 (as
   * abs'(0) = 0); NaN for NaN. The partial in s is 0: the sign only chooses between m and -m.
   */
  public static double copySign(double m, double out) {
    if (Double.isNaN(out)) {
      return Double.NaN;
    }
    return m == 0.0 ? 0.0 : (m > 0.0) == (out > 0.0) ? 1.0 : -1.0;
  }

  /** d scalb(x, n)/dx = 2^n, exact (0 or Infinity beyond the double range, as the value is). */
  public static double scalb(double x, int n) {
    return Math.scalb(1.0, n);
  }
}
