package dev.gradgen.samples;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresProblem;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.MultivariateJacobianFunction;
import org.hipparchus.util.Pair;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Fits three of NIST's nonlinear least-squares reference problems with Hipparchus'
 * Levenberg–Marquardt optimizer on the generated Jacobians of their residuals, from both of NIST's
 * starting points, and scores each fitted parameter by NIST's log relative error.
 */
public final class NistFits {

  /**
   * The largest log relative error reported: the certified values have 11 significant digits, so
   * an estimate equal to one of them has all 11 right (NIST's convention).
   */
  static final double MAX_LRE = 11;

  /**
   * Convergence tolerances far below the defaults (1e-10): the certified values are given to 11
   * digits, and a fit that stops at 1e-10 relative change in the cost may leave the parameters of
   * an ill-conditioned problem such as Thurber right to only 5 or 6 of them.
   */
  static final double TOLERANCE = 1e-15;

  static final int MAX_EVALUATIONS = 10_000;

  private NistFits() {}

  /** The residuals r and their Jacobian, {@code b()[i][j]} being dr[i]/db[j]. */
  public record Residuals(double[] value, double[][] b) {}

  /** A model's residuals y - f(b, x), as the plain method computes them. */
  @FunctionalInterface
  public interface ResidualFunction {
    /** The residual of every observation at the parameters b. */
    double[] at(double[] b, double[] x, double[] y);
  }

  /** A model's residuals and their Jacobian with respect to the parameters. */
  @FunctionalInterface
  public interface JacobianFunction {
    /** The residuals at b and dr[i]/db[j]. */
    Residuals at(double[] b, double[] x, double[] y);
  }

  /** One fit: where it started and stopped, its residual sum of squares, and the effort. */
  public record Fit(double[] start, double[] params, double rss, double[] lre, int iterations,
      int evaluations) {

    /** The smallest log relative error over the parameters: every one has at least this many. */
    public double minLre() {
      double min = MAX_LRE;
      for (double e : lre) {
        min = Math.min(min, e);
      }
      return min;
    }
  }

  /** Both fits of one problem. */
  public record Result(NistProblem problem, Fit fromStart1, Fit fromStart2) {}

  /**
   * NIST's log relative error, -log10(|estimate - certified| / |certified|): about the number of
   * leading digits the estimate has right, at most {@link #MAX_LRE}.
   */
  static double lre(double estimate, double certified) {
    double relative = Math.abs(estimate - certified) / Math.abs(certified);
    if (Double.isNaN(relative)) {
      return 0;
    }
    return relative == 0 ? MAX_LRE : Math.max(0, Math.min(MAX_LRE, -Math.log10(relative)));
  }

  /** The sum of the squared residuals. */
  static double rss(double[] residuals) {
    double sum = 0;
    for (double r : residuals) {
      sum += r * r;
    }
    return sum;
  }

  /**
   * Minimises the sum of the squared residuals from {@code start} by Levenberg–Marquardt. The
   * residual vector itself is the optimizer's model and its target is zero.
   */
  static Fit fit(NistProblem problem, double[] start, JacobianFunction jacobian) {
    double[] x = problem.x();
    double[] y = problem.y();
    MultivariateJacobianFunction model = point -> {
      Residuals r = jacobian.at(point.toArray(), x, y);
      return new Pair<>(new ArrayRealVector(r.value(), false),
          new Array2DRowRealMatrix(r.b(), false));
    };
    LeastSquaresProblem leastSquares = new LeastSquaresBuilder()
        .start(start)
        .model(model)
        .target(new double[x.length])
        .maxEvaluations(MAX_EVALUATIONS)
        .maxIterations(MAX_EVALUATIONS)
        .lazyEvaluation(false)
        .build();
    LeastSquaresOptimizer.Optimum optimum = new LevenbergMarquardtOptimizer()
        .withCostRelativeTolerance(TOLERANCE)
        .withParameterRelativeTolerance(TOLERANCE)
        .withOrthoTolerance(TOLERANCE)
        .optimize(leastSquares);
    double[] params = optimum.getPoint().toArray();
    double[] lre = new double[params.length];
    for (int j = 0; j < params.length; j++) {
      lre[j] = lre(params[j], problem.certified()[j]);
    }
    double rss = rss(jacobian.at(params, x, y).value());
    return new Fit(start.clone(), params, rss, lre, optimum.getIterations(),
        optimum.getEvaluations());
  }

  /** Fits the problem from both starts. */
  static Result fitBoth(NistProblem problem, JacobianFunction jacobian) {
    return new Result(problem, fit(problem, problem.start1(), jacobian),
        fit(problem, problem.start2(), jacobian));
  }

  /** A NIST problem with its residual method and the generated Jacobian of it. */
  record Model(String name, ResidualFunction residuals, JacobianFunction jacobian) {}

  /**
   * The three models, by NIST's difficulty: Misra1a and Chwirut2 lower, Thurber higher; each
   * generated record's {@code b()[i][j]} is dr[i]/db[j], just what the optimizer wants.
   */
  static List<Model> models() {
    return List.of(
        new Model("Misra1a", NistModels::misra1a, (b, x, y) -> {
          NistModelsGradients.Misra1aJacobian j = NistModelsGradients.misra1aJacobian(b, x, y);
          return new Residuals(j.value(), j.b());
        }),
        new Model("Chwirut2", NistModels::chwirut2, (b, x, y) -> {
          NistModelsGradients.Chwirut2Jacobian j = NistModelsGradients.chwirut2Jacobian(b, x, y);
          return new Residuals(j.value(), j.b());
        }),
        new Model("Thurber", NistModels::thurber, (b, x, y) -> {
          NistModelsGradients.ThurberJacobian j = NistModelsGradients.thurberJacobian(b, x, y);
          return new Residuals(j.value(), j.b());
        }));
  }

