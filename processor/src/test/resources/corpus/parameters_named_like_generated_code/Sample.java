// Parameters named self, out, selfNode, outNode and self_, and a local named Tensor.
// f = 2 self out + selfNode outNode + self_
// expect: gradient
// method: Sample.f
// receiver: new Sample()
// at: 1.5, 2.0, -0.5, 0.25, 3.0
// d self: 2 * out
// d out: 2 * self
// d selfNode: outNode
// d outNode: selfNode
// d self_: 1
package edge;

import dev.gradgen.Differentiable;

final class Sample {
  double k = 2;

  @Differentiable
  double f(double self, double out, double selfNode, double outNode, double self_) {
    double Tensor = self * out;
    return Tensor * k + selfNode * outNode + self_;
  }
}
