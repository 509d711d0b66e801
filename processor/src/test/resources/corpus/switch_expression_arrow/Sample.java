// A switch expression with arrows is rejected; a switch statement is the way.
// expect: error
// error: a switch expression is not supported in a @Differentiable method
// on: switch (k) {
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, int k) {
    double y = switch (k) {
      case 0 -> x;
      case 1 -> x * x;
      default -> 0.0;
    };
    return y;
  }
}
