// Two @Differentiable overloads would produce the same gradient record.
// expect: error
// error: another @Differentiable overload of 'f' already produces SampleGradients.FGradient
// on: static double f(double x, double y)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) {
    return x * x;
  }

  @Differentiable
  static double f(double x, double y) {
    return x * y;
  }
}
