// An early return from inside a loop: the first weight above x, times x; else x^2.
// expect: gradient
// method: Sample.f
// at: 1.5, new double[] {0.5, 2.0, 3.0}
// at: 4.0, new double[] {0.5, 2.0, 3.0}
// d x: x < 2.0 ? 2.0 : x < 3.0 ? 3.0 : 2 * x
// d w: x < 2.0 ? new double[] {0, x, 0} : x < 3.0 ? new double[] {0, 0, x} : new double[] {0, 0, 0}
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, double[] w) {
    for (int i = 0; i < w.length; i++) {
      if (w[i] > x) {
        return w[i] * x;
      }
    }
    return x * x;
  }
}
