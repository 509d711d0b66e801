// Unicode escapes in identifiers: the local is x, spelled with an escape.
// f = y^2 sin(y^2) + y
// expect: gradient
// method: Sample.f
// at: 0.8
// at: -1.1
// d y: 2 * y * Math.sin(y * y) + 2 * y * y * y * Math.cos(y * y) + 1
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double y) {
    double \u0078 = y * y;
    return x * Math.sin(\u0078) + \u0079;
  }
}
