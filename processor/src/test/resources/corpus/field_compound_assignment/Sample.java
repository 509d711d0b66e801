// A compound assignment to a field through this is a field write.
// expect: error
// error: cannot assign to field 'total'
// on: this.total += x
package edge;

import dev.gradgen.Differentiable;

final class Sample {
  double total;

  @Differentiable
  double f(double x) {
    this.total += x;
    return x;
  }
}
