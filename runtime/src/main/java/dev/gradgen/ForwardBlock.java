package dev.gradgen;

/**
 * The tangents of one forward sweep that carries up to 64 directions at once, one per seeded input,
 * for {@link Tensor#jacobian}: a flat array with one block of {@code width} entries per slot (the
 * seeded inputs first, then the swept nodes), and per slot the set of inputs it depends on.
 *
 * <p>A node adds a parent's contribution only in the directions of the inputs that parent depends
 * on, the first one replacing the entry and later ones adding to it, so each column gets exactly
 * the sums of products that a sweep seeding its input alone would give: a partial that is
 * infinite or NaN is never multiplied by the zero tangent of a parent that does not depend on that
 * column's input, and a column no parent contributes to stays {@code +0.0}.
 */
final class ForwardBlock {

  /** The most directions one sweep carries: one bit each in a {@code long}. */
  static final int MAX_WIDTH = Long.SIZE;

  /** How many directions this sweep carries. */
  final int width;
  /** The mask of every direction. */
  private final long all;
  /** The tangents: slot {@code s}, direction {@code q} at {@code s * width + q}. */
  final double[] tangents;
  /** Per slot, bit {@code q} set when it depends on the input of direction {@code q}. */
  final long[] deps;
  /** Where the node being stepped writes its block. */
  private int at;
  /** The directions some parent of the node being stepped has contributed to so far. */
  private long seen;

  /**
   * An empty sweep.
   *
   * @param width the directions, 1 to {@link #MAX_WIDTH}
   * @param slots the inputs and nodes it holds
   */
  ForwardBlock(int width, int slots) {
    this.width = width;
    this.all = width == MAX_WIDTH ? -1L : (1L << width) - 1;
    this.tangents = new double[slots * width];
    this.deps = new long[slots];
  }

  /**
   * Starts the step of the node in {@code slot}.
   *
   * @param slot its slot
   */
  void begin(int slot) {
    at = slot * width;
    seen = 0L;
  }

  /**
   * Adds {@code partial} times the parent's tangents, in the directions the parent depends on.
   *
   * @param parent a parent of the node being stepped
   * @param partial d(node)/d(parent)
   */
  void add(Tensor parent, double partial) {
    if (!Tensor.carries(parent)) {
      return;
    }
    int slot = Tensor.slotOf(parent);
    long mask = deps[slot];
    int from = slot * width;
    double[] t = tangents;
    if (mask == all && seen == 0L) {
      for (int q = 0; q < width; q++) {
        t[at + q] = partial * t[from + q];
      }
    } else if (mask == all && seen == all) {
      for (int q = 0; q < width; q++) {
        t[at + q] += partial * t[from + q];
      }
    } else {
      // Only the parent's directions, one set bit at a time: a leaf has one, so a node made
      // straight from the inputs costs one product per parent instead of one per direction.
      for (long bits = mask & ~seen; bits != 0L; bits &= bits - 1) {
        int q = Long.numberOfTrailingZeros(bits);
        t[at + q] = partial * t[from + q];
      }
      for (long bits = mask & seen; bits != 0L; bits &= bits - 1) {
        int q = Long.numberOfTrailingZeros(bits);
        t[at + q] += partial * t[from + q];
      }
    }
    seen |= mask;
  }

  /**
   * Multiplies the running node's tangents by {@code factor}, as a node of one parent with that
   * partial would ({@code factor * t} in each direction the node carries): a dot-product node with
   * an elementwise function folded in ends its step with the function's derivative.
   *
   * @param factor d(node)/d(the sum gathered so far)
   */
  void scale(double factor) {
    double[] t = tangents;
    for (long bits = seen; bits != 0L; bits &= bits - 1) {
      int q = at + Long.numberOfTrailingZeros(bits);
      t[q] = factor * t[q];
    }
  }

  /**
   * Ends the step of {@code node}: it carries tangents if some parent contributed.
   *
   * @param node the node stepped
   * @param slot its slot
   */
  void end(Tensor node, int slot) {
    deps[slot] = seen;
    node.setSlot(seen != 0L, slot);
  }

  /**
   * Seeds an input: direction {@code q} is its own.
   *
   * @param slot the input's slot
   * @param q its direction
   */
  void seed(int slot, int q) {
    deps[slot] |= 1L << q;
    tangents[slot * width + q] = 1.0;
  }
}
