package dev.gradgen.samples;

/** The Adam optimiser (Kingma and Ba, 2015) for a flat parameter vector, as the samples use it. */
public final class Adam {

  private static final double BETA1 = 0.9;
  private static final double BETA2 = 0.999;
  private static final double EPSILON = 1e-8;

  private final double[] firstMoment;
  private final double[] secondMoment;
  private int steps;

  /** An optimiser for {@code size} parameters, with both moment estimates at zero. */
  public Adam(int size) {
    firstMoment = new double[size];
    secondMoment = new double[size];
  }

  /** Moves {@code params} one step against {@code gradient}, in place. */
  public void step(double[] params, double[] gradient, double learningRate) {
    steps++;
    // The moments start at zero, so early averages are biased low; these factors undo that.
    double correction1 = 1.0 - Math.pow(BETA1, steps);
    double correction2 = 1.0 - Math.pow(BETA2, steps);
    for (int i = 0; i < params.length; i++) {
      double g = gradient[i];
      firstMoment[i] = BETA1 * firstMoment[i] + (1.0 - BETA1) * g;
      secondMoment[i] = BETA2 * secondMoment[i] + (1.0 - BETA2) * g * g;
      double m = firstMoment[i] / correction1;
      double v = secondMoment[i] / correction2;
      params[i] -= learningRate * m / (Math.sqrt(v) + EPSILON);
    }
  }
}
