package dev.gradgen;

/**
 * The few array operations gradgen's generated graph-free forward functions call: seeding the
 * directions of a Jacobian or a tangent, and zero or copied tangents of an array (one row of
 * {@code width} directions per element).
 */
public final class ForwardTangents {

  /** Not instantiable: static functions only. */
  private ForwardTangents() {}

  /**
   * The tangent of a scalar input that is input {@code index} of {@code width}: the unit vector.
   *
   * @param width how many directions
   * @param index which one is 1
   * @return a fresh array
   */
  public static double[] unit(int width, int index) {
    double[] out = new double[width];
    out[index] = 1.0;
    return out;
  }

  /**
   * The tangents of an array input whose elements are inputs {@code offset} to {@code offset +
   * count - 1} of {@code width}: row {@code i} is the unit vector of input {@code offset + i}.
   *
   * @param width how many directions
   * @param offset the first element's input
   * @param count how many elements
   * @return a fresh {@code count} by {@code width} matrix
   */
  public static double[][] units(int width, int offset, int count) {
    double[][] out = rows(count, width);
    for (int i = 0; i < count; i++) {
      out[i][offset + i] = 1.0;
    }
    return out;
  }

  /**
   * A fresh {@code count} by {@code width} matrix of zeros, its rows allocated one by one: HotSpot
   * compiles {@code new double[count][width]} with a variable {@code count} into a call into the
   * VM, where one small array per row is an inlined allocation.
   */
  private static double[][] rows(int count, int width) {
    double[][] out = new double[count][];
    for (int i = 0; i < count; i++) {
      out[i] = new double[width];
    }
    return out;
  }

  /**
   * One direction for the elements of an array, read from a flattened direction: row {@code i} is
   * {@code {direction[offset + i]}}.
   *
   * @param direction the flattened direction
   * @param offset the first element's entry
   * @param count how many elements
   * @return a fresh {@code count} by 1 matrix
   */
  public static double[][] column(double[] direction, int offset, int count) {
    double[][] out = rows(count, 1);
    for (int i = 0; i < count; i++) {
      out[i][0] = direction[offset + i];
    }
    return out;
  }

  /**
   * Zero tangents for the elements of {@code values}: a constant array where tangents are needed.
   *
   * @param values the array (null gives null)
   * @param width how many directions
   * @return a fresh {@code values.length} by {@code width} matrix of zeros
   */
  public static double[][] zeros(double[] values, int width) {
    return values == null ? null : rows(values.length, width);
  }

  /**
   * A copy of an array's tangents, for a copy of the array ({@code clone()}): rows are never shared.
   *
   * @param tangents the rows (null gives null)
   * @return a fresh matrix of the same rows' values
   */
  public static double[][] copy(double[][] tangents) {
    if (tangents == null) {
      return null;
    }
    double[][] out = new double[tangents.length][];
    for (int i = 0; i < tangents.length; i++) {
      out[i] = tangents[i].clone();
    }
    return out;
  }

  /**
   * Zero tangents in one direction for the elements of {@code values} (a scalar forward function's).
   *
   * @param values the array (null gives null)
   * @return a fresh array of {@code values.length} zeros
   */
  public static double[] zeros(double[] values) {
    return values == null ? null : new double[values.length];
  }

  /**
   * A copy of an array's tangents in one direction, for a copy of the array ({@code clone()}).
   *
   * @param tangents the tangents (null gives null)
   * @return a fresh copy
   */
  public static double[] copy(double[] tangents) {
    return tangents == null ? null : tangents.clone();
  }
}
