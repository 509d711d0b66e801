package dev.gradgen;

import java.util.Objects;

/**
 * The second-order leaves of a whole {@code double[]} input on a Hessian-vector-product tape (see
 * {@link DualTape#array(double[])}), held by one object: the values, the direction's entries as
 * their tangents (read from the direction itself, not copied), and one gradient and one
 * gradient-tangent slot per element, instead of one {@link DualTensor} leaf per element.
 *
 * <p>A {@link DualReduction} records an element by index ({@link DualReduction#input(DualArrayLeaf,
 * int, double)}), and the backward step of its node adds straight into the slots. Where a graph
 * needs an element as a node of its own, {@link #element(int)} makes it a leaf on first use and
 * keeps it; from then on that leaf is the element's one accumulator (it takes over what the slots
 * had gathered), as {@link ArrayLeaf#element(int)} does for first order. Like a graph, it belongs
 * to one thread.
 */
public final class DualArrayLeaf {

  /** The elements' values: the caller's array, kept, not copied. */
  private final double[] values;
  /** The tape's direction: element i's tangent is {@code direction[offset + i]} (0 past its end). */
  private final double[] direction;
  /** The flat index of element 0 on the tape. */
  final int offset;
  /** The gradient of each element that has no leaf of its own yet. */
  private final double[] grads;
  /** The gradient's tangent of each element that has no leaf of its own yet. */
  private final double[] gradTangents;
  /** The tape the element leaves (and the nodes made from the array) join. */
  final DualTape tape;
  /** The element leaves made so far, by index; null until the first one is made. */
  private DualTensor[] elements;

  /**
   * The array leaf of a product tape.
   *
   * @param values the elements' values, kept
   * @param direction the tape's direction, kept
   * @param offset the flat index of element 0
   * @param tape the tape
   */
  DualArrayLeaf(double[] values, double[] direction, int offset, DualTape tape) {
    this.values = values;
    this.direction = direction;
    this.offset = offset;
    this.grads = new double[values.length];
    this.gradTangents = new double[values.length];
    this.tape = tape;
  }

  /**
   * The number of elements.
   *
   * @return the length of the array
   */
  public int length() {
    return values.length;
  }

  /**
   * The value of one element.
   *
   * @param i the index
   * @return {@code values[i]}
   */
  public double value(int i) {
    return values[i];
  }

  /**
   * The tangent of one element: its entry of the tape's direction.
   *
   * @param i the index
   * @return the direction's entry, 0 past its end
   * @throws IndexOutOfBoundsException if {@code i} is out of range
   */
  public double tangent(int i) {
    Objects.checkIndex(i, values.length);
    int k = offset + i;
    return k < direction.length ? direction[k] : 0.0;
  }

  /**
   * The element {@code i} as a leaf node, made on first use and the same node afterwards; its
   * gradient (and its gradient's tangent) is the element's whole one.
   *
   * @param i the index
   * @return the element's leaf
   * @throws ArrayIndexOutOfBoundsException if {@code i} is out of range
   */
  public DualTensor element(int i) {
    DualTensor[] made = elements;
    if (made == null) {
      made = new DualTensor[values.length];
      elements = made;
    }
    DualTensor leaf = made[i];
    if (leaf == null) {
      double t = tangent(i);
      leaf = new DualTensor(values[i], t != 0.0 ? new double[] {t} : null, tape);
      // The leaf takes over the slots: the element keeps one accumulator.
      leaf.takeOver(grads[i], gradTangents[i]);
      grads[i] = 0.0;
      gradTangents[i] = 0.0;
      made[i] = leaf;
    }
    return leaf;
  }

  /**
   * The leaf of element {@code i} if one was made, else null.
   *
   * @param i the index
   * @return the element's leaf or null
   */
  DualTensor elementOrNull(int i) {
    DualTensor[] made = elements;
    return made == null ? null : made[i];
  }

  /**
   * The gradient of one element, after a backward pass.
   *
   * @param i the index
   * @return the element's gradient
   */
  public double grad(int i) {
    DualTensor leaf = elementOrNull(i);
    return leaf != null ? leaf.grad() : grads[i];
  }

  /**
   * The tangent of one element's gradient, after a backward pass: its entry of H v.
   *
   * @param i the index
   * @return the element's gradient's tangent
   */
  public double gradTangent(int i) {
    DualTensor leaf = elementOrNull(i);
    return leaf != null ? leaf.gradTangent(0) : gradTangents[i];
  }

  /**
   * Adds a backward step's contribution to the gradient of element {@code i}, which has no leaf.
   *
   * @param i the index
   * @param contribution the gradient times the local partial
   */
  void receive(int i, double contribution) {
    grads[i] += contribution;
  }

  /**
   * Adds {@code s x} to the tangent of element {@code i}'s gradient (it has no leaf), with the
   * strong zeros of a leaf's: nothing when x is 0 and s is not finite.
   *
   * @param i the index
   * @param s the factor
   * @param finite whether s is finite
   * @param x the other factor
   */
  void receiveTangent(int i, double s, boolean finite, double x) {
    if (finite || x != 0.0) {
      gradTangents[i] += s * x;
    }
  }
}
