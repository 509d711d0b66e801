// A plain overload and a @Differentiable overload of h: each call picks the right one.
// f = 2x + 4x
// expect: gradient
// method: Sample.f
// at: 1.5
// at: -0.5
// d x: 6.0
package edge;

import dev.gradgen.Differentiable;

class Sample {
  static double h(double v) {
    return v + 1;
  }

  @Differentiable
  static double h(double x, double y) {
    return x * y;
  }

  @Differentiable
  static double f(double x) {
    return h(x, 2.0) + h(3.0) * x;
  }
}
