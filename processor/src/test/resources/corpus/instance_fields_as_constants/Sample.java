// An instance method reading a double and a double[] field of its receiver.
// f = 2 (1 - 0.5 x + 0.25 x^2)
// expect: gradient
// method: Sample.f
// receiver: new Sample(2.0, new double[] {1.0, -0.5, 0.25})
// at: 1.5
// at: -0.5
// d x: -1 + x
package edge;

import dev.gradgen.Differentiable;

final class Sample {
  final double scale;
  final double[] weights;

  Sample(double scale, double[] weights) {
    this.scale = scale;
    this.weights = weights;
  }

  @Differentiable
  double f(double x) {
    double s = 0;
    double power = 1;
    for (int i = 0; i < this.weights.length; i++) {
      s += weights[i] * power;
      power *= x;
    }
    return scale * s;
  }
}
