// Two classes each with a @Differentiable f; Sample.f calls Other.f.
// expect: gradient
// method: Sample.f
// at: 0.5
// at: -1.5
// d x: 2 * x + Math.exp(x)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) {
    return x * x + Other.f(x);
  }
}

class Other {
  @Differentiable
  static double f(double x) {
    return Math.exp(x);
  }
}
