// Nothing to differentiate with respect to.
// expect: error
// error: a @Differentiable method needs at least one double, double[] or double[][] parameter
// on: static double f(int n, long m)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(int n, long m) {
    return n * m;
  }
}
