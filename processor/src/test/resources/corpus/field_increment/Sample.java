// Counting calls in a field is a field write.
// expect: error
// error: cannot assign to field 'calls'
// on: calls++
package edge;

import dev.gradgen.Differentiable;

class Sample {
  static int calls;

  @Differentiable
  static double f(double x) {
    calls++;
    return x;
  }
}
