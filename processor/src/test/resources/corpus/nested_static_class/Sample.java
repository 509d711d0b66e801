// A static nested class: its companion is Sample_InnerGradients.
// expect: gradient
// method: Sample.Inner.f
// at: 1.5, 2.0
// at: -0.5, 0.25
// d x: y * Math.cos(x * y)
// d y: x * Math.cos(x * y)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  static class Inner {
    @Differentiable
    static double f(double x, double y) {
      return Math.sin(x * y);
    }
  }
}
