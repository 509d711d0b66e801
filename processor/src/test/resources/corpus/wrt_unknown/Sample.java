// wrt names a parameter the method does not have.
// expect: error
// error: wrt names 'z', which is not a parameter of Sample.f(double, double)
// on: @Differentiable(wrt = {"x", "z"})
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable(wrt = {"x", "z"})
  static double f(double x, double y) {
    return x * y;
  }
}
