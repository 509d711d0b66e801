// Assigning an instance field would make the gradient change state.
// expect: error
// error: cannot assign to field 'last'
// on: last = x
package edge;

import dev.gradgen.Differentiable;

final class Sample {
  double last;

  @Differentiable
  double f(double x) {
    last = x;
    return x * x;
  }
}
