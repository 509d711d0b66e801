// A labelled block left with break from a loop inside it.
// For n > 3 the loop adds x*(0+1+2) and leaves the block: 3x^2; else s = x*n(n-1), returned times x.
// expect: gradient
// method: Sample.f
// at: 1.5, 5
// at: -0.5, 2
// d x: n > 3 ? 6 * x : 2 * x * n * (n - 1)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, int n) {
    double s = 0;
    outer:
    {
      for (int i = 0; i < n; i++) {
        if (i == 3) {
          break outer;
        }
        s += x * i;
      }
      s = s * 2;
    }
    return s * x;
  }
}
