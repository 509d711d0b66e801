package dev.gradgen.samples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One of NIST's Statistical Reference Datasets for nonlinear least squares (public domain), read
 * from the samples' resources: its two starting points, certified parameters and residual sum of
 * squares, and its data.
 *
 * @param name the data set's name, as NIST spells it
 * @param header the file's comment lines, NIST's description of the problem
 * @param parameters the parameters' names, b1, b2, ...
 * @param start1 NIST's first starting point (the farther one)
 * @param start2 NIST's second starting point
 * @param certified the certified parameter values
 * @param certifiedSd their certified standard deviations
 * @param certifiedRss the certified residual sum of squares
 * @param x the predictor of each observation
 * @param y the response of each observation
 */
public record NistProblem(String name, List<String> header, List<String> parameters,
    double[] start1, double[] start2, double[] certified, double[] certifiedSd,
    double certifiedRss, double[] x, double[] y) {

  private static final String RSS_LINE = "# residual sum of squares (certified):";

  /** Reads {@code nist/<name>.txt} next to this class. */
  public static NistProblem load(String name) {
    String resource = "nist/" + name + ".txt";
    try (InputStream in = NistProblem.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalArgumentException("no NIST data set " + resource);
      }
      return parse(name, new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static NistProblem parse(String name, BufferedReader reader) throws IOException {
    List<String> header = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<double[]> params = new ArrayList<>();
    List<double[]> data = new ArrayList<>();
    double rss = Double.NaN;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      line = line.strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#")) {
        header.add(line);
        if (line.startsWith(RSS_LINE)) {
          rss = Double.parseDouble(line.substring(RSS_LINE.length()).strip());
        }
        continue;
      }
      String[] fields = line.split("\\s+");
      if (fields[0].equals("param")) {
        // param name start1 start2 certified certified_standard_deviation
        names.add(fields[1]);
        params.add(new double[] {Double.parseDouble(fields[2]), Double.parseDouble(fields[3]),
            Double.parseDouble(fields[4]), Double.parseDouble(fields[5])});
      } else {
        // a data row: y x
        data.add(new double[] {Double.parseDouble(fields[0]), Double.parseDouble(fields[1])});
      }
    }
    if (Double.isNaN(rss) || names.isEmpty() || data.isEmpty()) {
      throw new IllegalArgumentException(name + " lacks its certified values or its data");
    }
    return new NistProblem(name, List.copyOf(header), List.copyOf(names),
        column(params, 0), column(params, 1), column(params, 2), column(params, 3), rss,
        column(data, 1), column(data, 0));
  }

  private static double[] column(List<double[]> rows, int column) {
    return rows.stream().mapToDouble(row -> row[column]).toArray();
  }

  /** The model's line of the header, {@code y = ...}. */
  public String model() {
    return header.stream().filter(line -> line.startsWith("# model:"))
        .map(line -> line.substring("# model:".length()).strip()).findFirst().orElse("");
  }
}
