// A differentiable parameter named toString would be an illegal component of the gradient record.
// expect: error
// error: parameter 'toString' would clash with the inherited toString() of the generated gradient record
// on: static double f(double x, double toString)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, double toString) {
    return x * toString;
  }
}
