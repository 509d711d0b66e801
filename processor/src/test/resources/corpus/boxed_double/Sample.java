// A boxed Double may hold a value, but arithmetic on it is rejected; and an active value put into it
// would lose its derivative. Both are reported in one compilation.
// expect: error
// error: operator * on java.lang.Double and int is not supported in a @Differentiable method
// on: return boxed * 2
// error: 'x' depends on a differentiable parameter and cannot be used here
// on: Double boxed = x
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) {
    Double boxed = x;
    return boxed * 2;
  }
}
