// Compound assignments and increments on elements of a local array: sum of x^2 i + 1 over i < n.
// expect: gradient
// method: Sample.f
// at: 1.5, 4
// at: -0.5, 3
// d x: x * n * (n - 1)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, int n) {
    double[] acc = new double[n];
    for (int i = 0; i < n; i++) {
      acc[i] += x * i;
      acc[i] *= x;
      acc[i]++;
    }
    double s = 0;
    for (double a : acc) {
      s += a;
    }
    return s;
  }
}
