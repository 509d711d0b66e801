// An interface method without a body has nothing to differentiate.
// expect: error
// error: a @Differentiable method needs a body; this one is abstract or native
// on: double f(double x);
package edge;

import dev.gradgen.Differentiable;

interface Sample {
  @Differentiable
  double f(double x);
}
