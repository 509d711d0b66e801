// A float parameter is outside the supported types.
// expect: error
// error: type float is not supported in a @Differentiable method
// on: static double f(double x, float k)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, float k) {
    return x * k;
  }
}
