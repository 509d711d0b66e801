// A cast to byte is rejected.
// expect: error
// error: type byte is not supported in a @Differentiable method
// on: (byte) n
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, int n) {
    return x * (byte) n;
  }
}
