package dev.gradgen;

import java.util.Arrays;

/**
 * One build of a second-order graph: it makes the {@link DualTensor} leaves, gives each its seed
 * tangents, records the operation nodes in creation order for {@link DualTensor#backward()}, and
 * reads the gradient and the Hessian columns (or a Hessian-vector product) off its leaves.
 *
 * <p>Leaves get flat indices 0, 1, 2, ... in creation order; generated code creates them in the
 * declaration order of the differentiable parameters (a {@code double} one leaf, a {@code double[]}
 * its elements, a {@code double[][]} row by row), so the flat index is the index of the gradient
 * and of the Hessian's rows and columns. A tape of {@link #forHessian(int)} has width {@link
 * #DIRECTIONS}: leaf k gets the unit tangent e_(k - first) when first &lt;= k &lt; first + W and
 * zero otherwise, and one backward pass gives Hessian columns first to first + W - 1. A tape of
 * {@link #forDirection(double[])} has width 1, leaf k tangent v[k], and gives H v.
 *
 * <p>Generated code calls, for the Hessian (where {@code m} builds the graph from the tape's leaves
 * and {@code n} is the number of flattened differentiable inputs, here {@code 1 + y.length}):
 * <pre>{@code
 * DualTape.Hessian h = DualTape.hessian(n, tape -> m(tape.leaf(x), tape.leaves(y)));
 * // h.value(), h.gradient(), h.hessian()
 * }</pre>
 * or, written out (the loop {@link #hessian(int, Graph)} runs):
 * <pre>{@code
 * double[][] hessian = new double[n][n];
 * for (int first = 0; ; first += DualTape.DIRECTIONS) {
 *   DualTape tape = DualTape.forHessian(first, n);
 *   DualTensor out = m(tape.leaf(x), tape.leaves(y));
 *   out.backward();
 *   tape.hessianColumns(hessian);
 *   if (!tape.hasDirectionsAfter()) {
 *     break;
 *   }
 * }
 * }</pre>
 * ({@link #hessian(Graph)} and {@link #forHessian(int)} do the same without knowing n, with tapes
 * of the full width {@link #DIRECTIONS}). For a Hessian-vector product: {@code
 * DualTape.hessianVectorProduct(v, tape -> m(...))}, or {@code forDirection(v)}, build, {@code
 * backward()}, {@link #hessianVectorProduct()}.
 *
 * <p>The Hessian is not symmetrized: entry [k][j] is the derivative of gradient entry k along
 * direction j, which equals [j][k] to rounding. Like a graph, a tape belongs to one thread.
 */
public final class DualTape {

  /**
   * The number of Hessian columns one pass of a {@link #forHessian(int)} tape computes: the width
   * of its tangents.
   */
  // Measured on Rosenbrock (n = 10 and 100, a 2-core machine under load): a pass costs mostly per
  // node, not per direction, so 16 took a Hessian of n = 100 in two thirds of the time of 8; 32
  // gained another fifth at twice the memory per node (2 x 16 doubles of tangents: 288 bytes).
  public static final int DIRECTIONS = 16;

  /** The unit tangents e_0 ... e_(w-1) of each width w up to W, shared (never written). */
  private static final double[][][] UNITS = new double[DIRECTIONS + 1][][];

  static {
    for (int w = 1; w <= DIRECTIONS; w++) {
      UNITS[w] = units(w);
    }
  }

  /** The newest node on this tape; each node links to the one created before it. */
  DualTensor last;
  /** The first direction (flat leaf index) this tape seeds, for a Hessian tape. */
  private final int first;
  /** The number of directions. */
  private final int width;
  /** The direction v of a Hessian-vector-product tape; null for a Hessian tape. */
  private final double[] direction;
  /** The leaves, in creation order; grown as needed. */
  private DualTensor[] leaves = new DualTensor[16];
  /** The number of leaves made (an array leaf's elements counted one by one). */
  private int count;
  /**
   * The array leaves of {@link #array(double[])}, in creation order; their flat indices' entries
   * of {@link #leaves} are null. Null while there are none.
   */
  private DualArrayLeaf[] arrays;
  /** The number of array leaves made. */
  private int arrayCount;

  /**
   * A tape.
   *
   * @param first the first direction of a Hessian tape
   * @param width the number of directions
   * @param direction the direction of a product tape, or null
   */
  private DualTape(int first, int width, double[] direction) {
    this.first = first;
    this.width = width;
    this.direction = direction;
  }

