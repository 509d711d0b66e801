// A local of a private nested class's type: the companion could not declare it.
// expect: error
// error: class edge.Sample.Hidden is private or local, so the generated SampleGradients cannot reach it
// on: Hidden hidden = make()
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
    Hidden hidden = make();
    return x * x;
  }
}
