// @Differentiable on a constructor: javac's own @Target error, and no crash.
// expect: error
// error: not applicable to this kind of declaration
// on: @Differentiable
package edge;

import dev.gradgen.Differentiable;

class Sample {
  final double v;

  @Differentiable
  Sample(double x) {
    v = x * x;
  }
}
