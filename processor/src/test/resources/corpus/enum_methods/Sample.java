// An instance method of an enum constant, reading its own field and another constant's.
// f = k x^2 + 2 e^x with k = 1 for ONE
// expect: gradient
// method: Sample.f
// receiver: Sample.ONE
// at: 0.5
// at: -1.5
// d x: 2 * x + 2 * Math.exp(x)
package edge;

import dev.gradgen.Differentiable;

enum Sample {
  ONE(1.0), TWO(2.0);

  final double k;

  Sample(double k) {
    this.k = k;
  }

  @Differentiable
  double f(double x) {
    return k * x * x + TWO.k * Math.exp(x);
  }
}
