// A subclass reads inherited instance and static fields and calls an inherited @Differentiable method.
// f = w x^2 + K x + w with w = 2, K = 3
// expect: gradient
// method: Sample.f
// receiver: new Sample()
// at: 1.5
// at: -0.5
// d x: 4 * x + 3
package edge;

import dev.gradgen.Differentiable;

class Base {
  double w = 2;
  static double K = 3;

  @Differentiable
  final double g(double x) {
    return w * x * x;
  }
}

final class Sample extends Base {
  @Differentiable
  double f(double x) {
    return g(x) + K * x + w;
  }
}
