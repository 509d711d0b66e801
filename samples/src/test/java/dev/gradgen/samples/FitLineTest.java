package dev.gradgen.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Gradient descent reaches the least-squares line, which lies within the noise of the true one. */
class FitLineTest {

  private final FitLine.Data data = FitLine.data();
  private final FitLine.Result result = FitLine.run(Quiet.stream());

  @Test
  void descentConvergesToTheNormalEquationsSolution() {
    // Least squares in closed form: w = Sxy / Sxx, b = mean(y) - w mean(x).
    int n = data.xs().length;
    double meanX = 0;
    double meanY = 0;
    for (int i = 0; i < n; i++) {
      meanX += data.xs()[i] / n;
      meanY += data.ys()[i] / n;
    }
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < n; i++) {
      sxy += (data.xs()[i] - meanX) * (data.ys()[i] - meanY);
      sxx += (data.xs()[i] - meanX) * (data.xs()[i] - meanX);
    }
    double w = sxy / sxx;
    assertEquals(w, result.w(), 1e-9);
    assertEquals(meanY - w * meanX, result.b(), 1e-9);
  }

  @Test
  void fittedLineIsWithinThreeStandardErrorsOfTheTrueLine() {
    // The least-squares estimates scatter around the truth with standard errors
    // sd/sqrt(Sxx) and sd*sqrt(1/n + mean(x)^2/Sxx); three of them cover 99.7% of seeds.
    int n = data.xs().length;
    double meanX = 0;
    for (double x : data.xs()) {
      meanX += x / n;
    }
    double sxx = 0;
    for (double x : data.xs()) {
      sxx += (x - meanX) * (x - meanX);
    }
    double seW = FitLine.NOISE / Math.sqrt(sxx);
    double seB = FitLine.NOISE * Math.sqrt(1.0 / n + meanX * meanX / sxx);
    assertEquals(FitLine.TRUE_W, result.w(), 3 * seW);
    assertEquals(FitLine.TRUE_B, result.b(), 3 * seB);
    assertEquals(seW, FitLine.standardErrors(data.xs()).w(), 1e-15);
    assertEquals(seB, FitLine.standardErrors(data.xs()).b(), 1e-15);
  }

  @Test
  void residualErrorIsAboutTheNoiseVariance() {
    // The mean squared residual estimates sd^2 (low by a factor (n-2)/n): n * mse / sd^2 is
    // chi-squared with 48 degrees of freedom, outside (25, 100) for about 3 seeds in 1000.
    double variance = FitLine.NOISE * FitLine.NOISE;
    double mse = result.loss();
    assertTrue(mse > variance / 2 && mse < variance * 2, "mse " + mse);
  }
}
