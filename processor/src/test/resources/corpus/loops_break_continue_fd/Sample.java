// Newton's iteration for sqrt(a) with while, do-while, break and continue; checked by finite differences.
// expect: gradient
// method: Sample.f
// at: 2.0
// at: 10.0
// d a: fd
package edge;

import dev.gradgen.Differentiable;

class Sample {
  @Differentiable
  static double f(double a) {
    double y = a;
    int steps = 0;
    while (true) {
      steps++;
      if (steps % 2 == 0) {
        y = 0.5 * (y + a / y);
        continue;
      }
      y = 0.5 * (y + a / y);
      if (steps >= 8) {
        break;
      }
    }
    do {
      y = 0.5 * (y + a / y);
      steps--;
    } while (steps > 6);
    return y * y * y;
  }
}
