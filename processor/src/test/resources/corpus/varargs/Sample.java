// A varargs parameter is rejected; an array parameter is the way.
// expect: error
// error: a varargs parameter is not supported in a @Differentiable method
// on: static double sum(double... xs)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double sum(double... xs) {
    double s = 0;
    for (double v : xs) {
      s += v;
    }
    return s;
  }
}
