// Assignments as expressions, chained assignments, nested array initializers, partial dimensions,
// nested labels, for(;;), for with expression updates, constants -0.0, Long.MIN_VALUE, escapes.
// f = 10 x^2 + 3 + w[idx[0]] x + t + 2x + 2 with t = x for x > 0
// expect: gradient
// method: Sample.f
// at: 1.5, new int[] {1, 0}, new double[] {0.5, -2.0, 3.0}
// at: -0.5, new int[] {2, 0}, new double[] {0.5, -2.0, 3.0}
// d x: 20 * x + w[idx[0]] + (x > 0 ? 1 : 0) + 2
// d w: java.util.stream.IntStream.range(0, w.length).mapToDouble(k -> k == idx[0] ? x : 0).toArray()
package edge;

import dev.gradgen.Differentiable;

class Sample {
  static final double NEGATIVE_ZERO = -0.0;
  static final long LMIN = Long.MIN_VALUE;
  static final int IMIN = Integer.MIN_VALUE;
  static final String S = "a\"b\n$c\u00e9";

  @Differentiable
  static double f(double x, int[] idx, double[] w) {
    double y;
    double z = (y = x * 2) + y;
    double a, b;
    a = b = x * z;
    double[][] m = {{x, 1}, {2, y}};
    double[] q = {x, 2};
    long[] ls = {1L, 2L};
    boolean[] bs = new boolean[2];
    double[][] part = new double[2][];
    part[0] = new double[] {x};
    double r = new double[] {x, 3}[0] * m[1][1];
    double t;
    if (x > 0) {
      t = x;
    } else {
      t = 2;
    }
    outer:
    inner:
    for (int i = 0; i < 2; i++) {
      if (i == 1) {
        break outer;
      }
    }
    for (;;) {
      break;
    }
    int i;
    int j;
    for (i = 0, j = 1; i < 2; i++, j++) {
      r += j;
    }
    r += w[idx[0]] * x - NEGATIVE_ZERO + (LMIN + IMIN) * 0;
    String s = S + "x";
    return a + b + r + t + part[0][0] + q[0] + (double) ls[1] + (bs[0] ? 1 : 0);
  }
}
