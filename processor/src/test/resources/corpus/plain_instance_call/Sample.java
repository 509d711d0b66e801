// An active argument to a plain instance method of another class loses the derivative.
// expect: error
// error: cannot differentiate through 'scaler.apply': it is not @Differentiable
// on: scaler.apply(x * x)
package edge;

import dev.gradgen.Differentiable;

class Scaler {
  double k = 2;

  double apply(double v) {
    return k * v;
  }
}

class Sample {
  @Differentiable
  static double f(double x, Scaler scaler) {
    double y = scaler.apply(x * x);
    return y;
  }
}
