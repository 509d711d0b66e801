// A boxed Double may hold a value, but arithmetic on it is rejected.
// expect: error
// error: operator * on java.lang.Double and int is not supported in a @Differentiable method
// on: return boxed * 2
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) {
    Double boxed = x;
    return boxed * 2;
  }
}
