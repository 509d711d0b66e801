// A parameter of a private nested class's type: the companion could not declare it.
// expect: error
// error: class edge.Sample.Hidden is private or local, so the generated SampleGradients cannot reach it
// on: static double f(double x, Hidden hidden)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  private static class Hidden {
  }

  @Differentiable
  static double f(double x, Hidden hidden) {
    return x * x;
  }
}
