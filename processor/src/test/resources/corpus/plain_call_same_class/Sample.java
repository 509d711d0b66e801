// An active value passed on to an unannotated method of the same class.
// expect: error
// error: its argument 'y' depends on a differentiable parameter
// on: return clamp(y)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  static double clamp(double v) {
    return v < 0 ? 0 : v;
  }

  @Differentiable
  static double f(double x) {
    double y = x * x - 1;
    return clamp(y);
  }
}
