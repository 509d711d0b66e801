// A switch statement (not expression) with arrows, a block case and a throwing default.
// expect: gradient
// method: Sample.f
// at: 0.7, 0
// at: 0.7, 2
// at: -1.1, 1
// d x: k == 0 ? 2 * x : k * Math.cos(x)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, int k) {
    double r;
    switch (k) {
      case 0 -> r = x * x;
      case 1, 2 -> {
        double t = Math.sin(x);
        r = t * k;
      }
      default -> throw new IllegalArgumentException("k out of range");
    }
    return r;
  }
}
