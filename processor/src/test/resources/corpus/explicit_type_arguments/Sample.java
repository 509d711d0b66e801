// Explicit type arguments on a call are rejected.
// expect: error
// error: explicit type arguments is not supported in a @Differentiable method
// on: Sample.<String>first("a")
package edge;

import dev.gradgen.Differentiable;

class Sample {
  static <T> T first(T t) {
    return t;
  }

  @Differentiable
  static double f(double x) {
    String s = Sample.<String>first("a");
    return x * x;
  }
}
