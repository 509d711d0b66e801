// Constants on the left of Math functions and operators with an active right operand.
// expect: gradient
// method: Sample.f
// at: 2.5, 1
// at: 4.2, 5
// d x: (x > 3 ? 1 : 0) + (x < 2 ? 1 : 0) + Math.pow(2, x) * Math.log(2) - 1 / (1 + x * x) + x / Math.hypot(n, x) + (x > n ? 1 : 0) - (int) (7 / x) - 1 - n / (x * x)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, int n) {
    double a = Math.max(3, x);
    double b = Math.min(2.0, x);
    double c = Math.pow(2, x);
    double d = Math.atan2(1, x);
    double e = Math.hypot(n, x);
    double g = Math.max(x, n);
    double h = 7 % x;
    double k = n - x;
    double m = n / x;
    return a + b + c + d + e + g + h + k + m + Math.max(n, 2);
  }
}
