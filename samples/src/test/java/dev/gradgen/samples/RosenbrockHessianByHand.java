package dev.gradgen.samples;

/** The Rosenbrock function's gradient and Hessian differentiated by hand: the tests' oracle. */
final class RosenbrockHessianByHand {

  private RosenbrockHessianByHand() {}

  /**
   * Term i, 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2, adds -400 x[i] (x[i+1] - x[i]^2) - 2 (1 - x[i])
   * to g[i] and 200 (x[i+1] - x[i]^2) to g[i+1]; to the Hessian it adds
   * 1200 x[i]^2 - 400 x[i+1] + 2 at (i, i), -400 x[i] at (i, i+1) and (i+1, i), and 200 at
   * (i+1, i+1).
   */
  static NewtonRosenbrock.SecondOrder at(double[] x) {
    int n = x.length;
    double value = 0;
    double[] g = new double[n];
    double[][] h = new double[n][n];
    for (int i = 0; i + 1 < n; i++) {
      double a = x[i + 1] - x[i] * x[i];
      value += 100 * a * a + (1 - x[i]) * (1 - x[i]);
      g[i] += -400 * x[i] * a - 2 * (1 - x[i]);
      g[i + 1] += 200 * a;
      h[i][i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2;
      h[i][i + 1] += -400 * x[i];
      h[i + 1][i] += -400 * x[i];
      h[i + 1][i + 1] += 200;
    }
    return new NewtonRosenbrock.SecondOrder(value, g, h);
  }
}
