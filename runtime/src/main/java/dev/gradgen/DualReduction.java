package dev.gradgen;

import java.util.Arrays;

/**
 * Loop-level preaccumulation for second-order graphs: gathers, over the iterations of a reduction
 * loop ({@code s += f(x[i], ...)}), the accumulator's value, each input an iteration read with the
 * accumulator's partial in it, and the tangents of that partial, then makes <em>one</em> {@link
 * DualTensor} node for the whole loop instead of one (or more) per iteration.
 *
 * <p>The tangents of a partial are the local Hessian times the inputs' tangents, which are known
 * while the graph is built (a {@link DualTape} seeds them at its leaves): an iteration reports each
 * nonzero entry of its term's local Hessian with {@link #hessian(int, int, double)}, and the
 * entry is multiplied into the tangents right away, so the node stores W tangents per input (W the
 * tape's width; only for the inputs whose are not all zero when W is above 1) and no Hessian. Its backward step is then a custom rule's: input j's gradient
 * gains {@code g p_j} and its gradient's tangents {@code g w_j + p_j gt}, where {@code g} and
 * {@code gt} are the node's gradient and its tangents, and its tangents are {@code sum p_j t_j}.
 * Products with tangents use the strong zeros of {@link DualTensor}.
 *
 * <p>Generated code makes one per accumulator before the loop, calls {@link #add(double)} or
 * {@link #subtract(double)} with each term's value (so the accumulator's value is computed with the
 * plain method's operations in its order) and {@link #input(DualTensor, double)} per input (or,
 * for an element of a {@link DualArrayLeaf}, {@link #input(DualArrayLeaf, int, double)}, which
 * records it by index and makes no node for it), and after the loop {@link #node()}. Like a graph,
 * it belongs to one thread.
 */
public final class DualReduction {

  /** Iterations' worth of slots the buffers start with, before they grow by doubling. */
  private static final int FIRST_ITERATIONS = 8;

  /** The accumulator's node before the loop; the node again when no iteration ran. */
  private final DualTensor start;
  /** The accumulator's value so far. */
  private double value;
  /** Whether any term was added. */
  private boolean ran;
  /** The inputs so far; slot 0 is the accumulator before the loop. */
  private DualTensor[] inputs;
  /** The accumulator's partial in each slot's input. */
  private double[] partials;
  /**
   * Width 1 (H v): the tangent of each slot's partial; null while all are zero or W is not 1. A
   * flat array, as a slot's tangents are one number.
   */
  private double[] scalars;
  /**
   * Width above 1 (a pass of the dense Hessian): each slot's W tangents, null for a slot whose are
   * all zero; null while all are or W is 1. Per slot, not flat, because on such a tape only the
   * inputs near the pass's seeded leaves have nonzero tangents: a flat buffer of W per slot was
   * mostly zeros, written, copied and swept backward for nothing.
   */
  private double[][] rows;
  /** The tape's width W, 0 until an input with tangents met a nonzero Hessian entry. */
  private int width;
  /**
   * The width of the inputs' tangents as {@link #input} met them: 0 while none had tangents, -1
   * once two widths met (then the general path below reports the error where it always did).
   */
  private int inputWidth;
  /**
   * Width 1: the tangent of each slot's input (0 for zero), read once when the slot is made, so
   * that {@link #hessian} and {@link #node()} do not go back to the input nodes; null otherwise.
   */
  private double[] inputTangents;
  /** The tape of the node: {@code tapeOf} of the inputs so far, kept as they come in. */
  private DualTape tape;
  /** Whether an input that is an operation node was met (then leaves no longer set the tape). */
  private boolean fromNode;
  /** Whether the inputs so far put the node on no tape (off-tape nodes, or two tapes). */
  private boolean offTape;
  /** The number of slots used. */
  private int count;
  /** The first slot of the term being reported: earlier slots may be merged into, later not. */
  private int termStart = 1;
  /** How many slots before the term's first {@link #input} looks back through for its node. */
  private final int window;
  /**
   * The earlier slots the term being reported merged into, so that two of its inputs that are one
   * node are not both merged into one slot (which would make an off-diagonal entry a diagonal one).
   */
  private final int[] merged;
  /** The number of entries of {@link #merged} in use. */
  private int mergedCount;
  /**
   * Per slot, the array leaf of an input recorded by index (see {@link #input(DualArrayLeaf, int,
   * double)}; its entry of {@link #inputs} is then null), else null; null until the first.
   */
  private DualArrayLeaf[] arrays;
  /** Per slot recorded by index, the element's index; null while {@link #arrays} is. */
  private int[] indices;

