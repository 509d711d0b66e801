// A generic @Differentiable method is rejected at its declaration.
// expect: error
// error: a generic method is not supported in a @Differentiable method
// on: static <T extends Number> double f
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static <T extends Number> double f(double x, T scale) {
    return x * x;
  }
}
