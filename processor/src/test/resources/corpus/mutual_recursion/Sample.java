// Mutually recursive methods. even(x, 3) = sin(x) (x + sin(x) x) = x sin x + x sin^2 x.
// expect: gradient
// method: Sample.even
// at: 0.6, 3
// at: -1.2, 3
// d x: Math.sin(x) + x * Math.cos(x) + Math.sin(x) * Math.sin(x) + 2 * x * Math.sin(x) * Math.cos(x)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double even(double x, int n) {
    if (n == 0) {
      return 1;
    }
    return Math.sin(x) * odd(x, n - 1);
  }

  @Differentiable
  static double odd(double x, int n) {
    if (n == 0) {
      return x;
    }
    return x + even(x, n - 1);
  }
}
