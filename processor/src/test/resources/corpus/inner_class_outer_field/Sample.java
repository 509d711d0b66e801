// An inner class's method reading a field of its enclosing instance.
// expect: error
// error: a member of an enclosing instance is not supported in a @Differentiable method
// on: return scale * x * x
package edge;

import dev.gradgen.Differentiable;

class Sample {
  double scale = 2;

  final class Inner {
    @Differentiable
    double f(double x) {
      return scale * x * x;
    }
  }
}
