// assert is rejected; the message suggests an if and a throw.
// expect: error
// error: assert is not supported in a @Differentiable method
// on: assert x >= 0
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) {
    assert x >= 0 : "negative";
    return Math.sqrt(x);
  }
}
