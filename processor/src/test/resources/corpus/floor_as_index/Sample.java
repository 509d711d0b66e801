// An index computed from an active value: (int) Math.floor(x) picks the weight.
// expect: gradient
// method: Sample.f
// at: 1.4, new double[] {0.5, -2.0, 3.0}
// at: 0.3, new double[] {0.5, -2.0, 3.0}
// d x: w[(int) Math.floor(x)] + 1
// d w: java.util.stream.IntStream.range(0, w.length).mapToDouble(k -> k == (int) Math.floor(x) ? x : 0).toArray()
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, double[] w) {
    int i = (int) Math.floor(x);
    return w[i] * x + x;
  }
}
