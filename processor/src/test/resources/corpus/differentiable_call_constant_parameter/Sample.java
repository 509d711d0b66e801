// Another class's @Differentiable method given an active argument for a parameter outside its wrt.
// expect: error
// error: argument 'x' depends on a differentiable parameter, but parameter 'b' of 'g' is not differentiable
// on: r += Lib.g(1.0, x)
package edge;

import dev.gradgen.Differentiable;

class Lib {
  @Differentiable(wrt = {"a"})
  static double g(double a, double b) {
    return a * b;
  }
}

class Sample {
  @Differentiable
  static double f(double x, double y) {
    double r = Lib.g(y, 2.0);
    r += Lib.g(1.0, x);
    return r;
  }
}
