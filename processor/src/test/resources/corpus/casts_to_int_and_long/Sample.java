// Casts of active values to int and long are piecewise constant: only x * i and (int) x * x remain.
// expect: gradient
// method: Sample.f
// at: 2.37
// at: -1.61
// d x: 2 * (int) x
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) {
    int i = (int) x;
    long l = (long) (x * 10);
    return x * i + l + (double) (int) (x * x) + (int) x * x;
  }
}
