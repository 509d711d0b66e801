// An active double[][] assigned to an Object local, after its declaration.
// expect: error
// error: 'm' depends on a differentiable parameter and cannot be used here
// on: held = m;
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, double[][] m) {
    Object held = "nothing";
    held = m;
    return x * m[0][0];
  }
}
