// A parameter outside wrt is no record component, so it may be named notify or hashCode.
// expect: gradient
// method: Sample.f
// at: 1.5, 2.0, 3
// at: -0.5, 0.25, 1
// d x: notify * hashCode
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable(wrt = "x")
  static double f(double x, double notify, int hashCode) {
    return x * notify * hashCode;
  }
}
