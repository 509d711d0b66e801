package dev.gradgen;

import java.util.Arrays;

/**
 * A scalar node of a second-order graph: forward-over-reverse differentiation, for Hessians and
 * Hessian-vector products.
 *
 * <p>Each node holds what a {@link Tensor} holds (its value, its parents, its local partials and,
 * after {@link #backward()}, its gradient) and, for W seed directions, the directional derivatives
 * of each: W <em>tangents</em> of its value, made in the forward step from its parents' tangents
 * and its local partials, and after {@code backward()} W tangents of its gradient. The tangents of
 * a {@link DualTape}'s leaves are the seed directions; a node's local partials are differentiated
 * along them from the operation's second derivatives ({@link Derivatives}, the {@code ...Second}
 * functions). The tangent of a leaf's gradient along direction d is then row k of the Hessian times
 * that direction: column d of the Hessian, or H·v for one direction v. See {@link DualTape} for how
 * generated code drives it.
 *
 * <p>The op API is {@link Tensor}'s, method for method, with {@code DualTensor} for {@code Tensor};
 * every value is computed by the same {@link Math} or {@link Activations} call as Tensor's, and every
 * first partial by the same {@link Derivatives} call, so values and gradients are bit for bit
 * Tensor's for the same graph built in the same order.
 *
 * <h2>Second-order conventions</h2>
 * They extend the first-order ones of {@link Tensor}: operations that are linear between kinks or
 * jumps (abs, relu, min, max, copySign, %, IEEEremainder, nextUp, nextDown, nextAfter, scalb,
 * toRadians, toDegrees) have second derivative 0 everywhere, kinks included (NaN where the first
 * derivative is NaN); sqrt''(0) = -Infinity; cbrt''(+0) = -Infinity and cbrt''(-0) = +Infinity;
 * hypot's second derivatives at (0, 0) are 0; atan2's are NaN at (0, 0); pow's second derivatives
 * that involve the exponent are 0 where the base or the value is 0, as its first one is.
 * Tangent arithmetic uses <em>strong zeros</em>: a tangent component that is exactly 0 contributes
 * 0 however large (or NaN) the factor it is multiplied by, and so does a zero partial, because a
 * quantity that does not move along a direction has directional derivative 0 there; so an infinite
 * partial off the seeded directions does not turn them NaN, and a Hessian column does not depend on
 * which other columns were computed in the same pass.
 *
 * <h2>Tapes and order</h2>
 * As with {@link Tape}: a node made from leaves of a {@link DualTape} joins it, and {@code
 * backward()} sweeps the tape's creation order backwards; graphs off any tape, or mixing tapes, are
 * sorted iteratively. Both work for graphs millions of nodes deep on the default stack. Constants
 * ({@link #DualTensor(double)}, {@link #of(double[])}) have zero tangents and are on no tape; their
 * gradients accumulate as a Tensor leaf's do, but the tangents of their gradients are not kept.
 * Combining nodes of tapes of different widths throws {@link IllegalArgumentException}.
 *
 * <h2>Threads</h2>
 * As for {@link Tensor}: a graph belongs to one thread; separate graphs share no mutable state.
 */
public sealed class DualTensor {

  /** The value of this node. */
  private final double data;
  /** The gradient of the last backward sweep (accumulated, for a leaf). */
  private double grad;
  /** The W tangents of the value; null when all are zero. Never written after construction. */
  final double[] tangent;
  /** The W tangents of the gradient; null when all are zero. */
  private double[] gradTangent;
  /** The tape this node is on, or the tape a leaf passes on to the nodes made from it. */
  private final DualTape tape;
  /** The node created on the same tape just before this one; null for the first and for leaves. */
  private final DualTensor prev;
  /** Where a running traversal is with this node: as in Tensor. */
  private byte mark;
  /** Whether this node is a leaf (an input or a constant). */
  private final boolean leaf;

  /** The mark of a node that received a contribution in the running sweep; leaves rest here. */
  private static final byte LIVE = -1;
  /** The resting mark of an operation node, and a sort's mark for a node not reached yet. */
  private static final byte UNSEEN = 0;
  /** A sort's mark for a node whose parents are on the stack. */
  private static final byte EXPANDED = 1;
  /** A sort's mark for a node already in the order. */
  private static final byte EMITTED = 2;

  /**
   * A constant: a leaf with zero tangents, on no tape.
   *
   * @param value the constant's value
   */
  public DualTensor(double value) {
    this(value, null, null);
  }

  /**
   * A leaf of the given tangents that passes {@code tape} on to the nodes made from it.
   *
   * @param value the leaf's value
   * @param tangent the leaf's tangents (kept, never written), or null for zero
   * @param tape the tape of the nodes made from this leaf, or null for none
   */
  DualTensor(double value, double[] tangent, DualTape tape) {
    this.data = value;
    this.tangent = tangent;
    this.tape = tape;
    this.prev = null;
    this.mark = LIVE;
    this.leaf = true;
  }

  /**
   * An operation node, appended to {@code tape} if there is one.
   *
   * @param value the node's value
   * @param tangent the node's tangents, or null for zero
   * @param tape the tape the node joins, or null for none
   * @param operation distinguishes this constructor from the leaf's
   */
  @SuppressWarnings("UnusedVariable") // operation only tells this constructor from the leaf's
  private DualTensor(double value, double[] tangent, DualTape tape, boolean operation) {
    this.data = value;
    this.tangent = tangent;
    this.tape = tape;
    this.leaf = false;
    if (tape != null) {
      this.prev = tape.last;
      tape.last = this;
    } else {
      this.prev = null;
    }
  }

  // ---------------------------------------------------------------- tangent arithmetic

  /**
   * {@code acc + s v} with strong zeros: nothing when s is 0 or v is null (zero), a fresh array when
   * acc is null; where s is not finite, components of v that are 0 contribute 0.
   *
   * @param acc the running sum, written in place, or null for zero
   * @param s the factor
   * @param v the tangents, or null for zero
   * @return the sum, or null for zero
   * @throws IllegalArgumentException if the widths differ
   */
  static double[] plus(double[] acc, double s, double[] v) {
    if (s == 0.0 || v == null) {
      return acc;
    }
    if (acc == null) {
      acc = new double[v.length];
    } else if (acc.length != v.length) {
      throw widths(acc.length, v.length);
    }
    if (Double.isFinite(s)) {
      for (int i = 0; i < v.length; i++) {
        acc[i] += s * v[i];
      }
    } else {
      for (int i = 0; i < v.length; i++) {
        if (v[i] != 0.0) {
          acc[i] += s * v[i];
        }
      }
    }
    return acc;
  }

  /**
   * {@code s v} with strong zeros, sharing v itself when s is 1 (tangent arrays are never written).
   *
   * @param s the factor
   * @param v the tangents, or null for zero
   * @return the product, or null for zero
   */
  static double[] times(double s, double[] v) {
    return s == 1.0 ? v : plus(null, s, v);
  }

  /**
   * The product of two scalars with a strong zero: 0 when either is 0, even if the other is not
   * finite. Fused second-order helpers build their local Hessians with it, as the tangents here
   * are.
   *
   * @param a one factor
   * @param b the other
   * @return {@code a * b}, or 0 when either is 0
   */
  public static double strong(double a, double b) {
    return a == 0.0 || b == 0.0 ? 0.0 : a * b;
  }

  /**
   * The error for tangents of different widths meeting.
   *
   * @param a one width
   * @param b the other
   * @return the exception to throw
   */
  static IllegalArgumentException widths(int a, int b) {
    return new IllegalArgumentException("DualTensors of DualTapes of different widths (" + a
        + " and " + b + " directions) meet in one graph: build each graph from one DualTape");
  }

  /**
   * Adds {@code (a u + b v) + c w} to the tangents of the parent's gradient in one pass, unless the
   * parent is a constant, whose gradient's tangents nobody reads. A term whose factor is 0 or whose
   * tangents are null (zero) is left out; where a factor is not finite, components that are 0
   * contribute 0 (strong zeros). Every component is computed by the same expression whichever
   * terms are present, so a direction's result does not depend on the other directions of its
   * pass.
   *
   * @param parent the parent receiving
   * @param a the first factor
   * @param u the first tangents, or null
   * @param b the second factor
   * @param v the second tangents, or null
   * @param c the third factor
   * @param w the third tangents, or null
   * @throws IllegalArgumentException if the widths differ
   */
  static void receiveTangents(
      DualTensor parent, double a, double[] u, double b, double[] v, double c, double[] w) {
    if (parent.leaf && parent.tape == null) {
      return;
    }
    if (a == 0.0) {
      u = null;
    }
    if (b == 0.0) {
      v = null;
    }
    if (c == 0.0) {
      w = null;
    }
    int n = u != null ? u.length : v != null ? v.length : w != null ? w.length : -1;
    if (n < 0) {
      return;
    }
    double[] zeros = zeros(n);
    u = checked(u, n, zeros);
    v = checked(v, n, zeros);
    w = checked(w, n, zeros);
    double[] acc = parent.gradTangent;
    if (acc == null) {
      acc = new double[n];
      parent.gradTangent = acc;
    } else if (acc.length != n) {
      throw widths(acc.length, n);
    }
    if (Double.isFinite(a) && Double.isFinite(b) && Double.isFinite(c)) {
      for (int i = 0; i < n; i++) {
        acc[i] += a * u[i] + b * v[i] + c * w[i];
      }
    } else {
      for (int i = 0; i < n; i++) {
        acc[i] += strong(a, u[i]) + strong(b, v[i]) + strong(c, w[i]);
      }
    }
  }

