// Sibling blocks declaring locals of the same name, one active and one not; empty statements.
// f = x + x^2 + 3
// expect: gradient
// method: Sample.f
// at: 1.5
// at: -0.5
// d x: 1 + 2 * x
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) {
    double s = 0;
    ;
    {
      double t = x;
      s += t;
    }
    {
      double t = x * x;
      s += t;
    }
    {
      int t = 3;
      s += t;
    }
    ;
    return s;
  }
}
