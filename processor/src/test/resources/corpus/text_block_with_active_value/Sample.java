// A text block is fine as a message, but not concatenated with an active value.
// expect: error
// error: cannot build a string from 'x'
// on: limit exceeded by""" + x)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) {
    if (x > 10) {
      throw new IllegalArgumentException("""
          limit exceeded by""" + x);
    }
    return x * x;
  }
}
