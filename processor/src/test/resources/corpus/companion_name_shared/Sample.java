// Sample.Inner and Sample_Inner would both have the companion Sample_InnerGradients.
// expect: error
// error: cannot write edge.Sample_InnerGradients, the gradients of edge.Sample_Inner
// on: class Sample_Inner {
package edge;

import dev.gradgen.Differentiable;

class Sample {
  static class Inner {
    @Differentiable
    static double f(double x) {
      return x * x;
    }
  }
}

class Sample_Inner {
  @Differentiable
  static double g(double x) {
    return x * x * x;
  }
}
