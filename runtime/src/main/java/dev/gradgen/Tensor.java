package dev.gradgen;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A scalar node of a dynamic computation graph: its value, its gradient, the nodes it was computed
 * from and the local partial derivatives with respect to them.
 *
 * <p>This is the {@code Tensor} of the micrograd tutorial gradgen grew from, with two changes that
 * make it cheap enough for training loops: each node stores its local partials, computed in the
 * forward step, instead of a backward closure, and {@link #backward()} sorts the graph iteratively
 * with per-node marks, so graphs millions of nodes deep work on the default thread stack.
 *
 * <h2>Values</h2>
 * Every operation's value is exactly the {@link Math} result (or the plain-{@code double} function in
 * {@link Activations}), so a graph reproduces the plain computation bit for bit. NaN and infinities
 * flow through values and gradients as Java arithmetic makes them; no operation throws.
 *
 * <h2>Gradients</h2>
 * {@link #backward()} sets this node's gradient to 1, clears the gradients of the intermediate nodes
 * it reaches and <em>adds</em> d(this)/d(leaf) to the gradient of every leaf it reaches. Leaf gradients
 * therefore accumulate over several {@code backward()} calls, as in the tutorial (a leaf used by two
 * outputs gets the sum); call {@link #zeroGrad()} to start again.
 *
 * <h2>Non-smooth points</h2>
 * relu'(0) = 0; abs'(0) = 0; min and max send the whole gradient to their first argument on a tie;
 * sqrt'(0) and cbrt'(0) are +Infinity; hypot's partials at (0, 0) are 0; pow(x, c) with constant
 * c = 0 has derivative 0 everywhere; d pow(x, y)/dy at x = 0 is 0. A NaN argument gives NaN partials
 * wherever a partial depends on it (values follow Math, so pow(NaN, 0) is 1); the constant partials
 * of +, -, neg, and of * and / by a constant, stay as they are.
 *
 * <h2>Threads</h2>
 * A graph is not thread-safe: build and differentiate it in one thread. Separate graphs on separate
 * threads are independent; no operation keeps shared mutable state.
 */
public class Tensor {

  private static final AtomicLong TRAVERSALS = new AtomicLong();
  private static final double LN10 = Math.log(10.0);

  private double data;
  private double grad;
  private final Op op;
  // Parents and the local partials d(this)/d(parent), filled in the forward step; null/0 if absent.
  private final Tensor p0;
  private final Tensor p1;
  private final double d0;
  private final double d1;
  // The traversal that last visited this node; a field instead of a visited set (about 3x faster).
  private long mark;

  /** A leaf: an input or a constant of the graph. */
  public Tensor(double data) {
    this(data, Op.LEAF, null, 0.0, null, 0.0);
  }

  Tensor(double data, Op op, Tensor p0, double d0, Tensor p1, double d1) {
    this.data = data;
    this.op = op;
    this.p0 = p0;
    this.d0 = d0;
    this.p1 = p1;
    this.d1 = d1;
  }

  private static Tensor unary(double value, Op op, Tensor x, double dx) {
    return new Tensor(value, op, x, dx, null, 0.0);
  }

  private static Tensor binary(double value, Op op, Tensor x, double dx, Tensor y, double dy) {
    return new Tensor(value, op, x, dx, y, dy);
  }

  // ---------------------------------------------------------------- arrays of leaves

  /** One leaf per value. */
  public static Tensor[] of(double[] values) {
    Tensor[] out = new Tensor[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = new Tensor(values[i]);
    }
    return out;
  }

  /** One leaf per value. */
  public static Tensor[][] of(double[][] values) {
    Tensor[][] out = new Tensor[values.length][];
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i] == null ? null : of(values[i]);
    }
    return out;
  }

  /** An array of {@code n} elements that all hold one fresh constant leaf of the given value. */
  public static Tensor[] filled(int n, double value) {
    Tensor[] out = new Tensor[n];
    Arrays.fill(out, new Tensor(value));
    return out;
  }

  /** An {@code n} by {@code m} array whose elements all hold one fresh constant leaf. */
  public static Tensor[][] filled(int n, int m, double value) {
    Tensor leaf = new Tensor(value);
    Tensor[][] out = new Tensor[n][m];
    for (Tensor[] row : out) {
      Arrays.fill(row, leaf);
    }
    return out;
  }

  /** The values of the given nodes. */
  public static double[] data(Tensor[] nodes) {
    double[] out = new double[nodes.length];
    for (int i = 0; i < nodes.length; i++) {
      out[i] = nodes[i].data;
    }
    return out;
  }

  /** The gradients of the given nodes. */
  public static double[] grads(Tensor[] nodes) {
    double[] out = new double[nodes.length];
    for (int i = 0; i < nodes.length; i++) {
      out[i] = nodes[i].grad;
    }
    return out;
  }

  /** The gradients of the given nodes. */
  public static double[][] grads(Tensor[][] nodes) {
    double[][] out = new double[nodes.length][];
    for (int i = 0; i < nodes.length; i++) {
      out[i] = nodes[i] == null ? null : grads(nodes[i]);
    }
    return out;
  }

  // ---------------------------------------------------------------- inspection

  /** The value of this node. */
  public double data() {
    return data;
  }

  /**
   * Replaces the value of a leaf, as a training loop does with its parameters. Nodes computed from
   * it keep the values and partials of their forward step: rebuild the graph after an update.
   */
  public void setData(double data) {
    this.data = data;
  }

  /** The gradient accumulated in this node by {@link #backward()}. */
  public double grad() {
    return grad;
  }

  /** Sets this node's gradient, as the tutorial does before calling backward steps by hand. */
  public void setGrad(double grad) {
    this.grad = grad;
  }

  /** The operation that produced this node; {@link Op#LEAF} for inputs and constants. */
  public Op op() {
    return op;
  }

  /** The nodes this one was computed from, in argument order; empty for a leaf. */
  public List<Tensor> parents() {
    if (p0 == null) {
      return Collections.emptyList();
    }
    return p1 == null ? List.of(p0) : List.of(p0, p1);
  }

  /** d(this)/d(parent) for each of {@link #parents()}, as computed in the forward step. */
  public double[] localPartials() {
    if (p0 == null) {
      return new double[0];
    }
    return p1 == null ? new double[] {d0} : new double[] {d0, d1};
  }

  /** The tutorial's format: {@code Tensor(data=27.0)}. */
  @Override
  public String toString() {
    return "Tensor(data=" + data + ")";
  }

  // ---------------------------------------------------------------- backpropagation

  /**
   * Back-propagates from this node: sets its gradient to 1, clears the gradients of the intermediate
   * nodes below it and adds d(this)/d(leaf) to every leaf's gradient, visiting the nodes in reverse
   * topological order.
   */
  public void backward() {
    Tensor[] order = topologicalOrder(this, true);
    grad = 1.0;
    for (int i = order.length - 1; i >= 0; i--) {
      order[i].backwardStep();
    }
  }

  /**
   * The tutorial's {@code _backward()}: adds this node's gradient times each local partial to the
   * gradient of the corresponding parent. {@link #backward()} calls it on every node in order.
   */
  public void backwardStep() {
    double g = grad;
    if (p0 != null) {
      p0.grad += d0 * g;
      if (p1 != null) {
        p1.grad += d1 * g;
      }
    }
  }

  /** Sets the gradient of this node and of every node it was computed from to zero. */
  public void zeroGrad() {
    for (Tensor t : topologicalOrder(this, false)) {
      t.grad = 0.0;
    }
  }

  /** This node and every node it was computed from, each once, every node after its parents. */
  public List<Tensor> topologicalOrder() {
    List<Tensor> out = new ArrayList<>();
    Collections.addAll(out, topologicalOrder(this, false));
    return out;
  }

  /** The parent at {@code index} in argument order; subclasses with more parents override. */
  Tensor parent(int index) {
    return index == 0 ? p0 : p1;
  }

  /** How many parents this node has. */
  int arity() {
    return p0 == null ? 0 : p1 == null ? 1 : 2;
  }

  /**
   * Iterative depth-first post-order from {@code root}: parents before children. A node is marked
   * when it is expanded, not when it is pushed, which keeps the order topological; the explicit stack
   * keeps million-node-deep graphs off the thread stack.
   */
  private static Tensor[] topologicalOrder(Tensor root, boolean clearIntermediateGrads) {
    long traversal = TRAVERSALS.incrementAndGet();
    Tensor[] stack = new Tensor[64];
    boolean[] expanded = new boolean[64];
    Tensor[] order = new Tensor[64];
    int depth = 0;
    int size = 0;
    stack[depth++] = root;
    while (depth > 0) {
      Tensor node = stack[--depth];
      if (expanded[depth]) {
        if (size == order.length) {
          order = Arrays.copyOf(order, size * 2);
        }
        order[size++] = node;
        continue;
      }
      if (node.mark == traversal) {
        continue;
      }
      node.mark = traversal;
      int arity = node.arity();
      if (clearIntermediateGrads && arity > 0) {
        node.grad = 0.0;
      }
      if (depth + arity + 1 > stack.length) {
        int capacity = Math.max(stack.length * 2, depth + arity + 1);
        stack = Arrays.copyOf(stack, capacity);
        expanded = Arrays.copyOf(expanded, capacity);
      }
      stack[depth] = node;
      expanded[depth++] = true;
      // Pushed last-first so parents are emitted in argument order.
      for (int i = arity - 1; i >= 0; i--) {
        Tensor parent = node.parent(i);
        if (parent.mark != traversal) {
          stack[depth] = parent;
          expanded[depth++] = false;
        }
      }
    }
    return Arrays.copyOf(order, size);
  }

  // ---------------------------------------------------------------- arithmetic

  /** this + y. */
  public Tensor add(Tensor y) {
    return binary(data + y.data, Op.ADD, this, 1.0, y, 1.0);
  }

  /** this + c. */
  public Tensor add(double c) {
    return unary(data + c, Op.ADD, this, 1.0);
  }

  /** c + x. */
  public static Tensor add(double c, Tensor x) {
    return unary(c + x.data, Op.ADD, x, 1.0);
  }

  /** this - y. */
  public Tensor sub(Tensor y) {
    return binary(data - y.data, Op.SUB, this, 1.0, y, -1.0);
  }

  /** this - c. */
  public Tensor sub(double c) {
    return unary(data - c, Op.SUB, this, 1.0);
  }

  /** c - x. */
  public static Tensor sub(double c, Tensor x) {
    return unary(c - x.data, Op.SUB, x, -1.0);
  }

  /** this * y. */
  public Tensor mul(Tensor y) {
    return binary(data * y.data, Op.MUL, this, y.data, y, data);
  }

  /** this * c. */
  public Tensor mul(double c) {
    return unary(data * c, Op.MUL, this, c);
  }

  /** c * x. */
  public static Tensor mul(double c, Tensor x) {
    return unary(c * x.data, Op.MUL, x, c);
  }

  /** this / y. */
  public Tensor div(Tensor y) {
    double out = data / y.data;
    return binary(out, Op.DIV, this, 1.0 / y.data, y, -out / y.data);
  }

  /** this / c. */
  public Tensor div(double c) {
    return unary(data / c, Op.DIV, this, 1.0 / c);
  }

  /** c / x. */
  public static Tensor div(double c, Tensor x) {
    double out = c / x.data;
    return unary(out, Op.DIV, x, -out / x.data);
  }

  /**
   * Java's floating-point remainder {@code this % y} = this - y * q with q = trunc(this / y); its
   * partials are 1 and -q between the jumps.
   */
  public Tensor rem(Tensor y) {
    double out = data % y.data;
    return binary(out, Op.REM, this, 1.0, y, -remQuotient(data, y.data, out));
  }

  /** this % c. */
  public Tensor rem(double c) {
    return unary(data % c, Op.REM, this, 1.0);
  }

  /** c % x. */
  public static Tensor rem(double c, Tensor x) {
    double out = c % x.data;
    return unary(out, Op.REM, x, -remQuotient(c, x.data, out));
  }

  private static double remQuotient(double x, double y, double remainder) {
    return Double.isNaN(remainder) ? Double.NaN : Math.rint((x - remainder) / y);
  }

  /** -this. */
  public Tensor neg() {
    return unary(-data, Op.NEG, this, -1.0);
  }

  /** Math.pow(this, c) for a constant exponent; derivative c * this^(c-1), and 0 when c = 0. */
  public Tensor pow(double c) {
    double out = Math.pow(data, c);
    double dx;
    if (c == 0.0) {
      dx = 0.0;
    } else if (c == 1.0) {
      dx = 1.0;
    } else if (c == 2.0) {
      dx = 2.0 * data;
    } else {
      dx = c * Math.pow(data, c - 1.0);
    }
    return unary(out, Op.POW, this, dx);
  }

  /** Math.pow(this, y); d/dy is out * log(this), taken as 0 where out is 0 or this is 0. */
  public Tensor pow(Tensor y) {
    double out = Math.pow(data, y.data);
    double dx = y.data == 0.0 ? 0.0 : y.data * Math.pow(data, y.data - 1.0);
    // At this = 0, log is -Infinity while out is 1 (y = 0) or Infinity (y < 0): test the base too.
    double dy = out == 0.0 || data == 0.0 ? 0.0 : out * Math.log(data);
    return binary(out, Op.POW, this, dx, y, dy);
  }

  /** Math.pow(c, x) for a constant base. */
  public static Tensor pow(double c, Tensor x) {
    double out = Math.pow(c, x.data);
    return unary(out, Op.POW, x, out == 0.0 || c == 0.0 ? 0.0 : out * Math.log(c));
  }

  // ---------------------------------------------------------------- elementary functions

  /** Math.exp. */
  public Tensor exp() {
    double out = Math.exp(data);
    return unary(out, Op.EXP, this, out);
  }

  /** Math.expm1. */
  public Tensor expm1() {
    double out = Math.expm1(data);
    return unary(out, Op.EXPM1, this, Math.exp(data));
  }

  /** Math.log. */
  public Tensor log() {
    return unary(Math.log(data), Op.LOG, this, 1.0 / data);
  }

  /** Math.log10. */
  public Tensor log10() {
    return unary(Math.log10(data), Op.LOG10, this, 1.0 / (data * LN10));
  }

  /** Math.log1p. */
  public Tensor log1p() {
    return unary(Math.log1p(data), Op.LOG1P, this, 1.0 / (1.0 + data));
  }

  /** Math.sqrt; derivative +Infinity at 0. */
  public Tensor sqrt() {
    double out = Math.sqrt(data);
    // Math.sqrt(-0.0) is -0.0, and 0.5 / -0.0 would be -Infinity.
    return unary(out, Op.SQRT, this, out == 0.0 ? Double.POSITIVE_INFINITY : 0.5 / out);
  }

  /** Math.cbrt; derivative +Infinity at 0. */
  public Tensor cbrt() {
    double out = Math.cbrt(data);
    return unary(out, Op.CBRT, this, 1.0 / (3.0 * out * out));
  }

  /** Math.abs; derivative signum(this), so 0 at 0. */
  public Tensor abs() {
    return unary(Math.abs(data), Op.ABS, this, Math.signum(data));
  }

  /** Math.sin. */
  public Tensor sin() {
    return unary(Math.sin(data), Op.SIN, this, Math.cos(data));
  }

  /** Math.cos. */
  public Tensor cos() {
    return unary(Math.cos(data), Op.COS, this, -Math.sin(data));
  }

  /** Math.tan. */
  public Tensor tan() {
    double out = Math.tan(data);
    return unary(out, Op.TAN, this, 1.0 + out * out);
  }

  /** Math.asin. */
  public Tensor asin() {
    return unary(Math.asin(data), Op.ASIN, this, 1.0 / Math.sqrt(1.0 - data * data));
  }

  /** Math.acos. */
  public Tensor acos() {
    return unary(Math.acos(data), Op.ACOS, this, -1.0 / Math.sqrt(1.0 - data * data));
  }

  /** Math.atan. */
  public Tensor atan() {
    return unary(Math.atan(data), Op.ATAN, this, 1.0 / (1.0 + data * data));
  }

  /** Math.sinh. */
  public Tensor sinh() {
    return unary(Math.sinh(data), Op.SINH, this, Math.cosh(data));
  }

  /** Math.cosh. */
  public Tensor cosh() {
    return unary(Math.cosh(data), Op.COSH, this, Math.sinh(data));
  }

  /** Math.tanh (not the exp formula, which is NaN above about 354). */
  public Tensor tanh() {
    double out = Math.tanh(data);
    return unary(out, Op.TANH, this, 1.0 - out * out);
  }

  /** {@link Activations#sigmoid}. */
  public Tensor sigmoid() {
    double out = Activations.sigmoid(data);
    return unary(out, Op.SIGMOID, this, out * (1.0 - out));
  }

  /** {@link Activations#relu}; derivative 1 above 0, 0 at and below 0. */
  public Tensor relu() {
    return unary(Activations.relu(data), Op.RELU, this, data > 0 ? 1.0 : data <= 0 ? 0.0 : Double.NaN);
  }

  /** {@link Activations#softplus}; derivative sigmoid(this). */
  public Tensor softplus() {
    return unary(Activations.softplus(data), Op.SOFTPLUS, this, Activations.sigmoid(data));
  }

  // ---------------------------------------------------------------- two-argument functions

  /** Math.atan2(this, x), this being y. */
  public Tensor atan2(Tensor x) {
    double r2 = data * data + x.data * x.data;
    return binary(Math.atan2(data, x.data), Op.ATAN2, this, x.data / r2, x, -data / r2);
  }

  /** Math.atan2(this, c). */
  public Tensor atan2(double c) {
    return unary(Math.atan2(data, c), Op.ATAN2, this, c / (data * data + c * c));
  }

  /** Math.atan2(c, x). */
  public static Tensor atan2(double c, Tensor x) {
    return unary(Math.atan2(c, x.data), Op.ATAN2, x, -c / (c * c + x.data * x.data));
  }

  /** Math.hypot(this, y); partials this/out and y/out, 0 at (0, 0). */
  public Tensor hypot(Tensor y) {
    double out = Math.hypot(data, y.data);
    return binary(out, Op.HYPOT, this, hypotPartial(data, out), y, hypotPartial(y.data, out));
  }

  /** Math.hypot(this, c). */
  public Tensor hypot(double c) {
    double out = Math.hypot(data, c);
    return unary(out, Op.HYPOT, this, hypotPartial(data, out));
  }

  /** Math.hypot(c, x). */
  public static Tensor hypot(double c, Tensor x) {
    double out = Math.hypot(c, x.data);
    return unary(out, Op.HYPOT, x, hypotPartial(x.data, out));
  }

  private static double hypotPartial(double v, double out) {
    return out == 0.0 ? 0.0 : v / out;
  }

  /** Math.min(this, y); a tie sends the gradient to this. */
  public Tensor min(Tensor y) {
    double out = Math.min(data, y.data);
    double first = choiceOfFirst(out, data <= y.data);
    return binary(out, Op.MIN, this, first, y, 1.0 - first);
  }

  /** Math.min(this, c). */
  public Tensor min(double c) {
    double out = Math.min(data, c);
    return unary(out, Op.MIN, this, choiceOfFirst(out, data <= c));
  }

  /** Math.min(c, x); a tie sends the gradient to the constant. */
  public static Tensor min(double c, Tensor x) {
    double out = Math.min(c, x.data);
    return unary(out, Op.MIN, x, choiceOfFirst(out, x.data < c));
  }

  /** Math.max(this, y); a tie sends the gradient to this. */
  public Tensor max(Tensor y) {
    double out = Math.max(data, y.data);
    double first = choiceOfFirst(out, data >= y.data);
    return binary(out, Op.MAX, this, first, y, 1.0 - first);
  }

  /** Math.max(this, c). */
  public Tensor max(double c) {
    double out = Math.max(data, c);
    return unary(out, Op.MAX, this, choiceOfFirst(out, data >= c));
  }

  /** Math.max(c, x); a tie sends the gradient to the constant. */
  public static Tensor max(double c, Tensor x) {
    double out = Math.max(c, x.data);
    return unary(out, Op.MAX, x, choiceOfFirst(out, x.data > c));
  }

  private static double choiceOfFirst(double out, boolean first) {
    return Double.isNaN(out) ? Double.NaN : first ? 1.0 : 0.0;
  }

  // ---------------------------------------------------------------- fused nodes

  /**
   * A node whose value and local partials its creator computed, for any number of inputs: a whole
   * straight-line expression becomes one node (statement-level preaccumulation), or a user adds an
   * operation of their own. The arrays are kept, not copied.
   */
  public static Tensor fused(double value, Tensor[] inputs, double[] partials) {
    if (inputs.length != partials.length) {
      throw new IllegalArgumentException(
          inputs.length + " inputs but " + partials.length + " partials");
    }
    return new FusedTensor(value, inputs, partials);
  }

  /** A node with any number of parents, kept in arrays. */
  private static final class FusedTensor extends Tensor {
    private final Tensor[] inputs;
    private final double[] partials;

    FusedTensor(double value, Tensor[] inputs, double[] partials) {
      super(value, Op.FUSED, null, 0.0, null, 0.0);
      this.inputs = inputs;
      this.partials = partials;
    }

    @Override
    Tensor parent(int index) {
      return inputs[index];
    }

    @Override
    int arity() {
      return inputs.length;
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
    public void backwardStep() {
      double g = grad();
      for (int i = 0; i < inputs.length; i++) {
        inputs[i].grad += partials[i] * g;
      }
    }
  }
}
