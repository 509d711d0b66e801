// A static import on demand of a user class: its constant and its @Differentiable method.
// f = 2 x^2
// expect: gradient
// method: Sample.f
// params: double x
// at: 1.5
// at: -0.5
// d x: 4 * x
package edge;

import static edge.Lib.*;

import dev.gradgen.Differentiable;

class Lib {
  static final double K = 2;

  @Differentiable
  static double sq(double x) {
    return x * x;
  }
}

class Sample {
  @Differentiable
  static double f(double x) {
    return sq(x) * K;
  }
}
