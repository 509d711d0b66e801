package dev.gradgen.processor.fuzz;

/**
 * A forward-mode dual number over several input directions at once: the value, d(value)/d(input j)
 * for every direction j, and for each direction a bound on the magnitudes that were summed into that
 * derivative (the sum over paths of |product of local partials|), which tells how much cancellation
 * the derivative went through. A constant has no derivative arrays at all.
 */
final class Dual {

  final double v;
  /** d(v)/d(input j); null for a constant. */
  final double[] d;
  /** The magnitude bound of each derivative; null for a constant. */
  final double[] m;

  private Dual(double v, double[] d, double[] m) {
    this.v = v;
    this.d = d;
    this.m = m;
  }

  static Dual constant(double v) {
    return new Dual(v, null, null);
  }

  /** Input number {@code direction} of {@code directions}. */
  static Dual input(double v, int direction, int directions) {
    double[] d = new double[directions];
    double[] m = new double[directions];
    d[direction] = 1.0;
    m[direction] = 1.0;
    return new Dual(v, d, m);
  }

  /** Whether this value depends on an input (structurally, whatever its derivative's value). */
  boolean active() {
    return d != null;
  }

  /** A function of x with value {@code value} and local partial {@code px}. */
  static Dual of(double value, Dual x, double px) {
    if (x.d == null) {
      return constant(value);
    }
    int k = x.d.length;
    double[] d = new double[k];
    double[] m = new double[k];
    double ax = Math.abs(px);
    for (int j = 0; j < k; j++) {
      d[j] = px * x.d[j];
      m[j] = ax * x.m[j];
    }
    return new Dual(value, d, m);
  }

  /** A function of x and y with value {@code value} and local partials {@code px}, {@code py}. */
  static Dual of(double value, Dual x, double px, Dual y, double py) {
    if (x.d == null) {
      return of(value, y, py);
    }
    if (y.d == null) {
      return of(value, x, px);
    }
    int k = x.d.length;
    double[] d = new double[k];
    double[] m = new double[k];
    double ax = Math.abs(px);
    double ay = Math.abs(py);
    for (int j = 0; j < k; j++) {
      d[j] = px * x.d[j] + py * y.d[j];
      m[j] = ax * x.m[j] + ay * y.m[j];
    }
    return new Dual(value, d, m);
  }

  @Override
  public String toString() {
    return v + (d == null ? "" : " d=" + java.util.Arrays.toString(d));
  }
}
