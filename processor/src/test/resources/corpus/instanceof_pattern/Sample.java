// Pattern matching for instanceof is rejected.
// expect: error
// error: instanceof and pattern matching is not supported in a @Differentiable method
// on: tag instanceof Integer k
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, Object tag) {
    if (tag instanceof Integer k && k > 2) {
      return x * k;
    }
    return x;
  }
}
