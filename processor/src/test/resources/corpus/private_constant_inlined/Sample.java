// Private compile-time constants (double, int, String) are inlined, so they may stay private.
// expect: gradient
// method: Sample.f
// at: 1.5
// at: -2.0
// d x: 15 * x
package edge;

import dev.gradgen.Differentiable;

class Sample {
  private static final double SCALE = 2.5;
  private static final int N = 3;
  private static final String NAME = "scaled";

  @Differentiable
  static double f(double x) {
    if (x > 1e9) {
      throw new IllegalStateException(NAME + " input too large");
    }
    return SCALE * x * x * N;
  }
}
