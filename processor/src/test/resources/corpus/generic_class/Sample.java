// Methods of a generic class: an instance method (the companion takes the raw receiver) and a static
// one reading a static field and calling another static @Differentiable method.
// f = k x^2 with k = 2.5
// expect: gradient
// method: Sample.f
// receiver: new Sample<String>(2.5)
// at: 1.5
// at: -0.5
// d x: 5 * x
package edge;

import dev.gradgen.Differentiable;

final class Sample<T> {
  static double scale = 2;
  final double k;
  T tag;

  Sample(double k) {
    this.k = k;
  }

  @Differentiable
  double f(double x) {
    return k * x * x;
  }

  @Differentiable
  static double g(double x) {
    return scale * x + square(x);
  }

  @Differentiable
  static double square(double x) {
    return x * x;
  }
}
