// Math.round, floor, ceil, rint and signum of active values: derivative zero where they are flat.
// expect: gradient
// method: Sample.f
// at: 1.2
// at: -2.7
// d x: Math.round(x) + Math.floor(x) + Math.signum(x)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) {
    long r = Math.round(x);
    double fl = Math.floor(x);
    return x * r + fl * x + Math.ceil(x) + Math.signum(x) * x + Math.rint(x * 3);
  }
}
