// Writing into an array held by a field is a field write.
// expect: error
// error: cannot assign to field 'buffer'
// on: buffer[0] = x
package edge;

import dev.gradgen.Differentiable;

class Sample {
  static final double[] buffer = new double[4];

  @Differentiable
  static double f(double x) {
    buffer[0] = x;
    return x;
  }
}
