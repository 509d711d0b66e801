// The user already has a class named SampleGradients, where Sample's companion would go.
// expect: error
// error: cannot write edge.SampleGradients, the gradients of edge.Sample: a class of that name already exists
// on: class Sample {
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) {
    return x * x;
  }
}

class SampleGradients {
}
