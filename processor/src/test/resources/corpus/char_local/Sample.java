// A char local is rejected.
// expect: error
// error: type char is not supported in a @Differentiable method
// on: char c = 'a'
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) {
    char c = 'a';
    return x * c;
  }
}
