// A double[][] parameter: the quadratic form v^T m v.
// expect: gradient
// method: Sample.f
// at: new double[][] {{1.0, 2.0}, {-0.5, 3.0}}, new double[] {0.7, -1.2}
// d m: new double[][] {{v[0] * v[0], v[0] * v[1]}, {v[1] * v[0], v[1] * v[1]}}
// d v: new double[] {2 * m[0][0] * v[0] + (m[0][1] + m[1][0]) * v[1], (m[0][1] + m[1][0]) * v[0] + 2 * m[1][1] * v[1]}
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double[][] m, double[] v) {
    double s = 0;
    for (int i = 0; i < m.length; i++) {
      for (int j = 0; j < m[i].length; j++) {
        s += v[i] * m[i][j] * v[j];
      }
    }
    return s;
  }
}
