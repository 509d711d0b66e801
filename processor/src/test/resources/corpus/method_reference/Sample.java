// A method reference is rejected like a lambda.
// expect: error
// error: a lambda or method reference is not supported in a @Differentiable method
// on: Math::sin
package edge;

import dev.gradgen.Differentiable;
import java.util.function.DoubleUnaryOperator;

class Sample {
  @Differentiable
  static double f(double x) {
    DoubleUnaryOperator op = Math::sin;
    return x;
  }
}
