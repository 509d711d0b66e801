// Constant locals named Tensor and Math: the companion's own use of those classes must not be shadowed.
// f = 3x + sin(2) x Math + e^x x = 3x + 2 sin(2) x + x e^x
// expect: gradient
// method: Sample.f
// at: 1.5
// at: -0.5
// d x: 3 + 2 * Math.sin(2.0) + Math.exp(x) + x * Math.exp(x)
package edge;

import static java.lang.Math.exp;
import static java.lang.Math.sin;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) {
    double Tensor = 3;
    double Math = 2;
    return Tensor * x + sin(2.0) * x * Math + exp(x) * x;
  }
}
