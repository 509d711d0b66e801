// The user's package has its own class Math; the body names java.lang.Math in full. The companion,
// in the same package, must still reach java.lang.Math (a wrong Math would change the value).
// The formulas below name java.lang.Math in full too, as they are evaluated in the same package.
// expect: gradient
// method: Sample.f
// at: 0.5, 2.0
// at: -1.5, 0.25
// d x: -java.lang.Math.sin(x * y) * y * x + java.lang.Math.cos(x * y) + java.lang.Math.sin(2.0)
// d y: -java.lang.Math.sin(x * y) * x * x + java.lang.Math.cos(y)
package edge;

import dev.gradgen.Differentiable;

class Math {
  static double sin(double v) {
    return 42;
  }

  static double cos(double v) {
    return 43;
  }
}

class Sample {
  @Differentiable
  static double f(double x, double y) {
    return java.lang.Math.cos(x * y) * x + java.lang.Math.sin(y) + java.lang.Math.sin(2.0) * x;
  }
}
