package dev.gradgen;

import java.util.Arrays;

/**
 * The leaves of a whole {@code double[]} input held by one object: the values, and one gradient
 * slot per element, instead of one {@link Tensor} leaf per element.
 *
 * <p>A node made by {@link Tensor#fused(double, Tensor[], int, ArrayLeaf, int[], double[], int)}
 * reads elements by index, so a reduction over the array (a sum, a dot product) costs no object
 * per element: its backward pass adds straight into the slots. Where a graph needs an element as a
 * node of its own, {@link #element(int)} makes it a leaf on first use and keeps it; from then on
 * that leaf is the element's one gradient accumulator (it takes over what the slot had gathered),
 * so every contribution to an element is added to one running sum in the order the backward sweep
 * makes them, exactly as if every element had been a leaf from the start.
 *
 * <p>Gradients accumulate over {@link Tensor#backward()} calls as a leaf's do; {@link
 * #zeroGrad()} starts them again. Like a graph, an array leaf belongs to one thread.
 */
public final class ArrayLeaf {

  /** The elements' values: the caller's array, kept, not copied. */
  final double[] values;
  /** The gradient of each element that has no leaf of its own yet. */
  final double[] grads;
  /** The tape the element leaves (and the nodes made from the array) join, or null. */
  final Tape tape;
  /** The element leaves made so far, by index; null until the first one is made. */
  Tensor[] elements;
  /** Where generated code gathers a dot product's term nodes (see GeneratedSupport.dotTerms). */
  private Tensor[] termBuffer;
  /**
   * The term nodes the last dot node of {@link GeneratedSupport#fusedDotUncopied} over this array
   * keeps, which the next one over the same nodes shares; null before the first.
   */
  Tensor[] lastTerms;
  /** The one tape all of {@link #lastTerms} are operations on, or null if they are not. */
  Tape lastTermsTape;

  /**
   * An array leaf on no tape, as hand-built graphs use; {@code values} is kept, not copied.
   *
   * @param values the elements' values
   */
  public ArrayLeaf(double[] values) {
    this(values, null);
  }

  /**
   * An array leaf whose elements pass {@code tape} on to the nodes made from them.
   *
   * @param values the elements' values, kept
   * @param tape the tape, or null for none
   */
  ArrayLeaf(double[] values, Tape tape) {
    this.values = values;
    this.grads = new double[values.length];
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
   * The element {@code i} as a leaf node, made on first use and the same node afterwards; its
   * gradient is the element's whole gradient (contributions through index reads included).
   *
   * @param i the index
   * @return the element's leaf
   * @throws ArrayIndexOutOfBoundsException if {@code i} is out of range
   */
  public Tensor element(int i) {
    Tensor[] made = elements;
    if (made == null) {
      made = new Tensor[values.length];
      elements = made;
    }
    Tensor leaf = made[i];
    if (leaf == null) {
      leaf = new Tensor(values[i], tape);
      // The leaf takes over the slot: the element keeps one accumulator.
      leaf.setGrad(grads[i]);
      grads[i] = 0.0;
      made[i] = leaf;
    }
    return leaf;
  }

  /**
   * Every element as a leaf node ({@link #element(int)} for each index).
   *
   * @return a fresh array of the element leaves, in index order
   */
  public Tensor[] elements() {
    Tensor[] out = new Tensor[values.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = element(i);
    }
    return out;
  }

  /**
   * The gradient of one element: what every backward pass since it was made (or zeroed) added.
   *
   * @param i the index
   * @return the element's gradient
   */
  public double grad(int i) {
    Tensor[] made = elements;
    return made != null && made[i] != null ? made[i].grad() : grads[i];
  }

  /**
   * The gradients of all the elements.
   *
   * @return a fresh array, in index order
   */
  public double[] grads() {
    Tensor[] made = elements;
    if (made == null) {
      return grads.clone();
    }
    double[] out = new double[grads.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = made[i] != null ? made[i].grad() : grads[i];
    }
    return out;
  }

  /**
   * The gradients of all the elements in this leaf's own slot array, not a copy (see {@link
   * GeneratedSupport#takeGradients}): the element leaves' gradients are written into their slots,
   * so this leaf must not be used afterwards.
   *
   * @return the slot array, in index order
   */
  double[] takeGrads() {
    Tensor[] made = elements;
    if (made != null) {
      for (int i = 0; i < made.length; i++) {
        if (made[i] != null) {
          grads[i] = made[i].grad();
        }
      }
    }
    return grads;
  }

  /** Sets every element's gradient to zero, the element leaves' included. */
  public void zeroGrad() {
    Arrays.fill(grads, 0.0);
    if (elements != null) {
      for (Tensor leaf : elements) {
        if (leaf != null) {
          leaf.setGrad(0.0);
        }
      }
    }
  }

  /**
   * Adds a backward pass's contribution to element {@code i}: to its leaf if it has one, else to
   * its slot.
   *
   * @param i the index
   * @param contribution the gradient times the local partial
   */
  void receive(int i, double contribution) {
    Tensor[] made = elements;
    Tensor leaf = made == null ? null : made[i];
    if (leaf == null) {
      grads[i] += contribution;
    } else {
      Tensor.receive(leaf, contribution);
    }
  }

  /**
   * The buffer for a dot product's term nodes, grown to at least {@code n} entries.
   *
   * @param n how many entries are needed
   * @return the buffer
   */
  Tensor[] termBuffer(int n) {
    Tensor[] buffer = termBuffer;
    if (buffer == null || buffer.length < n) {
      buffer = new Tensor[Math.max(n, buffer == null ? 0 : 2 * buffer.length)];
      termBuffer = buffer;
    }
    return buffer;
  }

  /**
   * The leaf of element {@code i} if one was made, else null: forward sweeps seed leaves only.
   *
   * @param i the index
   * @return the element's leaf or null
   */
  Tensor elementOrNull(int i) {
    Tensor[] made = elements;
    return made == null ? null : made[i];
  }
}
