// Unary minus and plus, prefix and postfix increments as statements: y = x - 1, z = y x.
// expect: gradient
// method: Sample.f
// at: 1.5
// at: -0.5
// d x: 2 * x - 1
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) {
    double y = -(-x);
    y = +y;
    ++y;
    y--;
    --y;
    double z = -y * -x;
    return z;
  }
}
