// One bad method is reported and the good methods of the class are unaffected.
// expect: error
// error: try/catch is not supported in a @Differentiable method
// on: try {
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double good(double x) {
    return x * x;
  }

  @Differentiable
  static double bad(double x) {
    try {
      return Math.log(x);
    } catch (ArithmeticException e) {
      return 0;
    }
  }

  @Differentiable
  static double alsoGood(double x) {
    return good(x) * 2;
  }
}
