// A default method of an interface, calling the interface's static @Differentiable method.
// g = sin(x) x^3
// expect: gradient
// method: Sample.g
// receiver: new Sample() { }
// at: 0.7
// at: -1.3
// d x: Math.cos(x) * x * x * x + Math.sin(x) * 3 * x * x
package edge;

import dev.gradgen.Differentiable;

interface Sample {
  @Differentiable
  static double cube(double x) {
    return x * x * x;
  }

  @Differentiable
  default double g(double x) {
    return Math.sin(x) * cube(x);
  }
}