  /**
   * A reduction into {@code accumulator} whose iterations each report about {@code perIteration}
   * inputs (the buffers' first size; they grow by doubling).
   *
   * @param accumulator the accumulator's node before the loop
   * @param perIteration the inputs one iteration reports
   */
  public DualReduction(DualTensor accumulator, int perIteration) {
    this.start = accumulator;
    this.value = accumulator.data();
    int capacity = 1 + FIRST_ITERATIONS * Math.max(1, Math.min(perIteration, 1 << 16));
    this.inputs = new DualTensor[capacity];
    this.partials = new double[capacity];
    inputs[0] = accumulator;
    partials[0] = 1.0;
    count = 1;
    joinTape(accumulator);
    double[] t = accumulator.tangent;
    if (t != null) {
      inputWidth = t.length;
      if (inputWidth == 1) {
        inputTangents = new double[capacity];
        inputTangents[0] = t[0];
      }
    }
    this.window = 2 * Math.max(1, Math.min(perIteration, 4));
    this.merged = new int[window];
  }

  /**
   * {@code value += term}: an accumulation {@code s += term}.
   *
   * @param term the term's value
   */
  public void add(double term) {
    value += term;
    ran = true;
    termStart = count;
    mergedCount = 0;
  }

  /**
   * {@code value -= term}: an accumulation {@code s -= term}.
   *
   * @param term the term's value
   */
  public void subtract(double term) {
    value -= term;
    ran = true;
    termStart = count;
    mergedCount = 0;
  }

  /**
   * The accumulator's value so far.
   *
   * @return the value
   */
  public double value() {
    return value;
  }

  /**
   * Records an input of this iteration's term with the accumulator's partial in it (the tangents
   * of that partial start at zero; {@link #hessian} adds to them). A node that a recent earlier
   * term reported already (within a window of slots before this term's first) keeps that slot,
   * and the partial is added to its partial: a stencil like Rosenbrock's reads each x[i] in two
   * iterations, and one slot per node halves the slots, their buffers and the backward step.
   * Slots of the term being reported are never merged into, nor an earlier slot twice by one term,
   * so a term whose two inputs are the same node still gets two slots, and {@link #hessian}'s
   * i == j means the diagonal entry only.
   *
   * @param x the input
   * @param partial d(accumulator)/dx in this iteration
   * @return the input's slot, for {@link #hessian}
   */
  public int input(DualTensor x, double partial) {
    for (int k = termStart - 1, end = Math.max(1, termStart - window); k >= end; k--) {
      if (inputs[k] == x && !mergedInThisTerm(k)) {
        merged[mergedCount++] = k;
        partials[k] += partial;
        return k;
      }
    }
    if (count == inputs.length) {
      grow();
    }
    inputs[count] = x;
    partials[count] = partial;
    joinTape(x);
    double[] t = x.tangent;
    if (t != null) {
      int w = t.length;
      if (inputWidth == 0) {
        inputWidth = w;
        if (w == 1) {
          inputTangents = new double[inputs.length];
        } else {
          elementsAsLeaves();
        }
      } else if (inputWidth != w) {
        inputWidth = -1;
        inputTangents = null;
        elementsAsLeaves();
      }
      if (inputTangents != null) {
        inputTangents[count] = t[0];
      }
    }
    return count++;
  }

