// wrt names w before x; the record still follows the parameter order, and y, c are constants.
// f = x y w0 + w1 c0 + y^2
// expect: gradient
// method: Sample.f
// at: 1.5, 2.0, new double[] {0.5, -1.0}, new double[] {3.0}
// at: -0.5, 0.25, new double[] {2.0, 4.0}, new double[] {-1.0}
// d x: y * w[0]
// d w: new double[] {x * y, c[0]}
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable(wrt = {"w", "x"})
  static double f(double x, double y, double[] w, double[] c) {
    return x * y * w[0] + w[1] * c[0] + y * y;
  }
}
