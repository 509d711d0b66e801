// Fully qualified java.lang.Math and java.lang.StrictMath.
// expect: gradient
// method: Sample.f
// at: 0.4
// at: 2.5
// d x: Math.cos(x) - Math.sin(x) + 1 / x
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) {
    return java.lang.Math.sin(x) + java.lang.StrictMath.cos(x) + java.lang.Math.log(x);
  }
}
