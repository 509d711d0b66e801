package dev.gradgen;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * A scalar node of a dynamic computation graph: its value, its gradient, the nodes it was computed
 * from and the local partial derivatives with respect to them.
 *
 * <p>This is the {@code Tensor} of the micrograd tutorial gradgen grew from, with two changes that
 * make it cheap enough for training loops: each node stores its local partials, computed in the
 * forward step, instead of a backward closure, and {@link #backward()} sorts the graph iteratively
 * with per-node marks, so graphs millions of nodes deep work on the default thread stack.
 *
 * <p>The class is sealed: {@link #backward()} walks only the node kinds it declares itself. An
 * operation of a user's own is a node made by {@link #fused(double, Tensor[], double[])} with its
 * value and local partials, not a subclass.
 *
 * <h2>Values</h2>
 * Every operation's value is exactly the {@link Math} result (or the plain-{@code double} function in
 * {@link Activations}), so a graph reproduces the plain computation bit for bit. NaN and infinities
 * flow through values and gradients as Java arithmetic makes them; no operation throws.
 *
 * <h2>Gradients</h2>
 * {@link #backward()} <em>adds</em> d(this)/d(leaf) to the gradient of every leaf it reaches, a leaf
 * root included (d(leaf)/d(leaf) = 1), so leaf gradients accumulate over several {@code backward()}
 * calls as in the tutorial ({@code grad += ...}: a leaf used by two outputs gets the sum, and
 * {@code backward()} twice on one output doubles them); call {@link #zeroGrad()} to start again. The
 * nodes between hold no running sums: each call sets a non-leaf root's gradient to 1 and every
 * intermediate node's to d(this)/d(node) of that call alone, so an intermediate node shared by two
 * outputs holds the derivative of whichever output was back-propagated last.
 *
 * <h2>Non-smooth points</h2>
 * relu'(0) = 0; abs'(0) = 0; min and max send the whole gradient to their first argument on a tie;
 * sqrt'(0) and cbrt'(0) are +Infinity; hypot's partials at (0, 0) are 0; pow(x, c) with constant
 * c = 0 has derivative 0 everywhere; d pow(x, y)/dy at x = 0 is 0; atan2's partials at (0, 0) are
 * NaN; copySign has derivative +-1 in its magnitude (0 at 0, as abs) and 0 in its sign; nextUp,
 * nextDown and nextAfter have derivative 1 in the value and 0 in the direction; IEEEremainder, like
 * %, has partials 1 and -n (n the quotient it rounded to) between its jumps. A NaN argument gives
 * NaN partials wherever a partial depends on it (values follow Math, so pow(NaN, 0) is 1); the
 * constant partials of +, -, neg, nextUp and the like, and of * and / by a constant, stay as they
 * are.
 *
 * <h2>Order of the backward sweep</h2>
 * A node made from leaves of a {@link Tape} (as generated gradient methods make their inputs)
 * joins that tape, and {@code backward()} from it walks the tape's creation order backwards, which
 * is a topological order of the graph, instead of sorting the graph; see {@link Tape} for when a
 * node stays off a tape. Graphs built without a tape, or mixing tapes, are sorted. A node whose
 * parents are all leaves joins its tape only when a node is first made from it (until then {@code
 * backward()} from it needs no order, and a graph of that one node never writes into its tape, so
 * the JIT can keep all of it out of the heap); so the tape's order need not be the sort's. Both
 * orders visit exactly the nodes below the root and give the same gradients, except that
 * contributions to one node may be summed in another order: a gradient on a tape may differ from
 * the same graph's sorted one in its last bits (a few ulps). Values never differ: every node's value
 * is computed once, in the forward step, bit for bit.
 *
 * <h2>Forward mode and Jacobians</h2>
 * {@link #tangents(Tensor[], double[], Tensor[])} gives the directional derivatives of some nodes
 * along a direction in some leaves (a Jacobian-vector product) by one sweep forwards over the
 * same order, from the same local partials, with no backward pass; {@link #jacobian(Tensor[],
 * Tensor[])} gives a whole Jacobian by forward sweeps or backward passes, whichever are fewer.
 *
 * <h2>Threads</h2>
 * A graph is not thread-safe: build and differentiate it in one thread. Separate graphs on separate
 * threads are independent: no operation keeps shared mutable state (a traversal's marks live in the
 * nodes it visits and are cleared before it returns). Generated gradient methods build a fresh graph,
 * leaves included, on every call, so they may be called from any number of threads at once.
 */
public sealed class Tensor {

  // The layout is what a gradient costs in allocation: a leaf (this class itself) is 40 bytes, a
  // unary node 56, a binary node 64, and fused nodes of three, four and five inputs 80, 88 and 104
  // with compressed oops (more inputs: 48 plus the two arrays).
  //
  // No field of this class is final, on purpose: HotSpot 17's C2 does not scalar-replace an
  // instance of a subclass whose superclass constructor writes a final field (measured: a leaf
  // stored in a Unary node stayed on the heap), and scalar replacement is what makes a graph of
  // one node over leaves, such as f = a * b + c, cost no allocation beyond its result.
  /** The value of this node. */
  private double data;
  /** The gradient of the last backward sweep (accumulated, for a leaf). */
  private double grad;
  /**
   * The tape this node is on (see Tape), or the tape a leaf passes on to the nodes made from it.
   */
  private Tape tape;
  /**
   * The node created on the same tape just before this one; null for the first and for leaves;
   * {@link #UNLINKED} for a node over leaves only that nothing has used as a parent yet.
   */
  private Tensor prev;
  /**
   * Where a running traversal is with this node: a field instead of a visited set. A leaf rests at
   * LIVE and an operation node at UNSEEN; every traversal restores them before it returns, so
   * nothing is shared between traversals and no counter is needed.
   */
  private byte mark;
  /** The ordinal of the operation that made this node (0, LEAF, for a leaf). */
  private byte op;

  /**
   * The {@link #prev} of a node on a tape whose parents are all leaves, until a node made from it
   * links it into the tape (see {@link #linkParent(Tensor)}). Such a node needs no place in the creation
   * order while it is a root: {@code backward()} from it propagates to its leaves directly. So a
   * graph of one node over leaves never writes into its tape, and the JIT can keep the tape, the
   * leaves and the node in registers.
   */
  private static final Tensor UNLINKED = new Tensor(0.0);

  /** The operations by ordinal, to turn {@link #op} back into an {@link Op}. */
  private static final Op[] OPS = Op.values();
  /** The ordinal of {@link Op#LEAF}. */
  private static final byte LEAF = 0;
  /**
   * LIVE is the mark of a node that has received a contribution in the running backward sweep: the
   * first contribution replaces its gradient, later ones add to it. Leaves are always LIVE, so they
   * accumulate across calls. The sorter reads LIVE as unseen.
   */
  private static final byte LIVE = -1;
  /** The resting mark of an operation node, and a sort's mark for a node not reached yet. */
  private static final byte UNSEEN = 0;
  /** A sort's mark for a node whose parents are on the stack. */
  private static final byte EXPANDED = 1;
  /** A sort's mark for a node already in the order. */
  private static final byte EMITTED = 2;
  /**
   * A forward sweep's mark for a node whose value depends on the seeded inputs: its {@link #grad}
   * holds its tangent for the sweep's duration. Every sweep restores the resting marks.
   */
  private static final byte TANGENT = 3;
  /** The most tangents one block forward sweep of {@link #jacobian} holds: 32 MB of doubles. */
  private static final int MAX_BLOCK_ENTRIES = 1 << 22;

  /**
   * A leaf: an input or a constant of the graph, on no tape.
   *
   * @param data the leaf's value
   */
  public Tensor(double data) {
    this(data, (Tape) null);
  }

  /**
   * A leaf that passes {@code tape} on to the nodes made from it.
   *
   * @param data the leaf's value
   * @param tape the tape of the nodes made from this leaf, or null for none
   */
  Tensor(double data, Tape tape) {
    this.data = data;
    this.tape = tape;
    this.prev = null;
    this.mark = LIVE;
    this.op = LEAF;
  }

  /**
   * An operation node on {@code tape}, if there is one; its kind's constructor then calls {@link
   * #joinTape(boolean)} once its parents are set.
   *
   * @param data the node's value
   * @param op the operation that made it
   * @param tape the tape the node joins, or null for none
   */
  @SuppressWarnings("EnumOrdinal") // The op is stored as a byte to keep nodes small; see op().
  private Tensor(double data, Op op, Tape tape) {
    this.data = data;
    this.op = (byte) op.ordinal();
    this.tape = tape;
  }

  /**
   * Puts a new node on its tape, if it has one, once its kind's constructor has linked its
   * operation parents ({@link #linkParent}): appended if it has an operation parent, else
   * {@link #UNLINKED} until it is itself used as a parent or swept forwards.
   *
   * @param overLeaves whether every parent of the node is a leaf
   */
  final void joinTape(boolean overLeaves) {
    if (tape != null) {
      if (overLeaves) {
        prev = UNLINKED;
      } else {
        append();
      }
    }
  }

  /**
   * Links {@code parent} into its tape if it is a node over leaves not linked yet, just before its
   * first child joins the tape: that keeps the creation order topological, since the parent
   * depends on leaves only and every node made from it comes later.
   *
   * @param parent a parent of a node being made
   * @return whether {@code parent} is a leaf
   */
  static boolean linkParent(Tensor parent) {
    if (parent.isLeaf()) {
      return true;
    }
    parent.linkIfUnlinked();
    return false;
  }

  /** Appends this node to its tape if it is a node over leaves not linked yet. */
  final void linkIfUnlinked() {
    if (prev == UNLINKED) {
      append();
    }
  }

  /**
   * The node before this one in its tape's creation order, for tests.
   *
   * @return the previous node; null for the first, a leaf or a node not linked yet
   */
  Tensor prevOnTape() {
    return prev == UNLINKED ? null : prev;
  }

  /** Appends this node to its tape: it becomes the tape's newest node. */
  private void append() {
    prev = tape.last;
    tape.last = this;
  }

  /**
   * A node with one parent.
   *
   * @param value the node's value
   * @param op the operation that made it
   * @param x the parent
   * @param dx d(node)/dx
   * @return the new node
   */
  static Tensor unary(double value, Op op, Tensor x, double dx) {
    return new Unary(value, op, x, dx);
  }

  /**
   * A node with two parents.
   *
   * @param value the node's value
   * @param op the operation that made it
   * @param x the first parent
   * @param dx d(node)/dx
   * @param y the second parent
   * @param dy d(node)/dy
   * @return the new node
   */
  static Tensor binary(double value, Op op, Tensor x, double dx, Tensor y, double dy) {
    return new Binary(value, op, x, dx, y, dy);
  }

  /**
   * Whether this node is a leaf.
   *
   * @return true for an input or a constant
   */
  private boolean isLeaf() {
    return op == LEAF;
  }

  // ---------------------------------------------------------------- which tape a node joins

  /**
   * The tape of a node whose parents are {@code parents}: see {@link Tape}.
   *
   * @param parents the new node's parents
   * @return the tape the node joins, or null for none
   */
  private static Tape tapeOf(Tensor[] parents) {
    Tape tape = null;
    boolean fromNode = false;
    for (Tensor parent : parents) {
      if (!parent.isLeaf()) {
        if (parent.tape == null || fromNode && parent.tape != tape) {
          // An operation parent off every tape, or on another tape than a sibling: sort instead.
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
   * {@link #tapeOf(Tensor[])} for the first {@code nodeCount} of {@code nodes} and the elements of
   * an array leaf on {@code arrayTape}, which count as leaves.
   *
   * @param nodes the node parents
   * @param nodeCount how many of them
   * @param arrayTape the array leaf's tape, or null
   * @return the tape the node joins, or null for none
   */
  private static Tape tapeOf(Tensor[] nodes, int nodeCount, Tape arrayTape) {
    // The same rule as tapeOf(Tensor[]), with the array's elements as one more leaf, last.
    Tape tape = null;
    boolean fromNode = false;
    for (int i = 0; i < nodeCount; i++) {
      Tensor parent = nodes[i];
      if (!parent.isLeaf()) {
        if (parent.tape == null || fromNode && parent.tape != tape) {
          return null;
        }
        tape = parent.tape;
        fromNode = true;
      } else if (!fromNode && tape == null) {
        tape = parent.tape;
      }
    }
    return !fromNode && tape == null ? arrayTape : tape;
  }

  /**
   * {@link #tapeOf(Tensor[])} with the common case, parents on one tape, inline.
   *
   * @param x the first parent
   * @param y the second parent
   * @return the tape the node joins, or null for none
   */
  private static Tape tapeOf(Tensor x, Tensor y) {
    Tape tape = x.tape;
    return tape == y.tape ? tape : tapeOf(new Tensor[] {x, y});
  }

  /**
   * {@link #tapeOf(Tensor[])} for three parents, with the common case, one tape, inline.
   *
   * @param x the first parent
   * @param y the second parent
   * @param z the third parent
   * @return the tape the node joins, or null for none
   */
  private static Tape tapeOf(Tensor x, Tensor y, Tensor z) {
    Tape tape = x.tape;
    return tape == y.tape && tape == z.tape ? tape : tapeOf(new Tensor[] {x, y, z});
  }

  /**
   * {@link #tapeOf(Tensor[])} for four parents, with the common case, one tape, inline.
   *
   * @param x the first parent
   * @param y the second parent
   * @param z the third parent
   * @param u the fourth parent
   * @return the tape the node joins, or null for none
   */
  private static Tape tapeOf(Tensor x, Tensor y, Tensor z, Tensor u) {
    Tape tape = x.tape;
    return tape == y.tape && tape == z.tape && tape == u.tape
        ? tape
        : tapeOf(new Tensor[] {x, y, z, u});
  }

  /**
   * {@link #tapeOf(Tensor[])} for five parents, with the common case, one tape, inline.
   *
   * @param x the first parent
   * @param y the second parent
   * @param z the third parent
   * @param u the fourth parent
   * @param w the fifth parent
   * @return the tape the node joins, or null for none
   */
  private static Tape tapeOf(Tensor x, Tensor y, Tensor z, Tensor u, Tensor w) {
    Tape tape = x.tape;
    return tape == y.tape && tape == z.tape && tape == u.tape && tape == w.tape
        ? tape
        : tapeOf(new Tensor[] {x, y, z, u, w});
  }

  // ---------------------------------------------------------------- arrays of leaves

  /**
   * One leaf per value, on no tape.
   *
   * @param values the leaves' values
   * @return new leaves, in the order of {@code values}
   */
  public static Tensor[] of(double[] values) {
    Tensor[] out = new Tensor[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = new Tensor(values[i]);
    }
    return out;
  }

  /**
   * One leaf per value, on no tape; a null row stays null.
   *
   * @param values the leaves' values, by row
   * @return new leaves, shaped like {@code values}
   */
  public static Tensor[][] of(double[][] values) {
    Tensor[][] out = new Tensor[values.length][];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i] == null ? null : of(values[i]);
    }
    return out;
  }

  /**
   * An array of {@code n} elements that all hold one fresh constant leaf of the given value.
   *
   * @param n the length
   * @param value the leaf's value
   * @return the array, every element the same leaf
   */
  public static Tensor[] filled(int n, double value) {
    Tensor[] out = new Tensor[n];
    Arrays.fill(out, new Tensor(value));
    return out;
  }

  /**
   * An {@code n} by {@code m} array whose elements all hold one fresh constant leaf.
   *
   * @param n the number of rows
   * @param m the length of each row
   * @param value the leaf's value
   * @return the array, every element the same leaf
   */
  public static Tensor[][] filled(int n, int m, double value) {
    Tensor leaf = new Tensor(value);
    Tensor[][] out = new Tensor[n][m];
    for (Tensor[] row : out) {
      Arrays.fill(row, leaf);
    }
    return out;
  }

  /**
   * The values of the given nodes.
   *
   * @param nodes the nodes
   * @return their values, in order
   */
  public static double[] data(Tensor[] nodes) {
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
  public static double[][] data(Tensor[][] nodes) {
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
  public static double[] grads(Tensor[] nodes) {
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
  public static double[][] grads(Tensor[][] nodes) {
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
   * @return the value computed in the forward step (or set on a leaf)
   */
  public double data() {
    return data;
  }

  /**
   * Replaces the value of a leaf, as a training loop does with its parameters. Nodes computed from
   * it keep the values and partials of their forward step: rebuild the graph after an update.
   *
   * @param data the new value
   */
  public void setData(double data) {
    this.data = data;
  }

  /**
   * The gradient held by this node after {@link #backward()}.
   *
   * @return d(root)/d(this) of the last sweep that reached this node; for a leaf, the sum over
   *     every sweep since it was made, zeroed or set
   */
  public double grad() {
    return grad;
  }

  /**
   * Sets this node's gradient, as the tutorial does before calling backward steps by hand.
   *
   * @param grad the new gradient
   */
  public void setGrad(double grad) {
    this.grad = grad;
  }

  /**
   * The operation that produced this node.
   *
   * @return the operation; {@link Op#LEAF} for inputs and constants
   */
  public Op op() {
    return OPS[op];
  }

  /**
   * The nodes this one was computed from, in argument order.
   *
   * @return an unmodifiable list of the parents; empty for a leaf
   */
  public List<Tensor> parents() {
    return Collections.emptyList();
  }

  /**
   * d(this)/d(parent) for each of {@link #parents()}, as computed in the forward step.
   *
   * @return a fresh array of the partials, in the order of {@link #parents()}; empty for a leaf
   */
  public double[] localPartials() {
    return new double[0];
  }

  /**
   * The tutorial's format: {@code Tensor(data=27.0)}.
   *
   * @return {@code "Tensor(data=" + data() + ")"}
   */
  @Override
  public String toString() {
    return "Tensor(data=" + data + ")";
  }

  // ---------------------------------------------------------------- backpropagation

  /**
   * Back-propagates from this node: adds d(this)/d(leaf) to the gradient of every leaf it reaches,
   * visiting the nodes in reverse topological order (the reverse creation order of its {@link Tape}
   * if it is on one, else a sort). A leaf root adds 1 to its own gradient, as any leaf would;
   * otherwise this node's gradient is set to 1 and the gradients of the intermediate nodes below it
   * are recomputed from 0, so that calling it again adds the same amounts again.
   */
  public void backward() {
    if (isLeaf()) {
      // The root is its own only leaf: d(this)/d(this) = 1 accumulates like any other leaf's.
      grad += 1.0;
      return;
    }
    if (parentsAreLeaves()) {
      // A graph one operation deep is its own topological order: no sort needed.
      grad = 1.0;
      propagate();
      return;
    }
    if (tape != null) {
      backwardOverTape();
    } else {
      backwardBySort();
    }
  }

  /** The sweep over a sorted copy of the graph, for a node on no tape. */
  private void backwardBySort() {
    Sorter sorter = Sorter.acquire();
    try {
      int size = sorter.sort(this, true, false);
      Tensor[] nodes = sorter.order;
      grad = 1.0;
      for (int i = size - 1; i >= 0; i--) {
        Tensor node = nodes[i];
        nodes[i] = null;
        node.mark = UNSEEN;
        node.propagate();
      }
    } finally {
      sorter.release();
    }
  }

  /**
   * The sweep over this node's tape, newest node first: creation order is a topological order, and
   * only nodes marked LIVE (this one, and those a visited node passed a contribution to) are below
   * this one; the rest (nodes made after it, or whose values it does not use) are skipped.
   */
  private void backwardOverTape() {
    grad = 1.0;
    mark = LIVE;
    for (Tensor node = tape.last; node != null; node = node.prev) {
      if (node.mark == LIVE) {
        node.mark = UNSEEN;
        node.propagate();
      }
    }
  }

  /**
   * Passes {@code contribution} to a parent in a backward sweep: the first contribution an
   * operation node receives replaces its gradient (as {@code 0.0 + c}: its gradient restarts from
   * 0), later ones and those to leaves add to it.
   *
   * @param parent the node receiving
   * @param contribution the gradient times the local partial
   */
  static void receive(Tensor parent, double contribution) {
    if (parent.mark == LIVE) {
      parent.grad += contribution;
    } else {
      parent.mark = LIVE;
      parent.grad = 0.0 + contribution;
    }
  }

  /** One step of a backward sweep: passes this node's gradient times each partial to its parent. */
  void propagate() {
    // A leaf has nothing to pass on.
  }

  /**
   * The tutorial's {@code _backward()}: adds this node's gradient times each local partial to the
   * gradient of the corresponding parent. {@link #backward()} does the same for every node in order.
   */
  public void backwardStep() {
    // A leaf has no parents.
  }

  /**
   * Whether every parent of this node is a leaf (true for a leaf itself).
   *
   * @return true if the node's graph is one operation deep
   */
  boolean parentsAreLeaves() {
    return true;
  }

  /**
   * Pushes the parents the sorter wants onto its stack from {@code depth}, last first so they are
   * emitted in argument order; the sorter has made room for five.
   *
   * @param sorter the running sort
   * @param depth the stack's current depth
   * @param withLeaves whether leaves are pushed too
   * @return the new depth
   */
  int pushParents(Sorter sorter, int depth, boolean withLeaves) {
    return depth;
  }

  /** Sets the gradient of this node and of every node it was computed from to zero. */
  public void zeroGrad() {
    for (Tensor node : topologicalOrder()) {
      node.grad = 0.0;
    }
  }

  /**
   * This node and every node it was computed from, each once, every node after its parents.
   *
   * @return an unmodifiable list of the graph's nodes, leaves included, ending with this node
   */
  public List<Tensor> topologicalOrder() {
    Sorter sorter = Sorter.acquire();
    try {
      int size = sorter.sort(this, false, true);
      Tensor[] nodes = Arrays.copyOf(sorter.order, size);
      for (int i = 0; i < size; i++) {
        nodes[i].mark = nodes[i].isLeaf() ? LIVE : UNSEEN;
        sorter.order[i] = null;
      }
      return List.of(nodes);
    } finally {
      sorter.release();
    }
  }

  /**
   * Sorts graphs: an iterative depth-first post-order, every node after its parents. A node is marked
   * "expanded" when its parents are pushed and "emitted" when it is appended; a node met on top of
   * the stack while expanded has had all its parents emitted. The explicit stack keeps
   * million-node-deep graphs off the thread stack. Each thread keeps one sorter, so sorting a small
   * graph allocates nothing; its callers restore the marks and clear the order slots they read.
   */
  private static final class Sorter {
    /** Each thread's own sorter. */
    private static final ThreadLocal<Sorter> PER_THREAD = ThreadLocal.withInitial(Sorter::new);
    /** Arrays grown past this are dropped after use rather than kept for the thread's lifetime. */
    private static final int KEEP = 1 << 16;
    /** The initial length of the stack and the order. */
    private static final int INITIAL = 64;
    /** The most parents a node kind keeps in fields (Fused5's). */
    private static final int MAX_FIELD_PARENTS = 5;

    /** The depth-first stack; grown as needed. */
    Tensor[] stack = new Tensor[INITIAL];
    /** The nodes in the order emitted, parents first; grown as needed. */
    Tensor[] order = new Tensor[INITIAL];
    /** Whether a traversal further up this thread's stack is using this sorter. */
    private boolean busy;

    /**
     * This thread's sorter, or a fresh one if it is in use further up the stack.
     *
     * @return a sorter not in use, marked busy
     */
    static Sorter acquire() {
      Sorter sorter = PER_THREAD.get();
      if (sorter.busy) {
        sorter = new Sorter();
      }
      sorter.busy = true;
      return sorter;
    }

    /** Marks this sorter free again, dropping arrays grown past {@link #KEEP}. */
    void release() {
      if (stack.length > KEEP) {
        stack = new Tensor[INITIAL];
      }
      if (order.length > KEEP) {
        order = new Tensor[INITIAL];
      }
      busy = false;
    }

    /**
     * Fills {@code order} with the graph below {@code root}, parents first; returns its size.
     * Backpropagation leaves the leaves out: they have nothing to pass on, and in a typical graph
     * they are a good part of the nodes.
     *
     * @param root the node whose graph is sorted
     * @param clearIntermediateGrads whether each operation node's gradient is set to 0 on the way
     * @param withLeaves whether leaves are included in the order
     * @return the number of nodes in {@code order}
     */
    int sort(Tensor root, boolean clearIntermediateGrads, boolean withLeaves) {
      return sort(root, clearIntermediateGrads, withLeaves, 0);
    }

    /**
     * {@link #sort(Tensor, boolean, boolean)} appending after the first {@code start} nodes of
     * {@code order}, which an earlier sort of another root put there (their marks still say
     * emitted, so nodes shared with that graph are not added twice).
     *
     * @param root the node whose graph is sorted
     * @param clearIntermediateGrads whether each operation node's gradient is set to 0 on the way
     * @param withLeaves whether leaves are included in the order
     * @param start how many nodes {@code order} holds already
     * @return the number of nodes in {@code order}
     */
    int sort(Tensor root, boolean clearIntermediateGrads, boolean withLeaves, int start) {
      Tensor[] stack = this.stack;
      Tensor[] order = this.order;
      int depth = 0;
      int size = start;
      stack[depth++] = root;
      while (depth > 0) {
        Tensor node = stack[depth - 1];
        int mark = node.mark;
        if (mark == EMITTED) {
          stack[--depth] = null;
        } else if (mark == EXPANDED) {
          stack[--depth] = null;
          node.mark = EMITTED;
          if (size == order.length) {
            order = Arrays.copyOf(order, size * 2);
          }
          order[size++] = node;
        } else {
          node.mark = EXPANDED;
          // Room for the three parents of the widest kind in fields; a node with its parents in
          // an array grows the stack itself (see FusedN).
          if (depth + MAX_FIELD_PARENTS > stack.length) {
            stack = Arrays.copyOf(stack, stack.length * 2);
          }
          this.stack = stack;
          depth = node.pushParents(this, depth, withLeaves);
          stack = this.stack;
          if (clearIntermediateGrads && !node.isLeaf()) {
            node.grad = 0.0;
          }
        }
      }
      this.stack = stack;
      this.order = order;
      return size;
    }
  }

  /**
   * Whether the sorter should push {@code parent}: not yet seen, and a leaf only if asked.
   *
   * @param parent the candidate
   * @param withLeaves whether leaves are wanted
   * @return true to push it
   */
  static boolean wanted(Tensor parent, boolean withLeaves) {
    return parent.mark <= UNSEEN && (withLeaves || !parent.isLeaf());
  }

  // ---------------------------------------------------------------- forward mode

  /**
   * Forward mode: the directional derivatives of {@code outputs} when each of {@code inputs} moves
   * along its entry of {@code inputTangents}, a Jacobian-vector product, by one forward sweep and
   * no backward pass. The tangent of each node is the sum, over its parents that depend on the
   * inputs, of its local partial times the parent's tangent; nodes are visited in their tape's
   * creation order when all the operation outputs are on one {@link Tape} (as in a generated
   * method's graph), else in a sorted order of the graph below the outputs, so graphs with nodes
   * off every tape get the same tangents.
   *
   * <p>A parent that does not depend on any input contributes nothing, even where its partial is
   * infinite or NaN, exactly as a backward pass never reaches it; so a tangent is the same sum of
   * products as the gradient of {@link #backward()} dotted with the direction (up to the order of
   * the additions). An input listed twice moves by the sum of its two entries. The sweep uses the
   * nodes' gradient slots: afterwards every operation node it visited holds its tangent in {@link
   * #grad()} (0 for one that does not depend on the inputs), while the inputs keep their gradients.
   *
   * @param inputs the leaves to move, such as a {@link Tape}'s leaves
   * @param inputTangents the direction: one entry per input, in the same order
   * @param outputs the nodes whose tangents are wanted (leaves allowed: an input's tangent is its
   *     own entry, any other leaf's 0)
   * @return one tangent per output, in the order of {@code outputs}
   * @throws IllegalArgumentException if the arrays differ in length or an input is not a leaf
   */
  public static double[] tangents(Tensor[] inputs, double[] inputTangents, Tensor[] outputs) {
    if (inputs.length != inputTangents.length) {
      throw new IllegalArgumentException(
          inputs.length + " inputs but " + inputTangents.length + " input tangents");
    }
    Tensor[] order = forwardOrder(outputs);
    double[] saved = seed(inputs);
    try {
      for (int j = 0; j < inputs.length; j++) {
        inputs[j].grad += inputTangents[j];
      }
      sweepForward(order);
      return tangentsOf(outputs);
    } finally {
      unseed(inputs, saved, order);
    }
  }

  /**
   * The Jacobian of {@code outputs} with respect to {@code inputs}, {@code jacobian[i][j] =
   * d outputs[i] / d inputs[j]}, from one graph: by forward sweeps, each carrying up to 64 columns
   * at once (each column as {@link #tangents} seeding its input alone would give it), when there
   * are fewer inputs than outputs, else by {@code
   * outputs.length} backward passes (one per row); see {@link #jacobianByForwardSweeps}. The two
   * ways give the same sums of products of local partials, up to the order of the additions. The
   * inputs' gradients are what they were before the call.
   *
   * @param inputs distinct leaves to differentiate with respect to
   * @param outputs the nodes to differentiate (leaves allowed)
   * @return a fresh {@code outputs.length} by {@code inputs.length} matrix
   * @throws IllegalArgumentException if an input is not a leaf
   */
  public static double[][] jacobian(Tensor[] inputs, Tensor[] outputs) {
    double[][] jacobian = new double[outputs.length][inputs.length];
    if (jacobianByForwardSweeps(inputs.length, outputs.length)) {
      jacobianForwards(inputs, outputs, jacobian);
      return jacobian;
    }
    double[] saved = new double[inputs.length];
    for (int j = 0; j < inputs.length; j++) {
      requireLeaf(inputs[j]);
      saved[j] = inputs[j].grad;
    }
    try {
      for (int i = 0; i < outputs.length; i++) {
        for (Tensor input : inputs) {
          input.grad = 0.0;
        }
        outputs[i].backward();
        for (int j = 0; j < inputs.length; j++) {
          jacobian[i][j] = inputs[j].grad;
        }
      }
    } finally {
      for (int j = 0; j < inputs.length; j++) {
        inputs[j].grad = saved[j];
      }
    }
    return jacobian;
  }

  /**
   * The columns of a Jacobian by forward sweeps that each carry up to {@link
   * ForwardBlock#MAX_WIDTH} columns at once (fewer when the graph is large, so that one sweep's
   * tangents stay under about 32 MB): one call per node per sweep instead of one per node per
   * column, and the same sums of products in each column as a sweep seeding its input alone.
   *
   * @param inputs the leaves, one per column
   * @param outputs the nodes, one per row
   * @param jacobian where the columns go, zero on entry
   */
  private static void jacobianForwards(Tensor[] inputs, Tensor[] outputs, double[][] jacobian) {
    Tensor[] order = forwardOrder(outputs);
    double[] saved = new double[inputs.length];
    for (int j = 0; j < inputs.length; j++) {
      requireLeaf(inputs[j]);
      saved[j] = inputs[j].grad;
    }
    int widest = Math.max(1, MAX_BLOCK_ENTRIES / (order.length + ForwardBlock.MAX_WIDTH));
    try {
      for (int first = 0; first < inputs.length; ) {
        int width = Math.min(Math.min(ForwardBlock.MAX_WIDTH, widest), inputs.length - first);
        ForwardBlock block = new ForwardBlock(width, width + order.length);
        for (Tensor input : inputs) {
          input.mark = LIVE;
        }
        for (int q = 0; q < width; q++) {
          Tensor input = inputs[first + q];
          // An input listed twice keeps its first slot and gets both directions.
          int slot = input.mark == TANGENT ? slotOf(input) : q;
          input.setSlot(true, slot);
          block.seed(slot, q);
        }
        for (int k = 0; k < order.length; k++) {
          order[k].forwardBlockStep(block, width + k);
        }
        for (int i = 0; i < outputs.length; i++) {
          Tensor output = outputs[i];
          if (output.mark == TANGENT) {
            System.arraycopy(block.tangents, slotOf(output) * width, jacobian[i], first, width);
          }
        }
        first += width;
        if (first < inputs.length) {
          for (Tensor node : order) {
            node.mark = UNSEEN;
          }
        }
      }
    } finally {
      for (Tensor node : order) {
        node.mark = UNSEEN;
        node.grad = 0.0;
      }
      for (int j = inputs.length - 1; j >= 0; j--) {
        inputs[j].grad = saved[j];
        inputs[j].mark = LIVE;
      }
    }
  }

  /**
   * Which way {@link #jacobian} computes a Jacobian of this shape: forward sweeps (one per input)
   * when there are fewer inputs than outputs, backward passes (one per output) otherwise, so that
   * it makes the fewer sweeps of the two (on a tie, backward passes, which skip the nodes an
   * output does not depend on).
   *
   * @param inputs how many inputs (columns)
   * @param outputs how many outputs (rows)
   * @return true for forward sweeps, false for backward passes
   */
  public static boolean jacobianByForwardSweeps(int inputs, int outputs) {
    return inputs < outputs;
  }

  /**
   * The operation nodes below {@code outputs}, each after its parents: the shared tape's creation
   * order when every operation output is on one tape, else a sort of their graphs.
   *
   * @param outputs the roots
   * @return the nodes to sweep, in order
   */
  private static Tensor[] forwardOrder(Tensor[] outputs) {
    Tape tape = null;
    boolean oneTape = true;
    for (Tensor output : outputs) {
      if (!output.isLeaf()) {
        if (output.tape == null || tape != null && output.tape != tape) {
          oneTape = false;
          break;
        }
        tape = output.tape;
      }
    }
    if (tape == null && oneTape) {
      return new Tensor[0];
    }
    if (oneTape) {
      // Every node on a tape has its operation ancestors on it, created before it (see Tape); an
      // output over leaves only may not be linked yet.
      for (Tensor output : outputs) {
        output.linkIfUnlinked();
      }
      int size = 0;
      for (Tensor node = tape.last; node != null; node = node.prev) {
        size++;
      }
      Tensor[] order = new Tensor[size];
      for (Tensor node = tape.last; node != null; node = node.prev) {
        order[--size] = node;
      }
      return order;
    }
    Sorter sorter = Sorter.acquire();
    try {
      int size = 0;
      for (Tensor output : outputs) {
        if (!output.isLeaf() && output.mark != EMITTED) {
          size = sorter.sort(output, false, false, size);
        }
      }
      Tensor[] order = Arrays.copyOf(sorter.order, size);
      for (int i = 0; i < size; i++) {
        order[i].mark = UNSEEN;
        sorter.order[i] = null;
      }
      return order;
    } finally {
      sorter.release();
    }
  }

  /**
   * Marks the inputs as carrying tangents, from 0, and returns their gradients to restore.
   *
   * @param inputs the leaves to seed
   * @return their gradients before the sweep
   */
  private static double[] seed(Tensor[] inputs) {
    double[] saved = new double[inputs.length];
    for (int j = 0; j < inputs.length; j++) {
      requireLeaf(inputs[j]);
      saved[j] = inputs[j].grad;
    }
    for (Tensor input : inputs) {
      input.grad = 0.0;
      input.mark = TANGENT;
    }
    return saved;
  }

  /**
   * Restores the resting marks of the swept nodes and the inputs, and the inputs' gradients; in
   * reverse, so that an input listed twice gets back its first saved gradient.
   *
   * @param inputs the seeded leaves
   * @param saved their gradients before the sweep
   * @param order the swept nodes
   */
  private static void unseed(Tensor[] inputs, double[] saved, Tensor[] order) {
    for (Tensor node : order) {
      node.mark = UNSEEN;
    }
    for (int j = inputs.length - 1; j >= 0; j--) {
      inputs[j].grad = saved[j];
      inputs[j].mark = LIVE;
    }
  }

  /**
   * Fails unless {@code node} is a leaf.
   *
   * @param node a would-be input
   * @throws IllegalArgumentException if it is an operation node
   */
  private static void requireLeaf(Tensor node) {
    if (!node.isLeaf()) {
      throw new IllegalArgumentException(
          "an input of a forward sweep or a Jacobian must be a leaf, not a node of " + node.op());
    }
  }

  /**
   * One forward sweep: each node's tangent from its parents', in {@code order}.
   *
   * @param order operation nodes, each after its operation parents
   */
  private static void sweepForward(Tensor[] order) {
    for (Tensor node : order) {
      node.forwardStep();
    }
  }

  /**
   * The tangents of {@code outputs} after a sweep.
   *
   * @param outputs the nodes
   * @return each one's tangent
   */
  private static double[] tangentsOf(Tensor[] outputs) {
    double[] out = new double[outputs.length];
    for (int i = 0; i < outputs.length; i++) {
      out[i] = tangentOf(outputs[i]);
    }
    return out;
  }

  /**
   * A node's tangent in the running sweep: 0 unless it depends on the seeded inputs.
   *
   * @param node a node or leaf
   * @return its tangent
   */
  private static double tangentOf(Tensor node) {
    return node.mark == TANGENT ? node.grad : 0.0;
  }

  /**
   * Sets this node's tangent in a forward sweep, or marks it independent of the inputs.
   *
   * @param carries whether some parent depends on the inputs
   * @param tangent the tangent, if it does
   */
  final void setTangent(boolean carries, double tangent) {
    mark = carries ? TANGENT : UNSEEN;
    grad = carries ? tangent : 0.0;
  }

  /**
   * Whether a node carries a tangent in the running forward sweep.
   *
   * @param node a parent
   * @return true if it depends on the seeded inputs
   */
  static boolean carries(Tensor node) {
    return node.mark == TANGENT;
  }

  /** One step of a forward sweep: this node's tangent from its parents' (see tangents()). */
  void forwardStep() {
    // A leaf's tangent is seeded, not computed.
  }

  /**
   * The slot of a node that carries tangents in a running block sweep: kept in its gradient field,
   * which a sweep does not otherwise need (ints are exact in a double).
   *
   * @param node a node marked as carrying
   * @return its slot in the {@link ForwardBlock}
   */
  static int slotOf(Tensor node) {
    return (int) node.grad;
  }

  /**
   * Marks this node as carrying tangents in slot {@code slot} of a block sweep, or as independent
   * of the seeded inputs.
   *
   * @param carries whether some parent depends on the inputs
   * @param slot its slot, if it does
   */
  final void setSlot(boolean carries, int slot) {
    setTangent(carries, slot);
  }

  /**
   * One step of a block forward sweep ({@link #jacobian}): this node's tangents in every direction
   * of {@code block} from its parents', written to {@code slot}. This default reads {@link
   * #parents()} and {@link #localPartials()}, so any node kind is swept correctly; the kinds below
   * override it to skip those copies. A leaf is never stepped (its tangents are seeded).
   *
   * @param block the sweep's tangents
   * @param slot this node's slot
   */
  void forwardBlockStep(ForwardBlock block, int slot) {
    List<Tensor> parents = parents();
    double[] partials = localPartials();
    block.begin(slot);
    for (int i = 0; i < partials.length; i++) {
      block.add(parents.get(i), partials[i]);
    }
    block.end(this, slot);
  }

  // ---------------------------------------------------------------- arithmetic

  /**
   * The sum of this node and {@code y}; partials 1 and 1.
   *
   * @param y the other summand
   * @return a new node holding {@code this + y}
   */
  public Tensor add(Tensor y) {
    return binary(data + y.data, Op.ADD, this, 1.0, y, 1.0);
  }

  /**
   * The sum of this node and the constant {@code c}; partial 1.
   *
   * @param c the constant summand
   * @return a new node holding {@code this + c}
   */
  public Tensor add(double c) {
    return unary(data + c, Op.ADD, this, 1.0);
  }

  /**
   * The sum of the constant {@code c} and {@code x}; partial 1.
   *
   * @param c the constant summand
   * @param x the node summand
   * @return a new node holding {@code c + x}
   */
  public static Tensor add(double c, Tensor x) {
    return unary(c + x.data, Op.ADD, x, 1.0);
  }

  /**
   * The difference of this node and {@code y}; partials 1 and -1.
   *
   * @param y the subtrahend
   * @return a new node holding {@code this - y}
   */
  public Tensor sub(Tensor y) {
    return binary(data - y.data, Op.SUB, this, 1.0, y, -1.0);
  }

  /**
   * The difference of this node and the constant {@code c}; partial 1.
   *
   * @param c the constant subtrahend
   * @return a new node holding {@code this - c}
   */
  public Tensor sub(double c) {
    return unary(data - c, Op.SUB, this, 1.0);
  }

  /**
   * The difference of the constant {@code c} and {@code x}; partial -1.
   *
   * @param c the constant minuend
   * @param x the subtrahend
   * @return a new node holding {@code c - x}
   */
  public static Tensor sub(double c, Tensor x) {
    return unary(c - x.data, Op.SUB, x, -1.0);
  }

  /**
   * The product of this node and {@code y}; partials y and this.
   *
   * @param y the other factor
   * @return a new node holding {@code this * y}
   */
  public Tensor mul(Tensor y) {
    return binary(data * y.data, Op.MUL, this, y.data, y, data);
  }

  /**
   * The product of this node and the constant {@code c}; partial c.
   *
   * @param c the constant factor
   * @return a new node holding {@code this * c}
   */
  public Tensor mul(double c) {
    return unary(data * c, Op.MUL, this, c);
  }

  /**
   * The product of the constant {@code c} and {@code x}; partial c.
   *
   * @param c the constant factor
   * @param x the node factor
   * @return a new node holding {@code c * x}
   */
  public static Tensor mul(double c, Tensor x) {
    return unary(c * x.data, Op.MUL, x, c);
  }

  /**
   * The quotient of this node and {@code y}; partials 1/y and -(this/y)/y.
   *
   * @param y the divisor
   * @return a new node holding {@code this / y}
   */
  public Tensor div(Tensor y) {
    double out = data / y.data;
    return binary(out, Op.DIV, this, 1.0 / y.data, y, Derivatives.divisor(y.data, out));
  }

  /**
   * The quotient of this node and the constant {@code c}; partial 1/c.
   *
   * @param c the constant divisor
   * @return a new node holding {@code this / c}
   */
  public Tensor div(double c) {
    return unary(data / c, Op.DIV, this, 1.0 / c);
  }

  /**
   * The quotient of the constant {@code c} and {@code x}; partial -(c/x)/x.
   *
   * @param c the constant dividend
   * @param x the divisor
   * @return a new node holding {@code c / x}
   */
  public static Tensor div(double c, Tensor x) {
    double out = c / x.data;
    return unary(out, Op.DIV, x, Derivatives.divisor(x.data, out));
  }

  /**
   * Java's floating-point remainder {@code this % y} = this - y * q with q = trunc(this / y); its
   * partials are 1 and -q between the jumps (see {@link Derivatives#remDivisor}).
   *
   * @param y the divisor
   * @return a new node holding {@code this % y}
   */
  public Tensor rem(Tensor y) {
    double out = data % y.data;
    return binary(out, Op.REM, this, 1.0, y, Derivatives.remDivisor(data, y.data, out));
  }

  /**
   * The remainder {@code this % c} for a constant divisor; partial 1.
   *
   * @param c the constant divisor
   * @return a new node holding {@code this % c}
   */
  public Tensor rem(double c) {
    return unary(data % c, Op.REM, this, 1.0);
  }

  /**
   * The remainder {@code c % x} for a constant dividend; partial -trunc(c / x) between the jumps.
   *
   * @param c the constant dividend
   * @param x the divisor
   * @return a new node holding {@code c % x}
   */
  public static Tensor rem(double c, Tensor x) {
    double out = c % x.data;
    return unary(out, Op.REM, x, Derivatives.remDivisor(c, x.data, out));
  }

  /**
   * The negation of this node; partial -1.
   *
   * @return a new node holding {@code -this}
   */
  public Tensor neg() {
    return unary(-data, Op.NEG, this, -1.0);
  }

  /**
   * Math.pow(this, c) for a constant exponent; derivative c * this^(c-1), and 0 when c = 0.
   *
   * @param c the constant exponent
   * @return a new node holding {@code Math.pow(this, c)}
   */
  public Tensor pow(double c) {
    return unary(Math.pow(data, c), Op.POW, this, Derivatives.powBase(data, c));
  }

  /**
   * Math.pow(this, y); partials y * this^(y-1) (0 when y = 0) and out * log(this), the latter
   * taken as 0 where out is 0 or this is 0.
   *
   * @param y the exponent
   * @return a new node holding {@code Math.pow(this, y)}
   */
  public Tensor pow(Tensor y) {
    double out = Math.pow(data, y.data);
    return binary(
        out,
        Op.POW,
        this,
        Derivatives.powBase(data, y.data),
        y,
        Derivatives.powExponent(data, out));
  }

  /**
   * Math.pow(c, x) for a constant base; derivative out * log(c), taken as 0 where out or c is 0.
   *
   * @param c the constant base
   * @param x the exponent
   * @return a new node holding {@code Math.pow(c, x)}
   */
  public static Tensor pow(double c, Tensor x) {
    double out = Math.pow(c, x.data);
    return unary(out, Op.POW, x, Derivatives.powExponent(c, out));
  }

  // ---------------------------------------------------------------- elementary functions

  /**
   * Math.exp; derivative exp(this), the value itself.
   *
   * @return a new node holding {@code Math.exp(this)}
   */
  public Tensor exp() {
    double out = Math.exp(data);
    return unary(out, Op.EXP, this, Derivatives.exp(data, out));
  }

  /**
   * Math.expm1; derivative exp(this).
   *
   * @return a new node holding {@code Math.expm1(this)}
   */
  public Tensor expm1() {
    double out = Math.expm1(data);
    return unary(out, Op.EXPM1, this, Derivatives.expm1(data, out));
  }

  /**
   * Math.log; derivative 1/this.
   *
   * @return a new node holding {@code Math.log(this)}
   */
  public Tensor log() {
    double out = Math.log(data);
    return unary(out, Op.LOG, this, Derivatives.log(data, out));
  }

  /**
   * Math.log10; derivative 1/(this ln 10).
   *
   * @return a new node holding {@code Math.log10(this)}
   */
  public Tensor log10() {
    double out = Math.log10(data);
    return unary(out, Op.LOG10, this, Derivatives.log10(data, out));
  }

  /**
   * Math.log1p; derivative 1/(1 + this).
   *
   * @return a new node holding {@code Math.log1p(this)}
   */
  public Tensor log1p() {
    double out = Math.log1p(data);
    return unary(out, Op.LOG1P, this, Derivatives.log1p(data, out));
  }

  /**
   * Math.sqrt; derivative 1/(2 sqrt(this)), +Infinity at 0.
   *
   * @return a new node holding {@code Math.sqrt(this)}
   */
  public Tensor sqrt() {
    double out = Math.sqrt(data);
    return unary(out, Op.SQRT, this, Derivatives.sqrt(data, out));
  }

  /**
   * Math.cbrt; derivative 1/(3 cbrt(this)^2), +Infinity at 0.
   *
   * @return a new node holding {@code Math.cbrt(this)}
   */
  public Tensor cbrt() {
    double out = Math.cbrt(data);
    return unary(out, Op.CBRT, this, Derivatives.cbrt(data, out));
  }

  /**
   * Math.abs; derivative signum(this), so 0 at 0.
   *
   * @return a new node holding {@code Math.abs(this)}
   */
  public Tensor abs() {
    double out = Math.abs(data);
    return unary(out, Op.ABS, this, Derivatives.abs(data, out));
  }

  /**
   * Math.sin; derivative cos(this).
   *
   * @return a new node holding {@code Math.sin(this)}
   */
  public Tensor sin() {
    double out = Math.sin(data);
    return unary(out, Op.SIN, this, Derivatives.sin(data, out));
  }

  /**
   * Math.cos; derivative -sin(this).
   *
   * @return a new node holding {@code Math.cos(this)}
   */
  public Tensor cos() {
    double out = Math.cos(data);
    return unary(out, Op.COS, this, Derivatives.cos(data, out));
  }

  /**
   * Math.tan; derivative 1 + tan(this)^2.
   *
   * @return a new node holding {@code Math.tan(this)}
   */
  public Tensor tan() {
    double out = Math.tan(data);
    return unary(out, Op.TAN, this, Derivatives.tan(data, out));
  }

  /**
   * Math.asin; derivative 1/sqrt(1 - this^2).
   *
   * @return a new node holding {@code Math.asin(this)}
   */
  public Tensor asin() {
    double out = Math.asin(data);
    return unary(out, Op.ASIN, this, Derivatives.asin(data, out));
  }

  /**
   * Math.acos; derivative -1/sqrt(1 - this^2).
   *
   * @return a new node holding {@code Math.acos(this)}
   */
  public Tensor acos() {
    double out = Math.acos(data);
    return unary(out, Op.ACOS, this, Derivatives.acos(data, out));
  }

  /**
   * Math.atan; derivative 1/(1 + this^2).
   *
   * @return a new node holding {@code Math.atan(this)}
   */
  public Tensor atan() {
    double out = Math.atan(data);
    return unary(out, Op.ATAN, this, Derivatives.atan(data, out));
  }

  /**
   * Math.sinh; derivative cosh(this).
   *
   * @return a new node holding {@code Math.sinh(this)}
   */
  public Tensor sinh() {
    double out = Math.sinh(data);
    return unary(out, Op.SINH, this, Derivatives.sinh(data, out));
  }

  /**
   * Math.cosh; derivative sinh(this).
   *
   * @return a new node holding {@code Math.cosh(this)}
   */
  public Tensor cosh() {
    double out = Math.cosh(data);
    return unary(out, Op.COSH, this, Derivatives.cosh(data, out));
  }

  /**
   * Math.tanh (not the exp formula, which is NaN above about 354); derivative 1 - tanh(this)^2.
   *
   * @return a new node holding {@code Math.tanh(this)}
   */
  public Tensor tanh() {
    double out = Math.tanh(data);
    return unary(out, Op.TANH, this, Derivatives.tanh(data, out));
  }

  /**
   * {@link Activations#sigmoid}; derivative sigmoid(this) (1 - sigmoid(this)).
   *
   * @return a new node holding {@code Activations.sigmoid(this)}
   */
  public Tensor sigmoid() {
    double out = Activations.sigmoid(data);
    return unary(out, Op.SIGMOID, this, Derivatives.sigmoid(data, out));
  }

  /**
   * {@link Activations#relu}; derivative 1 above 0, 0 at and below 0.
   *
   * @return a new node holding {@code Activations.relu(this)}
   */
  public Tensor relu() {
    double out = Activations.relu(data);
    return unary(out, Op.RELU, this, Derivatives.relu(data, out));
  }

  /**
   * {@link Activations#softplus}; derivative sigmoid(this).
   *
   * @return a new node holding {@code Activations.softplus(this)}
   */
  public Tensor softplus() {
    double out = Activations.softplus(data);
    return unary(out, Op.SOFTPLUS, this, Derivatives.softplus(data, out));
  }

  // ---------------------------------------------------------------- two-argument functions

  /**
   * Math.atan2(this, x), this being y; partials x/(x^2+y^2) and -y/(x^2+y^2), NaN at (0, 0).
   *
   * @param x the abscissa
   * @return a new node holding {@code Math.atan2(this, x)}
   */
  public Tensor atan2(Tensor x) {
    return binary(
        Math.atan2(data, x.data),
        Op.ATAN2,
        this,
        Derivatives.atan2Y(data, x.data),
        x,
        Derivatives.atan2X(data, x.data));
  }

  /**
   * Math.atan2(this, c) for a constant abscissa; derivative c/(c^2+this^2), NaN at (0, 0).
   *
   * @param c the constant abscissa
   * @return a new node holding {@code Math.atan2(this, c)}
   */
  public Tensor atan2(double c) {
    return unary(Math.atan2(data, c), Op.ATAN2, this, Derivatives.atan2Y(data, c));
  }

  /**
   * Math.atan2(c, x) for a constant ordinate; derivative -c/(x^2+c^2), NaN at (0, 0).
   *
   * @param c the constant ordinate
   * @param x the abscissa
   * @return a new node holding {@code Math.atan2(c, x)}
   */
  public static Tensor atan2(double c, Tensor x) {
    return unary(Math.atan2(c, x.data), Op.ATAN2, x, Derivatives.atan2X(c, x.data));
  }

  /**
   * Math.hypot(this, y); partials this/out and y/out, 0 at (0, 0).
   *
   * @param y the other argument
   * @return a new node holding {@code Math.hypot(this, y)}
   */
  public Tensor hypot(Tensor y) {
    double out = Math.hypot(data, y.data);
    return binary(
        out,
        Op.HYPOT,
        this,
        Derivatives.hypot(data, y.data, out),
        y,
        Derivatives.hypot(y.data, data, out));
  }

  /**
   * Math.hypot(this, c); derivative this/out, 0 at (0, 0).
   *
   * @param c the constant argument
   * @return a new node holding {@code Math.hypot(this, c)}
   */
  public Tensor hypot(double c) {
    double out = Math.hypot(data, c);
    return unary(out, Op.HYPOT, this, Derivatives.hypot(data, c, out));
  }

  /**
   * Math.hypot(c, x); derivative x/out, 0 at (0, 0).
   *
   * @param c the constant argument
   * @param x the node argument
   * @return a new node holding {@code Math.hypot(c, x)}
   */
  public static Tensor hypot(double c, Tensor x) {
    double out = Math.hypot(c, x.data);
    return unary(out, Op.HYPOT, x, Derivatives.hypot(x.data, c, out));
  }

  /**
   * Math.min(this, y); partial 1 for the argument chosen, 0 for the other; a tie sends the gradient to this.
   *
   * @param y the other argument
   * @return a new node holding {@code Math.min(this, y)}
   */
  public Tensor min(Tensor y) {
    double out = Math.min(data, y.data);
    double first = Derivatives.minFirst(data, y.data, out);
    return binary(out, Op.MIN, this, first, y, 1.0 - first);
  }

  /**
   * Math.min(this, c); derivative 1 when this is chosen, a tie choosing this, else 0.
   *
   * @param c the constant argument
   * @return a new node holding {@code Math.min(this, c)}
   */
  public Tensor min(double c) {
    double out = Math.min(data, c);
    return unary(out, Op.MIN, this, Derivatives.minFirst(data, c, out));
  }

  /**
   * Math.min(c, x); derivative 1 when x is chosen, 0 otherwise: a tie sends the gradient to the constant.
   *
   * @param c the constant argument
   * @param x the node argument
   * @return a new node holding {@code Math.min(c, x)}
   */
  public static Tensor min(double c, Tensor x) {
    double out = Math.min(c, x.data);
    return unary(out, Op.MIN, x, 1.0 - Derivatives.minFirst(c, x.data, out));
  }

  /**
   * Math.max(this, y); partial 1 for the argument chosen, 0 for the other; a tie sends the gradient to this.
   *
   * @param y the other argument
   * @return a new node holding {@code Math.max(this, y)}
   */
  public Tensor max(Tensor y) {
    double out = Math.max(data, y.data);
    double first = Derivatives.maxFirst(data, y.data, out);
    return binary(out, Op.MAX, this, first, y, 1.0 - first);
  }

  /**
   * Math.max(this, c); derivative 1 when this is chosen, a tie choosing this, else 0.
   *
   * @param c the constant argument
   * @return a new node holding {@code Math.max(this, c)}
   */
  public Tensor max(double c) {
    double out = Math.max(data, c);
    return unary(out, Op.MAX, this, Derivatives.maxFirst(data, c, out));
  }

  /**
   * Math.max(c, x); derivative 1 when x is chosen, 0 otherwise: a tie sends the gradient to the constant.
   *
   * @param c the constant argument
   * @param x the node argument
   * @return a new node holding {@code Math.max(c, x)}
   */
  public static Tensor max(double c, Tensor x) {
    double out = Math.max(c, x.data);
    return unary(out, Op.MAX, x, 1.0 - Derivatives.maxFirst(c, x.data, out));
  }

  // ---------------------------------------------------------------- the rest of java.lang.Math

  /**
   * Math.toRadians; derivative pi/180.
   *
   * @return a new node holding {@code Math.toRadians(this)}
   */
  public Tensor toRadians() {
    double out = Math.toRadians(data);
    return unary(out, Op.TO_RADIANS, this, Derivatives.toRadians(data, out));
  }

  /**
   * Math.toDegrees; derivative 180/pi.
   *
   * @return a new node holding {@code Math.toDegrees(this)}
   */
  public Tensor toDegrees() {
    double out = Math.toDegrees(data);
    return unary(out, Op.TO_DEGREES, this, Derivatives.toDegrees(data, out));
  }

  /**
   * Math.nextUp, this rounded up to the next double: derivative 1, as for {@code this + ulp}.
   *
   * @return a new node holding {@code Math.nextUp(this)}
   */
  public Tensor nextUp() {
    double out = Math.nextUp(data);
    return unary(out, Op.NEXT_UP, this, Derivatives.nextUp(data, out));
  }

  /**
   * Math.nextDown, this rounded down to the next double: derivative 1.
   *
   * @return a new node holding {@code Math.nextDown(this)}
   */
  public Tensor nextDown() {
    double out = Math.nextDown(data);
    return unary(out, Op.NEXT_DOWN, this, Derivatives.nextDown(data, out));
  }

  /**
   * Math.nextAfter(this, direction): derivative 1 in this, 0 in the direction.
   *
   * @param direction the node giving the direction
   * @return a new node holding {@code Math.nextAfter(this, direction)}
   */
  public Tensor nextAfter(Tensor direction) {
    return binary(Math.nextAfter(data, direction.data), Op.NEXT_AFTER, this, 1.0, direction, 0.0);
  }

  /**
   * Math.nextAfter(this, c) for a constant direction; derivative 1.
   *
   * @param c the constant direction
   * @return a new node holding {@code Math.nextAfter(this, c)}
   */
  public Tensor nextAfter(double c) {
    return unary(Math.nextAfter(data, c), Op.NEXT_AFTER, this, 1.0);
  }

  /**
   * Math.nextAfter(c, x): the direction only picks which neighbour, so the derivative is 0.
   *
   * @param c the constant start
   * @param x the direction
   * @return a new node holding {@code Math.nextAfter(c, x)}
   */
  public static Tensor nextAfter(double c, Tensor x) {
    return unary(Math.nextAfter(c, x.data), Op.NEXT_AFTER, x, 0.0);
  }

  /**
   * Math.copySign(this, sign) = |this| with the sign of {@code sign}: derivative +-1 in this (0 at
   * 0, as for abs), 0 in the sign, which only picks between two branches.
   *
   * @param sign the node giving the sign
   * @return a new node holding {@code Math.copySign(this, sign)}
   */
  public Tensor copySign(Tensor sign) {
    double out = Math.copySign(data, sign.data);
    return binary(out, Op.COPY_SIGN, this, Derivatives.copySign(data, out), sign, 0.0);
  }

  /**
   * Math.copySign(this, c) for a constant sign; derivative +-1 (0 at 0, as for abs).
   *
   * @param c the constant giving the sign
   * @return a new node holding {@code Math.copySign(this, c)}
   */
  public Tensor copySign(double c) {
    double out = Math.copySign(data, c);
    return unary(out, Op.COPY_SIGN, this, Derivatives.copySign(data, out));
  }

  /**
   * Math.copySign(c, sign) for a constant magnitude: derivative 0.
   *
   * @param c the constant magnitude
   * @param sign the node giving the sign
   * @return a new node holding {@code Math.copySign(c, sign)}
   */
  public static Tensor copySign(double c, Tensor sign) {
    return unary(Math.copySign(c, sign.data), Op.COPY_SIGN, sign, 0.0);
  }

  /**
   * Math.scalb(this, n) = this * 2^n, exactly; derivative 2^n.
   *
   * @param n the power of two
   * @return a new node holding {@code Math.scalb(this, n)}
   */
  public Tensor scalb(int n) {
    return unary(Math.scalb(data, n), Op.SCALB, this, Derivatives.scalb(data, n));
  }

  /**
   * Math.IEEEremainder(this, y) = this - y * n with n the integer nearest this / y; its partials
   * are 1 and -n between the jumps, as for {@link #rem(Tensor)}.
   *
   * @param y the divisor
   * @return a new node holding {@code Math.IEEEremainder(this, y)}
   */
  public Tensor IEEEremainder(Tensor y) {
    double out = Math.IEEEremainder(data, y.data);
    return binary(out, Op.IEEE_REMAINDER, this, 1.0, y, Derivatives.remDivisor(data, y.data, out));
  }

  /**
   * Math.IEEEremainder(this, c) for a constant divisor; derivative 1.
   *
   * @param c the constant divisor
   * @return a new node holding {@code Math.IEEEremainder(this, c)}
   */
  public Tensor IEEEremainder(double c) {
    return unary(Math.IEEEremainder(data, c), Op.IEEE_REMAINDER, this, 1.0);
  }

  /**
   * Math.IEEEremainder(c, x) for a constant dividend; derivative -n between the jumps, n the integer nearest c / x.
   *
   * @param c the constant dividend
   * @param x the divisor
   * @return a new node holding {@code Math.IEEEremainder(c, x)}
   */
  public static Tensor IEEEremainder(double c, Tensor x) {
    double out = Math.IEEEremainder(c, x.data);
    return unary(out, Op.IEEE_REMAINDER, x, Derivatives.remDivisor(c, x.data, out));
  }

  /**
   * Math.fma(a, b, c) = a * b + c with one rounding; partials b, a and 1. Constant operands are
   * passed as leaves of their own.
   *
   * @param a the first factor
   * @param b the second factor
   * @param c the summand
   * @return a new node holding {@code Math.fma(a, b, c)}
   */
  public static Tensor fma(Tensor a, Tensor b, Tensor c) {
    return fma(Math.fma(a.data, b.data, c.data), a, b, c);
  }

  /**
   * The fma node of the given value (Math's or StrictMath's); partials b, a and 1.
   *
   * @param value the value of a * b + c
   * @param a the first factor
   * @param b the second factor
   * @param c the summand
   * @return the new node
   */
  static Tensor fma(double value, Tensor a, Tensor b, Tensor c) {
    return new Fused3(value, Op.FMA, a, b.data, b, a.data, c, 1.0);
  }
  // ---------------------------------------------------------------- fused nodes

  /**
   * A node with one input whose value and local partial its creator computed: see {@link
   * #fused(double, Tensor[], double[])}.
   *
   * @param value the node's value
   * @param x the input
   * @param dx d(node)/dx
   * @return a new node of operation {@link Op#FUSED}
   */
  public static Tensor fused(double value, Tensor x, double dx) {
    return new Unary(value, Op.FUSED, x, dx);
  }

  /**
   * A node with two inputs whose value and local partials its creator computed.
   *
   * @param value the node's value
   * @param x the first input
   * @param dx d(node)/dx
   * @param y the second input
   * @param dy d(node)/dy
   * @return a new node of operation {@link Op#FUSED}
   */
  public static Tensor fused(double value, Tensor x, double dx, Tensor y, double dy) {
    return new Binary(value, Op.FUSED, x, dx, y, dy);
  }

  /**
   * A node with three inputs whose value and local partials its creator computed.
   *
   * @param value the node's value
   * @param x the first input
   * @param dx d(node)/dx
   * @param y the second input
   * @param dy d(node)/dy
   * @param z the third input
   * @param dz d(node)/dz
   * @return a new node of operation {@link Op#FUSED}
   */
  public static Tensor fused(
      double value, Tensor x, double dx, Tensor y, double dy, Tensor z, double dz) {
    return new Fused3(value, Op.FUSED, x, dx, y, dy, z, dz);
  }

  /**
   * A node with four inputs whose value and local partials its creator computed: the same node as
   * {@link #fused(double, Tensor[], double[])} makes, in 88 bytes instead of 128.
   *
   * @param value the node's value
   * @param x the first input
   * @param dx d(node)/dx
   * @param y the second input
   * @param dy d(node)/dy
   * @param z the third input
   * @param dz d(node)/dz
   * @param u the fourth input
   * @param du d(node)/du
   * @return a new node of operation {@link Op#FUSED}
   */
  public static Tensor fused(
      double value,
      Tensor x,
      double dx,
      Tensor y,
      double dy,
      Tensor z,
      double dz,
      Tensor u,
      double du) {
    return new Fused4(value, x, dx, y, dy, z, dz, u, du);
  }

  /**
   * A node with five inputs whose value and local partials its creator computed: the same node as
   * {@link #fused(double, Tensor[], double[])} makes, in 104 bytes instead of 144.
   *
   * @param value the node's value
   * @param x the first input
   * @param dx d(node)/dx
   * @param y the second input
   * @param dy d(node)/dy
   * @param z the third input
   * @param dz d(node)/dz
   * @param u the fourth input
   * @param du d(node)/du
   * @param w the fifth input
   * @param dw d(node)/dw
   * @return a new node of operation {@link Op#FUSED}
   */
  public static Tensor fused(
      double value,
      Tensor x,
      double dx,
      Tensor y,
      double dy,
      Tensor z,
      double dz,
      Tensor u,
      double du,
      Tensor w,
      double dw) {
    return new Fused5(value, x, dx, y, dy, z, dz, u, du, w, dw);
  }

  /**
   * A node whose value and local partials its creator computed, for any number of inputs: a whole
   * straight-line expression becomes one node (statement-level preaccumulation), or a user adds an
   * operation of their own. The arrays are kept, not copied.
   *
   * @param value the node's value
   * @param inputs the inputs
   * @param partials d(node)/d(input) for each input, in the same order
   * @return a new node of operation {@link Op#FUSED}
   * @throws IllegalArgumentException if the arrays differ in length
   */
  public static Tensor fused(double value, Tensor[] inputs, double[] partials) {
    if (inputs.length != partials.length) {
      throw new IllegalArgumentException(
          inputs.length + " inputs but " + partials.length + " partials");
    }
    return new FusedN(value, inputs, partials);
  }

  /**
   * A node whose value and local partials its creator computed, over some nodes and over elements
   * of an {@link ArrayLeaf} read by index (loop-level preaccumulation over a {@code double[]}
   * input): entry {@code k < count} has partial {@code partials[k]} and is element {@code
   * slots[k]} of {@code array} when {@code slots[k] >= 0}, else the next of {@code nodes} (taken
   * in order). The backward pass visits the entries in that order, so a contribution reaches each
   * element in the order it would if the elements were leaves listed in the same order. The arrays
   * are kept, not copied; their entries past the counts are ignored.
   *
   * @param value the node's value
   * @param nodes the node inputs, in the order of their entries
   * @param nodeCount how many of {@code nodes} are inputs
   * @param array the array leaf whose elements the entries name
   * @param slots per entry, an element's index, or a negative number for the next node
   * @param partials per entry, d(node)/d(input)
   * @param count how many entries
   * @return a new node of operation {@link Op#FUSED}
   * @throws IllegalArgumentException if a count exceeds its array, an index is out of the array's
   *     range, or the entries name another number of nodes than {@code nodeCount}
   */
  public static Tensor fused(
      double value,
      Tensor[] nodes,
      int nodeCount,
      ArrayLeaf array,
      int[] slots,
      double[] partials,
      int count) {
    if (count < 0 || count > slots.length || count > partials.length) {
      throw new IllegalArgumentException(
          count + " entries but " + slots.length + " slots and " + partials.length + " partials");
    }
    if (nodeCount < 0 || nodeCount > nodes.length) {
      throw new IllegalArgumentException(nodeCount + " nodes but an array of " + nodes.length);
    }
    int named = 0;
    int length = array.length();
    for (int k = 0; k < count; k++) {
      int slot = slots[k];
      if (slot < 0) {
        named++;
      } else if (slot >= length) {
        throw new IllegalArgumentException(
            "entry " + k + " reads element " + slot + " of an array of " + length);
      }
    }
    if (named != nodeCount) {
      throw new IllegalArgumentException(
          "the entries name " + named + " nodes but nodeCount is " + nodeCount);
    }
    return new ArrayFused(value, nodes, nodeCount, array, slots, partials, count);
  }

  /**
   * {@link #fused(double, Tensor[], int, ArrayLeaf, int[], double[], int)} for generated code (see
   * {@link GeneratedSupport#fused}): the counts are checked, the entries are not.
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
  static Tensor fusedOverArrayTrusted(
      double value,
      Tensor[] nodes,
      int nodeCount,
      ArrayLeaf array,
      int[] slots,
      double[] partials,
      int count) {
    // Constant-time checks only: a pass over the entries cost as much as the backward sweep.
    if (count < 0 || count > slots.length || count > partials.length) {
      throw new IllegalArgumentException(
          count + " entries but " + slots.length + " slots and " + partials.length + " partials");
    }
    if (nodeCount < 0 || nodeCount > nodes.length) {
      throw new IllegalArgumentException(nodeCount + " nodes but an array of " + nodes.length);
    }
    return new ArrayFused(value, nodes, nodeCount, array, slots, partials, count);
  }

  /**
   * A node for a dot-product reduction over elements of an {@link ArrayLeaf} and nodes ({@code z
   * += w[first + t] * h[t]}, loop-level preaccumulation of a layer of a network): its value is
   * computed by its creator; its inputs are {@code nodes[0]} with partial 1, then per term {@code t
   * < count} element {@code first + t} of {@code array}, whose partial is the value of {@code
   * nodes[t + 1]}, and {@code nodes[t + 1]}, whose partial is that element's value (the element
   * first when {@code elementFirst}, else the node). It keeps a copy of the terms' element values
   * (so a later write to the array does not change its partials) and reads the nodes' values in the
   * backward pass, so the nodes' values may not change before then. The backward pass visits the inputs in that order, as a node
   * of {@link #fused(double, Tensor[], double[])} listing them would.
   *
   * @param value the node's value
   * @param nodes the start node, then one node per term; entries past {@code count + 1} are ignored
   * @param count how many terms
   * @param array the array leaf whose elements the terms read
   * @param first the index of the first term's element; term {@code t} reads {@code first + t}
   * @param elementFirst whether a term lists its element before its node
   * @return a new node of operation {@link Op#FUSED}
   * @throws IllegalArgumentException if {@code count} is negative or exceeds {@code nodes}, or a
   *     term's element is out of the array's range
   */
  public static Tensor fusedDot(
      double value, Tensor[] nodes, int count, ArrayLeaf array, int first, boolean elementFirst) {
    checkDot(nodes, count, array, first);
    return new ArrayDot(value, nodes, count, array, first, elementFirst, false, 1.0, true);
  }

  /**
   * The node of {@code f(s)} for a dot-product reduction {@code s} as {@link #fusedDot(double,
   * Tensor[], int, ArrayLeaf, int, boolean)} takes it and a function {@code f} of one argument
   * applied to the finished sum (a layer's activation, {@code h = Math.tanh(z)}): one node instead
   * of that one and a node of {@code f} over it. Its value is {@code value}, {@code f(s)}, computed
   * by its creator; {@code outer} is {@code f'(s)}, the partial the node of {@code f} would hold.
   * The backward pass first takes d(root)/d(s) as {@code 0.0 + outer * g} ({@code g} this node's
   * gradient), which is what the node of {@code f} passes to the sum's node when that node has no
   * other use, then goes on as the sum's node would; so the gradients are bit for bit those of the
   * two nodes. The sum itself is no node: a graph that also uses {@code s} needs the two nodes.
   *
   * @param value the node's value, {@code f(s)}
   * @param outer {@code f'(s)}
   * @param nodes the start node, then one node per term; entries past {@code count + 1} are ignored
   * @param count how many terms
   * @param array the array leaf whose elements the terms read
   * @param first the index of the first term's element; term {@code t} reads {@code first + t}
   * @param elementFirst whether a term lists its element before its node
   * @return a new node of operation {@link Op#FUSED}
   * @throws IllegalArgumentException if {@code count} is negative or exceeds {@code nodes}, or a
   *     term's element is out of the array's range
   */
  public static Tensor fusedDotThen(
      double value,
      double outer,
      Tensor[] nodes,
      int count,
      ArrayLeaf array,
      int first,
      boolean elementFirst) {
    checkDot(nodes, count, array, first);
    return new ArrayDot(value, nodes, count, array, first, elementFirst, true, outer, true);
  }

  /**
   * {@link #fusedDot} or, when {@code folded}, {@link #fusedDotThen} for generated code (see
   * {@link GeneratedSupport#fusedDotUncopied}): without the copy of the terms' element values,
   * which the node reads from the array leaf in the backward pass, and over the start node and the
   * terms' nodes gathered in {@code buffer}, which the node does not keep: it keeps a copy of its
   * first {@code count} entries, or the copy the array leaf's previous such node keeps when that
   * holds the same nodes (a layer's dot products all read the previous layer's nodes), and then
   * does not link those nodes into the tape again, which that node did.
   *
   * @param value the node's value
   * @param outer f'(sum) when folded; unused otherwise
   * @param start the start node
   * @param buffer the terms' nodes, from index 0
   * @param count how many terms
   * @param array the array leaf whose elements the terms read
   * @param first the index of the first term's element
   * @param elementFirst whether a term lists its element before its node
   * @param folded whether the node is f(sum) rather than the sum
   * @return a new node of operation {@link Op#FUSED}
   * @throws IllegalArgumentException as the public factories
   */
  static Tensor fusedDotUncopied(
      double value,
      double outer,
      Tensor start,
      Tensor[] buffer,
      int count,
      ArrayLeaf array,
      int first,
      boolean elementFirst,
      boolean folded) {
    if (count < 0 || count > buffer.length) {
      throw new IllegalArgumentException(
          count + " terms but a buffer of " + buffer.length + " nodes");
    }
    checkElements(count, array, first);
    Tensor[] terms = array.lastTerms;
    boolean shared = terms != null && terms.length == count;
    for (int t = 0; shared && t < count; t++) {
      shared = terms[t] == buffer[t];
    }
    if (!shared) {
      terms = Arrays.copyOf(buffer, count);
      array.lastTerms = terms;
      array.lastTermsTape = operationsTape(terms);
    }
    Tape termsTape = array.lastTermsTape;
    double scale = folded ? outer : 1.0;
    if (termsTape != null && (start.isLeaf() || start.tape == termsTape)) {
      // Operations on one tape: the node joins it whatever the start leaf's tape (tapeOf's rule);
      // the first node over these terms linked them.
      return new ArrayDot(
          value,
          termsTape,
          start,
          terms,
          0,
          count,
          array,
          first,
          elementFirst,
          folded,
          scale,
          false,
          !shared);
    }
    Tensor[] all = new Tensor[count + 1];
    all[0] = start;
    System.arraycopy(terms, 0, all, 1, count);
    return new ArrayDot(
        value,
        tapeOf(all, count + 1, array.tape),
        start,
        terms,
        0,
        count,
        array,
        first,
        elementFirst,
        folded,
        scale,
        false,
        true);
  }

  /**
   * The one tape all of {@code nodes} are operations on, or null if one is a leaf, is on no tape
   * or on another tape than the others, or there are none.
   */
  private static Tape operationsTape(Tensor[] nodes) {
    Tape tape = null;
    for (Tensor node : nodes) {
      if (node.isLeaf() || node.tape == null || (tape != null && node.tape != tape)) {
        return null;
      }
      tape = node.tape;
    }
    return tape;
  }

  /** The checks of a dot-product node's arguments, shared by its factories. */
  private static void checkDot(Tensor[] nodes, int count, ArrayLeaf array, int first) {
    if (count < 0 || count >= nodes.length) {
      throw new IllegalArgumentException(
          count + " terms but an array of " + nodes.length + " nodes");
    }
    checkElements(count, array, first);
  }

  /** The check that {@code count} terms from element {@code first} on are in the array. */
  private static void checkElements(int count, ArrayLeaf array, int first) {
    if (count > 0 && (first < 0 || (long) first + count > array.length())) {
      throw new IllegalArgumentException("terms read elements " + first + " to "
          + ((long) first + count - 1) + " of an array of " + array.length());
    }
  }

  // ---------------------------------------------------------------- node kinds
  // Each kind is final and walks its own parents, so a sweep makes one call per node that the JIT
  // inlines for the kinds it has seen at that call, instead of testing the kind.

  /** A node with one parent: 56 bytes. */
  private static final class Unary extends Tensor {
    /** The parent. */
    private final Tensor p0;
    /** d(this)/d(parent). */
    private final double d0;

    /**
     * A node of this kind.
     *
     * @param value the node's value
     * @param op the operation that made it
     * @param x the parent
     * @param dx d(node)/dx
     */
    Unary(double value, Op op, Tensor x, double dx) {
      super(value, op, x.tape);
      this.p0 = x;
      this.d0 = dx;
      joinTape(linkParent(x));
    }

    @Override
    public List<Tensor> parents() {
      return List.of(p0);
    }

    @Override
    public double[] localPartials() {
      return new double[] {d0};
    }

    @Override
    void propagate() {
      receive(p0, d0 * grad());
    }

    @Override
    public void backwardStep() {
      p0.grad += d0 * grad();
    }

    @Override
    void forwardStep() {
      boolean c0 = carries(p0);
      setTangent(c0, c0 ? d0 * p0.grad() : 0.0);
    }

    @Override
    void forwardBlockStep(ForwardBlock block, int slot) {
      block.begin(slot);
      block.add(p0, d0);
      block.end(this, slot);
    }

    @Override
    boolean parentsAreLeaves() {
      return p0.isLeaf();
    }

    @Override
    int pushParents(Sorter sorter, int depth, boolean withLeaves) {
      Tensor[] stack = sorter.stack;
      if (wanted(p0, withLeaves)) {
        stack[depth++] = p0;
      }
      return depth;
    }
  }

  /** A node with two parents: 64 bytes. */
  private static final class Binary extends Tensor {
    /** The first parent. */
    private final Tensor p0;
    /** The second parent. */
    private final Tensor p1;
    /** d(this)/d(first parent). */
    private final double d0;
    /** d(this)/d(second parent). */
    private final double d1;

    /**
     * A node of this kind.
     *
     * @param value the node's value
     * @param op the operation that made it
     * @param x the first parent
     * @param dx d(node)/dx
     * @param y the second parent
     * @param dy d(node)/dy
     */
    Binary(double value, Op op, Tensor x, double dx, Tensor y, double dy) {
      super(value, op, tapeOf(x, y));
      this.p0 = x;
      this.d0 = dx;
      this.p1 = y;
      this.d1 = dy;
      boolean leaf0 = linkParent(x);
      boolean leaf1 = linkParent(y);
      joinTape(leaf0 && leaf1);
    }

    @Override
    public List<Tensor> parents() {
      return List.of(p0, p1);
    }

    @Override
    public double[] localPartials() {
      return new double[] {d0, d1};
    }

    @Override
    void propagate() {
      double g = grad();
      receive(p0, d0 * g);
      receive(p1, d1 * g);
    }

    @Override
    public void backwardStep() {
      double g = grad();
      p0.grad += d0 * g;
      p1.grad += d1 * g;
    }

    @Override
    void forwardStep() {
      boolean c0 = carries(p0);
      boolean c1 = carries(p1);
      double t0 = c0 ? d0 * p0.grad() : 0.0;
      setTangent(c0 || c1, c1 ? (c0 ? t0 + d1 * p1.grad() : d1 * p1.grad()) : t0);
    }

    @Override
    void forwardBlockStep(ForwardBlock block, int slot) {
      block.begin(slot);
      block.add(p0, d0);
      block.add(p1, d1);
      block.end(this, slot);
    }

    @Override
    boolean parentsAreLeaves() {
      return p0.isLeaf() && p1.isLeaf();
    }

    @Override
    int pushParents(Sorter sorter, int depth, boolean withLeaves) {
      Tensor[] stack = sorter.stack;
      if (wanted(p1, withLeaves)) {
        stack[depth++] = p1;
      }
      if (wanted(p0, withLeaves)) {
        stack[depth++] = p0;
      }
      return depth;
    }
  }

  /** A node with three parents in fields of its own: 80 bytes, where arrays would take 160. */
  private static final class Fused3 extends Tensor {
    /** The first parent. */
    private final Tensor p0;
    /** The second parent. */
    private final Tensor p1;
    /** The third parent. */
    private final Tensor p2;
    /** d(this)/d(first parent). */
    private final double d0;
    /** d(this)/d(second parent). */
    private final double d1;
    /** d(this)/d(third parent). */
    private final double d2;

    /**
     * A node of this kind.
     *
     * @param value the node's value
     * @param op the operation that made it
     * @param x the first parent
     * @param dx d(node)/dx
     * @param y the second parent
     * @param dy d(node)/dy
     * @param z the third parent
     * @param dz d(node)/dz
     */
    Fused3(double value, Op op, Tensor x, double dx, Tensor y, double dy, Tensor z, double dz) {
      super(value, op, tapeOf(x, y, z));
      this.p0 = x;
      this.d0 = dx;
      this.p1 = y;
      this.d1 = dy;
      this.p2 = z;
      this.d2 = dz;
      boolean leaf0 = linkParent(x);
      boolean leaf1 = linkParent(y);
      boolean leaf2 = linkParent(z);
      joinTape(leaf0 && leaf1 && leaf2);
    }

    @Override
    public List<Tensor> parents() {
      return List.of(p0, p1, p2);
    }

    @Override
    public double[] localPartials() {
      return new double[] {d0, d1, d2};
    }

    @Override
    void propagate() {
      double g = grad();
      receive(p0, d0 * g);
      receive(p1, d1 * g);
      receive(p2, d2 * g);
    }

    @Override
    public void backwardStep() {
      double g = grad();
      p0.grad += d0 * g;
      p1.grad += d1 * g;
      p2.grad += d2 * g;
    }

    @Override
    void forwardStep() {
      boolean any = false;
      double t = 0.0;
      if (carries(p0)) {
        t = d0 * p0.grad();
        any = true;
      }
      if (carries(p1)) {
        t = any ? t + d1 * p1.grad() : d1 * p1.grad();
        any = true;
      }
      if (carries(p2)) {
        t = any ? t + d2 * p2.grad() : d2 * p2.grad();
        any = true;
      }
      setTangent(any, t);
    }

    @Override
    void forwardBlockStep(ForwardBlock block, int slot) {
      block.begin(slot);
      block.add(p0, d0);
      block.add(p1, d1);
      block.add(p2, d2);
      block.end(this, slot);
    }

    @Override
    boolean parentsAreLeaves() {
      return p0.isLeaf() && p1.isLeaf() && p2.isLeaf();
    }

    @Override
    int pushParents(Sorter sorter, int depth, boolean withLeaves) {
      Tensor[] stack = sorter.stack;
      if (wanted(p2, withLeaves)) {
        stack[depth++] = p2;
      }
      if (wanted(p1, withLeaves)) {
        stack[depth++] = p1;
      }
      if (wanted(p0, withLeaves)) {
        stack[depth++] = p0;
      }
      return depth;
    }
  }

  /**
   * A node with four parents in fields of its own: 88 bytes, where arrays would take
   * 128 (the fusion writer makes it directly; {@link #fused(double, Tensor[], double[])} keeps
   * arrays it is given).
   */
  private static final class Fused4 extends Tensor {
    /** The first parent. */
    private final Tensor p0;
    /** The second parent. */
    private final Tensor p1;
    /** The third parent. */
    private final Tensor p2;
    /** The fourth parent. */
    private final Tensor p3;
    /** d(this)/d(first parent). */
    private final double d0;
    /** d(this)/d(second parent). */
    private final double d1;
    /** d(this)/d(third parent). */
    private final double d2;
    /** d(this)/d(fourth parent). */
    private final double d3;

    /**
     * A node of this kind.
     *
     * @param value the node's value
     * @param x the first parent
     * @param dx d(node)/dx
     * @param y the second parent
     * @param dy d(node)/dy
     * @param z the third parent
     * @param dz d(node)/dz
     * @param u the fourth parent
     * @param du d(node)/du
     */
    Fused4(
        double value,
        Tensor x,
        double dx,
        Tensor y,
        double dy,
        Tensor z,
        double dz,
        Tensor u,
        double du) {
      super(value, Op.FUSED, tapeOf(x, y, z, u));
      this.p0 = x;
      this.d0 = dx;
      this.p1 = y;
      this.d1 = dy;
      this.p2 = z;
      this.d2 = dz;
      this.p3 = u;
      this.d3 = du;
      boolean leaf0 = linkParent(x);
      boolean leaf1 = linkParent(y);
      boolean leaf2 = linkParent(z);
      boolean leaf3 = linkParent(u);
      joinTape(leaf0 && leaf1 && leaf2 && leaf3);
    }

    @Override
    public List<Tensor> parents() {
      return List.of(p0, p1, p2, p3);
    }

    @Override
    public double[] localPartials() {
      return new double[] {d0, d1, d2, d3};
    }

    @Override
    void propagate() {
      double g = grad();
      receive(p0, d0 * g);
      receive(p1, d1 * g);
      receive(p2, d2 * g);
      receive(p3, d3 * g);
    }

    @Override
    public void backwardStep() {
      double g = grad();
      p0.grad += d0 * g;
      p1.grad += d1 * g;
      p2.grad += d2 * g;
      p3.grad += d3 * g;
    }

    @Override
    void forwardStep() {
      boolean any = false;
      double t = 0.0;
      if (carries(p0)) {
        t = d0 * p0.grad();
        any = true;
      }
      if (carries(p1)) {
        t = any ? t + d1 * p1.grad() : d1 * p1.grad();
        any = true;
      }
      if (carries(p2)) {
        t = any ? t + d2 * p2.grad() : d2 * p2.grad();
        any = true;
      }
      if (carries(p3)) {
        t = any ? t + d3 * p3.grad() : d3 * p3.grad();
        any = true;
      }
      setTangent(any, t);
    }

    @Override
    void forwardBlockStep(ForwardBlock block, int slot) {
      block.begin(slot);
      block.add(p0, d0);
      block.add(p1, d1);
      block.add(p2, d2);
      block.add(p3, d3);
      block.end(this, slot);
    }

    @Override
    boolean parentsAreLeaves() {
      return p0.isLeaf() && p1.isLeaf() && p2.isLeaf() && p3.isLeaf();
    }

    @Override
    int pushParents(Sorter sorter, int depth, boolean withLeaves) {
      Tensor[] stack = sorter.stack;
      if (wanted(p3, withLeaves)) {
        stack[depth++] = p3;
      }
      if (wanted(p2, withLeaves)) {
        stack[depth++] = p2;
      }
      if (wanted(p1, withLeaves)) {
        stack[depth++] = p1;
      }
      if (wanted(p0, withLeaves)) {
        stack[depth++] = p0;
      }
      return depth;
    }
  }

  /**
   * A node with five parents in fields of its own: 104 bytes, where arrays would take
   * 144 (the fusion writer makes it directly; {@link #fused(double, Tensor[], double[])} keeps
   * arrays it is given).
   */
  private static final class Fused5 extends Tensor {
    /** The first parent. */
    private final Tensor p0;
    /** The second parent. */
    private final Tensor p1;
    /** The third parent. */
    private final Tensor p2;
    /** The fourth parent. */
    private final Tensor p3;
    /** The fifth parent. */
    private final Tensor p4;
    /** d(this)/d(first parent). */
    private final double d0;
    /** d(this)/d(second parent). */
    private final double d1;
    /** d(this)/d(third parent). */
    private final double d2;
    /** d(this)/d(fourth parent). */
    private final double d3;
    /** d(this)/d(fifth parent). */
    private final double d4;

    /**
     * A node of this kind.
     *
     * @param value the node's value
     * @param x the first parent
     * @param dx d(node)/dx
     * @param y the second parent
     * @param dy d(node)/dy
     * @param z the third parent
     * @param dz d(node)/dz
     * @param u the fourth parent
     * @param du d(node)/du
     * @param w the fifth parent
     * @param dw d(node)/dw
     */
    Fused5(
        double value,
        Tensor x,
        double dx,
        Tensor y,
        double dy,
        Tensor z,
        double dz,
        Tensor u,
        double du,
        Tensor w,
        double dw) {
      super(value, Op.FUSED, tapeOf(x, y, z, u, w));
      this.p0 = x;
      this.d0 = dx;
      this.p1 = y;
      this.d1 = dy;
      this.p2 = z;
      this.d2 = dz;
      this.p3 = u;
      this.d3 = du;
      this.p4 = w;
      this.d4 = dw;
      boolean leaf0 = linkParent(x);
      boolean leaf1 = linkParent(y);
      boolean leaf2 = linkParent(z);
      boolean leaf3 = linkParent(u);
      boolean leaf4 = linkParent(w);
      joinTape(leaf0 && leaf1 && leaf2 && leaf3 && leaf4);
    }

    @Override
    public List<Tensor> parents() {
      return List.of(p0, p1, p2, p3, p4);
    }

    @Override
    public double[] localPartials() {
      return new double[] {d0, d1, d2, d3, d4};
    }

    @Override
    void propagate() {
      double g = grad();
      receive(p0, d0 * g);
      receive(p1, d1 * g);
      receive(p2, d2 * g);
      receive(p3, d3 * g);
      receive(p4, d4 * g);
    }

    @Override
    public void backwardStep() {
      double g = grad();
      p0.grad += d0 * g;
      p1.grad += d1 * g;
      p2.grad += d2 * g;
      p3.grad += d3 * g;
      p4.grad += d4 * g;
    }

    @Override
    void forwardStep() {
      boolean any = false;
      double t = 0.0;
      if (carries(p0)) {
        t = d0 * p0.grad();
        any = true;
      }
      if (carries(p1)) {
        t = any ? t + d1 * p1.grad() : d1 * p1.grad();
        any = true;
      }
      if (carries(p2)) {
        t = any ? t + d2 * p2.grad() : d2 * p2.grad();
        any = true;
      }
      if (carries(p3)) {
        t = any ? t + d3 * p3.grad() : d3 * p3.grad();
        any = true;
      }
      if (carries(p4)) {
        t = any ? t + d4 * p4.grad() : d4 * p4.grad();
        any = true;
      }
      setTangent(any, t);
    }

    @Override
    void forwardBlockStep(ForwardBlock block, int slot) {
      block.begin(slot);
      block.add(p0, d0);
      block.add(p1, d1);
      block.add(p2, d2);
      block.add(p3, d3);
      block.add(p4, d4);
      block.end(this, slot);
    }

    @Override
    boolean parentsAreLeaves() {
      return p0.isLeaf() && p1.isLeaf() && p2.isLeaf() && p3.isLeaf() && p4.isLeaf();
    }

    @Override
    int pushParents(Sorter sorter, int depth, boolean withLeaves) {
      Tensor[] stack = sorter.stack;
      if (wanted(p4, withLeaves)) {
        stack[depth++] = p4;
      }
      if (wanted(p3, withLeaves)) {
        stack[depth++] = p3;
      }
      if (wanted(p2, withLeaves)) {
        stack[depth++] = p2;
      }
      if (wanted(p1, withLeaves)) {
        stack[depth++] = p1;
      }
      if (wanted(p0, withLeaves)) {
        stack[depth++] = p0;
      }
      return depth;
    }
  }

  /** A node with any number of parents, kept in arrays. */
  private static final class FusedN extends Tensor {
    /** The parents, in argument order. */
    private final Tensor[] inputs;
    /** d(this)/d(parent) for each of {@link #inputs}. */
    private final double[] partials;

    /**
     * A node of this kind.
     *
     * @param value the node's value
     * @param inputs the parents
     * @param partials d(node)/d(parent) for each parent, in the same order
     */
    FusedN(double value, Tensor[] inputs, double[] partials) {
      super(value, Op.FUSED, tapeOf(inputs));
      this.inputs = inputs;
      this.partials = partials;
      boolean overLeaves = true;
      for (Tensor input : inputs) {
        if (!linkParent(input)) {
          overLeaves = false;
        }
      }
      joinTape(overLeaves);
    }

    @Override
    public List<Tensor> parents() {
      return List.of(inputs);
    }

    @Override
    public double[] localPartials() {
      return partials.clone();
    }

    @Override
    void propagate() {
      double g = grad();
      for (int i = 0; i < inputs.length; i++) {
        receive(inputs[i], partials[i] * g);
      }
    }

    @Override
    public void backwardStep() {
      double g = grad();
      for (int i = 0; i < inputs.length; i++) {
        inputs[i].grad += partials[i] * g;
      }
    }

    @Override
    void forwardStep() {
      boolean any = false;
      double t = 0.0;
      for (int i = 0; i < inputs.length; i++) {
        if (carries(inputs[i])) {
          t = any ? t + partials[i] * inputs[i].grad() : partials[i] * inputs[i].grad();
          any = true;
        }
      }
      setTangent(any, t);
    }

    @Override
    void forwardBlockStep(ForwardBlock block, int slot) {
      block.begin(slot);
      for (int i = 0; i < inputs.length; i++) {
        block.add(inputs[i], partials[i]);
      }
      block.end(this, slot);
    }

    @Override
    boolean parentsAreLeaves() {
      for (Tensor input : inputs) {
        if (!input.isLeaf()) {
          return false;
        }
      }
      return true;
    }

    @Override
    int pushParents(Sorter sorter, int depth, boolean withLeaves) {
      if (depth + inputs.length > sorter.stack.length) {
        sorter.stack =
            Arrays.copyOf(sorter.stack, Math.max(sorter.stack.length * 2, depth + inputs.length));
      }
      Tensor[] stack = sorter.stack;
      for (int i = inputs.length - 1; i >= 0; i--) {
        if (wanted(inputs[i], withLeaves)) {
          stack[depth++] = inputs[i];
        }
      }
      return depth;
    }
  }

  /**
   * A node over some nodes and elements of one {@link ArrayLeaf} read by index: see {@link
   * #fused(double, Tensor[], int, ArrayLeaf, int[], double[], int)}.
   */
  private static final class ArrayFused extends Tensor {
    /** The node inputs, in the order of their entries. */
    private final Tensor[] nodes;
    /** How many of {@link #nodes} are inputs. */
    private final int nodeCount;
    /** The array whose elements the entries name. */
    private final ArrayLeaf array;
    /** Per entry, an element's index, or negative for the next node. */
    private final int[] slots;
    /** Per entry, d(this)/d(input). */
    private final double[] partials;
    /** How many entries. */
    private final int count;

    /**
     * A node of this kind.
     *
     * @param value the node's value
     * @param nodes the node inputs
     * @param nodeCount how many nodes
     * @param array the array leaf
     * @param slots the entries' indices
     * @param partials the entries' partials
     * @param count how many entries
     */
    ArrayFused(
        double value,
        Tensor[] nodes,
        int nodeCount,
        ArrayLeaf array,
        int[] slots,
        double[] partials,
        int count) {
      super(value, Op.FUSED, tapeOf(nodes, nodeCount, array.tape));
      this.nodes = nodes;
      this.nodeCount = nodeCount;
      this.array = array;
      this.slots = slots;
      this.partials = partials;
      this.count = count;
      // The elements are leaves; only the node inputs can be nodes that must precede this one.
      boolean overLeaves = true;
      for (int i = 0; i < nodeCount; i++) {
        if (!linkParent(nodes[i])) {
          overLeaves = false;
        }
      }
      joinTape(overLeaves);
    }

    /**
     * The input of entry {@code k} as a node, {@code next} the index of the next node input.
     *
     * @param k the entry
     * @param next how many node entries came before it
     * @return the node, or the element's leaf (made if needed)
     */
    private Tensor input(int k, int next) {
      int slot = slots[k];
      return slot < 0 ? nodes[next] : array.element(slot);
    }

    @Override
    public List<Tensor> parents() {
      Tensor[] out = new Tensor[count];
      int next = 0;
      for (int k = 0; k < count; k++) {
        out[k] = input(k, next);
        if (slots[k] < 0) {
          next++;
        }
      }
      return List.of(out);
    }

    @Override
    public double[] localPartials() {
      return Arrays.copyOf(partials, count);
    }

    @Override
    void propagate() {
      double g = grad();
      Tensor[] nodes = this.nodes;
      int[] slots = this.slots;
      double[] partials = this.partials;
      ArrayLeaf array = this.array;
      int next = 0;
      if (array.elements == null) {
        // No element has a leaf of its own: every element's accumulator is its slot.
        double[] grads = array.grads;
        for (int k = 0; k < count; k++) {
          int slot = slots[k];
          if (slot >= 0) {
            grads[slot] += partials[k] * g;
          } else {
            receive(nodes[next++], partials[k] * g);
          }
        }
        checkNodesNamed(next);
        return;
      }
      for (int k = 0; k < count; k++) {
        int slot = slots[k];
        if (slot >= 0) {
          array.receive(slot, partials[k] * g);
        } else {
          receive(nodes[next++], partials[k] * g);
        }
      }
      checkNodesNamed(next);
    }

    /**
     * Fails if the entries named another number of nodes than {@link #nodeCount}, which only a
     * node from {@link GeneratedSupport#fused} that skipped the public factory's checks can.
     *
     * @param named how many node entries a sweep met
     */
    private void checkNodesNamed(int named) {
      if (named != nodeCount) {
        throw new IllegalStateException(
            "the entries name " + named + " nodes but nodeCount is " + nodeCount);
      }
    }

    @Override
    public void backwardStep() {
      double g = grad();
      int next = 0;
      for (int k = 0; k < count; k++) {
        int slot = slots[k];
        if (slot >= 0) {
          Tensor leaf = array.elementOrNull(slot);
          if (leaf == null) {
            array.grads[slot] += partials[k] * g;
          } else {
            leaf.grad += partials[k] * g;
          }
        } else {
          nodes[next++].grad += partials[k] * g;
        }
      }
    }

    @Override
    void forwardStep() {
      boolean any = false;
      double t = 0.0;
      int next = 0;
      for (int k = 0; k < count; k++) {
        int slot = slots[k];
        // An element without a leaf cannot have been seeded, so it carries no tangent.
        Tensor input = slot >= 0 ? array.elementOrNull(slot) : nodes[next++];
        if (input != null && carries(input)) {
          t = any ? t + partials[k] * input.grad() : partials[k] * input.grad();
          any = true;
        }
      }
      setTangent(any, t);
    }

    @Override
    void forwardBlockStep(ForwardBlock block, int slot) {
      block.begin(slot);
      int next = 0;
      for (int k = 0; k < count; k++) {
        int index = slots[k];
        Tensor input = index >= 0 ? array.elementOrNull(index) : nodes[next++];
        if (input != null) {
          block.add(input, partials[k]);
        }
      }
      block.end(this, slot);
    }

    @Override
    boolean parentsAreLeaves() {
      for (int i = 0; i < nodeCount; i++) {
        if (!nodes[i].isLeaf()) {
          return false;
        }
      }
      return true;
    }

    @Override
    int pushParents(Sorter sorter, int depth, boolean withLeaves) {
      int wantedMost = withLeaves ? count : nodeCount;
      if (depth + wantedMost > sorter.stack.length) {
        sorter.stack =
            Arrays.copyOf(sorter.stack, Math.max(sorter.stack.length * 2, depth + wantedMost));
      }
      Tensor[] stack = sorter.stack;
      int next = nodeCount;
      for (int k = count - 1; k >= 0; k--) {
        int index = slots[k];
        if (index < 0) {
          Tensor node = nodes[--next];
          if (wanted(node, withLeaves)) {
            stack[depth++] = node;
          }
        } else if (withLeaves) {
          // A traversal that lists leaves lists the elements too, as leaves of their own.
          Tensor leaf = array.element(index);
          if (wanted(leaf, true)) {
            stack[depth++] = leaf;
          }
        }
      }
      return depth;
    }
  }

  /**
   * A dot-product reduction over elements of one {@link ArrayLeaf} and nodes, whose partials are
   * the other factor's values: see {@link #fusedDot(double, Tensor[], int, ArrayLeaf, int,
   * boolean)}. Per term it holds one reference and the element's value, where a {@link FusedN} over
   * the same inputs holds two references and two partials (and the element's leaf).
   */
  private static final class ArrayDot extends Tensor {
    /** The start node. */
    private final Tensor start;
    /** The terms' nodes: term {@code t}'s is {@code nodes[base + t]}. */
    private final Tensor[] nodes;
    /** Where the terms' nodes begin in {@link #nodes}: 1 after the start node, or 0. */
    private final int base;
    /** How many terms. */
    private final int count;
    /** The array whose elements the terms read. */
    private final ArrayLeaf array;
    /** The index of the first term's element. */
    private final int first;
    /** Whether a term's element comes before its node in the order of the inputs. */
    private final boolean elementFirst;
    /** Whether the node is f(sum) rather than the sum (see fusedDotThen). */
    private final boolean folded;
    /** f'(sum) when folded; unused otherwise. */
    private final double outer;
    /**
     * The terms' element values when the node was made: the array leaf keeps the caller's array,
     * which the method may write through another parameter naming the same array after the loop,
     * and the nodes' partials are those of their forward step. Null when the creator proved that
     * nothing writes the array before the backward pass: then the node reads the array itself.
     */
    private final double[] elements;

    /**
     * A node of this kind over {@code nodes[0]}, then one node per term, as the public factories
     * take them.
     *
     * @param value the node's value
     * @param nodes the start node and the terms' nodes
     * @param count how many terms
     * @param array the array leaf
     * @param first the first term's element
     * @param elementFirst the order within a term
     * @param folded whether the node is f(sum)
     * @param outer f'(sum) when folded
     * @param copy whether to keep a copy of the terms' element values (see {@link #elements})
     */
    ArrayDot(
        double value,
        Tensor[] nodes,
        int count,
        ArrayLeaf array,
        int first,
        boolean elementFirst,
        boolean folded,
        double outer,
        boolean copy) {
      this(
          value,
          tapeOf(nodes, count + 1, array.tape),
          nodes[0],
          nodes,
          1,
          count,
          array,
          first,
          elementFirst,
          folded,
          outer,
          copy,
          true);
    }

    /**
     * A node of this kind over {@code start} and the terms' nodes {@code nodes[base + t]}.
     *
     * @param value the node's value
     * @param tape the tape the node joins, as {@code tapeOf} gives it for its parents
     * @param start the start node
     * @param nodes the terms' nodes from {@code base} on
     * @param base the index of the first term's node
     * @param count how many terms
     * @param array the array leaf
     * @param first the first term's element
     * @param elementFirst the order within a term
     * @param folded whether the node is f(sum)
     * @param outer f'(sum) when folded
     * @param copy whether to keep a copy of the terms' element values (see {@link #elements})
     * @param linkTerms whether to link the terms' nodes into the tape: false only where an earlier
     *     node over the same nodes, all of them operations, did
     */
    ArrayDot(
        double value,
        Tape tape,
        Tensor start,
        Tensor[] nodes,
        int base,
        int count,
        ArrayLeaf array,
        int first,
        boolean elementFirst,
        boolean folded,
        double outer,
        boolean copy,
        boolean linkTerms) {
      super(value, Op.FUSED, tape);
      this.start = start;
      this.nodes = nodes;
      this.base = base;
      this.count = count;
      this.array = array;
      this.first = first;
      this.elementFirst = elementFirst;
      this.folded = folded;
      this.outer = outer;
      if (copy) {
        double[] elements = new double[count];
        for (int t = 0; t < count; t++) {
          elements[t] = array.value(first + t);
        }
        this.elements = elements;
      } else {
        this.elements = null;
      }
      // The elements are leaves; only the nodes can be operations that must precede this one.
      boolean overLeaves = linkParent(start);
      if (linkTerms) {
        for (int t = 0; t < count; t++) {
          if (!linkParent(nodes[base + t])) {
            overLeaves = false;
          }
        }
      } else {
        // The terms are operations, linked already.
        overLeaves = false;
      }
      joinTape(overLeaves);
    }

    // The partials as the reduction writer computes them: an adjoint starting at 0.0 to which the
    // other factor is added, so that the products below are bit for bit a FusedN node's.

    /** The partial of term {@code t}'s element: its node's value. */
    private double elementPartial(int t) {
      return 0.0 + nodes[base + t].data();
    }

    /** The partial of term {@code t}'s node: its element's value. */
    private double nodePartial(int t) {
      return 0.0 + (elements != null ? elements[t] : array.value(first + t));
    }

    @Override
    public List<Tensor> parents() {
      Tensor[] out = new Tensor[1 + 2 * count];
      out[0] = start;
      for (int t = 0; t < count; t++) {
        Tensor element = array.element(first + t);
        out[1 + 2 * t] = elementFirst ? element : nodes[base + t];
        out[2 + 2 * t] = elementFirst ? nodes[base + t] : element;
      }
      return List.of(out);
    }

    /**
     * d(root)/d(sum) from this node's gradient: the gradient itself, or for f(sum) what the node of
     * f passed to the sum's node ({@code 0.0 + f' * g}, the sum's first and only contribution).
     */
    private double sumGradient(double g) {
      return folded ? 0.0 + outer * g : g;
    }

    @Override
    public double[] localPartials() {
      double[] out = new double[1 + 2 * count];
      double scale = folded ? outer : 1.0;
      out[0] = scale * 1.0;
      for (int t = 0; t < count; t++) {
        out[1 + 2 * t] = scale * (elementFirst ? elementPartial(t) : nodePartial(t));
        out[2 + 2 * t] = scale * (elementFirst ? nodePartial(t) : elementPartial(t));
      }
      return out;
    }

    @Override
    void propagate() {
      double g = sumGradient(grad());
      Tensor[] nodes = this.nodes;
      int base = this.base;
      ArrayLeaf array = this.array;
      receive(start, 1.0 * g);
      // The elements' values: the copy, term t at t, or the array itself, term t at first + t.
      double[] values = elements != null ? elements : array.values;
      int offset = elements != null ? 0 : first;
      if (array.elements == null) {
        // No element has a leaf of its own: every element's accumulator is its slot.
        double[] grads = array.grads;
        for (int t = 0; t < count; t++) {
          Tensor node = nodes[base + t];
          int slot = first + t;
          if (elementFirst) {
            grads[slot] += (0.0 + node.data()) * g;
            receive(node, (0.0 + values[offset + t]) * g);
          } else {
            receive(node, (0.0 + values[offset + t]) * g);
            grads[slot] += (0.0 + node.data()) * g;
          }
        }
        return;
      }
      for (int t = 0; t < count; t++) {
        Tensor node = nodes[base + t];
        int slot = first + t;
        if (elementFirst) {
          array.receive(slot, (0.0 + node.data()) * g);
          receive(node, (0.0 + values[offset + t]) * g);
        } else {
          receive(node, (0.0 + values[offset + t]) * g);
          array.receive(slot, (0.0 + node.data()) * g);
        }
      }
    }

    @Override
    public void backwardStep() {
      double g = sumGradient(grad());
      start.grad += 1.0 * g;
      for (int t = 0; t < count; t++) {
        if (elementFirst) {
          addToElement(t, elementPartial(t) * g);
          nodes[base + t].grad += nodePartial(t) * g;
        } else {
          nodes[base + t].grad += nodePartial(t) * g;
          addToElement(t, elementPartial(t) * g);
        }
      }
    }

    /** The tutorial's step for term {@code t}'s element: its leaf's gradient, else its slot. */
    private void addToElement(int t, double contribution) {
      Tensor leaf = array.elementOrNull(first + t);
      if (leaf == null) {
        array.grads[first + t] += contribution;
      } else {
        leaf.grad += contribution;
      }
    }

    @Override
    void forwardStep() {
      // The entries in order, as ArrayFused sums them; an element without a leaf carries nothing.
      boolean any = carries(start);
      double tangent = any ? 1.0 * start.grad() : 0.0;
      for (int k = 0; k < count; k++) {
        Tensor element = array.elementOrNull(first + k);
        Tensor node = nodes[base + k];
        boolean elementCarries = element != null && carries(element);
        for (int e = 0; e < 2; e++) {
          boolean isElement = (e == 0) == elementFirst;
          if (isElement ? elementCarries : carries(node)) {
            double term =
                isElement ? elementPartial(k) * element.grad() : nodePartial(k) * node.grad();
            tangent = any ? tangent + term : term;
            any = true;
          }
        }
      }
      setTangent(any, any && folded ? outer * tangent : tangent);
    }

    @Override
    void forwardBlockStep(ForwardBlock block, int slot) {
      block.begin(slot);
      block.add(start, 1.0);
      for (int k = 0; k < count; k++) {
        Tensor element = array.elementOrNull(first + k);
        if (elementFirst) {
          if (element != null) {
            block.add(element, elementPartial(k));
          }
          block.add(nodes[base + k], nodePartial(k));
        } else {
          block.add(nodes[base + k], nodePartial(k));
          if (element != null) {
            block.add(element, elementPartial(k));
          }
        }
      }
      if (folded) {
        block.scale(outer);
      }
      block.end(this, slot);
    }

    @Override
    boolean parentsAreLeaves() {
      if (!start.isLeaf()) {
        return false;
      }
      for (int t = 0; t < count; t++) {
        if (!nodes[base + t].isLeaf()) {
          return false;
        }
      }
      return true;
    }

    @Override
    int pushParents(Sorter sorter, int depth, boolean withLeaves) {
      int wantedMost = withLeaves ? 1 + 2 * count : 1 + count;
      if (depth + wantedMost > sorter.stack.length) {
        sorter.stack =
            Arrays.copyOf(sorter.stack, Math.max(sorter.stack.length * 2, depth + wantedMost));
      }
      Tensor[] stack = sorter.stack;
      // The inputs in reverse order, as ArrayFused pushes its entries.
      for (int k = count - 1; k >= 0; k--) {
        Tensor node = nodes[base + k];
        Tensor leaf = withLeaves ? array.element(first + k) : null;
        Tensor later = elementFirst ? node : leaf;
        Tensor earlier = elementFirst ? leaf : node;
        if (later != null && wanted(later, withLeaves)) {
          stack[depth++] = later;
        }
        if (earlier != null && wanted(earlier, withLeaves)) {
          stack[depth++] = earlier;
        }
      }
      if (wanted(start, withLeaves)) {
        stack[depth++] = start;
      }
      return depth;
    }
  }
}
