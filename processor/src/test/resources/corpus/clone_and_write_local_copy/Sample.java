// A clone of a parameter array may be written; an int += of an active double is piecewise constant.
// f = (x w1)^2 + w1 + i with i = (int) x - 2 (truncated)
// expect: gradient
// method: Sample.f
// at: 1.5, new double[] {4.0, 2.0, -1.0}
// at: 3.7, new double[] {0.5, -1.5, 2.0}
// d x: 2 * x * w[1] * w[1]
// d w: new double[] {0, 2 * x * x * w[1] + 1, 0}
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, double[] w) {
    double[] c = w.clone();
    c[0] = x * c[1];
    int i = 0;
    i += x;
    i -= 2;
    return c[0] * c[0] + c[1] + i;
  }
}
