// Methods f and F differ only in case, but their records would both be FGradient.
// expect: error
// error: already produces SampleGradients.FGradient
// on: static double F(double x)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) {
    return x;
  }

  @Differentiable
  static double F(double x) {
    return 2 * x;
  }
}
