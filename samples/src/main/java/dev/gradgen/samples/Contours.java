package dev.gradgen.samples;

import java.util.function.DoubleBinaryOperator;
import java.util.stream.DoubleStream;

/**
 * Level lines of a function of two variables by marching squares, as one pair of coordinate arrays
 * in which NaN separates the segments (XChart leaves a gap at a NaN point, so one line series draws
 * them all).
 */
final class Contours {

  private Contours() {}

  /** The segments: x and y of both ends of each, then a NaN, segment after segment. */
  record Lines(double[] x, double[] y) {}

  /**
   * The lines f = level for every level, over [xMin, xMax] x [yMin, yMax] sampled on a grid of
   * {@code cells} x {@code cells} squares, each crossing located by linear interpolation.
   */
  static Lines of(DoubleBinaryOperator f, double xMin, double xMax, double yMin, double yMax,
      int cells, double... levels) {
    double[][] values = new double[cells + 1][cells + 1];
    for (int i = 0; i <= cells; i++) {
      for (int j = 0; j <= cells; j++) {
        values[i][j] =
            f.applyAsDouble(coordinate(xMin, xMax, cells, i), coordinate(yMin, yMax, cells, j));
      }
    }
    DoubleStream.Builder xs = DoubleStream.builder();
    DoubleStream.Builder ys = DoubleStream.builder();
    double[] cx = new double[4];
    double[] cy = new double[4];
    for (double level : levels) {
      for (int i = 0; i < cells; i++) {
        for (int j = 0; j < cells; j++) {
          // The square's corners counterclockwise; an edge whose ends lie on either side of the
          // level holds a crossing. Two crossings make a segment; four (a saddle) make two, joined
          // in edge order, which is ambiguous only at a saddle and invisible at this resolution.
          double[] v = {values[i][j], values[i + 1][j], values[i + 1][j + 1], values[i][j + 1]};
          int[][] corner = {{i, j}, {i + 1, j}, {i + 1, j + 1}, {i, j + 1}};
          int crossings = 0;
          for (int e = 0; e < 4; e++) {
            int n = (e + 1) % 4;
            if ((v[e] < level) != (v[n] < level)) {
              double t = (level - v[e]) / (v[n] - v[e]);
              cx[crossings] =
                  coordinate(xMin, xMax, cells, corner[e][0] + t * (corner[n][0] - corner[e][0]));
              cy[crossings] =
                  coordinate(yMin, yMax, cells, corner[e][1] + t * (corner[n][1] - corner[e][1]));
              crossings++;
            }
          }
          for (int k = 0; k + 1 < crossings; k += 2) {
            xs.add(cx[k]);
            ys.add(cy[k]);
            xs.add(cx[k + 1]);
            ys.add(cy[k + 1]);
            xs.add(Double.NaN);
            ys.add(Double.NaN);
          }
        }
      }
    }
    return new Lines(xs.build().toArray(), ys.build().toArray());
  }

  private static double coordinate(double min, double max, int cells, double index) {
    return min + (max - min) * index / cells;
  }
}
