// An anonymous class is rejected at its creation.
// expect: error
// error: a local or anonymous class is not supported in a @Differentiable method
// on: new Runnable()
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) {
    Runnable r = new Runnable() {
      @Override
      public void run() { }
    };
    return x * x;
  }
}
