// A local record is a local class too.
// expect: error
// error: a local or anonymous class is not supported in a @Differentiable method
// on: record Pair
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) {
    record Pair(double a, double b) { }
    return x * x;
  }
}
