package dev.gradgen.samples;

import dev.gradgen.Activations;
import dev.gradgen.Differentiable;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Trains a 2-16-16-1 tanh network on two moons; its whole loss is one differentiable method. */
public final class TwoMoons {

  static final int POINTS = 200;
  static final double NOISE = 0.1;
  static final long SEED = 42;
  static final int STEPS = 400;
  static final double LEARNING_RATE = 0.01;

  // The network's parameters live in one flat array, in this layout, so that the loss has a single
  // double[] parameter to differentiate: W1 is 16x2, W2 16x16, W3 1x16 (rows of weights per unit).
  static final int HIDDEN = 16;
  static final int W1 = 0;
  static final int B1 = W1 + HIDDEN * 2;
  static final int W2 = B1 + HIDDEN;
  static final int B2 = W2 + HIDDEN * HIDDEN;
  static final int W3 = B2 + HIDDEN;
  static final int B3 = W3 + HIDDEN;
  static final int PARAMETERS = B3 + 1;

  private TwoMoons() {}

  /** The points as (x, y) pairs in one array, and a 0/1 label per point. */
  public record Data(double[] inputs, double[] labels) {}

  /** The trained network, how well it does and how long it took. */
  public record Result(
      double[] params, double loss, double accuracy, int steps, double trainingSeconds, Path png) {}

  /** The network's output before the sigmoid: positive means the second moon. */
  @Differentiable(wrt = {"params"})
  static double logit(double[] params, double x, double y) {
    double[] h1 = new double[HIDDEN];
    for (int j = 0; j < HIDDEN; j++) {
      h1[j] = Math.tanh(params[W1 + 2 * j] * x + params[W1 + 2 * j + 1] * y + params[B1 + j]);
    }
    double z = params[B3];
    for (int k = 0; k < HIDDEN; k++) {
      double s = params[B2 + k];
      for (int j = 0; j < HIDDEN; j++) {
        s += params[W2 + HIDDEN * k + j] * h1[j];
      }
      z += params[W3 + k] * Math.tanh(s);
    }
    return z;
  }

  /**
   * Mean binary cross-entropy over the whole data set. With p = sigmoid(z), -[t log p + (1-t)
   * log(1-p)] equals softplus(z) - t z, which never takes the log of a rounded-off 0.
   */
  @Differentiable(wrt = {"params"})
  static double loss(double[] params, double[] inputs, double[] labels) {
    double total = 0;
    for (int i = 0; i < labels.length; i++) {
      double z = logit(params, inputs[2 * i], inputs[2 * i + 1]);
      total += Activations.softplus(z) - labels[i] * z;
    }
    return total / labels.length;
  }

  /**
   * Two interleaved half circles like scikit-learn's make_moons: the upper one (label 0) centred at
   * the origin, the lower one (label 1) shifted to (1, 0.5), both with Gaussian noise of sd NOISE.
   */
  public static Data data() {
    Random random = new Random(SEED);
    int half = POINTS / 2;
    double[] inputs = new double[2 * POINTS];
    double[] labels = new double[POINTS];
    for (int i = 0; i < POINTS; i++) {
      boolean upper = i < half;
      double t = Math.PI * (i % half) / (half - 1);
      double x = upper ? Math.cos(t) : 1 - Math.cos(t);
      double y = upper ? Math.sin(t) : 0.5 - Math.sin(t);
      inputs[2 * i] = x + NOISE * random.nextGaussian();
      inputs[2 * i + 1] = y + NOISE * random.nextGaussian();
      labels[i] = upper ? 0 : 1;
    }
    return new Data(inputs, labels);
  }

