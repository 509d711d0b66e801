// An inner class of a generic class: the receiver is Sample<T>.Inner, named raw by the companion.
// f = m x^2 with m = 3
// expect: gradient
// method: Sample.Inner.f
// receiver: new Sample<Integer>().new Inner(3.0)
// at: 1.5
// at: -0.5
// d x: 6 * x
package edge;

import dev.gradgen.Differentiable;

final class Sample<T> {
  final class Inner {
    final double m;

    Inner(double m) {
      this.m = m;
    }

    @Differentiable
    double f(double x) {
      return m * x * x;
    }
  }
}
