// A void @Differentiable method has no value to differentiate.
// expect: error
// error: a @Differentiable method must return double or double[], not void
// on: static void f(double x)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static void f(double x) {
  }
}