  /** Zero tangents of every width a tape can have, shared (never written). */
  private static final double[][] ZEROS = new double[DualTape.DIRECTIONS + 1][];

  static {
    for (int n = 0; n < ZEROS.length; n++) {
      ZEROS[n] = new double[n];
    }
  }

  /**
   * Zero tangents of width n, shared for the widths a tape can have.
   *
   * @param n the width
   * @return an array of n zeros that nobody writes
   */
  private static double[] zeros(int n) {
    return n < ZEROS.length ? ZEROS[n] : new double[n];
  }

  /**
   * {@code v}, or the zeros for null, after checking its width.
   *
   * @param v the tangents, or null
   * @param n the width expected
   * @param zeros n zeros
   * @return an array of width n
   * @throws IllegalArgumentException if v has another width
   */
  private static double[] checked(double[] v, int n, double[] zeros) {
    if (v == null) {
      return zeros;
    }
    if (v.length != n) {
      throw widths(v.length, n);
    }
    return v;
  }

  // ---------------------------------------------------------------- node factories

  /**
   * A node with one parent.
   *
   * @param value the node's value
   * @param x the parent
   * @param dx d(node)/dx
   * @param dxx d^2(node)/dx^2
   * @return the new node
   */
  static DualTensor unary(double value, DualTensor x, double dx, double dxx) {
    return new Unary(value, x, dx, dxx);
  }

  /**
   * A node with two parents.
   *
   * @param value the node's value
   * @param x the first parent
   * @param dx d(node)/dx
   * @param y the second parent
   * @param dy d(node)/dy
   * @param dxx d^2(node)/dx^2
   * @param dxy d^2(node)/dx dy
   * @param dyy d^2(node)/dy^2
   * @return the new node
   */
  static DualTensor binary(
      double value,
      DualTensor x,
      double dx,
      DualTensor y,
      double dy,
      double dxx,
      double dxy,
      double dyy) {
    return new Binary(value, x, dx, y, dy, dxx, dxy, dyy);
  }

  /**
   * A node whose value is given and whose local partial in {@code inputs[i]} is {@code
   * partials[i].data()}, with {@code partials[i]}'s tangents as the tangents of that partial: the
   * node of a custom derivative rule whose partials are themselves computed on the graph (from the
   * same inputs), so that their derivatives carry into the second order. The partial nodes are not
   * back-propagated into; only their values and tangents are read, here. The arrays are not kept.
   *
   * @param value the node's value
   * @param inputs the inputs
   * @param partials d(node)/d(input) for each input, in the same order, as nodes
   * @return the new node
   * @throws IllegalArgumentException if the arrays differ in length
   */
  public static DualTensor rule(double value, DualTensor[] inputs, DualTensor[] partials) {
    if (inputs.length != partials.length) {
      throw new IllegalArgumentException(
          inputs.length + " inputs but " + partials.length + " partials");
    }
    int n = inputs.length;
    double[] values = new double[n];
    double[][] tangents = new double[n][];
    for (int i = 0; i < n; i++) {
      values[i] = partials[i].data;
      tangents[i] = partials[i].tangent;
    }
    return new Rule(value, inputs.clone(), values, tangents);
  }

  /**
   * A node of one input from a custom rule: see {@link #rule(double, DualTensor[], DualTensor[])}.
   *
   * @param value the node's value
   * @param x the input
   * @param dx d(node)/dx, as a node
   * @return the new node
   */
  public static DualTensor rule(double value, DualTensor x, DualTensor dx) {
    return rule(value, new DualTensor[] {x}, new DualTensor[] {dx});
  }

  /**
   * A node whose value, local partials and local Hessian its creator computed, for any number of
   * inputs: the second-order counterpart of {@link Tensor#fused(double, Tensor[], double[])}, for
   * statement-level preaccumulation. The local Hessian is given as its lower triangle row by row,
   * {@code hessian[i (i + 1) / 2 + j]} = d^2(node)/d(input i) d(input j) for j &lt;= i, or null
   * when the local Hessian is zero (a sum, a product with constants). The arrays are kept, not
   * copied.
   *
   * @param value the node's value
   * @param inputs the inputs
   * @param partials d(node)/d(input) for each input, in the same order
   * @param hessian the lower triangle of the local Hessian, n (n + 1) / 2 entries for n inputs, or
   *     null for zero
   * @return the new node
   * @throws IllegalArgumentException if the arrays' lengths do not fit
   */
  public static DualTensor fused(
      double value, DualTensor[] inputs, double[] partials, double[] hessian) {
    int n = inputs.length;
    if (partials.length != n || hessian != null && hessian.length != n * (n + 1) / 2) {
      throw new IllegalArgumentException(n + " inputs need " + n + " partials and "
          + n * (n + 1) / 2 + " Hessian entries, not " + partials.length + " and "
          + (hessian == null ? "null" : String.valueOf(hessian.length)));
    }
    return new Fused(value, inputs, partials, hessian);
  }

  /**
   * The node of a reduction loop that {@link DualReduction} gathered: the first {@code count}
   * inputs and partials, and the tangents of each partial, as one number per input on a tape of
   * width 1 ({@code scalars}) or W per input on a wider one ({@code rows}, a null row for zero).
   * The arrays are kept, not copied.
   *
   * @param value the node's value
   * @param inputs the inputs (at least count)
   * @param partials the partials (at least count)
   * @param scalars the partials' tangents for width 1, or null
   * @param rows the partials' tangents for a wider tape, or null
   * @param count the number of inputs used
   * @return the new node
   */
  static DualTensor reduction(
      double value,
      DualTensor[] inputs,
      double[] partials,
      double[] scalars,
      double[][] rows,
      int count) {
    return new Reduction(value, inputs, partials, scalars, rows, count);
  }

  /**
   * {@link #reduction(double, DualTensor[], double[], double[], double[][], int)} on a tape of
   * width 1, with the node's tangent and tape already worked out by {@link DualReduction} while
   * the inputs came in (the same sum and the same rule as the other factory's).
   *
   * @param value the node's value
   * @param tangent the node's tangent (kept), or null for zero
   * @param tape the tape the node joins, or null for none
   * @param inputs the inputs (at least count)
   * @param partials the partials (at least count)
   * @param scalars the partials' tangents, or null for zero
   * @param arrays per input, the array leaf of an input recorded by index (its entry of {@code
   *     inputs} null), else null; or null for none
   * @param indices per input recorded by index, the element's index
   * @param count the number of inputs used
   * @return the new node
   */
  static DualTensor reduction(
      double value,
      double[] tangent,
      DualTape tape,
      DualTensor[] inputs,
      double[] partials,
      double[] scalars,
      DualArrayLeaf[] arrays,
      int[] indices,
      int count) {
    return new Reduction(value, tangent, tape, inputs, partials, scalars, arrays, indices, count);
  }

  /**
   * Whether this node is a leaf (an input or a constant), for {@link DualReduction}.
   *
   * @return true for a leaf
   */
  final boolean isLeaf() {
    return leaf;
  }

  /**
   * The tape this node is on (or, for a leaf, passes on), for {@link DualReduction}.
   *
   * @return the tape, or null for none
   */
  final DualTape tapeOrNull() {
    return tape;
  }

  // ---------------------------------------------------------------- which tape a node joins

  /**
   * The tape of a node whose parents are {@code parents}: as {@link Tensor}'s.
   *
   * @param parents the new node's parents
   * @return the tape the node joins, or null for none
   */
  private static DualTape tapeOf(DualTensor[] parents) {
    return tapeOf(parents, parents.length);
  }

  /**
   * {@link #tapeOf(DualTensor[])} of the first {@code count} parents.
   *
   * @param parents the new node's parents (at least count)
   * @param count the number of parents
   * @return the tape the node joins, or null for none
   */
  private static DualTape tapeOf(DualTensor[] parents, int count) {
    DualTape tape = null;
    boolean fromNode = false;
    for (int i = 0; i < count; i++) {
      DualTensor parent = parents[i];
      if (!parent.leaf) {
        if (parent.tape == null || fromNode && parent.tape != tape) {
          return null;
        }
        tape = parent.tape;
        fromNode = true;
      } else if (!fromNode && tape == null) {
        tape = parent.tape;
      }
    }
    return tape;
  }

  /**
   * {@link #tapeOf(DualTensor[])} with the common case, parents on one tape, inline.
   *
   * @param x the first parent
   * @param y the second parent
   * @return the tape the node joins, or null for none
   */
  private static DualTape tapeOf(DualTensor x, DualTensor y) {
    DualTape tape = x.tape;
    return tape == y.tape ? tape : tapeOf(new DualTensor[] {x, y});
  }

