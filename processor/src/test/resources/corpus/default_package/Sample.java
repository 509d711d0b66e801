// A class in the unnamed package.
// expect: gradient
// method: Sample.f
// at: 1.5
// at: -0.5
// d x: 3 * x * x - 2
import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) {
    return x * x * x - 2 * x;
  }
}
