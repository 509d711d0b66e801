// wrt names the same parameter twice.
// expect: error
// error: wrt names 'x' twice
// on: @Differentiable(wrt = {"x", "x"})
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable(wrt = {"x", "x"})
  static double f(double x, double y) {
    return x * y;
  }
}
