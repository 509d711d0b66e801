// Boolean locals from comparisons of active values, with &&, ||, ^ and !.
// expect: gradient
// method: Sample.f
// at: 1.5, 2.0, 2, false
// at: 1.5, 2.0, 3, false
// at: -2.0, 0.5, 3, true
// at: -0.5, 0.5, 2, false
// d x: (x > 0 && y > 0 || x < -1) && !((n & 1) == 1 ^ flag) ? y : 2 * x
// d y: (x > 0 && y > 0 || x < -1) && !((n & 1) == 1 ^ flag) ? x : 0
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, double y, int n, boolean flag) {
    boolean inside = x > 0 && y > 0 || x < -1;
    boolean odd = (n & 1) == 1 ^ flag;
    if (inside && !odd) {
      return x * y;
    }
    return x * x;
  }
}
