// wrt names an int parameter, which cannot carry a derivative.
// expect: error
// error: wrt names 'n', of type int; only double, double[] and double[][] parameters can be differentiated
// on: @Differentiable(wrt = {"n"})
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable(wrt = {"n"})
  static double f(double x, int n) {
    return x * n;
  }
}
