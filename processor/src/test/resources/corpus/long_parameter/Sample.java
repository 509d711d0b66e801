// A long parameter with shifts: f = x n + (n >> 1) x^2 + x (n << 2).
// expect: gradient
// method: Sample.f
// at: 0.5, 7L
// at: -1.5, 4L
// d x: n + 2 * (n >> 1) * x + (n << 2)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, long n) {
    return x * n + (n >> 1) * x * x + x * (n << 2);
  }
}
