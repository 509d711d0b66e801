// StrictMath functions: the value must match bit for bit.
// expect: gradient
// method: Sample.f
// at: 0.7, 0.3
// at: -1.2, 0.9
// d x: Math.cos(x) * Math.exp(y) + 2 * x - y / (x * x + y * y) + x / Math.hypot(x, 3.0)
// d y: Math.sin(x) * Math.exp(y) + x / (x * x + y * y)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, double y) {
    return StrictMath.sin(x) * StrictMath.exp(y) + StrictMath.pow(x, 2.0)
        + StrictMath.atan2(y, x) + StrictMath.hypot(x, 3.0);
  }
}
