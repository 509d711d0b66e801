// @Differentiable on a field: javac's own @Target error, and no crash.
// expect: error
// error: not applicable to this kind of declaration
// on: @Differentiable double weight
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable double weight = 1.0;

  static double f(double x) {
    return x;
  }
}
