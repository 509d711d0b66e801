// A recursive @Differentiable method: x^n.
// expect: gradient
// method: Sample.f
// at: 1.5, 4
// at: -0.75, 3
// d x: n * Math.pow(x, n - 1)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, int n) {
    if (n == 0) {
      return 1;
    }
    return x * f(x, n - 1);
  }
}
