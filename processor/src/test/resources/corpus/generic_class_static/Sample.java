// A static method of a generic class reading its static field and calling its static @Differentiable
// method. g = 2x + x^2
// expect: gradient
// method: Sample.g
// at: 1.5
// at: -0.5
// d x: 2 + 2 * x
package edge;

import dev.gradgen.Differentiable;

class Sample<T extends Number> {
  static double scale = 2;

  @Differentiable
  static double g(double x) {
    return scale * x + square(x);
  }

  @Differentiable
  static double square(double x) {
    return x * x;
  }
}
