// Integer division and remainder inside double expressions, and a double remainder of x.
// expect: gradient
// method: Sample.f
// at: 1.3, 5
// at: -0.7, 3
// d x: n / 2 + n % 3 + 2 * (7 / n) * x + 1 + n / 4 + 1.0 / (3 * n)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, int n) {
    long m = n * 3L;
    return x * (n / 2) + x * (n % 3) + (7 / n) * x * x + x % 2.0 + (double) (n / 4) * x + x / m;
  }
}
