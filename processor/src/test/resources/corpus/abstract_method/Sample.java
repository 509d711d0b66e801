// An abstract method has no body to differentiate.
// expect: error
// error: a @Differentiable method needs a body; this one is abstract or native
// on: abstract double f(double x);
package edge;

import dev.gradgen.Differentiable;

abstract class Sample {
  @Differentiable
  abstract double f(double x);
}
