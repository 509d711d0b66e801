package dev.gradgen.samples;

import dev.gradgen.Differentiable;
import java.io.PrintStream;
import java.util.Locale;

/** Minimises the 10-dimensional Rosenbrock function with Adam on its generated gradient. */
public final class Rosenbrock {

  static final int DIMENSION = 10;
  static final int STEPS = 1500;

  private Rosenbrock() {}

  /** Where the optimiser stopped: the iterate, its value and its largest distance from all ones. */
  public record Result(double[] x, double value, double maxError, int steps) {}

  /**
   * The sum of 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2: a long curved valley with its global
   * minimum, 0, at all ones (for n = 10 there is also a local one near x[0] = -1, which starting
   * at the origin avoids).
   */
  @Differentiable
  static double rosenbrock(double[] x) {
    double sum = 0;
    for (int i = 0; i + 1 < x.length; i++) {
      double valley = x[i + 1] - x[i] * x[i];
      double offset = 1 - x[i];
      sum += 100 * valley * valley + offset * offset;
    }
    return sum;
  }

  /** Runs Adam from the origin, printing the iterate now and then. */
  public static Result run(PrintStream out) {
    double[] x = new double[DIMENSION];
    Adam adam = new Adam(DIMENSION);
    out.printf(
        Locale.ROOT,
        "f(x) = sum of 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2 "
            + "in %d dimensions;%nAdam from the origin, %d steps of rosenbrockGradient(x)%n%n",
        DIMENSION,
        STEPS);
    out.printf(Locale.ROOT, "  %5s %9s %8s  %s%n", "step", "f(x)", "max|x-1|", "x");
    RosenbrockGradients.RosenbrockGradient g = RosenbrockGradients.rosenbrockGradient(x);
    for (int step = 0; step <= STEPS; step++) {
      if (step > 0) {
        // Adam's steps stay about learningRate long however flat the valley floor gets, so the rate
        // decays (10x over the run) to let the iterate settle instead of circling the minimum.
        double learningRate = 0.05 * Math.pow(0.1, (double) step / STEPS);
        adam.step(x, g.x(), learningRate);
        g = RosenbrockGradients.rosenbrockGradient(x);
      }
      if (step == 0
          || step == 10
          || step == 25
          || step == 50
          || step % 100 == 0 && step <= 500
          || step % 500 == 0) {
        out.printf(Locale.ROOT, "  %5d %9.2e %8.1e %s%n", step, g.value(), maxError(x), format(x));
      }
    }
    return new Result(x, g.value(), maxError(x), STEPS);
  }

  /** The largest |x[i] - 1|. */
  static double maxError(double[] x) {
    double max = 0;
    for (double xi : x) {
      max = Math.max(max, Math.abs(xi - 1));
    }
    return max;
  }

  private static String format(double[] x) {
    StringBuilder sb = new StringBuilder();
    for (double xi : x) {
      sb.append(String.format(Locale.ROOT, "%8.4f", xi));
    }
    return sb.toString();
  }

  public static void main(String[] args) {
    run(System.out);
  }
}
