// A static nested class calls its enclosing class's @Differentiable method unqualified.
// g = sq(x) x = x^3
// expect: gradient
// method: Sample.Inner.g
// at: 1.5
// at: -0.5
// d x: 3 * x * x
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double sq(double x) {
    return x * x;
  }

  static class Inner {
    @Differentiable
    static double g(double x) {
      return sq(x) * x;
    }
  }
}
