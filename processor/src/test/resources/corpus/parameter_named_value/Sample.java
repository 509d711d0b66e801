// A parameter named value would clash with value() of the gradient record.
// expect: error
// error: parameter 'value' would clash with value() of the generated gradient record
// on: static double f(double x, double value)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, double value) {
    return x * value;
  }
}
