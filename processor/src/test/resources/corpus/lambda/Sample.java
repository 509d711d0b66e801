// A lambda in the body is rejected where it is written.
// expect: error
// error: a lambda or method reference is not supported in a @Differentiable method
// on: v -> v * 2
package edge;

import dev.gradgen.Differentiable;
import java.util.function.DoubleUnaryOperator;

class Sample {
  @Differentiable
  static double f(double x) {
    DoubleUnaryOperator twice = v -> v * 2;
    return x * x;
  }
}