  /**
   * Records element {@code index} of an array leaf as an input, as {@link #input(DualTensor,
   * double)} records a node: an element a recent earlier term reported already (by index, within
   * the same window) keeps that slot, with the same rules. The element's leaf is not made, so the
   * node's backward step adds straight into the array leaf's slots. (Should the element have a leaf
   * already, the slot is still by index, and the backward step adds to that leaf.)
   *
   * @param array the array leaf, of a tape of width 1
   * @param index the element's index
   * @param partial d(accumulator)/d(element) in this iteration
   * @return the input's slot, for {@link #hessian}
   * @throws IndexOutOfBoundsException if {@code index} is out of range
   */
  public int input(DualArrayLeaf array, int index, double partial) {
    DualArrayLeaf[] sources = arrays;
    if (sources == null || inputWidth != 1) {
      return firstByIndex(array, index, partial);
    }
    // Kept small, so that the JIT inlines it into the generated helper; the rest is out of line.
    int[] at = indices;
    for (int k = termStart - 1, end = Math.max(1, termStart - window); k >= end; k--) {
      if (sources[k] == array && at[k] == index && !mergedInThisTerm(k)) {
        merged[mergedCount++] = k;
        partials[k] += partial;
        return k;
      }
    }
    int c = count;
    if (c == sources.length) {
      grow();
      return input(array, index, partial);
    }
    inputTangents[c] = array.tangent(index);
    sources[c] = array;
    at[c] = index;
    partials[c] = partial;
    if (tape == null && !offTape && !fromNode) {
      // As a leaf's in joinTape.
      tape = array.tape;
    }
    count = c + 1;
    return c;
  }

  /**
   * {@link #input(DualArrayLeaf, int, double)} before its buffers are there: sets the width (an
   * array leaf is of a product tape, width 1, even where its tangents are 0) and makes the
   * buffers; where another width was met (an error the general path reports), records the
   * element's leaf instead.
   */
  private int firstByIndex(DualArrayLeaf array, int index, double partial) {
    if (inputWidth == 0) {
      inputWidth = 1;
      inputTangents = new double[inputs.length];
    } else if (inputWidth != 1) {
      return input(array.element(index), partial);
    }
    if (arrays == null) {
      arrays = new DualArrayLeaf[inputs.length];
      indices = new int[inputs.length];
    }
    return input(array, index, partial);
  }

  /**
   * Turns the slots recorded by index into their elements' leaves, for the general path of a tape
   * wider than 1 (or of widths that differ), which reads every input's tangents off its node.
   */
  private void elementsAsLeaves() {
    if (arrays == null) {
      return;
    }
    for (int k = 0; k < count; k++) {
      if (arrays[k] != null) {
        inputs[k] = arrays[k].element(indices[k]);
        arrays[k] = null;
      }
    }
    arrays = null;
    indices = null;
  }

  /**
   * Folds one more input into the node's tape, as {@code DualTensor.tapeOf} does over all inputs:
   * an operation node's tape wins over leaves', and off-tape nodes or two tapes mean none.
   *
   * @param x the input
   */
  private void joinTape(DualTensor x) {
    if (offTape) {
      return;
    }
    if (!x.isLeaf()) {
      DualTape own = x.tapeOrNull();
      if (own == null || fromNode && own != tape) {
        offTape = true;
        tape = null;
        return;
      }
      tape = own;
      fromNode = true;
    } else if (!fromNode && tape == null) {
      tape = x.tapeOrNull();
    }
  }

  /**
   * An entry of the local Hessian of this iteration's term, d^2(term)/d(slot i) d(slot j), counted
   * once for i != j: the tangents of partial i gain {@code h t_j} and those of partial j {@code h
   * t_i} (of partial i once, for i == j), with strong zeros.
   *
   * @param i one slot
   * @param j the other slot
   * @param h the entry
   * @throws IllegalArgumentException if the inputs' tangents have different widths
   */
  public void hessian(int i, int j, double h) {
    if (h == 0.0) {
      return;
    }
    if (inputTangents != null) {
      // Width 1 (H v): every input's tangent is one number, read when its slot was made.
      accumulateScalar(i, h, inputTangents[j]);
      if (i != j) {
        accumulateScalar(j, h, inputTangents[i]);
      }
      return;
    }
    accumulate(i, h, inputs[j].tangent);
    if (i != j) {
      accumulate(j, h, inputs[i].tangent);
    }
  }

