// Methods named f, fFused1 and f_: the fused helpers of f (fFused1, ...) must not clash with them.
// f = x^3 + sin(x) x^2 + (x^2 + x) x
// expect: gradient
// method: Sample.f
// params: double x
// at: 1.5
// at: -0.5
// d x: 3 * x * x + Math.cos(x) * x * x + 2 * x * Math.sin(x) + 3 * x * x + 2 * x
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) {
    return x * x * x + fFused1(x) + f_(x) * x;
  }

  @Differentiable
  static double fFused1(double x) {
    return Math.sin(x) * x * x;
  }

  @Differentiable
  static double f_(double x) {
    return x * x + x;
  }
}
