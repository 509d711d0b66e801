// A text block is a String constant: it may be the message of a thrown exception.
// expect: gradient
// method: Sample.f
// at: 1.5
// at: -0.25
// d x: 2 * x + Math.cos(x)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) {
    if (x > 1e6) {
      throw new IllegalArgumentException("""
          x is too large: \
          keep it below a million""");
    }
    return x * x + Math.sin(x);
  }
}
