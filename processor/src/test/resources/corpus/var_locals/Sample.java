// var for doubles, ints and arrays. f = (n+1) x^2 + x
// expect: gradient
// method: Sample.f
// at: 1.5, 2
// at: -0.5, 5
// d x: 2 * x * (n + 1) + 1
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double x, int n) {
    var y = x * x;
    var k = n + 1;
    var arr = new double[] {x, y};
    var t = arr[1] * k;
    return t + arr[0];
  }
}