  /** Fits every model from both starts, prints the fits, and draws data and curves. */
  public static List<Result> run(Path outputDir, PrintStream out) throws IOException {
    out.println("NIST StRD nonlinear least squares: each model's residuals are one");
    out.println("@Differentiable method returning double[]; Hipparchus' LevenbergMarquardtOptimizer");
    out.println("runs on its generated ...Jacobian from both of NIST's starting points. LRE is NIST's");
    out.printf(Locale.ROOT, "log relative error, -log10(|fit - certified| / |certified|): the "
        + "digits that agree (at most %.0f).%n%n", MAX_LRE);
    List<Result> results = new ArrayList<>();
    List<ResidualFunction> residuals = new ArrayList<>();
    for (Model model : models()) {
      Result result = fitBoth(NistProblem.load(model.name()), model.jacobian());
      print(result, out);
      results.add(result);
      residuals.add(model.residuals());
    }
    Files.createDirectories(outputDir);
    Path png = outputDir.resolve("nist-fits.png");
    plot(results, residuals, png);
    out.println("Data and fitted curves: " + png.toAbsolutePath());
    return results;
  }

  /** Prints the problem, then both fits beside the certified values. */
  static void print(Result result, PrintStream out) {
    NistProblem p = result.problem();
    Fit one = result.fromStart1();
    Fit two = result.fromStart2();
    out.printf(Locale.ROOT, "%s: %s, %d observations%n", p.name(), p.model(), p.x().length);
    String format = "  %-4s %8s %8s %17s %17s %5s %17s %5s%n";
    out.printf(Locale.ROOT, format,
        "", "start 1", "start 2", "certified", "fit from start 1", "LRE", "fit from start 2",
        "LRE");
    for (int j = 0; j < p.parameters().size(); j++) {
      out.printf(Locale.ROOT, format, p.parameters().get(j), shortly(p.start1()[j]),
          shortly(p.start2()[j]), digits(p.certified()[j]), digits(one.params()[j]),
          lreText(one.lre()[j]), digits(two.params()[j]), lreText(two.lre()[j]));
    }
    out.printf(Locale.ROOT, format, "RSS", "", "", digits(p.certifiedRss()), digits(one.rss()),
        lreText(lre(one.rss(), p.certifiedRss())), digits(two.rss()),
        lreText(lre(two.rss(), p.certifiedRss())));
    out.printf(Locale.ROOT, "  Levenberg-Marquardt iterations: %d from start 1, %d from start 2; "
        + "smallest LRE %.1f%n%n", one.iterations(), two.iterations(),
        Math.min(one.minLre(), two.minLre()));
  }

  private static String shortly(double value) {
    // NIST's starting values are short decimals: print them as written.
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  private static String digits(double value) {
    return String.format(Locale.ROOT, "%.10e", value);
  }

  private static String lreText(double lre) {
    return String.format(Locale.ROOT, "%.1f", lre);
  }

  /**
   * The three problems' data and fitted curves side by side in one PNG. The curve is f(b, x) = y -
   * r(b, x, y), computed by the residual method itself with y = 0.
   */
  static void plot(List<Result> results, List<ResidualFunction> residuals, Path png)
      throws IOException {
    System.setProperty("java.awt.headless", "true");
    int width = 400;
    int height = 320;
    BufferedImage image =
        new BufferedImage(width * results.size(), height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    for (int k = 0; k < results.size(); k++) {
      NistProblem p = results.get(k).problem();
      XYChart chart = new XYChartBuilder().width(width).height(height)
          .title(p.name()).xAxisTitle("x").yAxisTitle("y").build();
      XYStyler styler = chart.getStyler();
      styler.setPlotGridLinesVisible(false).setChartBackgroundColor(Color.WHITE);
      styler.setLegendPosition(Styler.LegendPosition.InsideNW).setMarkerSize(5);
      XYSeries data = chart.addSeries("NIST data", p.x(), p.y());
      data.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter)
          .setMarker(SeriesMarkers.CIRCLE).setMarkerColor(new Color(31, 119, 180));
      double min = Double.POSITIVE_INFINITY;
      double max = Double.NEGATIVE_INFINITY;
      for (double xi : p.x()) {
        min = Math.min(min, xi);
        max = Math.max(max, xi);
      }
      int points = 200;
      double[] xs = new double[points];
      for (int i = 0; i < points; i++) {
        xs[i] = min + (max - min) * i / (points - 1);
      }
      double[] fitted = results.get(k).fromStart1().params();
      double[] r = residuals.get(k).at(fitted, xs, new double[points]);
      double[] curve = new double[points];
      for (int i = 0; i < points; i++) {
        curve[i] = -r[i];
      }
      XYSeries fit = chart.addSeries("fitted", xs, curve);
      fit.setMarker(SeriesMarkers.NONE).setLineColor(new Color(230, 85, 13));
      g.drawImage(BitmapEncoder.getBufferedImage(chart), k * width, 0, null);
    }
    g.dispose();
    ImageIO.write(image, "png", png.toFile());
  }

  public static void main(String[] args) throws IOException {
    run(RunAll.outputDir(args), System.out);
  }
}
