// A call to a method that does not exist is reported on its line, not by a crash.
// expect: error
// error: cannot resolve the method called by 'nowhere(x)'
// on: x * nowhere(x)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) {
    return x * nowhere(x);
  }
}
