// try-with-resources is rejected at the try.
// expect: error
// error: try/catch is not supported in a @Differentiable method
// on: try (java.io.StringReader
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x) throws java.io.IOException {
    try (java.io.StringReader reader = new java.io.StringReader("2")) {
      x = x * reader.read();
    }
    return x;
  }
}
