// String locals built from constants and an int parameter, used in a throw.
// expect: gradient
// method: Sample.f
// at: 1.5, 2
// at: -0.5, 3
// d x: 2 * n * x
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, int n) {
    String label = "n=" + n + ", flag " + true;
    if (n < 0) {
      throw new IllegalArgumentException(label + " is negative");
    }
    return n * x * x;
  }
}
