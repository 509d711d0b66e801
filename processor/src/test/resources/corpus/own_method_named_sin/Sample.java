// The class's own @Differentiable sin is called unqualified; Math.sin only when qualified.
// f = 2x^2 + sin(x)
// expect: gradient
// method: Sample.f
// at: 0.5
// at: -1.5
// d x: 4 * x + Math.cos(x)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double sin(double x) {
    return 2 * x * x;
  }

  @Differentiable
  static double f(double x) {
    return sin(x) + Math.sin(x);
  }
}
