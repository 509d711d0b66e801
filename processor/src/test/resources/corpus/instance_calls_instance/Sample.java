// An instance method calling another instance @Differentiable method, with and without this.
// f = 2 (k x^2) with k = 1.5
// expect: gradient
// method: Sample.f
// receiver: new Sample(1.5)
// at: 1.5
// at: -0.5
// d x: 6 * x
package edge;

import dev.gradgen.Differentiable;

final class Sample {
  final double k;

  Sample(double k) {
    this.k = k;
  }

  @Differentiable
  double g(double x) {
    return k * x * x;
  }

  @Differentiable
  double f(double x) {
    return g(x) + this.g(x);
  }
}
