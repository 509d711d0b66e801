// Calling a @Differentiable method of a private nested class reports both the callee and the call.
// expect: error
// error: class edge.Sample.Hidden is private or local
// on: static double square(double x)
// error: cannot differentiate through 'Hidden.square(double)'
// on: Hidden.square(x) + 1
package edge;

import dev.gradgen.Differentiable;

class Sample {
  private static class Hidden {
    @Differentiable
    static double square(double x) {
      return x * x;
    }
  }

  @Differentiable
  static double f(double x) {
    return Hidden.square(x) + 1;
  }
}
