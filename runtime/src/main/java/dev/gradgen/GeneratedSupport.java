package dev.gradgen;

/**
 * Entry points for the code gradgen's processor generates, which trust their arguments instead of
 * checking them: not for hand-written code, which should call {@link Tensor}'s and {@link
 * ArrayLeaf}'s public methods.
 *
 * <p>The processor writes the arguments so that they are consistent by construction (one entry
 * per element read and per node input, in order; the array leaf made by the gradient method and
 * dropped by it), so a pass over every entry to check them again is time spent on nothing: for a
 * reduction over a {@code double[]} that pass was about as long as the backward sweep over the
 * same entries. What a wrong argument does here is still not silent: an element index out of range
 * fails with {@link ArrayIndexOutOfBoundsException} in the backward pass, and entries that name
 * another number of nodes than the node count with {@link IllegalStateException} there.
 */
public final class GeneratedSupport {

  /** Not instantiable: static functions only. */
  private GeneratedSupport() {}

  /**
   * The node of {@link Tensor#fused(double, Tensor[], int, ArrayLeaf, int[], double[], int)}
   * without its pass over the entries: only the counts are checked against the arrays' lengths.
   *
   * @param value the node's value
   * @param nodes the node inputs, in the order of their entries
   * @param nodeCount how many of {@code nodes} are inputs
   * @param array the array leaf whose elements the entries name
   * @param slots per entry, an element's index, or a negative number for the next node
   * @param partials per entry, d(node)/d(input)
   * @param count how many entries
   * @return a new node of operation {@link Op#FUSED}
   * @throws IllegalArgumentException if a count is negative or exceeds its array
   */
  public static Tensor fused(
      double value,
      Tensor[] nodes,
      int nodeCount,
      ArrayLeaf array,
      int[] slots,
      double[] partials,
      int count) {
    return Tensor.fusedOverArrayTrusted(value, nodes, nodeCount, array, slots, partials, count);
  }

  /**
   * A buffer of at least {@code n} entries for the terms' nodes of a dot product over {@code
   * array}, for {@link #fusedDotUncopied} and {@link #fusedDotThenUncopied}: the array leaf's own,
   * reused by each such node (which copies what it keeps), so gathered nodes must be passed to one
   * before the next buffer is asked for.
   *
   * @param array the array leaf the dot product reads
   * @param n how many terms at most
   * @return the buffer, of length at least {@code n}
   */
  public static Tensor[] dotTerms(ArrayLeaf array, int n) {
    return array.termBuffer(n);
  }

  /**
   * The node of {@link Tensor#fusedDot(double, Tensor[], int, ArrayLeaf, int, boolean)} over
   * {@code start} and the terms' nodes in {@code terms[0..count)} (a buffer from {@link #dotTerms}),
   * that keeps no copy of the terms' element values and reads them from the array leaf in the
   * backward pass: for a builder whose processor proved that nothing writes the array's elements
   * between the node's creation and the backward pass (the method body writes only arrays it made
   * itself and calls nothing that could write another), so that the values read then are the ones
   * read now. Consecutive nodes over the same term nodes share one array of them.
   *
   * @param value the node's value
   * @param start the start node
   * @param terms the terms' nodes from index 0; not kept
   * @param count how many terms
   * @param array the array leaf whose elements the terms read, not written before the backward
   *     pass
   * @param first the index of the first term's element
   * @param elementFirst whether a term lists its element before its node
   * @return a new node of operation {@link Op#FUSED}
   * @throws IllegalArgumentException if {@code count} is negative or exceeds {@code terms}, or a
   *     term's element is out of the array's range
   */
  public static Tensor fusedDotUncopied(
      double value,
      Tensor start,
      Tensor[] terms,
      int count,
      ArrayLeaf array,
      int first,
      boolean elementFirst) {
    return Tensor.fusedDotUncopied(
        value, 0.0, start, terms, count, array, first, elementFirst, false);
  }

  /**
   * {@link Tensor#fusedDotThen(double, double, Tensor[], int, ArrayLeaf, int, boolean)} as {@link
   * #fusedDotUncopied} makes {@link Tensor#fusedDot}'s node.
   *
   * @param value the node's value, {@code f(s)}
   * @param outer {@code f'(s)}
   * @param start the start node
   * @param terms the terms' nodes from index 0; not kept
   * @param count how many terms
   * @param array the array leaf whose elements the terms read, not written before the backward
   *     pass
   * @param first the index of the first term's element
   * @param elementFirst whether a term lists its element before its node
   * @return a new node of operation {@link Op#FUSED}
   * @throws IllegalArgumentException as {@link #fusedDotUncopied}
   */
  public static Tensor fusedDotThenUncopied(
      double value,
      double outer,
      Tensor start,
      Tensor[] terms,
      int count,
      ArrayLeaf array,
      int first,
      boolean elementFirst) {
    return Tensor.fusedDotUncopied(
        value, outer, start, terms, count, array, first, elementFirst, true);
  }

  /**
   * The gradients of an array leaf's elements, handed over rather than copied: the array the leaf
   * accumulated into when no element was made a leaf of its own, else that array with the element
   * leaves' gradients written into their slots. The array leaf must not be used afterwards, as a
   * generated gradient method drops it once it has returned this.
   *
   * @param leaf the array leaf, after its last backward pass
   * @return the elements' gradients, in index order
   */
  public static double[] takeGradients(ArrayLeaf leaf) {
    return leaf.takeGrads();
  }
}
