// A private field cannot be read from the generated companion.
// expect: error
// error: 'secret' is private, so the generated SampleGradients cannot reach it
// on: x * secret
package edge;

import dev.gradgen.Differentiable;

final class Sample {
  private double secret = 2.0;

  @Differentiable
  double f(double x) {
    return x * secret;
  }
}