  /**
   * A tape whose leaves k = first ... first + {@link #DIRECTIONS} - 1 are seeded with the unit
   * directions, for Hessian columns first to first + DIRECTIONS - 1.
   *
   * @param firstDirection the flat index of the first leaf seeded
   * @return a new tape of width {@link #DIRECTIONS}
   * @throws IllegalArgumentException if {@code firstDirection} is negative
   */
  public static DualTape forHessian(int firstDirection) {
    if (firstDirection < 0) {
      throw new IllegalArgumentException("firstDirection is " + firstDirection + ", below 0");
    }
    return new DualTape(firstDirection, DIRECTIONS, null);
  }

  /**
   * {@link #forHessian(int)} for a function of {@code leafCount} flattened inputs: the tape is as
   * wide as the directions left, min({@link #DIRECTIONS}, leafCount - firstDirection), so a function
   * of fewer inputs than DIRECTIONS carries no unused tangents. The passes are still {@link
   * #DIRECTIONS} apart.
   *
   * @param firstDirection the flat index of the first leaf seeded
   * @param leafCount the number of leaves the graph will make
   * @return a new tape
   * @throws IllegalArgumentException if {@code firstDirection} is negative or not below {@code
   *     leafCount} (unless both are 0)
   */
  public static DualTape forHessian(int firstDirection, int leafCount) {
    if (firstDirection < 0 || firstDirection >= leafCount && leafCount != 0) {
      throw new IllegalArgumentException(
          "firstDirection is " + firstDirection + ", outside the " + leafCount + " leaves");
    }
    return new DualTape(
        firstDirection, Math.max(1, Math.min(DIRECTIONS, leafCount - firstDirection)), null);
  }

  /**
   * A tape of width 1 whose leaf k has tangent v[k] (0 past v's end), for H v.
   *
   * @param v the direction, one entry per leaf in flat order (kept, not copied)
   * @return a new tape of width 1
   */
  public static DualTape forDirection(double[] v) {
    return new DualTape(0, 1, v);
  }

  /**
   * The unit vectors of the given width.
   *
   * @param w the width
   * @return e_0 ... e_(w-1)
   */
  private static double[][] units(int w) {
    double[][] out = new double[w][w];
    for (int d = 0; d < w; d++) {
      out[d][d] = 1.0;
    }
    return out;
  }

  // ---------------------------------------------------------------- leaves

  /**
   * The next leaf, of the given value, seeded as this tape's kind says.
   *
   * @param value the leaf's value
   * @return a new leaf on this tape
   */
  public DualTensor leaf(double value) {
    int k = count;
    double[] tangent;
    if (direction != null) {
      tangent = k < direction.length && direction[k] != 0.0 ? new double[] {direction[k]} : null;
    } else {
      int d = k - first;
      tangent = d >= 0 && d < width ? UNITS[width][d] : null;
    }
    DualTensor leaf = new DualTensor(value, tangent, this);
    if (k >= leaves.length) {
      // Past an array leaf's elements, which take flat indices but no entries, k may jump.
      leaves = Arrays.copyOf(leaves, Math.max(k + 1, leaves.length * 2));
    }
    leaves[k] = leaf;
    count = k + 1;
    return leaf;
  }

  /**
   * The next leaves, one per value, in order.
   *
   * @param values the leaves' values
   * @return new leaves on this tape, in the order of {@code values}
   */
  public DualTensor[] leaves(double[] values) {
    if (count + values.length > leaves.length) {
      // Room for them all at once, rather than doubling through the sizes below.
      leaves = Arrays.copyOf(leaves, Math.max(count + values.length, leaves.length * 2));
    }
    DualTensor[] out = new DualTensor[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = leaf(values[i]);
    }
    return out;
  }

