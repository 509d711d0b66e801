// An enhanced for over a List is rejected: only arrays can be iterated.
// expect: error
// error: iterating over java.util.List<java.lang.Double> is not supported
// on: for (double v : values)
package edge;

import dev.gradgen.Differentiable;
import java.util.List;

class Sample {
  @Differentiable
  static double f(double x, List<Double> values) {
    double s = 0;
    for (double v : values) {
      s += v * x;
    }
    return s;
  }
}
