// try/catch is rejected at the try.
// expect: error
// error: try/catch is not supported in a @Differentiable method
// on: try {
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, double[] w) {
    double y;
    try {
      y = w[3] * x;
    } catch (ArrayIndexOutOfBoundsException e) {
      y = x;
    }
    return y;
  }
}
