// A local class is rejected at its declaration.
// expect: error
// error: a local or anonymous class is not supported in a @Differentiable method
// on: class Twice
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) {
    class Twice {
      double of(double v) {
        return 2 * v;
      }
    }
    return x * x;
  }
}
