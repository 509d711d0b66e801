// Nested conditional expressions, every branch reached by some point.
// expect: gradient
// method: Sample.f
// at: 1.5, 2.0
// at: 1.5, -2.0
// at: -1.0, 2.0
// at: -6.0, -7.0
// at: -2.0, -3.0
// d x: x > 0 ? (y > 0 ? y : 1) : y > x ? 2 * x : 0
// d y: x > 0 ? (y > 0 ? x : -1) : y > x ? 0 : (x < -5 ? 1 : 2)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, double y) {
    return x > 0 ? (y > 0 ? x * y : x - y) : y > x ? x * x : (x < -5 ? y : 2 * y);
  }
}
