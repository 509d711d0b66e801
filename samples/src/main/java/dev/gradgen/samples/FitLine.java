package dev.gradgen.samples;

import dev.gradgen.Differentiable;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Random;

/** Fits a line to noisy points by gradient descent on the generated gradient of its error. */
public final class FitLine {

  static final double TRUE_W = 2.0;
  static final double TRUE_B = -1.0;
  static final double NOISE = 0.3;
  static final int POINTS = 50;
  static final long SEED = 7;
  static final int STEPS = 100;
  static final double LEARNING_RATE = 0.2;

  private FitLine() {}

  /** The points: x uniform in [-2, 2], y = TRUE_W x + TRUE_B plus Gaussian noise of sd NOISE. */
  public record Data(double[] xs, double[] ys) {}

  /** The fitted line and its mean squared error. */
  public record Result(double w, double b, double loss, int steps) {}

  /**
   * The mean squared error of y = w x + b. Only w and b are differentiable; the data are constants,
   * so no gradient is computed for them.
   */
  @Differentiable(wrt = {"w", "b"})
  static double mse(double w, double b, double[] xs, double[] ys) {
    double sum = 0;
    for (int i = 0; i < xs.length; i++) {
      double error = w * xs[i] + b - ys[i];
      sum += error * error;
    }
    return sum / xs.length;
  }

  /** The same data every run: the seed is fixed. */
  public static Data data() {
    Random random = new Random(SEED);
    double[] xs = new double[POINTS];
    double[] ys = new double[POINTS];
    for (int i = 0; i < POINTS; i++) {
      xs[i] = -2 + 4 * random.nextDouble();
      ys[i] = TRUE_W * xs[i] + TRUE_B + NOISE * random.nextGaussian();
    }
    return new Data(xs, ys);
  }

  /** How far least squares strays from the true line by chance, for this design and noise. */
  public record StandardErrors(double w, double b) {}

  /**
   * The textbook standard errors of least squares: sd/sqrt(Sxx) for the slope and
   * sd sqrt(1/n + mean(x)^2/Sxx) for the intercept, Sxx being the sum of (x - mean(x))^2.
   */
  public static StandardErrors standardErrors(double[] xs) {
    double mean = 0;
    for (double x : xs) {
      mean += x / xs.length;
    }
    double sxx = 0;
    for (double x : xs) {
      sxx += (x - mean) * (x - mean);
    }
    return new StandardErrors(
        NOISE / Math.sqrt(sxx), NOISE * Math.sqrt(1.0 / xs.length + mean * mean / sxx));
  }

  /** Gradient descent from w = b = 0, printing the line as it settles. */
  public static Result run(PrintStream out) {
    Data data = data();
    out.printf(
        Locale.ROOT,
        "%d points of y = %.1f x %s %.1f with noise of sd %.1f; "
            + "gradient descent, rate %.1f%n%n",
        POINTS,
        TRUE_W,
        TRUE_B < 0 ? "-" : "+",
        Math.abs(TRUE_B),
        NOISE,
        LEARNING_RATE);
    out.printf(Locale.ROOT, "  %5s  %9s  %9s  %9s%n", "step", "w", "b", "mse");
    double w = 0;
    double b = 0;
    FitLineGradients.MseGradient g = FitLineGradients.mseGradient(w, b, data.xs(), data.ys());
    for (int step = 0; step <= STEPS; step++) {
      if (step > 0) {
        w -= LEARNING_RATE * g.w();
        b -= LEARNING_RATE * g.b();
        g = FitLineGradients.mseGradient(w, b, data.xs(), data.ys());
      }
      if (step <= 5 || step == 10 || step == 20 || step % 50 == 0) {
        out.printf(Locale.ROOT, "  %5d  %9.5f  %9.5f  %9.5f%n", step, w, b, g.value());
      }
    }
    out.printf(
        Locale.ROOT,
        "  %5s  %9.5f  %9.5f  %9.5f  <- the line the data came from%n",
        "true",
        TRUE_W,
        TRUE_B,
        mse(TRUE_W, TRUE_B, data.xs(), data.ys()));
    StandardErrors se = standardErrors(data.xs());
    out.printf(
        Locale.ROOT,
        "Descent finds the least-squares line of these points, which misses "
            + "the true one by%nnoise alone: standard errors %.3f for w and %.3f for b.%n",
        se.w(),
        se.b());
    return new Result(w, b, g.value(), STEPS);
  }

  public static void main(String[] args) {
    run(System.out);
  }
}
