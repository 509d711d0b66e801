// try/finally without a catch is rejected too.
// expect: error
// error: try/catch is not supported in a @Differentiable method
// on: try {
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) {
    double y = 0;
    try {
      y = x * 2;
    } finally {
      y = y + 1;
    }
    return y;
  }
}
