// A private plain method cannot be called from the generated companion.
// expect: error
// error: 'scale(...)' is private, so the generated SampleGradients cannot reach it
// on: scale(3)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  private static double scale(int n) {
    return n * 0.5;
  }

  @Differentiable
  static double f(double x) {
    return x * scale(3);
  }
}
