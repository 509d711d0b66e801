// A local array that aliases one of two parameter arrays, chosen by an active comparison.
// expect: gradient
// method: Sample.f
// at: 1.5, new double[] {2.0, 3.0}, new double[] {-1.0, 4.0}
// at: -0.5, new double[] {2.0, 3.0}, new double[] {-1.0, 4.0}
// d x: x > 0 ? w[0] : v[0]
// d w: x > 0 ? new double[] {x, 1} : new double[] {0, 0}
// d v: x > 0 ? new double[] {0, 0} : new double[] {x, 1}
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, double[] w, double[] v) {
    double[] a = x > 0 ? w : v;
    return a[0] * x + a[1];
  }
}