  /** Random weights scaled by 1/sqrt(fan-in), so tanh starts near its linear range; zero biases. */
  static double[] initialParameters() {
    Random random = new Random(SEED + 1);
    double[] params = new double[PARAMETERS];
    for (int i = W1; i < B1; i++) {
      params[i] = random.nextGaussian() / Math.sqrt(2);
    }
    for (int i = W2; i < B2; i++) {
      params[i] = random.nextGaussian() / Math.sqrt(HIDDEN);
    }
    for (int i = W3; i < B3; i++) {
      params[i] = random.nextGaussian() / Math.sqrt(HIDDEN);
    }
    return params;
  }

  /** The fraction of points on the right side of the boundary. */
  public static double accuracy(double[] params, Data data) {
    int correct = 0;
    for (int i = 0; i < data.labels().length; i++) {
      boolean second = logit(params, data.inputs()[2 * i], data.inputs()[2 * i + 1]) > 0;
      if (second == (data.labels()[i] == 1)) {
        correct++;
      }
    }
    return (double) correct / data.labels().length;
  }

  /** Trains with Adam, then draws the decision boundary into outputDir/two-moons.png. */
  public static Result run(Path outputDir, PrintStream out) throws IOException {
    Data data = data();
    double[] params = initialParameters();
    Adam adam = new Adam(PARAMETERS);
    out.printf(
        Locale.ROOT,
        "%d points, noise %.1f; a 2-%d-%d-1 tanh network with %d parameters;%n",
        POINTS,
        NOISE,
        HIDDEN,
        HIDDEN,
        PARAMETERS);
    out.printf(
        Locale.ROOT,
        "full-batch Adam, rate %.2f, %d steps of " + "lossGradient(params, inputs, labels)%n%n",
        LEARNING_RATE,
        STEPS);

    long start = System.nanoTime();
    try (ProgressBar bar = progressBar(out)) {
      for (int step = 1; step <= STEPS; step++) {
        TwoMoonsGradients.LossGradient g =
            TwoMoonsGradients.lossGradient(params, data.inputs(), data.labels());
        adam.step(params, g.params(), LEARNING_RATE);
        bar.step();
        bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", g.value()));
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    // The plain methods still work on doubles: the final loss and the predictions need no graph.
    double loss = loss(params, data.inputs(), data.labels());
    double accuracy = accuracy(params, data);
    out.printf(
        Locale.ROOT,
        "%nTrained in %.1f s: loss %.4f, training accuracy %.1f%%%n",
        seconds,
        loss,
        100 * accuracy);

    Files.createDirectories(outputDir);
    Path png = outputDir.resolve("two-moons.png");
    plot(params, data, png);
    out.println("Decision boundary: " + png.toAbsolutePath());
    return new Result(params, loss, accuracy, STEPS, seconds, png);
  }

  /**
   * A bar that redraws one line on a terminal and, when the output is a file or pipe (no console),
   * prints a fresh line every second instead of a log full of carriage returns.
   */
  private static ProgressBar progressBar(PrintStream out) {
    boolean terminal = out == System.out && System.console() != null;
    // Explicit widths keep the library from probing the terminal through JLine.
    ProgressBarConsumer consumer = terminal
        ? new ConsoleProgressBarConsumer(out, 100)
        : new DelegatingProgressBarConsumer(new LinePrinter(out), 100);
    return new ProgressBarBuilder()
        .setTaskName("Training")
        .setInitialMax(STEPS)
        .setStyle(ProgressBarStyle.ASCII)
        .setConsumer(consumer)
        .setUpdateIntervalMillis(terminal ? 100 : 1000)
        .build();
  }

  /** Prints each rendering of the bar on its own line, skipping repeats (close renders again). */
  private static final class LinePrinter implements Consumer<String> {
    private final PrintStream out;
    private String last = "";

    LinePrinter(PrintStream out) {
      this.out = out;
    }

    @Override
    public void accept(String line) {
      if (!line.equals(last)) {
        out.println(line);
        last = line;
      }
    }
  }

  /**
   * The predicted class on a fine grid as pale squares, with the data on top: an XChart scatter
   * chart drawn off screen (headless) to a PNG.
   */
  static void plot(double[] params, Data data, Path png) throws IOException {
    System.setProperty("java.awt.headless", "true");
    double xMin = -1.6;
    double xMax = 2.6;
    double yMin = -1.1;
    double yMax = 1.6;
    XYChart chart = new XYChartBuilder()
        .width(720)
        .height(520)
        .title("Two moons: decision boundary of the trained network")
        .xAxisTitle("x")
        .yAxisTitle("y")
        .build();
    XYStyler styler = chart.getStyler();
    styler.setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    styler.setXAxisMin(xMin).setXAxisMax(xMax).setYAxisMin(yMin).setYAxisMax(yMax);
    styler.setXAxisDecimalPattern("0.0").setYAxisDecimalPattern("0.0");
    styler.setPlotGridLinesVisible(false).setChartBackgroundColor(Color.WHITE);
    styler.setLegendPosition(Styler.LegendPosition.InsideSE).setMarkerSize(6);

    // The predicted class on a grid, as squares of the global marker size: a little larger than a
    // grid cell, so each region looks solid.
    int columns = 140;
    int rows = 90;
    double[] gridX = new double[columns * rows];
    double[] gridY = new double[columns * rows];
    boolean[] second = new boolean[columns * rows];
    for (int i = 0; i < gridX.length; i++) {
      gridX[i] = xMin + (xMax - xMin) * (i % columns + 0.5) / columns;
      gridY[i] = yMin + (yMax - yMin) * (i / columns + 0.5) / rows;
      second[i] = logit(params, gridX[i], gridY[i]) > 0;
    }
    Marker square = SeriesMarkers.SQUARE;
    addSeries(chart, "region 0", gridX, gridY, i -> !second[i], square, new Color(198, 219, 239));
    addSeries(chart, "region 1", gridX, gridY, i -> second[i], square, new Color(253, 208, 162));

    double[] pointX = new double[POINTS];
    double[] pointY = new double[POINTS];
    for (int i = 0; i < POINTS; i++) {
      pointX[i] = data.inputs()[2 * i];
      pointY[i] = data.inputs()[2 * i + 1];
    }
    double[] labels = data.labels();
    addSeries(
            chart,
            "moon 0",
            pointX,
            pointY,
            i -> labels[i] == 0,
            new Dot(),
            new Color(31, 119, 180))
        .setShowInLegend(true);
    addSeries(
            chart, "moon 1", pointX, pointY, i -> labels[i] == 1, new Dot(), new Color(230, 85, 13))
        .setShowInLegend(true);
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
  }

  /** Adds the points {@code keep} selects as a scatter series, left out of the legend. */
  private static XYSeries addSeries(
      XYChart chart,
      String name,
      double[] xs,
      double[] ys,
      IntPredicate keep,
      Marker marker,
      Color color) {
    int[] chosen = IntStream.range(0, xs.length).filter(keep).toArray();
    XYSeries series = chart.addSeries(
        name,
        Arrays.stream(chosen).mapToDouble(i -> xs[i]).toArray(),
        Arrays.stream(chosen).mapToDouble(i -> ys[i]).toArray());
    series.setMarker(marker).setMarkerColor(color);
    series.setShowInLegend(false);
    return series;
  }

  /** A filled circle with a white rim, larger than the grid squares whatever the chart's size. */
  private static final class Dot extends Marker {
    private static final double DIAMETER = 9;

    @Override
    public void paint(Graphics2D g, double x, double y, int markerSize) {
      double r = DIAMETER / 2;
      Ellipse2D circle = new Ellipse2D.Double(x - r, y - r, DIAMETER, DIAMETER);
      g.fill(circle);
      Color fill = g.getColor();
      g.setColor(Color.WHITE);
      g.draw(circle);
      g.setColor(fill);
    }
  }

  public static void main(String[] args) throws IOException {
    run(RunAll.outputDir(args), System.out);
  }
}
