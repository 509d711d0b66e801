// A parameter outside wrt assigned an active value would hide a derivative.
// expect: error
// error: parameter 'y' is not differentiable (see wrt) but is assigned a value that depends on a differentiable parameter
// on: y = y * x
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable(wrt = {"x"})
  static double f(double x, double y) {
    y = y * x;
    return y;
  }
}
