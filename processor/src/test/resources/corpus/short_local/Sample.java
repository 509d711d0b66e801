// A short local is rejected.
// expect: error
// error: type short is not supported in a @Differentiable method
// on: short s = 3
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) {
    short s = 3;
    return x * s;
  }
}
