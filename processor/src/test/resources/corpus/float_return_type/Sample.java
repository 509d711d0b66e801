// A @Differentiable method must return double or double[].
// expect: error
// error: a @Differentiable method must return double or double[], not float
// on: static float f(double x)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static float f(double x) {
    return (float) (x * x);
  }
}
