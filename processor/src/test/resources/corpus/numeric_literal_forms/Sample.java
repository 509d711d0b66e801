// Hex, binary, octal, underscore, hex-float, subnormal and extreme literals; C-style array declarators.
// f = -x + 1020 x + d x + x^2 with d = 3 + 1e-320 + 0.5 + 5
// expect: gradient
// method: Sample.f
// at: 1.5
// at: -0.5
// d x: -1 + 1020 + (0x1.8p1 + 1e-320 + .5 + 5.) + 2 * x
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) {
    int a = 0xFFFFFFFF;
    long b = 0xFFFFFFFFL;
    int c = 0b101 + 017 + 1_000;
    double d = 0x1.8p1 + 1e-320 + .5 + 5.;
    int e = -2147483648;
    long g = -9223372036854775808L;
    double h[] = {x, 2};
    double m[][] = {{x}};
    return x * a + b * 0 + c * x + d * x + e * 0 + g * 0 + h[0] * m[0][0];
  }
}
