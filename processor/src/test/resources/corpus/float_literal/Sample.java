// A float literal is rejected where it is written.
// expect: error
// error: type float is not supported in a @Differentiable method
// on: x * 1.5f
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) {
    return x * 1.5f;
  }
}
