// Static imports of Activations (on demand) and of single Math functions.
// expect: gradient
// method: Sample.f
// at: 0.7, 0.3
// at: -1.2, 0.9
// d x: Math.exp(-x) / Math.pow(1 + Math.exp(-x), 2) * Math.exp(y) + x / Math.sqrt(x * x + 1) + (x > y ? 1 : 0)
// d y: Math.exp(y) / (1 + Math.exp(-x)) + 1 / (1 + Math.exp(-y)) - (x > y ? 1 : 0)
package edge;

import static dev.gradgen.Activations.*;
import static java.lang.Math.exp;
import static java.lang.Math.sqrt;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, double y) {
    return sigmoid(x) * exp(y) + sqrt(x * x + 1) + softplus(y) + relu(x - y);
  }
}
