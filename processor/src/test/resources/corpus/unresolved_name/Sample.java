// An undefined name is reported on its line.
// expect: error
// error: cannot resolve 'undefinedWeight'
// on: x * undefinedWeight
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) {
    return x * undefinedWeight;
  }
}
