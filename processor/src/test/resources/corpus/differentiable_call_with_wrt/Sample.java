// Calls to another class's @Differentiable method with wrt: active arguments only where it may.
// f = 2 x y + 3 y
// expect: gradient
// method: Sample.f
// at: 1.5, 2.0
// at: -0.5, 0.25
// d x: 2 * y
// d y: 2 * x + 3
package edge;

import dev.gradgen.Differentiable;

class Lib {
  @Differentiable(wrt = {"a"})
  static double g(double a, double b) {
    return a * b;
  }
}

class Sample {
  @Differentiable
  static double f(double x, double y) {
    return Lib.g(x * y, 2.0) + Lib.g(y, 3.0);
  }
}
