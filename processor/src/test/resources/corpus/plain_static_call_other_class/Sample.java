// An active argument to a plain static method of another class loses the derivative.
// expect: error
// error: cannot differentiate through 'Helpers.twice': it is not @Differentiable
// on: Helpers.twice(x)
package edge;

import dev.gradgen.Differentiable;

class Helpers {
  static double twice(double v) {
    return 2 * v;
  }
}

class Sample {
  @Differentiable
  static double f(double x) {
    return Helpers.twice(x) + 1;
  }
}
