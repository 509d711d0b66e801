// Assigning a static field through its class is rejected.
// expect: error
// error: cannot assign to field 'calls'
// on: Sample.calls = 1
package edge;

import dev.gradgen.Differentiable;

class Sample {
  static int calls;

  @Differentiable
  static double f(double x) {
    Sample.calls = 1;
    return x * x;
  }
}
