// Reassigning a differentiable parameter and an int parameter inside the body.
// x becomes 2x, then 2x + 1; f = (2x + 1)^2 n with n + 1
// expect: gradient
// method: Sample.f
// at: 1.5, 2
// at: -0.5, 3
// d x: 4 * (2 * x + 1) * (n + 1)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, int n) {
    x = x * 2;
    x += 1;
    n = n + 1;
    return x * x * n;
  }
}
