// A for loop declaring two doubles, one of them active: s = x + x^2 + x^3.
// expect: gradient
// method: Sample.f
// at: 1.5
// at: -0.5
// d x: 1 + 2 * x + 3 * x * x
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) {
    double s = 0;
    for (double a = 0, b = x; a < 3; a++, b *= x) {
      s += b;
    }
    return s;
  }
}
