// Non-ASCII identifiers for a parameter (a record component of the gradient) and locals.
// f = 2 pi é x
// expect: gradient
// method: Sample.f
// at: 1.5, 2.0
// at: -0.5, 0.25
// d é: 2 * Math.PI * x
// d x: 2 * Math.PI * é
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double é, double x) {
    double π2 = Math.PI * 2;
    double résultat = é * x * π2;
    return résultat;
  }
}
