// log1p, expm1, cbrt, tanh, asin, acos, atan, sinh, cosh, tan and log10.
// expect: gradient
// method: Sample.f
// at: 0.3
// at: -0.6
// d x: 1 / (1 + x) + Math.exp(x) + 1 / (3 * Math.cbrt(x) * Math.cbrt(x)) + 1 - Math.pow(Math.tanh(x), 2) + 1 / Math.sqrt(1 - x * x) - 1 / Math.sqrt(1 - x * x) + 1 / (1 + x * x) + Math.cosh(x) + Math.sinh(x) + 1 / Math.pow(Math.cos(x), 2) + 1 / ((x + 2) * Math.log(10))
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) {
    return Math.log1p(x) + Math.expm1(x) + Math.cbrt(x) + Math.tanh(x) + Math.asin(x) + Math.acos(x)
        + Math.atan(x) + Math.sinh(x) + Math.cosh(x) + Math.tan(x) + Math.log10(x + 2);
  }
}
