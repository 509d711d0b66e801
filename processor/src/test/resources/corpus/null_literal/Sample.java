// null is rejected.
// expect: error
// error: null is not supported in a @Differentiable method
// on: double[] none = null
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) {
    double[] none = null;
    return x;
  }
}
