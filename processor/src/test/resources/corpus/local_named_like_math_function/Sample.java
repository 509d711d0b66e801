// Locals named sin, exp and cos next to the statically imported functions of the same names.
// f = 2x (2x + 1) + cos(x) + sin(x)
// expect: gradient
// method: Sample.f
// at: 0.5
// at: -1.5
// d x: 8 * x + 2 - Math.sin(x) + Math.cos(x)
package edge;

import static java.lang.Math.*;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) {
    double sin = x * 2;
    double exp = sin + 1;
    double cos = cos(x);
    return sin * exp + cos + sin(x);
  }
}
