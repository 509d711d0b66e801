package dev.gradgen.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One of NIST's Statistical Reference Datasets for nonlinear least squares, read from the copy in
 * this module's resources ({@code dev/gradgen/benchmarks/nist/NAME.txt}, the files of
 * {@code shared/nist}): observations, the two starting points and the certified results.
 *
 * @param name the data set's name, as NIST spells it
 * @param x the predictor of each observation
 * @param y the response of each observation
 * @param start1 NIST's first starting point
 * @param start2 NIST's second starting point
 * @param certified the certified parameter values
 * @param certifiedResidualSumOfSquares the certified residual sum of squares
 */
public record NistProblem(
    String name, double[] x, double[] y, double[] start1, double[] start2, double[] certified,
    double certifiedResidualSumOfSquares) {

  /** The three data sets the benchmarks use, in order of difficulty. */
  public static final List<String> NAMES = List.of("Misra1a", "Chwirut2", "Thurber");

  /** Reads the data set {@code name} (one of {@link #NAMES}). */
  public static NistProblem load(String name) {
    String resource = "nist/" + name + ".txt";
    try (InputStream in = NistProblem.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no NIST data set " + name);
      }
      return parse(name, new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // The format: comment lines start with '#', the residual sum of squares is in the comment
  // "residual sum of squares (certified): V", "param NAME START1 START2 CERTIFIED SD" rows, then
  // "Y X" rows.
  private static NistProblem parse(String name, BufferedReader reader) throws IOException {
    List<double[]> params = new ArrayList<>();
    List<double[]> data = new ArrayList<>();
    double ssr = Double.NaN;
    String marker = "residual sum of squares (certified):";
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      String trimmed = line.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      if (trimmed.startsWith("#")) {
        int at = trimmed.indexOf(marker);
        if (at >= 0) {
          ssr = Double.parseDouble(trimmed.substring(at + marker.length()).trim());
        }
        continue;
      }
      String[] f = trimmed.split("\\s+");
      if (f[0].equals("param")) {
        params.add(new double[] {
          Double.parseDouble(f[2]), Double.parseDouble(f[3]), Double.parseDouble(f[4])
        });
      } else {
        data.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])});
      }
    }
    int p = params.size();
    double[] start1 = new double[p];
    double[] start2 = new double[p];
    double[] certified = new double[p];
    for (int j = 0; j < p; j++) {
      start1[j] = params.get(j)[0];
      start2[j] = params.get(j)[1];
      certified[j] = params.get(j)[2];
    }
    double[] x = new double[data.size()];
    double[] y = new double[data.size()];
    for (int i = 0; i < x.length; i++) {
      y[i] = data.get(i)[0];
      x[i] = data.get(i)[1];
    }
    return new NistProblem(name, x, y, start1, start2, certified, ssr);
  }

  /** The number of model parameters. */
  public int parameters() {
    return certified.length;
  }

  /** The number of observations (residuals). */
  public int observations() {
    return x.length;
  }
}
