// Several declarators in one declaration, active and constant mixed. f = x (2x + 2) + j
// expect: gradient
// method: Sample.f
// at: 1.5
// at: -0.5
// d x: 4 * x + 2
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) {
    double a = x, b = 2;
    double c, d = a * b;
    int i = 1, j = i + 1;
    c = d + b;
    return a * c + j;
  }
}
