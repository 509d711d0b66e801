// continue to an outer loop's label. s = x * C with C = sum over j <= i < n of (i + j) = (n-1)n(n+1)/2.
// expect: gradient
// method: Sample.f
// at: 0.75, 4
// at: -1.25, 3
// d x: 2 * x * Math.pow((n - 1) * n * (n + 1) / 2.0, 2)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, int n) {
    double s = 0;
    rows:
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        if (j > i) {
          continue rows;
        }
        s += x * (i + j);
      }
    }
    return s * s;
  }
}
