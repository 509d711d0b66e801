// Math.abs, max and min away from their kinks.
// expect: gradient
// method: Sample.f
// at: 3.0, 1.0
// at: 0.5, 2.0
// d x: Math.signum(x - y) + (x > 2 * y ? 1 : 0) * Math.min(x, y) + Math.max(x, 2 * y) * (x < y ? 1 : 0)
// d y: -Math.signum(x - y) + (x > 2 * y ? 0 : 2) * Math.min(x, y) + Math.max(x, 2 * y) * (x < y ? 0 : 1)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, double y) {
    return Math.abs(x - y) + Math.max(x, 2 * y) * Math.min(x, y) + Math.abs(-3);
  }
}
