// A record's components, read as fields (through accessors) and through the accessors themselves.
// f = a x^2 + b x + a with a = 2, b = -3
// expect: gradient
// method: Sample.f
// receiver: new Sample(2.0, -3.0)
// at: 1.5
// at: -0.5
// d x: 2 * 2.0 * x - 3.0
package edge;

import dev.gradgen.Differentiable;

record Sample(double a, double b) {
  @Differentiable
  double f(double x) {
    return a * x * x + b() * x + this.a;
  }
}
