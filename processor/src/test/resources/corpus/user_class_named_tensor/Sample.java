// The user's package has its own classes named Tensor and Derivatives, like the runtime's.
// f = xy + 6 sin(xy)
// expect: gradient
// method: Sample.f
// at: 0.5, 1.5
// at: -1.0, 0.3
// d x: y + 6 * y * Math.cos(x * y)
// d y: x + 6 * x * Math.cos(x * y)
package edge;

import dev.gradgen.Differentiable;

class Tensor {
  static double twice(double v) {
    return 2 * v;
  }
}

class Derivatives {
}

class Sample {
  @Differentiable
  static double f(double x, double y) {
    return x * y + Tensor.twice(3.0) * Math.sin(x * y);
  }
}
