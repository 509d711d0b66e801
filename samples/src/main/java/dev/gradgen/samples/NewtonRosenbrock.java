package dev.gradgen.samples;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.hipparchus.exception.MathIllegalArgumentException;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.CholeskyDecomposition;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Newton's method on the two-dimensional Rosenbrock function from the classic start (-1.2, 1),
 * each step solving with the generated Hessian, beside Adam on the generated gradient from the same
 * start; both paths are drawn on the function's contours.
 */
public final class NewtonRosenbrock {

  static final double[] START = {-1.2, 1};
  /** Newton stops when the gradient is this small: the minimum is then exact to rounding. */
  static final double GRADIENT_TOLERANCE = 1e-10;
  static final int MAX_ITERATIONS = 100;
  /** Armijo's sufficient-decrease constant of the backtracking line search. */
  static final double ARMIJO = 1e-4;
  /** The line search gives up below this fraction of the Newton step. */
  static final double MIN_STEP = 1e-10;
  static final int ADAM_STEPS = 5000;
  static final double ADAM_RATE = 0.02;

  private NewtonRosenbrock() {}

  /** A function's value, gradient and Hessian at one point. */
  public record SecondOrder(double value, double[] gradient, double[][] hessian) {}

  /** Where a function's second-order information comes from. */
  @FunctionalInterface
  public interface SecondOrderFunction {
    /** The value, gradient and Hessian at x. */
    SecondOrder at(double[] x);
  }

  /** One Newton iterate: the point, its value and gradient norm, and the step that led there. */
  public record Iterate(int iteration, double[] x, double value, double gradientNorm,
      double stepLength) {}

  /** Newton's iterates, Adam's path, and where the picture is. */
  public record Result(List<Iterate> newton, double[][] adamPath, int adamStepsToConverge,
      Path png) {}

  /** The generated second-order information of {@link Rosenbrock#rosenbrock} in two dimensions. */
  static SecondOrder generated(double[] x) {
    RosenbrockGradients.RosenbrockHessian h = RosenbrockGradients.rosenbrockHessian(x);
    return new SecondOrder(h.value(), h.gradient(), h.hessian());
  }

  /**
   * Newton's method with a backtracking line search: the step d solves H d = -g (by Cholesky, so
   * only where H is positive definite; elsewhere d = -g), and is halved until the value falls by
   * at least ARMIJO times the decrease its slope promises; it stops when the gradient is below
   * GRADIENT_TOLERANCE or no step lowers f.
   */
  static List<Iterate> newton(double[] start, SecondOrderFunction f) {
    List<Iterate> iterates = new ArrayList<>();
    double[] x = start.clone();
    SecondOrder s = f.at(x);
    iterates.add(new Iterate(0, x.clone(), s.value(), norm(s.gradient()), 0));
    for (int k = 1; k <= MAX_ITERATIONS && norm(s.gradient()) > GRADIENT_TOLERANCE; k++) {
      double[] d = direction(s);
      double slope = dot(s.gradient(), d);
      double alpha = 1;
      double[] next = step(x, alpha, d);
      while (!decreases(Rosenbrock.rosenbrock(next), s.value(), ARMIJO * alpha * slope)) {
        alpha /= 2;
        if (alpha < MIN_STEP) {
          // No step lowers f any more: the gradient left is rounding error, so x is as good as
          // it gets (this happens at minima where f is not 0, never at (1, 1)).
          return iterates;
        }
        next = step(x, alpha, d);
      }
      x = next;
      s = f.at(x);
      iterates.add(new Iterate(k, x.clone(), s.value(), norm(s.gradient()), alpha * norm(d)));
    }
    return iterates;
  }

  /**
   * Armijo's condition, f(next) <= f + c alpha slope, and a strict decrease: near a minimum
   * c alpha slope can fall below half an ulp of f, and f + it rounds back to f.
   */
  private static boolean decreases(double next, double current, double promised) {
    return next < current && next <= current + promised;
  }

  /** The Newton direction -H^-1 g where H is positive definite, else steepest descent. */
  private static double[] direction(SecondOrder s) {
    ArrayRealVector minusG = new ArrayRealVector(s.gradient());
    minusG.mapMultiplyToSelf(-1);
    try {
      return new CholeskyDecomposition(new Array2DRowRealMatrix(s.hessian()))
          .getSolver().solve(minusG).toArray();
    } catch (MathIllegalArgumentException notPositiveDefinite) {
      return minusG.toArray();
    }
  }

  /**
   * Adam (as in the Rosenbrock sample) from {@code start} for {@code steps} steps on the generated
   * gradient: the path, one point per step.
   */
  static double[][] adam(double[] start, int steps) {
    double[] x = start.clone();
    Adam adam = new Adam(x.length);
    double[][] path = new double[steps + 1][];
    path[0] = x.clone();
    for (int step = 1; step <= steps; step++) {
      adam.step(x, RosenbrockGradients.rosenbrockGradient(x).x(), ADAM_RATE);
      path[step] = x.clone();
    }
    return path;
  }

  /** The first step after which Adam stays within {@code tolerance} of (1, 1), or -1. */
  static int stepsToConverge(double[][] path, double tolerance) {
    int last = -1;
    for (int i = path.length - 1; i >= 0 && Rosenbrock.maxError(path[i]) < tolerance; i--) {
      last = i;
    }
    return last;
  }

