// instanceof is rejected, even on a parameter that plays no part in the derivative.
// expect: error
// error: instanceof and pattern matching is not supported in a @Differentiable method
// on: tag instanceof String
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, Object tag) {
    if (tag instanceof String) {
      return x;
    }
    return 2 * x;
  }
}
