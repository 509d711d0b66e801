// Methods declaring checked exceptions: one throws one itself, one calls a plain method that may
// throw, one calls the other. f = x^2 * 3 * 2
// expect: gradient
// method: Sample.g
// at: 1.5
// at: -0.5
// d x: 12 * x
package edge;

import dev.gradgen.Differentiable;
import java.io.IOException;

class Lib {
  static int three() throws Exception {
    return 3;
  }
}

class Sample {
  @Differentiable
  static double f(double x) throws Exception {
    if (x < -100) {
      throw new IOException("too small");
    }
    return x * x * Lib.three();
  }

  @Differentiable
  static double g(double x) throws Exception {
    return f(x) * 2;
  }
}