  /**
   * Width 1: adds {@code s x} to the tangent of slot's partial, nothing when x is 0 (a strong
   * zero, however large s is).
   *
   * @param slot the slot
   * @param s the factor
   * @param x the tangent
   */
  private void accumulateScalar(int slot, double s, double x) {
    if (x != 0.0) {
      if (scalars == null) {
        scalars = new double[inputs.length];
        width = 1;
      }
      scalars[slot] += s * x;
    }
  }

  /**
   * Adds {@code s v} to the tangents of slot's partial, with strong zeros.
   *
   * @param slot the slot
   * @param s the factor
   * @param v the tangents, or null for zero
   */
  private void accumulate(int slot, double s, double[] v) {
    if (v == null) {
      return;
    }
    if (width == 0) {
      width = v.length;
      if (width == 1) {
        scalars = new double[inputs.length];
      } else {
        rows = new double[inputs.length][];
      }
    } else if (v.length != width) {
      throw DualTensor.widths(width, v.length);
    }
    if (width == 1) {
      if (scalars == null) {
        scalars = new double[inputs.length];
      }
      double x = v[0];
      // A zero component contributes 0, however large s is.
      if (x != 0.0) {
        scalars[slot] += s * x;
      }
      return;
    }
    double[] row = rows[slot];
    if (row == null) {
      row = new double[width];
      rows[slot] = row;
    }
    for (int d = 0; d < width; d++) {
      double x = v[d];
      if (x != 0.0) {
        row[d] += s * x;
      }
    }
  }

  /**
   * Whether the term being reported merged one of its inputs into {@code slot} already.
   *
   * @param slot an earlier slot
   * @return true if it did
   */
  private boolean mergedInThisTerm(int slot) {
    for (int m = 0; m < mergedCount; m++) {
      if (merged[m] == slot) {
        return true;
      }
    }
    return false;
  }

  private void grow() {
    int capacity = inputs.length * 2;
    inputs = Arrays.copyOf(inputs, capacity);
    partials = Arrays.copyOf(partials, capacity);
    if (scalars != null) {
      scalars = Arrays.copyOf(scalars, capacity);
    }
    if (inputTangents != null) {
      inputTangents = Arrays.copyOf(inputTangents, capacity);
    }
    if (rows != null) {
      rows = Arrays.copyOf(rows, capacity);
    }
    if (arrays != null) {
      arrays = Arrays.copyOf(arrays, capacity);
      indices = Arrays.copyOf(indices, capacity);
    }
  }

  /**
   * The accumulator after the loop: one node over every input recorded, or the accumulator
   * before the loop when no term was added (a loop that ran zero times).
   *
   * @return the node
   * @throws IllegalArgumentException if the inputs' tangents have different widths
   */
  public DualTensor node() {
    if (!ran) {
      return start;
    }
    if (inputTangents == null) {
      return DualTensor.reduction(value, inputs, partials, scalars, rows, count);
    }
    // Width 1: the node's tangent, sum of partial times tangent in slot order, from the tangents
    // read with the slots; a zero factor or a zero tangent adds nothing (strong zeros).
    double tangent = 0.0;
    boolean any = false;
    for (int k = 0; k < count; k++) {
      double p = partials[k];
      double x = inputTangents[k];
      if (p != 0.0 && x != 0.0) {
        tangent += p * x;
        any = true;
      }
    }
    return DualTensor.reduction(
        value,
        any ? new double[] {tangent} : null,
        offTape ? null : tape,
        inputs,
        partials,
        scalars,
        arrays,
        indices,
        count);
  }
}
