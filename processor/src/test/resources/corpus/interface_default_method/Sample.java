// A default method of an interface is rejected at its declaration: every implementing class may
// override it, and its gradient would still differentiate this body (issue 9). Its call of the
// interface's static @Differentiable method is fine.
// expect: error
// error: @Differentiable method 'g' can be overridden by every class that implements the interface
// on: default double g(double x)
package edge;

import dev.gradgen.Differentiable;

interface Sample {
  @Differentiable
  static double cube(double x) {
    return x * x * x;
  }

  @Differentiable
  default double g(double x) {
    return Math.sin(x) * cube(x);
  }
}
