// Enhanced for over a double[] parameter and over the rows of a double[][] parameter.
// f = x sum w_i^2 + sum_ij m_ij x
// expect: gradient
// method: Sample.f
// at: 1.5, new double[] {0.5, -2.0}, new double[][] {{1.0, 2.0}, {3.0}}
// d x: w[0] * w[0] + w[1] * w[1] + 6.0
// d w: new double[] {2 * x * w[0], 2 * x * w[1]}
// d m: new double[][] {{x, x}, {x}}
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, double[] w, double[][] m) {
    double s = 0;
    for (double v : w) {
      s += v * v * x;
    }
    for (double[] row : m) {
      for (var e : row) {
        s += e * x;
      }
    }
    return s;
  }
}
