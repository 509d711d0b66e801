// An active value kept in an Object local would reach a plain method without its derivative.
// expect: error
// error: 'x' depends on a differentiable parameter and cannot be used here
// on: Object boxed = x;
package edge;

import dev.gradgen.Differentiable;

class Sample {
  static double unbox(Object o) {
    return (Double) o;
  }

  @Differentiable
  static double f(double x) {
    Object boxed = x;
    return unbox(boxed) * x;
  }
}
