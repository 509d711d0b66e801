// Plain static and instance methods of other classes, called with constant arguments only.
// a = 6, b = k n: f = 6x^2 + k n x + n + 1
// expect: gradient
// method: Sample.f
// at: 1.25, new Scaler(0.5), 4
// at: -0.5, new Scaler(-2.0), 1
// d x: 12 * x + s.k * n
package edge;

import dev.gradgen.Differentiable;

class Helpers {
  static double twice(double v) {
    return 2 * v;
  }

  static int next(int n) {
    return n + 1;
  }
}

class Scaler {
  final double k;

  Scaler(double k) {
    this.k = k;
  }

  double apply(double v) {
    return k * v;
  }
}

class Sample {
  @Differentiable
  static double f(double x, Scaler s, int n) {
    double a = Helpers.twice(3.0);
    double b = s.apply(n);
    return a * x * x + b * x + Helpers.next(n);
  }
}
