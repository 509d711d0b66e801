// Locals shadowing a static and an instance field; the fields are still reachable qualified.
// f = 2y (2y + 1) + 3 + 100
// expect: gradient
// method: Sample.f
// receiver: new Sample()
// at: 1.5
// at: -0.5
// d y: 8 * y + 2
package edge;

import dev.gradgen.Differentiable;

final class Sample {
  static double x = 100;
  double scale = 3;

  @Differentiable
  double f(double y) {
    double x = y * 2;
    double scale = x + 1;
    return x * scale + this.scale + Sample.x;
  }
}