  /**
   * The next leaves, one per value, in order, held by one {@link DualArrayLeaf} instead of one node
   * each: for a graph that reads them by index ({@link DualReduction#input(DualArrayLeaf, int,
   * double)}), or makes a node of an element only where it needs one. They take the same flat
   * indices as {@link #leaves(double[])} would.
   *
   * @param values the leaves' values, kept
   * @return the array leaf, whose elements' entries of {@link #leaves} stay null (the array grows
   *     only when a later {@link #leaf(double)} needs it)
   * @throws IllegalStateException if this is a Hessian tape (its leaves carry W tangents each)
   */
  public DualArrayLeaf array(double[] values) {
    if (direction == null) {
      throw new IllegalStateException("array(double[]) needs a tape of forDirection");
    }
    int n = values.length;
    DualArrayLeaf array = new DualArrayLeaf(values, direction, count, this);
    if (arrays == null) {
      arrays = new DualArrayLeaf[2];
    } else if (arrayCount == arrays.length) {
      arrays = Arrays.copyOf(arrays, arrayCount * 2);
    }
    arrays[arrayCount++] = array;
    count += n;
    return array;
  }

  /**
   * The next leaves, row by row; a null row stays null and takes no index.
   *
   * @param values the leaves' values, by row
   * @return new leaves on this tape, shaped like {@code values}
   */
  public DualTensor[][] leaves(double[][] values) {
    DualTensor[][] out = new DualTensor[values.length][];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i] == null ? null : leaves(values[i]);
    }
    return out;
  }

  /**
   * The number of leaves {@link #leaves(double[][])} makes for {@code values}: the lengths of its
   * rows, a null row counting 0. Generated {@code mHessian} methods add these up to size their
   * tapes with {@link #forHessian(int, int)}.
   *
   * @param values the leaves' values, by row
   * @return the number of values
   */
  public static int leafCount(double[][] values) {
    int count = 0;
    for (double[] row : values) {
      count += row == null ? 0 : row.length;
    }
    return count;
  }

  // ---------------------------------------------------------------- results

  /**
   * The number of leaves made so far: the length of the gradient and the Hessian's order.
   *
   * @return the leaf count
   */
  public int leafCount() {
    return count;
  }

  /**
   * The number of directions this tape's tangents carry.
   *
   * @return {@link #DIRECTIONS} for a Hessian tape, 1 for a product tape
   */
  public int width() {
    return width;
  }

  /**
   * The first direction a Hessian tape seeds.
   *
   * @return the flat index of the first leaf seeded; 0 for a product tape
   */
  public int firstDirection() {
    return first;
  }

  /**
   * Whether a Hessian tape leaves columns to compute: whether first + {@link #DIRECTIONS} is below
   * the leaf count, so another pass with {@code forHessian(first + DIRECTIONS)} is needed.
   *
   * @return true if more passes are needed; false for a product tape
   */
  public boolean hasDirectionsAfter() {
    return direction == null && first + DIRECTIONS < count;
  }

  /**
   * The gradient, after {@code backward()} from the output: each leaf's gradient in flat order.
   *
   * @return a fresh array of {@link #leafCount()} entries
   */
  public double[] gradient() {
    double[] out = new double[count];
    for (int k = 0, end = Math.min(count, leaves.length); k < end; k++) {
      DualTensor leaf = leaves[k];
      if (leaf != null) {
        out[k] = leaf.grad();
      }
    }
    for (int a = 0; a < arrayCount; a++) {
      DualArrayLeaf array = arrays[a];
      for (int i = 0, n = array.length(); i < n; i++) {
        out[array.offset + i] = array.grad(i);
      }
    }
    return out;
  }

  /**
   * Writes this pass's Hessian columns, after {@code backward()} from the output: {@code
   * hessian[k][first + d]} for every leaf k and every direction d with first + d below the leaf
   * count. Other columns are left as they are.
   *
   * @param hessian a {@link #leafCount()} by {@code leafCount()} array
   * @throws IllegalArgumentException if this is a product tape or {@code hessian} is too small
   */
  public void hessianColumns(double[][] hessian) {
    if (direction != null) {
      throw new IllegalArgumentException(
          "hessianColumns() needs a tape of forHessian; this one is of forDirection");
    }
    if (hessian.length < count) {
      throw new IllegalArgumentException(
          "the Hessian array has " + hessian.length + " rows; the tape has " + count + " leaves");
    }
    int end = Math.min(first + width, count);
    for (int k = 0; k < count; k++) {
      double[] row = hessian[k];
      if (row == null || row.length < count) {
        throw new IllegalArgumentException("row " + k + " of the Hessian array is shorter than "
            + count + ", the tape's leaf count");
      }
      double[] tangents = leaves[k].gradTangents();
      for (int j = first; j < end; j++) {
        row[j] = tangents == null ? 0.0 : tangents[j - first];
      }
    }
  }

  /**
   * H v, after {@code backward()} from the output of a {@link #forDirection(double[])} tape: each
   * leaf's gradient's tangent, in flat order.
   *
   * @return a fresh array of {@link #leafCount()} entries
   * @throws IllegalArgumentException if this is a Hessian tape, or v's length is not the leaf count
   */
  public double[] hessianVectorProduct() {
    if (direction == null) {
      throw new IllegalArgumentException(
          "hessianVectorProduct() needs a tape of forDirection; this one is of forHessian");
    }
    if (direction.length != count) {
      throw new IllegalArgumentException("the direction has " + direction.length
          + " entries but the function has " + count + " differentiable inputs (flattened)");
    }
    double[] out = new double[count];
    for (int k = 0, end = Math.min(count, leaves.length); k < end; k++) {
      DualTensor leaf = leaves[k];
      if (leaf != null) {
        out[k] = leaf.gradTangent(0);
      }
    }
    for (int a = 0; a < arrayCount; a++) {
      DualArrayLeaf array = arrays[a];
      for (int i = 0, n = array.length(); i < n; i++) {
        out[array.offset + i] = array.gradTangent(i);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- whole computations

  /** Builds a graph from a tape's leaves: the body of a second-order builder call. */
  @FunctionalInterface
  public interface Graph {
    /**
     * Builds the graph, creating the leaves on {@code tape} in flat order.
     *
     * @param tape the tape to make the leaves with
     * @return the graph's output
     */
    DualTensor build(DualTape tape);
  }

  /**
   * A value with its gradient and Hessian, over the flattened inputs.
   *
   * @param value the output's value
   * @param gradient the gradient, one entry per leaf in flat order
   * @param hessian the Hessian, [k][j] = d^2 value / d leaf_k d leaf_j
   */
  // The shape issue 13 gives the generated MHessian records, which this one mirrors: arrays a
  // caller
  // indexes directly, with no equality of their own.
  @SuppressWarnings("ArrayRecordComponent")
  public record Hessian(double value, double[] gradient, double[][] hessian) {}

  /**
   * The value, gradient and Hessian of the graph {@code graph} builds, from ceil(n / {@link
   * #DIRECTIONS}) passes (one at least), n the number of leaves it makes.
   *
   * @param graph builds the graph; called once per pass, it must make the same leaves each time
   * @return the value, gradient and Hessian
   * @throws IllegalStateException if a pass makes another number of leaves than the first
   */
  public static Hessian hessian(Graph graph) {
    return hessian(-1, graph);
  }

  /**
   * {@link #hessian(Graph)} for a graph known to make {@code leafCount} leaves: its tapes are only
   * as wide as the directions left (see {@link #forHessian(int, int)}).
   *
   * @param leafCount the number of leaves the graph makes
   * @param graph builds the graph; called once per pass
   * @return the value, gradient and Hessian
   * @throws IllegalStateException if a pass makes another number of leaves
   */
  public static Hessian hessian(int leafCount, Graph graph) {
    double[][] hessian = null;
    double value = 0.0;
    double[] gradient = null;
    for (int first = 0; ; first += DIRECTIONS) {
      DualTape tape = leafCount < 0 ? forHessian(first) : forHessian(first, leafCount);
      DualTensor out = graph.build(tape);
      out.backward();
      if (leafCount >= 0 && tape.count != leafCount) {
        throw new IllegalStateException(
            "the graph made " + tape.count + " leaves, not the " + leafCount + " announced");
      }
      if (hessian == null) {
        hessian = new double[tape.count][tape.count];
        value = out.data();
        gradient = tape.gradient();
      } else if (tape.count != hessian.length) {
        throw new IllegalStateException(
            "a pass made " + tape.count + " leaves, the first " + hessian.length);
      }
      tape.hessianColumns(hessian);
      if (!tape.hasDirectionsAfter()) {
        return new Hessian(value, gradient, hessian);
      }
    }
  }

  /**
   * H v for the graph {@code graph} builds, in one pass.
   *
   * @param v the direction, one entry per leaf in flat order
   * @param graph builds the graph
   * @return H v
   * @throws IllegalArgumentException if v's length is not the number of leaves
   */
  public static double[] hessianVectorProduct(double[] v, Graph graph) {
    DualTape tape = forDirection(v);
    graph.build(tape).backward();
    return tape.hessianVectorProduct();
  }
}
