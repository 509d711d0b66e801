// Iterating over an active array with an Object loop variable.
// expect: error
// error: 'w' depends on a differentiable parameter and cannot be used here
// on: for (Object o : w)
package edge;

import dev.gradgen.Differentiable;

class Sample {
  static int count(Object o) {
    return 1;
  }

  @Differentiable
  static double f(double[] w) {
    int n = 0;
    for (Object o : w) {
      n += count(o);
    }
    return w[0] * n;
  }
}
