// A switch on a String is rejected: switch on an int.
// expect: error
// error: a switch on java.lang.String is not supported in a @Differentiable method
// on: switch (mode)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, String mode) {
    double r = x;
    switch (mode) {
      case "square":
        r = x * x;
        break;
      default:
        break;
    }
    return r;
  }
}
