// Methods named value, _f and $g: records ValueGradient, _fGradient and $gGradient.
// expect: gradient
// method: Sample.value
// at: 1.5
// at: -0.5
// d x: 2 * x + 3 * x * x + 2
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double _f(double x) {
    return x * x;
  }

  @Differentiable
  static double $g(double x) {
    return x * x * x;
  }

  @Differentiable
  static double value(double x) {
    return _f(x) + $g(x) + 2 * x;
  }
}
