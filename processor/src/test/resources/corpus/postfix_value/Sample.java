// The value of y++ on an active variable cannot be used.
// expect: error
// error: the value of 'y++' on a differentiable variable cannot be used
// on: double z = y++ * 2
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) {
    double y = x;
    double z = y++ * 2;
    return z + y;
  }
}
