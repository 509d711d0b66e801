// A var local whose type is a private nested class, inferred from a call.
// expect: error
// error: class edge.Sample.Hidden is private or local, so the generated SampleGradients cannot reach it
// on: var hidden = make()
package edge;

import dev.gradgen.Differentiable;

class Sample {
  private static class Hidden {
  }

  static Hidden make() {
    return new Hidden();
  }

  @Differentiable
  static double f(double x) {
    var hidden = make();
    return x * x;
  }
}
