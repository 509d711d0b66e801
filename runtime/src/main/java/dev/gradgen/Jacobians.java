package dev.gradgen;

import java.util.Arrays;

/**
 * Moves between a method's parameters and their <em>flattened</em> order, for the generated
 * Jacobians and tangents: the differentiable parameters in declaration order, a {@code double} one
 * entry, a {@code double[]} its elements, a {@code double[][]} its elements row by row (a null row
 * has none). {@link Tensor#jacobian} and {@link Tensor#tangents} take their inputs in that order;
 * these methods flatten the leaves and the directions into it and split a Jacobian's columns back
 * into one block per parameter.
 */
public final class Jacobians {

  private Jacobians() {}

  /**
   * The parts one after the other.
   *
   * @param parts arrays of nodes, in order
   * @return a fresh array of all their nodes
   */
  public static Tensor[] concat(Tensor[]... parts) {
    int size = 0;
    for (Tensor[] part : parts) {
      size += part.length;
    }
    Tensor[] out = new Tensor[size];
    int at = 0;
    for (Tensor[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }

  /**
   * The parts one after the other.
   *
   * @param parts arrays of values, in order
   * @return a fresh array of all their values
   */
  public static double[] concat(double[]... parts) {
    int size = 0;
    for (double[] part : parts) {
      size += part.length;
    }
    double[] out = new double[size];
    int at = 0;
    for (double[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }

  /**
   * The nodes of a matrix row by row, skipping null rows.
   *
   * @param nodes the matrix
   * @return a fresh array of its nodes
   */
  public static Tensor[] rows(Tensor[][] nodes) {
    Tensor[][] present = new Tensor[nodes.length][];
    for (int i = 0; i < nodes.length; i++) {
      present[i] = nodes[i] == null ? new Tensor[0] : nodes[i];
    }
    return concat(present);
  }

  /**
   * How many entries a matrix parameter has in the flattened order.
   *
   * @param values the matrix
   * @return the total length of its rows, a null row counting 0
   */
  public static int size(double[][] values) {
    int size = 0;
    for (double[] row : values) {
      size += row == null ? 0 : row.length;
    }
    return size;
  }

  /**
   * A tangent argument checked against its parameter's shape.
   *
   * @param values the parameter
   * @param tangent its tangent, which must have the same length
   * @param name the tangent's name, for the message
   * @return {@code tangent}
   * @throws IllegalArgumentException if the lengths differ
   */
  public static double[] direction(double[] values, double[] tangent, String name) {
    if (tangent.length != values.length) {
      throw new IllegalArgumentException(
          name + " has " + tangent.length + " elements, but its parameter has " + values.length);
    }
    return tangent;
  }

  /**
   * A matrix tangent argument checked against its parameter's shape, flattened row by row.
   *
   * @param values the parameter
   * @param tangent its tangent, which must have the same shape (null where a row is null)
   * @param name the tangent's name, for the message
   * @return a fresh array of the tangent's entries, row by row
   * @throws IllegalArgumentException if the shapes differ
   */
  public static double[] direction(double[][] values, double[][] tangent, String name) {
    if (tangent.length != values.length) {
      throw new IllegalArgumentException(
          name + " has " + tangent.length + " rows, but its parameter has " + values.length);
    }
    double[][] rows = new double[values.length][];
    for (int i = 0; i < values.length; i++) {
      int length = values[i] == null ? 0 : values[i].length;
      int given = tangent[i] == null ? 0 : tangent[i].length;
      if (length != given) {
        throw new IllegalArgumentException(
            name + "[" + i + "] has " + given + " elements, but its parameter's row has " + length);
      }
      rows[i] = tangent[i] == null ? new double[0] : tangent[i];
    }
    return concat(rows);
  }

  /**
   * One column of a Jacobian: the derivatives of every output with respect to one input.
   *
   * @param jacobian the matrix, by rows
   * @param column the column's index
   * @return a fresh array, one entry per row
   */
  public static double[] column(double[][] jacobian, int column) {
    double[] out = new double[jacobian.length];
    for (int i = 0; i < jacobian.length; i++) {
      out[i] = jacobian[i][column];
    }
    return out;
  }

  /**
   * Adjacent columns of a Jacobian, those of one array parameter: {@code out[i][j] =
   * jacobian[i][offset + j]}.
   *
   * @param jacobian the matrix, by rows
   * @param offset the first column
   * @param count how many columns
   * @return a fresh {@code rows} by {@code count} matrix
   */
  public static double[][] columns(double[][] jacobian, int offset, int count) {
    // Row by row rather than new double[rows][count]: see ForwardTangents.zeros.
    double[][] out = new double[jacobian.length][];
    for (int i = 0; i < jacobian.length; i++) {
      out[i] = Arrays.copyOfRange(jacobian[i], offset, offset + count);
    }
    return out;
  }

  /**
   * The columns of one matrix parameter, shaped like it: {@code out[i][j][k]} is the derivative of
   * output {@code i} with respect to element {@code [j][k]}; a null row of the parameter gives a
   * null row.
   *
   * @param jacobian the matrix, by rows
   * @param offset the parameter's first column
   * @param shape the parameter
   * @return a fresh array, one block per output
   */
  public static double[][][] columns(double[][] jacobian, int offset, double[][] shape) {
    double[][][] out = new double[jacobian.length][][];
    for (int i = 0; i < jacobian.length; i++) {
      double[][] block = new double[shape.length][];
      int at = offset;
      for (int j = 0; j < shape.length; j++) {
        if (shape[j] != null) {
          block[j] = new double[shape[j].length];
          System.arraycopy(jacobian[i], at, block[j], 0, shape[j].length);
          at += shape[j].length;
        }
      }
      out[i] = block;
    }
    return out;
  }
}
