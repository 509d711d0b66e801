// An inner (non-static) class reading its own field.
// f = m x^2 + x with m = 3
// expect: gradient
// method: Sample.Inner.f
// receiver: new Sample().new Inner(3.0)
// at: 1.5
// at: -0.5
// d x: 6 * x + 1
package edge;

import dev.gradgen.Differentiable;

class Sample {
  final class Inner {
    final double m;

    Inner(double m) {
      this.m = m;
    }

    @Differentiable
    double f(double x) {
      return m * x * x + x;
    }
  }
}
