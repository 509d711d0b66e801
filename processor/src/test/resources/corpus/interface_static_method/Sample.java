// A static method of an interface.
// expect: gradient
// method: Sample.f
// at: 1.5
// at: -0.5
// d x: 3 * x * x
package edge;

import dev.gradgen.Differentiable;

interface Sample {
  @Differentiable
  static double f(double x) {
    return x * x * x;
  }

  double unrelated();
}
