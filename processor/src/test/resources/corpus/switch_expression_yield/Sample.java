// A switch expression with yield is rejected at the switch.
// expect: error
// error: a switch expression is not supported in a @Differentiable method
// on: return switch (k)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, int k) {
    return switch (k) {
      case 0:
        yield x;
      default: {
        double t = x * k;
        yield t * t;
      }
    };
  }
}
