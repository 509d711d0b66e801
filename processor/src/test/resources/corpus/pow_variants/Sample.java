// Math.pow with an int exponent, a constant base and an active exponent.
// expect: gradient
// method: Sample.f
// at: 1.5, 0.5, 3
// at: 0.8, -1.5, 2
// d x: n * Math.pow(x, n - 1) + Math.pow(2.0, x) * Math.log(2.0) + y * Math.pow(x, y - 1)
// d y: Math.pow(x, y) * Math.log(x)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, double y, int n) {
    return Math.pow(x, n) + Math.pow(2.0, x) + Math.pow(x, y);
  }
}
