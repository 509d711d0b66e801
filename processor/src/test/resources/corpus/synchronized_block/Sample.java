// A synchronized block is rejected.
// expect: error
// error: synchronized is not supported in a @Differentiable method
// on: synchronized (LOCK)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  static final Object LOCK = new Object();

  @Differentiable
  static double f(double x) {
    double y;
    synchronized (LOCK) {
      y = x * x;
    }
    return y;
  }
}
