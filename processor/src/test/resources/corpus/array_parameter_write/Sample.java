// Writing into the elements of an array parameter is rejected.
// expect: error
// error: cannot write into the elements of array parameter 'w'
// on: w[i] *= 2
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double[] w) {
    double s = 0;
    for (int i = 0; i < w.length; i++) {
      w[i] *= 2;
      s += w[i];
    }
    return s;
  }
}
