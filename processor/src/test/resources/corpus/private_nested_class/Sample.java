// A @Differentiable method in a private nested class: its companion could not reach it.
// expect: error
// error: class edge.Sample.Hidden is private or local, so the generated Sample_HiddenGradients cannot reach it
// on: static double square(double x)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  private static class Hidden {
    @Differentiable
    static double square(double x) {
      return x * x;
    }
  }
}
