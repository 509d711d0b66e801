package dev.gradgen;

/**
 * The local partial derivatives of every {@link Tensor} operation, given its arguments and its value.
 * {@link Tensor} and gradgen's fused nodes both use them, so a derivative and its conventions at
 * non-smooth points are written down once.
 */
public final class Derivatives {

  private static final double LN10 = Math.log(10.0);

  private Derivatives() {}

  /** d(x / y)/dy. */
  public static double divisor(double y, double out) {
    return -out / y;
  }

  /** d(x % y)/dy = -trunc(x / y) between the jumps. */
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
    return y * Math.pow(x, y - 1.0);
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

  /** d atan2(y, x)/dy. */
  public static double atan2Y(double y, double x) {
    return x / (y * y + x * x);
  }

  /** d atan2(y, x)/dx. */
  public static double atan2X(double y, double x) {
    return -y / (y * y + x * x);
  }

  /** d hypot(x, y)/dx = x / hypot (or y / hypot for y), 0 at (0, 0). */
  public static double hypot(double v, double out) {
    return out == 0.0 ? 0.0 : v / out;
  }

  /** d min(x, y)/dx: 1 when x is chosen, a tie choosing x; NaN for a NaN value. */
  public static double minFirst(double x, double y, double out) {
    return Double.isNaN(out) ? Double.NaN : x <= y ? 1.0 : 0.0;
  }

  /** d max(x, y)/dx: 1 when x is chosen, a tie choosing x; NaN for a NaN value. */
  public static double maxFirst(double x, double y, double out) {
    return Double.isNaN(out) ? Double.NaN : x >= y ? 1.0 : 0.0;
  }
}
