package dev.gradgen;

/**
 * The record of one graph's operation nodes in the order they were created, so that {@link
 * Tensor#backward()} can sweep that order backwards instead of sorting the graph.
 *
 * <p>Generated gradient methods make one tape per call and create their input leaves with it; every
 * node computed from those leaves joins the tape as it is created, so the builder's code is
 * unchanged. A node joins the tape of its parents when every parent that is not a leaf is on that
 * one tape (leaves only carry the tape to the nodes made from them); a node with a parent from
 * another tape, or with an operation parent made without a tape, is on no tape, and {@code
 * backward()} from it sorts its graph as it does for any hand-built graph. So every node on a tape
 * has all its operation ancestors on the same tape, created before it, and creation order is a
 * topological order of its graph. Forward mode ({@link Tensor#tangents}, and {@link
 * Tensor#jacobian} by forward sweeps) walks the same order forwards.
 *
 * <p>A tape holds no thread state and needs no closing: it is an ordinary object that lives as
 * long as its nodes, and an exception thrown while a graph is being built leaves nothing behind.
 * Like a graph, a tape belongs to one thread.
 */
public final class Tape {

  /** The newest node on this tape; each node links to the one created before it. */
  Tensor last;

  /** An empty tape. */
  public Tape() {}

  /**
   * A leaf of the given value whose nodes will join this tape.
   *
   * @param value the leaf's value
   * @return a new leaf on this tape
   */
  public Tensor leaf(double value) {
    return new Tensor(value, this);
  }

  /**
   * One array leaf of this tape for a whole {@code double[]}: its elements' gradients in one array
   * instead of a leaf per element (see {@link ArrayLeaf}); {@code values} is kept, not copied.
   *
   * @param values the elements' values
   * @return a new array leaf on this tape
   */
  public ArrayLeaf array(double[] values) {
    return new ArrayLeaf(values, this);
  }

  /**
   * One leaf of this tape per value.
   *
   * @param values the leaves' values
   * @return new leaves on this tape, in the order of {@code values}
   */
  public Tensor[] leaves(double[] values) {
    Tensor[] out = new Tensor[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = new Tensor(values[i], this);
    }
    return out;
  }

  /**
   * One leaf of this tape per value; a null row stays null.
   *
   * @param values the leaves' values, by row
   * @return new leaves on this tape, shaped like {@code values}
   */
  public Tensor[][] leaves(double[][] values) {
    Tensor[][] out = new Tensor[values.length][];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i] == null ? null : leaves(values[i]);
    }
    return out;
  }
}
