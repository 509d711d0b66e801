package dev.gradgen.samples;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/** Runs every sample in order, each under a heading: what {@code mvn install -Prun} shows. */
public final class RunAll {

  private RunAll() {}

  /** Where samples write their pictures: the first argument, or target/samples-output. */
  static Path outputDir(String[] args) {
    return args.length > 0 ? Path.of(args[0]) : Path.of("target", "samples-output");
  }

  public static void main(String[] args) throws Exception {
    Path outputDir = outputDir(args);
    PrintStream out = System.out;
    heading(out, 1, "Tutorial tour: micrograd's Tensor, then a generated gradient");
    TutorialTour.run(out);
    heading(out, 2, "Neuron: o = tanh(x1*w1 + x2*w2 + b) and its graph");
    Neuron.run(outputDir, out);
    heading(out, 3, "Fit a line: gradient descent on the mean squared error");
    FitLine.run(out);
    heading(out, 4, "Two moons: training a 2-16-16-1 network");
    TwoMoons.run(outputDir, out);
    heading(out, 5, "Black-Scholes: greeks from one priceGradient call");
    BlackScholes.run(out);
    heading(out, 6, "Library greeks: commons-math3's normal CDF and an implied volatility, by rules");
    LibraryGreeks.run(out);
    heading(out, 7, "Rosenbrock: minimising a 10-dimensional valley with Adam");
    Rosenbrock.run(out);
    heading(out, 8, "Newton's method on Rosenbrock: the generated Hessian against Adam");
    NewtonRosenbrock.run(outputDir, out);
    heading(out, 9, "NIST nonlinear least squares: Levenberg-Marquardt on generated Jacobians");
    NistFits.run(outputDir, out);
    heading(out, 10, "Second-order greeks: gamma, vanna and volga from priceHessian");
    SecondOrderGreeks.run(out);
    out.println();
    out.println("Pictures are in " + outputDir.toAbsolutePath().normalize());
  }

  private static void heading(PrintStream out, int number, String title) {
    out.printf(Locale.ROOT, "%n=== %d. %s ===%n%n", number, title);
  }
}
