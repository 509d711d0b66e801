// Constants of JDK classes and of another class, and a mutable static field read (never written).
// expect: gradient
// method: Sample.f
// at: 1.5
// at: -0.5
// d x: Math.PI + Integer.MAX_VALUE / 1e9 + 0.25 + 2.0 * 2 * x
package edge;

import dev.gradgen.Differentiable;

class Lib {
  static final double K = 0.25;
  static double scale = 2.0;
}

class Sample {
  @Differentiable
  static double f(double x) {
    return Math.PI * x + Math.E + Double.MIN_VALUE + Integer.MAX_VALUE / 1e9 * x + Lib.K * x
        + Lib.scale * x * x;
  }
}