  /** Runs both methods, prints Newton's iterates and Adam's progress, and draws both paths. */
  public static Result run(Path outputDir, PrintStream out) throws IOException {
    out.printf(Locale.ROOT, "f(x, y) = 100 (y - x^2)^2 + (1 - x)^2 from (%.1f, %.0f): Newton's "
        + "method on rosenbrockHessian(x)%n(Cholesky solve, backtracking line search), "
        + "until |gradient| < %.0e%n%n", START[0], START[1], GRADIENT_TOLERANCE);
    List<Iterate> newton = newton(START, NewtonRosenbrock::generated);
    out.printf(Locale.ROOT, "  %4s %20s %20s %10s %9s %7s%n",
        "iter", "x", "y", "f", "|grad|", "step");
    for (Iterate it : newton) {
      out.printf(Locale.ROOT, "  %4d %20.16f %20.16f %10.3e %9.2e %7.4f%n", it.iteration(),
          it.x()[0], it.x()[1], it.value(), it.gradientNorm(), it.stepLength());
    }
    double[][] adamPath = adam(START, ADAM_STEPS);
    double tolerance = 1e-3;
    int adamSteps = stepsToConverge(adamPath, tolerance);
    int newtonSteps = newton.size() - 1;
    out.printf(Locale.ROOT, "%nNewton: %d iterations to |grad| < %.0e.%n",
        newtonSteps, GRADIENT_TOLERANCE);
    double[] end = adamPath[ADAM_STEPS];
    out.printf(Locale.ROOT, "Adam (rate %.2f) on rosenbrockGradient(x): within %.0e of (1, 1) "
        + "from step %d on; after %d steps at (%.6f, %.6f), f = %.1e.%n", ADAM_RATE, tolerance,
        adamSteps, ADAM_STEPS, end[0], end[1], Rosenbrock.rosenbrock(end));
    Files.createDirectories(outputDir);
    Path png = outputDir.resolve("rosenbrock-paths.png");
    plot(newton, adamPath, png);
    out.println("Both paths on the contours: " + png.toAbsolutePath());
    return new Result(newton, adamPath, adamSteps, png);
  }

  /** The contours of f (levels a factor of four apart), and both paths on them. */
  static void plot(List<Iterate> newton, double[][] adamPath, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    double xMin = -2;
    double xMax = 2;
    double yMin = -1;
    double yMax = 3;
    XYChart chart = new XYChartBuilder().width(640).height(560)
        .title("Rosenbrock: Newton (Hessian) vs Adam (gradient) from (-1.2, 1)")
        .xAxisTitle("x").yAxisTitle("y").build();
    XYStyler styler = chart.getStyler();
    styler.setXAxisMin(xMin).setXAxisMax(xMax).setYAxisMin(yMin).setYAxisMax(yMax);
    styler.setXAxisDecimalPattern("0.0").setYAxisDecimalPattern("0.0");
    styler.setPlotGridLinesVisible(false).setChartBackgroundColor(Color.WHITE);
    styler.setLegendPosition(Styler.LegendPosition.InsideSE).setMarkerSize(7);

    double[] levels = new double[10];
    for (int i = 0; i < levels.length; i++) {
      levels[i] = 0.25 * Math.pow(4, i);
    }
    Contours.Lines contours = Contours.of((x, y) -> Rosenbrock.rosenbrock(new double[] {x, y}),
        xMin, xMax, yMin, yMax, 200, levels);
    XYSeries lines = chart.addSeries("contours of f", contours.x(), contours.y());
    lines.setMarker(SeriesMarkers.NONE).setLineColor(new Color(190, 190, 190))
        .setLineStyle(new BasicStroke(1f)).setShowInLegend(false);

    double[] adamX = new double[adamPath.length];
    double[] adamY = new double[adamPath.length];
    for (int i = 0; i < adamPath.length; i++) {
      adamX[i] = adamPath[i][0];
      adamY[i] = adamPath[i][1];
    }
    chart.addSeries("Adam, " + (adamPath.length - 1) + " steps", adamX, adamY)
        .setMarker(SeriesMarkers.NONE).setLineColor(new Color(31, 119, 180))
        .setLineStyle(new BasicStroke(2f));

    double[] newtonX = newton.stream().mapToDouble(it -> it.x()[0]).toArray();
    double[] newtonY = newton.stream().mapToDouble(it -> it.x()[1]).toArray();
    chart.addSeries("Newton, " + (newton.size() - 1) + " iterations", newtonX, newtonY)
        .setMarker(SeriesMarkers.CIRCLE).setMarkerColor(new Color(230, 85, 13))
        .setLineColor(new Color(230, 85, 13)).setLineStyle(new BasicStroke(2f));

    chart.addSeries("minimum (1, 1)", new double[] {1}, new double[] {1})
        .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter)
        .setMarker(SeriesMarkers.DIAMOND).setMarkerColor(Color.BLACK);
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  private static double[] step(double[] x, double alpha, double[] d) {
    double[] next = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      next[i] = x[i] + alpha * d[i];
    }
    return next;
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  public static void main(String[] args) throws IOException {
    run(RunAll.outputDir(args), System.out);
  }
}
