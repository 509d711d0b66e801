// var initialised by a generic method: its type, List<E>, cannot be written in the companion.
// expect: error
// error: type java.util.List<E> is not supported in a @Differentiable method
// on: var weights = List.of(1.0, 2.0)
package edge;

import dev.gradgen.Differentiable;
import java.util.List;

class Sample {
  @Differentiable
  static double f(double x) {
    var weights = List.of(1.0, 2.0);
    return x * weights.size();
  }
}
