// A classic switch with fall-through, and a local declared in one case and assigned in a later one.
// k=0: x^2+1; k=1: x+1; k=2: 3x * x * 2; other: x * x * 2
// expect: gradient
// method: Sample.f
// at: 1.5, 0
// at: 1.5, 1
// at: 1.5, 2
// at: -0.5, 7
// d x: k == 0 ? 2 * x : k == 1 ? 1 : k == 2 ? 12 * x : 4 * x
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, int k) {
    double r = x;
    switch (k) {
      case 0:
        r *= x;
      case 1:
        r += 1;
        break;
      case 2:
        double t = x * 3;
        r = t;
      default:
        t = 2;
        r = r * x * t;
    }
    return r;
  }
}