  /**
   * {@link #tapeOf(DualTensor[])} for three parents, with the common case inline.
   *
   * @param x the first parent
   * @param y the second parent
   * @param z the third parent
   * @return the tape the node joins, or null for none
   */
  private static DualTape tapeOf(DualTensor x, DualTensor y, DualTensor z) {
    DualTape tape = x.tape;
    return tape == y.tape && tape == z.tape ? tape : tapeOf(new DualTensor[] {x, y, z});
  }

  // ---------------------------------------------------------------- arrays

  /**
   * One constant per value.
   *
   * @param values the constants' values
   * @return new constants, in the order of {@code values}
   */
  public static DualTensor[] of(double[] values) {
    DualTensor[] out = new DualTensor[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = new DualTensor(values[i]);
    }
    return out;
  }

  /**
   * One constant per value; a null row stays null.
   *
   * @param values the constants' values, by row
   * @return new constants, shaped like {@code values}
   */
  public static DualTensor[][] of(double[][] values) {
    DualTensor[][] out = new DualTensor[values.length][];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i] == null ? null : of(values[i]);
    }
    return out;
  }

  /**
   * An array of {@code n} elements that all hold one fresh constant of the given value.
   *
   * @param n the length
   * @param value the constant's value
   * @return the array, every element the same constant
   */
  public static DualTensor[] filled(int n, double value) {
    DualTensor[] out = new DualTensor[n];
    Arrays.fill(out, new DualTensor(value));
    return out;
  }

  /**
   * An {@code n} by {@code m} array whose elements all hold one fresh constant.
   *
   * @param n the number of rows
   * @param m the length of each row
   * @param value the constant's value
   * @return the array, every element the same constant
   */
  public static DualTensor[][] filled(int n, int m, double value) {
    DualTensor constant = new DualTensor(value);
    DualTensor[][] out = new DualTensor[n][m];
    for (DualTensor[] row : out) {
      Arrays.fill(row, constant);
    }
    return out;
  }

  /**
   * The values of the given nodes.
   *
   * @param nodes the nodes
   * @return their values, in order
   */
  public static double[] data(DualTensor[] nodes) {
    double[] out = new double[nodes.length];
    for (int i = 0; i < nodes.length; i++) {
      out[i] = nodes[i].data;
    }
    return out;
  }

  /**
   * The values of the given nodes, row by row (a null row stays null).
   *
   * @param nodes the nodes, by row
   * @return their values, shaped like {@code nodes}
   */
  public static double[][] data(DualTensor[][] nodes) {
    double[][] out = new double[nodes.length][];
    for (int i = 0; i < nodes.length; i++) {
      out[i] = nodes[i] == null ? null : data(nodes[i]);
    }
    return out;
  }

  /**
   * The gradients of the given nodes.
   *
   * @param nodes the nodes
   * @return their gradients, in order
   */
  public static double[] grads(DualTensor[] nodes) {
    double[] out = new double[nodes.length];
    for (int i = 0; i < nodes.length; i++) {
      out[i] = nodes[i].grad;
    }
    return out;
  }

  /**
   * The gradients of the given nodes, row by row (a null row stays null).
   *
   * @param nodes the nodes, by row
   * @return their gradients, shaped like {@code nodes}
   */
  public static double[][] grads(DualTensor[][] nodes) {
    double[][] out = new double[nodes.length][];
    for (int i = 0; i < nodes.length; i++) {
      out[i] = nodes[i] == null ? null : grads(nodes[i]);
    }
    return out;
  }

  // ---------------------------------------------------------------- inspection

  /**
   * The value of this node.
   *
   * @return the value computed in the forward step (or given to a leaf)
   */
  public double data() {
    return data;
  }

  /**
   * The gradient held by this node after {@link #backward()}.
   *
   * @return d(root)/d(this) of the last sweep that reached this node; for a leaf, the sum over
   *     every sweep since it was made
   */
  public double grad() {
    return grad;
  }

  /**
   * The number of directions this node's tangents carry.
   *
   * @return the width of its tape, or 0 when its tangents are all zero
   */
  public int width() {
    return tangent == null ? 0 : tangent.length;
  }

  /**
   * The derivative of this node's value along seed direction {@code d}.
   *
   * @param d the direction, from 0
   * @return the tangent; 0 when this node's tangents are zero or {@code d} is past its width
   */
  public double tangent(int d) {
    return tangent == null || d >= tangent.length ? 0.0 : tangent[d];
  }

  /**
   * The derivative of this node's gradient along seed direction {@code d}, after {@link
   * #backward()}: for a leaf of a {@link DualTape}, an entry of the Hessian times the direction.
   *
   * @param d the direction, from 0
   * @return the tangent; 0 when none was received (and always for a constant)
   */
  public double gradTangent(int d) {
    return gradTangent == null || d >= gradTangent.length ? 0.0 : gradTangent[d];
  }

  /**
   * The tangents of this node's gradient, for DualTape.
   *
   * @return the array, or null for zero
   */
  double[] gradTangents() {
    return gradTangent;
  }

  /**
   * Gives a fresh leaf the gradient and gradient's tangent a {@link DualArrayLeaf} slot gathered,
   * when the leaf takes the slot over (width 1).
   *
   * @param gradient the slot's gradient
   * @param gradientTangent the slot's gradient's tangent
   */
  final void takeOver(double gradient, double gradientTangent) {
    grad = gradient;
    if (Double.doubleToRawLongBits(gradientTangent) != 0L) {
      gradTangent = new double[] {gradientTangent};
    }
  }

  /**
   * As Tensor's: {@code DualTensor(data=27.0)}.
   *
   * @return {@code "DualTensor(data=" + data() + ")"}
   */
  @Override
  public String toString() {
    return "DualTensor(data=" + data + ")";
  }

  // ---------------------------------------------------------------- backpropagation

  /**
   * Back-propagates from this node: adds d(this)/d(leaf) to the gradient of every leaf it reaches
   * and the tangents of that derivative to the tangents of the leaf's gradient, visiting the nodes
   * in reverse topological order (its tape's reverse creation order if it is on one, else a sort).
   * The root's gradient is seeded with 1 and its gradient's tangents with 0; intermediate nodes
   * start again from 0, leaves accumulate, as in {@link Tensor#backward()}.
   */
  public void backward() {
    if (leaf) {
      grad += 1.0;
      return;
    }
    if (tape != null) {
      grad = 1.0;
      gradTangent = null;
      mark = LIVE;
      for (DualTensor node = tape.last; node != null; node = node.prev) {
        if (node.mark == LIVE) {
          node.mark = UNSEEN;
          node.propagate();
        }
      }
    } else {
      backwardBySort();
    }
  }

  /** The sweep over a sorted copy of the graph, for a node on no tape. */
  private void backwardBySort() {
    DualTensor[] stack = new DualTensor[64];
    DualTensor[] order = new DualTensor[64];
    int depth = 0;
    int size = 0;
    stack[depth++] = this;
    while (depth > 0) {
      DualTensor node = stack[depth - 1];
      if (node.mark == EMITTED) {
        stack[--depth] = null;
      } else if (node.mark == EXPANDED) {
        stack[--depth] = null;
        node.mark = EMITTED;
        if (size == order.length) {
          order = Arrays.copyOf(order, size * 2);
        }
        order[size++] = node;
      } else {
        node.mark = EXPANDED;
        int count = node.parentCount();
        if (depth + count > stack.length) {
          stack = Arrays.copyOf(stack, Math.max(stack.length * 2, depth + count));
        }
        // Last parent first, so parents are emitted in argument order, as Tensor's sort does.
        for (int i = count - 1; i >= 0; i--) {
          DualTensor parent = node.parent(i);
          if (!parent.leaf && parent.mark == UNSEEN) {
            stack[depth++] = parent;
          }
        }
      }
    }
    grad = 1.0;
    gradTangent = null;
    for (int i = size - 1; i >= 0; i--) {
      DualTensor node = order[i];
      order[i] = null;
      node.mark = UNSEEN;
      node.propagate();
    }
  }

  /**
   * Passes a contribution to a parent's gradient: the first an operation node receives in a sweep
   * replaces its gradient (and clears its gradient's tangents), later ones and a leaf's add.
   *
   * @param parent the node receiving
   * @param contribution the gradient times the local partial
   */
  static void receive(DualTensor parent, double contribution) {
    if (parent.mark == LIVE) {
      parent.grad += contribution;
    } else {
      parent.mark = LIVE;
      parent.grad = 0.0 + contribution;
      parent.gradTangent = null;
    }
  }

  /** One step of a backward sweep: passes this node's gradient and its tangents to its parents. */
  void propagate() {
    // A leaf has nothing to pass on.
  }

  /**
   * The number of parents, for the sort.
   *
   * @return 0 for a leaf
   */
  int parentCount() {
    return 0;
  }

  /**
   * A parent, for the sort.
   *
   * @param i its index, below {@link #parentCount()}
   * @return the parent
   */
  DualTensor parent(int i) {
    throw new IndexOutOfBoundsException(i);
  }

  /**
   * This node's gradient's tangents, for the node kinds' sweeps.
   *
   * @return the array, or null for zero
   */
  final double[] ownGradTangent() {
    return gradTangent;
  }

  // ---------------------------------------------------------------- arithmetic

  /**
   * The sum of this node and {@code y}; partials 1 and 1.
   *
   * @param y the other summand
   * @return a new node holding {@code this + y}
   */
  public DualTensor add(DualTensor y) {
    return binary(data + y.data, this, 1.0, y, 1.0, 0.0, 0.0, 0.0);
  }

  /**
   * The sum of this node and the constant {@code c}; partial 1.
   *
   * @param c the constant summand
   * @return a new node holding {@code this + c}
   */
  public DualTensor add(double c) {
    return unary(data + c, this, 1.0, 0.0);
  }

  /**
   * The sum of the constant {@code c} and {@code x}; partial 1.
   *
   * @param c the constant summand
   * @param x the node summand
   * @return a new node holding {@code c + x}
   */
  public static DualTensor add(double c, DualTensor x) {
    return unary(c + x.data, x, 1.0, 0.0);
  }

  /**
   * The difference of this node and {@code y}; partials 1 and -1.
   *
   * @param y the subtrahend
   * @return a new node holding {@code this - y}
   */
  public DualTensor sub(DualTensor y) {
    return binary(data - y.data, this, 1.0, y, -1.0, 0.0, 0.0, 0.0);
  }

  /**
   * The difference of this node and the constant {@code c}; partial 1.
   *
   * @param c the constant subtrahend
   * @return a new node holding {@code this - c}
   */
  public DualTensor sub(double c) {
    return unary(data - c, this, 1.0, 0.0);
  }

  /**
   * The difference of the constant {@code c} and {@code x}; partial -1.
   *
   * @param c the constant minuend
   * @param x the subtrahend
   * @return a new node holding {@code c - x}
   */
  public static DualTensor sub(double c, DualTensor x) {
    return unary(c - x.data, x, -1.0, 0.0);
  }

  /**
   * The product of this node and {@code y}; partials y and this, mixed second derivative 1.
   *
   * @param y the other factor
   * @return a new node holding {@code this * y}
   */
  public DualTensor mul(DualTensor y) {
    return binary(data * y.data, this, y.data, y, data, 0.0, 1.0, 0.0);
  }

  /**
   * The product of this node and the constant {@code c}; partial c.
   *
   * @param c the constant factor
   * @return a new node holding {@code this * c}
   */
  public DualTensor mul(double c) {
    return unary(data * c, this, c, 0.0);
  }

  /**
   * The product of the constant {@code c} and {@code x}; partial c.
   *
   * @param c the constant factor
   * @param x the node factor
   * @return a new node holding {@code c * x}
   */
  public static DualTensor mul(double c, DualTensor x) {
    return unary(c * x.data, x, c, 0.0);
  }

  /**
   * The quotient of this node and {@code y}; partials 1/y and -(this/y)/y, second derivatives 0,
   * -1/y^2 (mixed) and 2 this/y^3.
   *
   * @param y the divisor
   * @return a new node holding {@code this / y}
   */
  public DualTensor div(DualTensor y) {
    double out = data / y.data;
    return binary(
        out,
        this,
        1.0 / y.data,
        y,
        Derivatives.divisor(y.data, out),
        0.0,
        Derivatives.divMixed(y.data),
        Derivatives.divisorSecond(y.data, out));
  }

  /**
   * The quotient of this node and the constant {@code c}; partial 1/c.
   *
   * @param c the constant divisor
   * @return a new node holding {@code this / c}
   */
  public DualTensor div(double c) {
    return unary(data / c, this, 1.0 / c, 0.0);
  }

  /**
   * The quotient of the constant {@code c} and {@code x}; derivatives -(c/x)/x and 2 c/x^3.
   *
   * @param c the constant dividend
   * @param x the divisor
   * @return a new node holding {@code c / x}
   */
  public static DualTensor div(double c, DualTensor x) {
    double out = c / x.data;
    return unary(out, x, Derivatives.divisor(x.data, out), Derivatives.divisorSecond(x.data, out));
  }

  /**
   * Java's remainder {@code this % y}; partials 1 and -trunc(this / y) between the jumps, second
   * derivatives 0.
   *
   * @param y the divisor
   * @return a new node holding {@code this % y}
   */
  public DualTensor rem(DualTensor y) {
    double out = data % y.data;
    double dy = Derivatives.remDivisor(data, y.data, out);
    double second = Derivatives.piecewiseLinearSecond(dy);
    return binary(out, this, 1.0, y, dy, 0.0, second, second);
  }

  /**
   * The remainder {@code this % c} for a constant divisor; partial 1.
   *
   * @param c the constant divisor
   * @return a new node holding {@code this % c}
   */
  public DualTensor rem(double c) {
    return unary(data % c, this, 1.0, 0.0);
  }

  /**
   * The remainder {@code c % x} for a constant dividend; derivative -trunc(c / x) between the
   * jumps, second derivative 0.
   *
   * @param c the constant dividend
   * @param x the divisor
   * @return a new node holding {@code c % x}
   */
  public static DualTensor rem(double c, DualTensor x) {
    double out = c % x.data;
    double dx = Derivatives.remDivisor(c, x.data, out);
    return unary(out, x, dx, Derivatives.piecewiseLinearSecond(dx));
  }

  /**
   * The negation of this node; partial -1.
   *
   * @return a new node holding {@code -this}
   */
  public DualTensor neg() {
    return unary(-data, this, -1.0, 0.0);
  }

  /**
   * Math.pow(this, c) for a constant exponent; derivatives c this^(c-1) and c (c-1) this^(c-2)
   * (0 when c = 0).
   *
   * @param c the constant exponent
   * @return a new node holding {@code Math.pow(this, c)}
   */
  public DualTensor pow(double c) {
    return unary(
        Math.pow(data, c), this, Derivatives.powBase(data, c), Derivatives.powBaseSecond(data, c));
  }

  /**
   * Math.pow(this, y); partials and second derivatives from {@link Derivatives#powBase}, {@link
   * Derivatives#powExponent}, {@link Derivatives#powBaseSecond}, {@link Derivatives#powMixed} and
   * {@link Derivatives#powExponentSecond}.
   *
   * @param y the exponent
   * @return a new node holding {@code Math.pow(this, y)}
   */
  public DualTensor pow(DualTensor y) {
    double out = Math.pow(data, y.data);
    return binary(
        out,
        this,
        Derivatives.powBase(data, y.data),
        y,
        Derivatives.powExponent(data, out),
        Derivatives.powBaseSecond(data, y.data),
        Derivatives.powMixed(data, y.data, out),
        Derivatives.powExponentSecond(data, out));
  }

  /**
   * Math.pow(c, x) for a constant base; derivatives out log(c) and out log(c)^2, taken as 0 where
   * out or c is 0.
   *
   * @param c the constant base
   * @param x the exponent
   * @return a new node holding {@code Math.pow(c, x)}
   */
  public static DualTensor pow(double c, DualTensor x) {
    double out = Math.pow(c, x.data);
    return unary(out, x, Derivatives.powExponent(c, out), Derivatives.powExponentSecond(c, out));
  }

  // ---------------------------------------------------------------- elementary functions

  /**
   * Math.exp; derivatives exp(this) and exp(this).
   *
   * @return a new node holding {@code Math.exp(this)}
   */
  public DualTensor exp() {
    double out = Math.exp(data);
    double first = Derivatives.exp(data, out);
    return unary(out, this, first, Derivatives.expSecond(data, out));
  }

  /**
   * Math.expm1; derivatives exp(this) and exp(this).
   *
   * @return a new node holding {@code Math.expm1(this)}
   */
  public DualTensor expm1() {
    double out = Math.expm1(data);
    double first = Derivatives.expm1(data, out);
    return unary(out, this, first, Derivatives.expm1Second(data, out));
  }

  /**
   * Math.log; derivatives 1/this and -1/this^2.
   *
   * @return a new node holding {@code Math.log(this)}
   */
  public DualTensor log() {
    double out = Math.log(data);
    double first = Derivatives.log(data, out);
    return unary(out, this, first, Derivatives.logSecond(data, out));
  }

  /**
   * Math.log10; derivatives 1/(this ln 10) and -1/(this^2 ln 10).
   *
   * @return a new node holding {@code Math.log10(this)}
   */
  public DualTensor log10() {
    double out = Math.log10(data);
    double first = Derivatives.log10(data, out);
    return unary(out, this, first, Derivatives.log10Second(data, out));
  }

  /**
   * Math.log1p; derivatives 1/(1 + this) and -1/(1 + this)^2.
   *
   * @return a new node holding {@code Math.log1p(this)}
   */
  public DualTensor log1p() {
    double out = Math.log1p(data);
    double first = Derivatives.log1p(data, out);
    return unary(out, this, first, Derivatives.log1pSecond(data, out));
  }

  /**
   * Math.sqrt; derivatives 1/(2 sqrt(this)) and -1/(4 this^(3/2)), +Infinity and -Infinity at 0.
   *
   * @return a new node holding {@code Math.sqrt(this)}
   */
  public DualTensor sqrt() {
    double out = Math.sqrt(data);
    double first = Derivatives.sqrt(data, out);
    return unary(out, this, first, Derivatives.sqrtSecond(data, out));
  }

  /**
   * Math.cbrt; derivatives 1/(3 cbrt(this)^2) and -2/(9 cbrt(this)^5), +Infinity and -+Infinity at +-0.
   *
   * @return a new node holding {@code Math.cbrt(this)}
   */
  public DualTensor cbrt() {
    double out = Math.cbrt(data);
    double first = Derivatives.cbrt(data, out);
    return unary(out, this, first, Derivatives.cbrtSecond(data, out));
  }

  /**
   * Math.abs; derivatives signum(this) (0 at 0) and 0.
   *
   * @return a new node holding {@code Math.abs(this)}
   */
  public DualTensor abs() {
    double out = Math.abs(data);
    double first = Derivatives.abs(data, out);
    return unary(out, this, first, Derivatives.piecewiseLinearSecond(first));
  }

  /**
   * Math.sin; derivatives cos(this) and -sin(this).
   *
   * @return a new node holding {@code Math.sin(this)}
   */
  public DualTensor sin() {
    double out = Math.sin(data);
    double first = Derivatives.sin(data, out);
    return unary(out, this, first, Derivatives.sinSecond(data, out));
  }

  /**
   * Math.cos; derivatives -sin(this) and -cos(this).
   *
   * @return a new node holding {@code Math.cos(this)}
   */
  public DualTensor cos() {
    double out = Math.cos(data);
    double first = Derivatives.cos(data, out);
    return unary(out, this, first, Derivatives.cosSecond(data, out));
  }

  /**
   * Math.tan; derivatives 1 + tan^2 and 2 tan (1 + tan^2).
   *
   * @return a new node holding {@code Math.tan(this)}
   */
  public DualTensor tan() {
    double out = Math.tan(data);
    double first = Derivatives.tan(data, out);
    return unary(out, this, first, Derivatives.tanSecond(data, out));
  }

  /**
   * Math.asin; derivatives 1/sqrt(1 - this^2) and this/(1 - this^2)^(3/2).
   *
   * @return a new node holding {@code Math.asin(this)}
   */
  public DualTensor asin() {
    double out = Math.asin(data);
    double first = Derivatives.asin(data, out);
    return unary(out, this, first, Derivatives.asinSecond(data, out));
  }

  /**
   * Math.acos; derivatives -1/sqrt(1 - this^2) and -this/(1 - this^2)^(3/2).
   *
   * @return a new node holding {@code Math.acos(this)}
   */
  public DualTensor acos() {
    double out = Math.acos(data);
    double first = Derivatives.acos(data, out);
    return unary(out, this, first, Derivatives.acosSecond(data, out));
  }

  /**
   * Math.atan; derivatives 1/(1 + this^2) and -2 this/(1 + this^2)^2.
   *
   * @return a new node holding {@code Math.atan(this)}
   */
  public DualTensor atan() {
    double out = Math.atan(data);
    double first = Derivatives.atan(data, out);
    return unary(out, this, first, Derivatives.atanSecond(data, out));
  }

  /**
   * Math.sinh; derivatives cosh(this) and sinh(this).
   *
   * @return a new node holding {@code Math.sinh(this)}
   */
  public DualTensor sinh() {
    double out = Math.sinh(data);
    double first = Derivatives.sinh(data, out);
    return unary(out, this, first, Derivatives.sinhSecond(data, out));
  }

  /**
   * Math.cosh; derivatives sinh(this) and cosh(this).
   *
   * @return a new node holding {@code Math.cosh(this)}
   */
  public DualTensor cosh() {
    double out = Math.cosh(data);
    double first = Derivatives.cosh(data, out);
    return unary(out, this, first, Derivatives.coshSecond(data, out));
  }

  /**
   * Math.tanh; derivatives 1 - tanh^2 and -2 tanh (1 - tanh^2).
   *
   * @return a new node holding {@code Math.tanh(this)}
   */
  public DualTensor tanh() {
    double out = Math.tanh(data);
    double first = Derivatives.tanh(data, out);
    return unary(out, this, first, Derivatives.tanhSecond(data, out));
  }

  /**
   * {@link Activations#sigmoid}; derivatives s (1 - s) and s (1 - s) (1 - 2 s).
   *
   * @return a new node holding {@code Activations.sigmoid(this)}
   */
  public DualTensor sigmoid() {
    double out = Activations.sigmoid(data);
    double first = Derivatives.sigmoid(data, out);
    return unary(out, this, first, Derivatives.sigmoidSecond(data, out));
  }

  /**
   * {@link Activations#relu}; derivatives 1 above 0 (0 at and below) and 0.
   *
   * @return a new node holding {@code Activations.relu(this)}
   */
  public DualTensor relu() {
    double out = Activations.relu(data);
    double first = Derivatives.relu(data, out);
    return unary(out, this, first, Derivatives.piecewiseLinearSecond(first));
  }

  /**
   * {@link Activations#softplus}; derivatives sigmoid(this) and sigmoid'(this).
   *
   * @return a new node holding {@code Activations.softplus(this)}
   */
  public DualTensor softplus() {
    double out = Activations.softplus(data);
    double first = Derivatives.softplus(data, out);
    return unary(out, this, first, Derivatives.softplusSecond(data, out));
  }

  /**
   * Math.toRadians; derivative pi/180.
   *
   * @return a new node holding {@code Math.toRadians(this)}
   */
  public DualTensor toRadians() {
    double out = Math.toRadians(data);
    double first = Derivatives.toRadians(data, out);
    return unary(out, this, first, 0.0);
  }

  /**
   * Math.toDegrees; derivative 180/pi.
   *
   * @return a new node holding {@code Math.toDegrees(this)}
   */
  public DualTensor toDegrees() {
    double out = Math.toDegrees(data);
    double first = Derivatives.toDegrees(data, out);
    return unary(out, this, first, 0.0);
  }

  /**
   * Math.nextUp; derivative 1.
   *
   * @return a new node holding {@code Math.nextUp(this)}
   */
  public DualTensor nextUp() {
    double out = Math.nextUp(data);
    double first = Derivatives.nextUp(data, out);
    return unary(out, this, first, 0.0);
  }

  /**
   * Math.nextDown; derivative 1.
   *
   * @return a new node holding {@code Math.nextDown(this)}
   */
  public DualTensor nextDown() {
    double out = Math.nextDown(data);
    double first = Derivatives.nextDown(data, out);
    return unary(out, this, first, 0.0);
  }
  // ---------------------------------------------------------------- two-argument functions

  /**
   * Math.atan2(this, x), this being y; partials x/(x^2+y^2) and -y/(x^2+y^2), second derivatives
   * -2xy, y^2-x^2 (mixed) and 2xy over (x^2+y^2)^2; NaN at (0, 0).
   *
   * @param x the abscissa
   * @return a new node holding {@code Math.atan2(this, x)}
   */
  public DualTensor atan2(DualTensor x) {
    return binary(
        Math.atan2(data, x.data),
        this,
        Derivatives.atan2Y(data, x.data),
        x,
        Derivatives.atan2X(data, x.data),
        Derivatives.atan2YY(data, x.data),
        Derivatives.atan2Mixed(data, x.data),
        Derivatives.atan2XX(data, x.data));
  }

  /**
   * Math.atan2(this, c) for a constant abscissa; NaN derivatives at (0, 0).
   *
   * @param c the constant abscissa
   * @return a new node holding {@code Math.atan2(this, c)}
   */
  public DualTensor atan2(double c) {
    return unary(
        Math.atan2(data, c), this, Derivatives.atan2Y(data, c), Derivatives.atan2YY(data, c));
  }

  /**
   * Math.atan2(c, x) for a constant ordinate; NaN derivatives at (0, 0).
   *
   * @param c the constant ordinate
   * @param x the abscissa
   * @return a new node holding {@code Math.atan2(c, x)}
   */
  public static DualTensor atan2(double c, DualTensor x) {
    return unary(
        Math.atan2(c, x.data), x, Derivatives.atan2X(c, x.data), Derivatives.atan2XX(c, x.data));
  }

  /**
   * Math.hypot(this, y); partials this/r and y/r, second derivatives y^2/r^3, -this y/r^3 and
   * this^2/r^3; all 0 at (0, 0).
   *
   * @param y the other argument
   * @return a new node holding {@code Math.hypot(this, y)}
   */
  public DualTensor hypot(DualTensor y) {
    double out = Math.hypot(data, y.data);
    return binary(
        out,
        this,
        Derivatives.hypot(data, y.data, out),
        y,
        Derivatives.hypot(y.data, data, out),
        Derivatives.hypotSecond(data, y.data, out),
        Derivatives.hypotMixed(data, y.data, out),
        Derivatives.hypotSecond(y.data, data, out));
  }

  /**
   * Math.hypot(this, c); derivatives this/r and c^2/r^3, 0 at (0, 0).
   *
   * @param c the constant argument
   * @return a new node holding {@code Math.hypot(this, c)}
   */
  public DualTensor hypot(double c) {
    double out = Math.hypot(data, c);
    return unary(out, this, Derivatives.hypot(data, c, out), Derivatives.hypotSecond(data, c, out));
  }

  /**
   * Math.hypot(c, x); derivatives x/r and c^2/r^3, 0 at (0, 0).
   *
   * @param c the constant argument
   * @param x the node argument
   * @return a new node holding {@code Math.hypot(c, x)}
   */
  public static DualTensor hypot(double c, DualTensor x) {
    double out = Math.hypot(c, x.data);
    return unary(
        out, x, Derivatives.hypot(x.data, c, out), Derivatives.hypotSecond(x.data, c, out));
  }

  /**
   * Math.min(this, y); partial 1 for the argument chosen (this on a tie), 0 for the other; second
   * derivatives 0.
   *
   * @param y the other argument
   * @return a new node holding {@code Math.min(this, y)}
   */
  public DualTensor min(DualTensor y) {
    double out = Math.min(data, y.data);
    double first = Derivatives.minFirst(data, y.data, out);
    double second = Derivatives.piecewiseLinearSecond(first);
    return binary(out, this, first, y, 1.0 - first, second, second, second);
  }

  /**
   * Math.min(this, c); derivative 1 when this is chosen (a tie choosing this), else 0.
   *
   * @param c the constant argument
   * @return a new node holding {@code Math.min(this, c)}
   */
  public DualTensor min(double c) {
    double out = Math.min(data, c);
    double first = Derivatives.minFirst(data, c, out);
    return unary(out, this, first, Derivatives.piecewiseLinearSecond(first));
  }

  /**
   * Math.min(c, x); derivative 1 when x is chosen, 0 otherwise (a tie choosing the constant).
   *
   * @param c the constant argument
   * @param x the node argument
   * @return a new node holding {@code Math.min(c, x)}
   */
  public static DualTensor min(double c, DualTensor x) {
    double out = Math.min(c, x.data);
    double first = 1.0 - Derivatives.minFirst(c, x.data, out);
    return unary(out, x, first, Derivatives.piecewiseLinearSecond(first));
  }

  /**
   * Math.max(this, y); partial 1 for the argument chosen (this on a tie), 0 for the other; second
   * derivatives 0.
   *
   * @param y the other argument
   * @return a new node holding {@code Math.max(this, y)}
   */
  public DualTensor max(DualTensor y) {
    double out = Math.max(data, y.data);
    double first = Derivatives.maxFirst(data, y.data, out);
    double second = Derivatives.piecewiseLinearSecond(first);
    return binary(out, this, first, y, 1.0 - first, second, second, second);
  }

  /**
   * Math.max(this, c); derivative 1 when this is chosen (a tie choosing this), else 0.
   *
   * @param c the constant argument
   * @return a new node holding {@code Math.max(this, c)}
   */
  public DualTensor max(double c) {
    double out = Math.max(data, c);
    double first = Derivatives.maxFirst(data, c, out);
    return unary(out, this, first, Derivatives.piecewiseLinearSecond(first));
  }

  /**
   * Math.max(c, x); derivative 1 when x is chosen, 0 otherwise (a tie choosing the constant).
   *
   * @param c the constant argument
   * @param x the node argument
   * @return a new node holding {@code Math.max(c, x)}
   */
  public static DualTensor max(double c, DualTensor x) {
    double out = Math.max(c, x.data);
    double first = 1.0 - Derivatives.maxFirst(c, x.data, out);
    return unary(out, x, first, Derivatives.piecewiseLinearSecond(first));
  }

  /**
   * Math.nextAfter(this, direction): derivative 1 in this, 0 in the direction.
   *
   * @param direction the node giving the direction
   * @return a new node holding {@code Math.nextAfter(this, direction)}
   */
  public DualTensor nextAfter(DualTensor direction) {
    return binary(Math.nextAfter(data, direction.data), this, 1.0, direction, 0.0, 0.0, 0.0, 0.0);
  }

  /**
   * Math.nextAfter(this, c) for a constant direction; derivative 1.
   *
   * @param c the constant direction
   * @return a new node holding {@code Math.nextAfter(this, c)}
   */
  public DualTensor nextAfter(double c) {
    return unary(Math.nextAfter(data, c), this, 1.0, 0.0);
  }

  /**
   * Math.nextAfter(c, x): derivative 0.
   *
   * @param c the constant start
   * @param x the direction
   * @return a new node holding {@code Math.nextAfter(c, x)}
   */
  public static DualTensor nextAfter(double c, DualTensor x) {
    return unary(Math.nextAfter(c, x.data), x, 0.0, 0.0);
  }

  /**
   * Math.copySign(this, sign): derivative +-1 in this (0 at 0), 0 in the sign; second derivatives 0.
   *
   * @param sign the node giving the sign
   * @return a new node holding {@code Math.copySign(this, sign)}
   */
  public DualTensor copySign(DualTensor sign) {
    double out = Math.copySign(data, sign.data);
    double first = Derivatives.copySign(data, out);
    return binary(out, this, first, sign, 0.0, Derivatives.piecewiseLinearSecond(first), 0.0, 0.0);
  }

  /**
   * Math.copySign(this, c) for a constant sign; derivative +-1 (0 at 0).
   *
   * @param c the constant giving the sign
   * @return a new node holding {@code Math.copySign(this, c)}
   */
  public DualTensor copySign(double c) {
    double out = Math.copySign(data, c);
    double first = Derivatives.copySign(data, out);
    return unary(out, this, first, Derivatives.piecewiseLinearSecond(first));
  }

  /**
   * Math.copySign(c, sign) for a constant magnitude: derivative 0.
   *
   * @param c the constant magnitude
   * @param sign the node giving the sign
   * @return a new node holding {@code Math.copySign(c, sign)}
   */
  public static DualTensor copySign(double c, DualTensor sign) {
    return unary(Math.copySign(c, sign.data), sign, 0.0, 0.0);
  }

  /**
   * Math.scalb(this, n) = this * 2^n; derivative 2^n.
   *
   * @param n the power of two
   * @return a new node holding {@code Math.scalb(this, n)}
   */
  public DualTensor scalb(int n) {
    return unary(Math.scalb(data, n), this, Derivatives.scalb(data, n), 0.0);
  }

  /**
   * Math.IEEEremainder(this, y); partials 1 and -n between the jumps (n the integer nearest this /
   * y), second derivatives 0.
   *
   * @param y the divisor
   * @return a new node holding {@code Math.IEEEremainder(this, y)}
   */
  public DualTensor IEEEremainder(DualTensor y) {
    double out = Math.IEEEremainder(data, y.data);
    double dy = Derivatives.remDivisor(data, y.data, out);
    double second = Derivatives.piecewiseLinearSecond(dy);
    return binary(out, this, 1.0, y, dy, 0.0, second, second);
  }

  /**
   * Math.IEEEremainder(this, c) for a constant divisor; derivative 1.
   *
   * @param c the constant divisor
   * @return a new node holding {@code Math.IEEEremainder(this, c)}
   */
  public DualTensor IEEEremainder(double c) {
    return unary(Math.IEEEremainder(data, c), this, 1.0, 0.0);
  }

  /**
   * Math.IEEEremainder(c, x) for a constant dividend; derivative -n between the jumps.
   *
   * @param c the constant dividend
   * @param x the divisor
   * @return a new node holding {@code Math.IEEEremainder(c, x)}
   */
  public static DualTensor IEEEremainder(double c, DualTensor x) {
    double out = Math.IEEEremainder(c, x.data);
    double dx = Derivatives.remDivisor(c, x.data, out);
    return unary(out, x, dx, Derivatives.piecewiseLinearSecond(dx));
  }

  /**
   * Math.fma(a, b, c) = a * b + c with one rounding; partials b, a and 1, mixed second derivative
   * 1 in a and b. Constant operands are passed as constants of their own.
   *
   * @param a the first factor
   * @param b the second factor
   * @param c the summand
   * @return a new node holding {@code Math.fma(a, b, c)}
   */
  public static DualTensor fma(DualTensor a, DualTensor b, DualTensor c) {
    return fma(Math.fma(a.data, b.data, c.data), a, b, c);
  }

  /**
   * The fma node of the given value (Math's or StrictMath's).
   *
   * @param value the value of a * b + c
   * @param a the first factor
   * @param b the second factor
   * @param c the summand
   * @return the new node
   */
  static DualTensor fma(double value, DualTensor a, DualTensor b, DualTensor c) {
    return new Fma(value, a, b, c);
  }

  // ---------------------------------------------------------------- node kinds
  // Each kind is final and walks its own parents, as Tensor's do. The tangents of a node's local
  // partials are not stored: they are the operation's second derivatives times the parents'
  // tangents, which the backward step reads from the parents, so a node costs one array of W
  // tangents (and one for its gradient's, once it has received any).

  /**
   * {@code a u + b v}, fresh unless one term is zero (then {@link #times}).
   *
   * @param a the first factor
   * @param u the first tangents, or null
   * @param b the second factor
   * @param v the second tangents, or null
   * @return the sum, or null for zero
   */
  static double[] sum(double a, double[] u, double b, double[] v) {
    if (a == 0.0 || u == null) {
      return times(b, v);
    }
    if (b == 0.0 || v == null) {
      return times(a, u);
    }
    int n = u.length;
    if (v.length != n) {
      throw widths(n, v.length);
    }
    double[] out = new double[n];
    if (Double.isFinite(a) && Double.isFinite(b)) {
      for (int i = 0; i < n; i++) {
        out[i] = a * u[i] + b * v[i];
      }
    } else {
      for (int i = 0; i < n; i++) {
        out[i] = strong(a, u[i]) + strong(b, v[i]);
      }
    }
    return out;
  }

  /** A node with one parent. */
  private static final class Unary extends DualTensor {
    /** The parent. */
    private final DualTensor p0;
    /** d(this)/d(parent). */
    private final double d0;
    /** d^2(this)/d(parent)^2. */
    private final double h00;

    /**
     * A node of this kind.
     *
     * @param value the node's value
     * @param x the parent
     * @param dx d(node)/dx
     * @param dxx d^2(node)/dx^2
     */
    Unary(double value, DualTensor x, double dx, double dxx) {
      super(value, times(dx, x.tangent), x.tape, true);
      this.p0 = x;
      this.d0 = dx;
      this.h00 = dxx;
    }

    @Override
    void propagate() {
      double g = grad();
      receive(p0, d0 * g);
      receiveTangents(p0, strong(h00, g), p0.tangent, d0, ownGradTangent(), 0.0, null);
    }

    @Override
    int parentCount() {
      return 1;
    }

    @Override
    DualTensor parent(int i) {
      return p0;
    }
  }

  /** A node with two parents. */
  private static final class Binary extends DualTensor {
    /** The first parent. */
    private final DualTensor p0;
    /** The second parent. */
    private final DualTensor p1;
    /** d(this)/d(first parent). */
    private final double d0;
    /** d(this)/d(second parent). */
    private final double d1;
    /** d^2(this)/d(first)^2. */
    private final double h00;
    /** d^2(this)/d(first) d(second). */
    private final double h01;
    /** d^2(this)/d(second)^2. */
    private final double h11;

    /**
     * A node of this kind.
     *
     * @param value the node's value
     * @param x the first parent
     * @param dx d(node)/dx
     * @param y the second parent
     * @param dy d(node)/dy
     * @param dxx d^2(node)/dx^2
     * @param dxy d^2(node)/dx dy
     * @param dyy d^2(node)/dy^2
     */
    Binary(
        double value,
        DualTensor x,
        double dx,
        DualTensor y,
        double dy,
        double dxx,
        double dxy,
        double dyy) {
      super(value, sum(dx, x.tangent, dy, y.tangent), tapeOf(x, y), true);
      this.p0 = x;
      this.d0 = dx;
      this.p1 = y;
      this.d1 = dy;
      this.h00 = dxx;
      this.h01 = dxy;
      this.h11 = dyy;
    }

    @Override
    void propagate() {
      double g = grad();
      receive(p0, d0 * g);
      receive(p1, d1 * g);
      double[] gt = ownGradTangent();
      double[] t0 = p0.tangent;
      double[] t1 = p1.tangent;
      double g01 = strong(h01, g);
      receiveTangents(p0, strong(h00, g), t0, g01, t1, d0, gt);
      receiveTangents(p1, g01, t0, strong(h11, g), t1, d1, gt);
    }

    @Override
    int parentCount() {
      return 2;
    }

    @Override
    DualTensor parent(int i) {
      return i == 0 ? p0 : p1;
    }
  }

  /** A fused multiply-add node: partials b, a and 1, mixed second derivative 1 in a and b. */
  private static final class Fma extends DualTensor {
    /** The first factor. */
    private final DualTensor a;
    /** The second factor. */
    private final DualTensor b;
    /** The summand. */
    private final DualTensor c;
    /** d(this)/da, b's value. */
    private final double da;
    /** d(this)/db, a's value. */
    private final double db;

    /**
     * A node of this kind.
     *
     * @param value the node's value
     * @param a the first factor
     * @param b the second factor
     * @param c the summand
     */
    Fma(double value, DualTensor a, DualTensor b, DualTensor c) {
      super(
          value,
          plus(plus(plus(null, b.data, a.tangent), a.data, b.tangent), 1.0, c.tangent),
          tapeOf(a, b, c),
          true);
      this.a = a;
      this.b = b;
      this.c = c;
      this.da = b.data();
      this.db = a.data();
    }

    @Override
    void propagate() {
      double g = grad();
      receive(a, da * g);
      receive(b, db * g);
      receive(c, 1.0 * g);
      double[] gt = ownGradTangent();
      receiveTangents(a, g, b.tangent, da, gt, 0.0, null);
      receiveTangents(b, g, a.tangent, db, gt, 0.0, null);
      receiveTangents(c, 1.0, gt, 0.0, null, 0.0, null);
    }

    @Override
    int parentCount() {
      return 3;
    }

    @Override
    DualTensor parent(int i) {
      return i == 0 ? a : i == 1 ? b : c;
    }
  }

  /** A node of a custom rule: any number of parents, partials given with their tangents. */
  private static final class Rule extends DualTensor {
    /** The parents, in argument order. */
    private final DualTensor[] inputs;
    /** d(this)/d(parent) for each parent. */
    private final double[] partials;
    /** The tangents of each partial, or null for zero. */
    private final double[][] partialTangents;

    /**
     * A node of this kind.
     *
     * @param value the node's value
     * @param inputs the parents (kept)
     * @param partials the partials (kept)
     * @param partialTangents the partials' tangents (kept)
     */
    Rule(double value, DualTensor[] inputs, double[] partials, double[][] partialTangents) {
      super(value, tangentOf(inputs, partials), tapeOf(inputs), true);
      this.inputs = inputs;
      this.partials = partials;
      this.partialTangents = partialTangents;
    }

    /**
     * The tangents of the node: the sum of partial times tangent over the inputs.
     *
     * @param inputs the parents
     * @param partials the partials
     * @return the tangents, or null for zero
     */
    private static double[] tangentOf(DualTensor[] inputs, double[] partials) {
      double[] acc = null;
      for (int i = 0; i < inputs.length; i++) {
        acc = plus(acc, partials[i], inputs[i].tangent);
      }
      return acc;
    }

    @Override
    void propagate() {
      double g = grad();
      for (int i = 0; i < inputs.length; i++) {
        receive(inputs[i], partials[i] * g);
      }
      double[] gt = ownGradTangent();
      for (int i = 0; i < inputs.length; i++) {
        receiveTangents(inputs[i], g, partialTangents[i], partials[i], gt, 0.0, null);
      }
    }

    @Override
    int parentCount() {
      return inputs.length;
    }

    @Override
    DualTensor parent(int i) {
      return inputs[i];
    }
  }

  /** A preaccumulated node: any number of parents, with its local partials and Hessian. */
  private static final class Fused extends DualTensor {
    /** The parents, in argument order. */
    private final DualTensor[] inputs;
    /** d(this)/d(parent) for each parent. */
    private final double[] partials;
    /** The lower triangle of the local Hessian, row by row; null for zero. */
    private final double[] hessian;

    /**
     * A node of this kind.
     *
     * @param value the node's value
     * @param inputs the parents (kept)
     * @param partials the partials (kept)
     * @param hessian the local Hessian's lower triangle (kept), or null for zero
     */
    Fused(double value, DualTensor[] inputs, double[] partials, double[] hessian) {
      super(value, Rule.tangentOf(inputs, partials), tapeOf(inputs), true);
      this.inputs = inputs;
      this.partials = partials;
      this.hessian = hessian;
    }

    @Override
    void propagate() {
      double g = grad();
      int n = inputs.length;
      for (int i = 0; i < n; i++) {
        receive(inputs[i], partials[i] * g);
      }
      double[] gt = ownGradTangent();
      if (g == 0.0 && gt == null) {
        return;
      }
      // Input i's gradient's tangents gain sum over j of (H_ij g) t_j, plus partial_i times this
      // node's gradient's tangents, straight into its array (no array per input), with the strong
      // zeros of receiveTangents: a zero factor adds nothing, a non-finite one only where the
      // tangent component is not 0.
      for (int i = 0; i < n; i++) {
        DualTensor parent = inputs[i];
        if (parent.leaf && parent.tape == null) {
          continue;
        }
        int row = i * (i + 1) / 2;
        for (int j = 0; hessian != null && j < n; j++) {
          double[] t = inputs[j].tangent;
          if (t != null) {
            double h = j <= i ? hessian[row + j] : hessian[j * (j + 1) / 2 + i];
            addScaled(parent, strong(h, g), t);
          }
        }
        if (gt != null) {
          addScaled(parent, partials[i], gt);
        }
      }
    }

    /**
     * Adds {@code s v} to the tangents of the parent's gradient, with strong zeros.
     *
     * @param parent the parent receiving (not a constant)
     * @param s the factor
     * @param v the tangents
     * @throws IllegalArgumentException if the widths differ
     */
    private static void addScaled(DualTensor parent, double s, double[] v) {
      if (s == 0.0) {
        return;
      }
      int w = v.length;
      double[] acc = parent.gradTangent;
      if (acc == null) {
        acc = new double[w];
        parent.gradTangent = acc;
      } else if (acc.length != w) {
        throw widths(acc.length, w);
      }
      if (w == 1) {
        // Width 1, a Hessian-vector product: one component.
        double x = v[0];
        if (x != 0.0 || Double.isFinite(s)) {
          acc[0] += s * x;
        }
      } else if (Double.isFinite(s)) {
        for (int d = 0; d < w; d++) {
          acc[d] += s * v[d];
        }
      } else {
        for (int d = 0; d < w; d++) {
          if (v[d] != 0.0) {
            acc[d] += s * v[d];
          }
        }
      }
    }

    @Override
    int parentCount() {
      return inputs.length;
    }

    @Override
    DualTensor parent(int i) {
      return inputs[i];
    }
  }

  /**
   * The node of a reduction loop ({@link DualReduction}): any number of parents, each with its
   * partial and that partial's tangents (the loop's local Hessian already multiplied into the
   * parents' tangents), so its backward step is a custom rule's without an array per input.
   */
  private static final class Reduction extends DualTensor {
    /** The parents, in the order the loop read them (the first count used). */
    private final DualTensor[] inputs;
    /** d(this)/d(parent) for each parent. */
    private final double[] partials;
    /** Width 1: each parent's partial's tangent; null for zero or a wider tape. */
    private final double[] scalars;
    /** A wider tape: each parent's partial's tangents, a null row for zero; null for all zero. */
    private final double[][] rows;
    /**
     * Per parent, the array leaf of a parent recorded by index (its entry of inputs null), else
     * null; null when there are none (always on a wider tape).
     */
    private final DualArrayLeaf[] arrays;
    /** Per parent recorded by index, the element's index; null when {@code arrays} is. */
    private final int[] indices;
    /** The number of parents. */
    private final int count;

    /**
     * A node of this kind.
     *
     * @param value the node's value
     * @param inputs the parents (kept)
     * @param partials the partials (kept)
     * @param scalars the partials' tangents for width 1 (kept), or null
     * @param rows the partials' tangents for a wider tape (kept), or null
     * @param count the number of parents
     */
    Reduction(
        double value,
        DualTensor[] inputs,
        double[] partials,
        double[] scalars,
        double[][] rows,
        int count) {
      super(value, tangentOf(inputs, partials, count), tapeOf(inputs, count), true);
      this.inputs = inputs;
      this.partials = partials;
      this.scalars = scalars;
      this.rows = rows;
      this.arrays = null;
      this.indices = null;
      this.count = count;
    }

    /**
     * A node of this kind on a tape of width 1, its tangent and tape given.
     *
     * @param value the node's value
     * @param tangent the node's tangent (kept), or null for zero
     * @param tape the tape the node joins, or null for none
     * @param inputs the parents (kept)
     * @param partials the partials (kept)
     * @param scalars the partials' tangents (kept), or null
     * @param arrays the array leaves of the parents recorded by index (kept), or null
     * @param indices the elements' indices of those parents (kept), or null
     * @param count the number of parents
     */
    Reduction(
        double value,
        double[] tangent,
        DualTape tape,
        DualTensor[] inputs,
        double[] partials,
        double[] scalars,
        DualArrayLeaf[] arrays,
        int[] indices,
        int count) {
      super(value, tangent, tape, true);
      this.inputs = inputs;
      this.partials = partials;
      this.scalars = scalars;
      this.rows = null;
      this.arrays = arrays;
      this.indices = indices;
      this.count = count;
    }

    /**
     * Parent i as a node: its input, or for one recorded by index the element's leaf, made on
     * first use (the element then keeps one accumulator; see {@link DualArrayLeaf#element(int)}).
     *
     * @param i the parent's index
     * @return the parent node
     */
    private DualTensor node(int i) {
      DualTensor parent = inputs[i];
      return parent != null ? parent : arrays[i].element(indices[i]);
    }

    /**
     * The sum of partial times tangent over the first count parents.
     *
     * @param inputs the parents
     * @param partials the partials
     * @param count the number of parents
     * @return the tangents, or null for zero
     */
    private static double[] tangentOf(DualTensor[] inputs, double[] partials, int count) {
      double[] acc = null;
      for (int i = 0; i < count; i++) {
        acc = plus(acc, partials[i], inputs[i].tangent);
      }
      return acc;
    }

    @Override
    void propagate() {
      double g = grad();
      double[] gt = ownGradTangent();
      if (rows == null && (gt == null || gt.length == 1)) {
        propagateScalar(g, gt == null ? 0.0 : gt[0], gt != null);
        return;
      }
      // A parent recorded by index is met here only off the width-1 path: as its element's leaf.
      for (int i = 0; i < count; i++) {
        receive(node(i), partials[i] * g);
      }
      boolean local = (scalars != null || rows != null) && g != 0.0;
      if (!local && gt == null) {
        return;
      }
      boolean finite = Double.isFinite(g);
      for (int i = 0; i < count; i++) {
        DualTensor parent = node(i);
        if (parent.leaf && parent.tape == null) {
          continue;
        }
        if (local) {
          if (scalars != null) {
            addScalar(parent, g, finite, scalars[i]);
          } else if (rows[i] != null) {
            addRow(parent, g, finite, rows[i]);
          }
        }
        if (gt != null) {
          Fused.addScaled(parent, partials[i], gt);
        }
      }
    }

    /**
     * The backward step on a tape of width 1 (or with no tangents at all), in one pass over the
     * parents: each parent's gradient gains {@code g p_i} and its gradient's tangent {@code g w_i +
     * p_i gt}, with the strong zeros of the general path and the same operations in the same order
     * per parent. One pass gives what two give: a parent's first {@code receive} in this sweep,
     * which clears its gradient's tangent, comes before this node adds to that tangent.
     *
     * @param g this node's gradient
     * @param gt this node's gradient's tangent (0 when none)
     * @param hasGt whether this node's gradient has a tangent
     */
    private void propagateScalar(double g, double gt, boolean hasGt) {
      boolean local = scalars != null && g != 0.0;
      boolean finite = Double.isFinite(g);
      boolean anyTangent = local || hasGt;
      for (int i = 0; i < count; i++) {
        DualTensor parent = inputs[i];
        double p = partials[i];
        if (parent == null) {
          DualArrayLeaf array = arrays[i];
          int index = indices[i];
          parent = array.elementOrNull(index);
          if (parent == null) {
            // An element with no leaf: its slots, with the same operations as a leaf's below.
            array.receive(index, p * g);
            if (local) {
              array.receiveTangent(index, g, finite, scalars[i]);
            }
            if (hasGt && p != 0.0) {
              array.receiveTangent(index, p, Double.isFinite(p), gt);
            }
            continue;
          }
        }
        receive(parent, p * g);
        if (!anyTangent || parent.leaf && parent.tape == null) {
          continue;
        }
        if (local) {
          addScalar(parent, g, finite, scalars[i]);
        }
        if (hasGt && p != 0.0) {
          // Fused.addScaled for width 1.
          double[] acc = parent.gradTangent;
          if (acc == null) {
            acc = new double[1];
            parent.gradTangent = acc;
          } else if (acc.length != 1) {
            throw widths(acc.length, 1);
          }
          if (gt != 0.0 || Double.isFinite(p)) {
            acc[0] += p * gt;
          }
        }
      }
    }

    /**
     * Adds {@code s x} to the parent's one gradient tangent (width 1), with strong zeros.
     *
     * @param parent the parent receiving (not a constant)
     * @param s the factor, not 0
     * @param finite whether s is finite
     * @param x the partial's tangent
     */
    private static void addScalar(DualTensor parent, double s, boolean finite, double x) {
      double[] acc = parent.gradTangent;
      if (acc == null) {
        acc = new double[1];
        parent.gradTangent = acc;
      } else if (acc.length != 1) {
        throw widths(acc.length, 1);
      }
      if (finite || x != 0.0) {
        acc[0] += s * x;
      }
    }

    /**
     * Adds {@code s} times one partial's tangents to the parent's gradient's tangents, with strong
     * zeros.
     *
     * @param parent the parent receiving (not a constant)
     * @param s the factor, not 0
     * @param finite whether s is finite
     * @param row the partial's tangents
     */
    private static void addRow(DualTensor parent, double s, boolean finite, double[] row) {
      int width = row.length;
      double[] acc = parent.gradTangent;
      if (acc == null) {
        acc = new double[width];
        parent.gradTangent = acc;
      } else if (acc.length != width) {
        throw widths(acc.length, width);
      }
      for (int d = 0; d < width; d++) {
        double x = row[d];
        if (finite || x != 0.0) {
          acc[d] += s * x;
        }
      }
    }

    @Override
    int parentCount() {
      return count;
    }

    @Override
    DualTensor parent(int i) {
      DualTensor parent = inputs[i];
      // A parent recorded by index is a leaf, which the sort does not follow.
      return parent != null ? parent : ELEMENT_SLOT;
    }
  }

  /** What the sort sees for a reduction's parent recorded by index: a leaf, not followed. */
  private static final DualTensor ELEMENT_SLOT = new DualTensor(0.0);
}
