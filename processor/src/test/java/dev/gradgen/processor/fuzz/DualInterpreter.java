package dev.gradgen.processor.fuzz;

import dev.gradgen.Activations;
import dev.gradgen.processor.fuzz.Ast.AClone;
import dev.gradgen.processor.fuzz.Ast.ACond;
import dev.gradgen.processor.fuzz.Ast.ALit;
import dev.gradgen.processor.fuzz.Ast.ANew;
import dev.gradgen.processor.fuzz.Ast.ARow;
import dev.gradgen.processor.fuzz.Ast.AVar;
import dev.gradgen.processor.fuzz.Ast.ArrAssign;
import dev.gradgen.processor.fuzz.Ast.ArrDecl;
import dev.gradgen.processor.fuzz.Ast.ArrLit;
import dev.gradgen.processor.fuzz.Ast.ArrRef;
import dev.gradgen.processor.fuzz.Ast.Assign;
import dev.gradgen.processor.fuzz.Ast.AssignEx;
import dev.gradgen.processor.fuzz.Ast.Bin;
import dev.gradgen.processor.fuzz.Ast.Break;
import dev.gradgen.processor.fuzz.Ast.Call;
import dev.gradgen.processor.fuzz.Ast.Cmp;
import dev.gradgen.processor.fuzz.Ast.Cond;
import dev.gradgen.processor.fuzz.Ast.Continue;
import dev.gradgen.processor.fuzz.Ast.Decl;
import dev.gradgen.processor.fuzz.Ast.Elem;
import dev.gradgen.processor.fuzz.Ast.Ex;
import dev.gradgen.processor.fuzz.Ast.Fn;
import dev.gradgen.processor.fuzz.Ast.For;
import dev.gradgen.processor.fuzz.Ast.ForEach;
import dev.gradgen.processor.fuzz.Ast.Helper;
import dev.gradgen.processor.fuzz.Ast.Idx;
import dev.gradgen.processor.fuzz.Ast.If;
import dev.gradgen.processor.fuzz.Ast.IntFn;
import dev.gradgen.processor.fuzz.Ast.IntInc;
import dev.gradgen.processor.fuzz.Ast.IntLit;
import dev.gradgen.processor.fuzz.Ast.IsNaN;
import dev.gradgen.processor.fuzz.Ast.Len;
import dev.gradgen.processor.fuzz.Ast.Logic;
import dev.gradgen.processor.fuzz.Ast.Method;
import dev.gradgen.processor.fuzz.Ast.Neg;
import dev.gradgen.processor.fuzz.Ast.Not;
import dev.gradgen.processor.fuzz.Ast.Num;
import dev.gradgen.processor.fuzz.Ast.PostInc;
import dev.gradgen.processor.fuzz.Ast.Ref;
import dev.gradgen.processor.fuzz.Ast.Return;
import dev.gradgen.processor.fuzz.Ast.St;
import dev.gradgen.processor.fuzz.Ast.Store;
import dev.gradgen.processor.fuzz.Ast.ToDouble;
import dev.gradgen.processor.fuzz.Ast.ToInt;
import dev.gradgen.processor.fuzz.Ast.Type;
import dev.gradgen.processor.fuzz.Ast.While;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fuzzer's reference: runs a generated program on {@link Dual} numbers, forward mode, with
 * exactly Java's double semantics for the values (same operations, same order, the same Math and
 * Activations functions), and derivatives from the textbook formulas, written independently of the
 * runtime's Tensor.
 *
 * <p>While it runs it records how close the evaluation came to a point where the function is not
 * smooth: the smallest relative distance of any comparison, abs, relu, min or max argument (on values
 * that depend on an input) from its switching point, and of hypot, atan2 and cbrt arguments from the
 * origin. It also notes any non-finite intermediate value.
 *
 * <p>Arrays are held as Java holds them, by reference: a {@code double[]} is a {@code Dual[]}, a
 * {@code double[][]} an {@code Object[]} of {@code Dual[]} rows, a {@code double[][][]} an
 * {@code Object[]} of those; so storing a row shares it, and {@code clone()} (Java's own, on these
 * arrays) copies one level. Operands, arguments, array references and indices are evaluated once
 * each, left to right (JLS 15.7), and a compound assignment reads its target before its right-hand
 * side (JLS 15.26.2).
 */
final class DualInterpreter {

  private static final double LOG10_E = Math.log10(Math.E);
  private static final long MAX_STEPS = 5_000_000;

  /** The smallest relative distance from a kink or singular point seen so far. */
  double minKink = Double.POSITIVE_INFINITY;
  /** Whether some intermediate value was NaN or infinite. */
  boolean nonFinite;
  /**
   * How far (in the largest change of any one input) the evaluation is, to first order, from
   * moving the argument of an {@code (int)} cast of an active value onto another integer: the
   * argument's distance to the nearest integer over the sum of |d(argument)/d(input j)|. Below a
   * finite-difference step the function is a staircase at that step (an argument near 1.8e8 that
   * moves by thousands per step), and differences of it measure the staircase, not the derivative.
   */
  double castReach = Double.POSITIVE_INFINITY;

  private long steps;

  private enum Flow {
    NORMAL,
    BREAK,
    CONTINUE,
    RETURN,
    EXIT_LOOP
  }

  private static final class Frame {
    final Map<String, Object> vars = new HashMap<>();
    String jumpLabel;
    Dual returned;
    Dual[] returnedArray;
  }

  /**
   * Runs {@code m} on the given arguments, one per parameter: a {@link Dual} for a double, an
   * Integer for an int, arrays as described above.
   */
  Dual run(Method m, Object... args) {
    return frame(m, args).returned;
  }

  /** Runs a {@code double[]}-returning {@code m} (see {@link #run}); its result's elements. */
  Dual[] runVector(Method m, Object... args) {
    return frame(m, args).returnedArray;
  }

  private Frame frame(Method m, Object... args) {
    Frame frame = new Frame();
    for (int i = 0; i < m.params.size(); i++) {
      frame.vars.put(m.params.get(i).name(), args[i]);
    }
    Flow flow = exec(m.body, frame);
    if (flow != Flow.RETURN) {
      throw new IllegalStateException(m.name + " ended without a return");
    }
    return frame;
  }

  // ---------------------------------------------------------------- statements

  private Flow exec(List<St> body, Frame f) {
    for (St st : body) {
      Flow flow = exec(st, f);
      if (flow != Flow.NORMAL) {
        return flow;
      }
    }
    return Flow.NORMAL;
  }

  private Flow exec(St st, Frame f) {
    if (++steps > MAX_STEPS) {
      throw new IllegalStateException("runaway program");
    }
    if (st instanceof Decl d) {
      f.vars.put(
          d.name(),
          switch (d.type()) {
            case DOUBLE -> evalD(d.init(), f);
            case INT -> evalInt(d.init(), f);
            case BOOLEAN -> evalBool(d.init(), f);
            case ARRAY, ARRAY2, ARRAY3 -> evalArray(d.init(), f);
          });
    } else if (st instanceof ArrDecl d) {
      Dual[] array = switch (d.kind()) {
        case NEW -> {
          Dual[] zeros = new Dual[d.length()];
          java.util.Arrays.fill(zeros, Dual.constant(0.0));
          yield zeros;
        }
        case LITERAL -> (Dual[]) evalArray(d.literal(), f);
        case CLONE -> ((Dual[]) f.vars.get(d.source())).clone();
      };
      f.vars.put(d.name(), array);
    } else if (st instanceof Assign a) {
      Object old = f.vars.get(a.name());
      if (old instanceof Integer i) {
        int value = evalInt(a.value(), f);
        f.vars.put(
            a.name(),
            switch (a.op()) {
              case "=" -> value;
              case "+=" -> i + value;
              case "-=" -> i - value;
              case "*=" -> i * value;
              default -> throw new IllegalStateException(a.op());
            });
      } else {
        Dual value = evalD(a.value(), f);
        f.vars.put(
            a.name(), a.op().equals("=") ? value : arith(a.op().charAt(0), (Dual) old, value));
      }
    } else if (st instanceof ArrAssign a) {
      Dual[] array = (Dual[]) f.vars.get(a.array());
      int index = evalInt(a.index(), f);
      Dual value = evalD(a.value(), f);
      array[index] = a.op().equals("=") ? value : arith(a.op().charAt(0), array[index], value);
    } else if (st instanceof IntInc i) {
      f.vars.put(i.name(), (Integer) f.vars.get(i.name()) + 1);
    } else if (st instanceof Ast.DoubleInc i) {
      f.vars.put(
          i.name(),
          arith(i.increment() ? '+' : '-', (Dual) f.vars.get(i.name()), Dual.constant(1.0)));
    } else if (st instanceof Ast.DoWhile loop) {
      do {
        f.vars.put(loop.counter(), (Integer) f.vars.get(loop.counter()) + 1);
        Flow flow = afterIteration(exec(loop.body(), f), loop.label(), f);
        if (flow == Flow.EXIT_LOOP) {
          break;
        } else if (flow != Flow.NORMAL) {
          return flow;
        }
      } while ((Integer) f.vars.get(loop.counter()) < evalInt(loop.bound(), f)
          && (loop.test() == null || evalBool(loop.test(), f)));
    } else if (st instanceof Ast.Switch sw) {
      int selector = evalInt(sw.selector(), f);
      List<Ast.Case> cases = sw.cases();
      int start = -1;
      for (int i = 0; i < cases.size() && start < 0; i++) {
        if (cases.get(i).labels().contains(selector)) {
          start = i;
        }
      }
      for (int i = 0; i < cases.size() && start < 0; i++) {
        if (cases.get(i).labels().isEmpty()) {
          start = i;
        }
      }
      for (int i = Math.max(start, 0); start >= 0 && i < cases.size(); i++) {
        Flow flow = exec(cases.get(i).body(), f);
        if (flow == Flow.BREAK && f.jumpLabel == null) {
          // An unlabelled break leaves the switch, not the loop around it.
          break;
        } else if (flow != Flow.NORMAL) {
          return flow;
        }
        if (sw.arrow() || cases.get(i).breakAtEnd()) {
          break;
        }
      }
    } else if (st instanceof If i) {
      if (evalBool(i.test(), f)) {
        return exec(i.then(), f);
      } else if (i.otherwise() != null) {
        return exec(i.otherwise(), f);
      }
    } else if (st instanceof For loop) {
      if (loop.down()) {
        for (int k = evalInt(loop.bound(), f) - 1; k >= 0; k--) {
          f.vars.put(loop.counter(), k);
          Flow flow = afterIteration(exec(loop.body(), f), loop.label(), f);
          if (flow == Flow.EXIT_LOOP) {
            break;
          } else if (flow != Flow.NORMAL) {
            return flow;
          }
        }
      } else {
        for (int k = 0; k < evalInt(loop.bound(), f); k++) {
          f.vars.put(loop.counter(), k);
          Flow flow = afterIteration(exec(loop.body(), f), loop.label(), f);
          if (flow == Flow.EXIT_LOOP) {
            break;
          } else if (flow != Flow.NORMAL) {
            return flow;
          }
        }
      }
    } else if (st instanceof ForEach loop) {
      Dual[] array = (Dual[]) f.vars.get(loop.array());
      for (int k = 0; k < array.length; k++) {
        f.vars.put(loop.variable(), array[k]);
        Flow flow = afterIteration(exec(loop.body(), f), null, f);
        if (flow == Flow.EXIT_LOOP) {
          break;
        } else if (flow != Flow.NORMAL) {
          return flow;
        }
      }
    } else if (st instanceof While loop) {
      while ((Integer) f.vars.get(loop.counter()) < evalInt(loop.bound(), f)
          && (loop.test() == null || evalBool(loop.test(), f))) {
        f.vars.put(loop.counter(), (Integer) f.vars.get(loop.counter()) + 1);
        Flow flow = afterIteration(exec(loop.body(), f), loop.label(), f);
        if (flow == Flow.EXIT_LOOP) {
          break;
        } else if (flow != Flow.NORMAL) {
          return flow;
        }
      }
    } else if (st instanceof Break b) {
      f.jumpLabel = b.label();
      return Flow.BREAK;
    } else if (st instanceof Continue c) {
      f.jumpLabel = c.label();
      return Flow.CONTINUE;
    } else if (st instanceof Return r) {
      if (Ast.typeOf(r.value()) == Type.ARRAY) {
        f.returnedArray = (Dual[]) evalArray(r.value(), f);
      } else {
        f.returned = evalD(r.value(), f);
      }
      return Flow.RETURN;
    } else if (st instanceof Store store) {
      store(store, f);
    } else if (st instanceof Ast.ForEachRow loop) {
      // The array expression is evaluated once; each iteration then reads its element k afresh.
      Object[] array = (Object[]) evalArray(loop.array(), f);
      for (int k = 0; k < array.length; k++) {
        f.vars.put(loop.variable(), array[k]);
        Flow flow = afterIteration(exec(loop.body(), f), null, f);
        if (flow == Flow.EXIT_LOOP) {
          break;
        } else if (flow != Flow.NORMAL) {
          return flow;
        }
      }
    } else if (st instanceof Ast.Throw t) {
      if ((Integer) f.vars.get(t.intVariable()) < 0) {
        throw new IllegalStateException("the generated program throws");
      }
    } else {
      throw new IllegalStateException(String.valueOf(st));
    }
    return Flow.NORMAL;
  }

  /**
   * What a loop does after one run of its body: NORMAL to go on with the next iteration, EXIT_LOOP
   * to leave it, or the flow to pass on to the enclosing statements (a return, or a jump whose label
   * names an enclosing loop).
   */
  private static Flow afterIteration(Flow flow, String label, Frame f) {
    if (flow == Flow.BREAK || flow == Flow.CONTINUE) {
      if (f.jumpLabel == null || f.jumpLabel.equals(label)) {
        f.jumpLabel = null;
        return flow == Flow.BREAK ? Flow.EXIT_LOOP : Flow.NORMAL;
      }
    }
    return flow;
  }

  /**
   * {@code target op value}: first the target's array reference, then its index (each once, with
   * their side effects), then for a compound operator the old element, then the value (JLS 15.26).
   */
  private void store(Store store, Frame f) {
    if (store.target() instanceof Elem element) {
      Dual[] array = (Dual[]) evalArray(element.array(), f);
      int index = evalInt(element.index(), f);
      if (store.op().equals("=")) {
        array[index] = evalD(store.value(), f);
      } else {
        Dual old = array[index];
        array[index] = arith(store.op().charAt(0), old, evalD(store.value(), f));
      }
    } else {
      ARow row = (ARow) store.target();
      Object[] array = (Object[]) evalArray(row.array(), f);
      int index = evalInt(row.index(), f);
      if (!store.op().equals("=")) {
        throw new IllegalStateException("compound store of a row");
      }
      array[index] = evalArray(store.value(), f);
    }
  }

  // ---------------------------------------------------------------- expressions

  /** An array-valued expression: a {@code Dual[]} for rank 1, else an {@code Object[]}. */
  private Object evalArray(Ex e, Frame f) {
    if (e instanceof ArrRef ref) {
      return f.vars.get(ref.name());
    } else if (e instanceof AVar v) {
      return f.vars.get(v.name());
    } else if (e instanceof ArrLit lit) {
      List<Ex> elements = lit.elements();
      Dual[] out = new Dual[elements.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = evalD(elements.get(i), f);
      }
      return out;
    } else if (e instanceof ALit lit) {
      List<Ex> elements = lit.elements();
      if (lit.rank() == 1) {
        Dual[] out = new Dual[elements.size()];
        for (int i = 0; i < out.length; i++) {
          out[i] = evalD(elements.get(i), f);
        }
        return out;
      }
      // The new array holds the element arrays themselves, not copies.
      Object[] out = new Object[elements.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = evalArray(elements.get(i), f);
      }
      return out;
    } else if (e instanceof ARow row) {
      Object[] array = (Object[]) evalArray(row.array(), f);
      return array[evalInt(row.index(), f)];
    } else if (e instanceof ACond c) {
      return evalBool(c.test(), f) ? evalArray(c.whenTrue(), f) : evalArray(c.whenFalse(), f);
    } else if (e instanceof AClone c) {
      Object array = evalArray(c.array(), f);
      // Java's clone of an array: a new array of the same elements (rows stay shared).
      return array instanceof Dual[] doubles ? doubles.clone() : ((Object[]) array).clone();
    } else if (e instanceof ANew created) {
      return newArray(created.rank(), created.dims(), created.length());
    }
    throw new IllegalStateException("not an array: " + e);
  }

  private static Object newArray(int rank, int dims, int length) {
    if (rank == 1) {
      Dual[] zeros = new Dual[length];
      java.util.Arrays.fill(zeros, Dual.constant(0.0));
      return zeros;
    }
    Object[] out = new Object[length];
    if (dims > 1) {
      for (int i = 0; i < length; i++) {
        out[i] = newArray(rank - 1, dims - 1, length);
      }
    }
    return out;
  }

  int evalInt(Ex e, Frame f) {
    if (e instanceof IntLit i) {
      return i.value();
    } else if (e instanceof Ref r) {
      return (Integer) f.vars.get(r.name());
    } else if (e instanceof Len l) {
      return ((Dual[]) f.vars.get(l.array())).length;
    } else if (e instanceof PostInc p) {
      int old = (Integer) f.vars.get(p.name());
      f.vars.put(p.name(), old + 1);
      return old;
    } else if (e instanceof ToInt t) {
      Dual x = evalD(t.operand(), f);
      if (x.active()) {
        cast(x);
      }
      return (int) x.v;
    } else if (e instanceof Helper h && h.name().equals("count")) {
      int k = 0;
      for (Object row : (Object[]) evalArray(h.args().get(0), f)) {
        for (Dual element : (Dual[]) row) {
          if (element.active()) {
            kink(element.v, 0.0);
          }
          if (element.v > 0.0) {
            k++;
          }
        }
      }
      return k;
    } else if (e instanceof Helper h && h.name().equals("nargs")) {
      for (Ex arg : h.args()) {
        evalD(arg, f);
      }
      return h.args().size();
    } else if (e instanceof Neg x) {
      return -evalInt(x.operand(), f);
    } else if (e instanceof Bin b) {
      int l = evalInt(b.left(), f);
      int r = evalInt(b.right(), f);
      return switch (b.op()) {
        case '+' -> l + r;
        case '-' -> l - r;
        case '*' -> l * r;
        case '/' -> l / r;
        case '%' -> l % r;
        default -> throw new IllegalStateException(String.valueOf(b.op()));
      };
    } else if (e instanceof Cond c) {
      return evalBool(c.test(), f) ? evalInt(c.whenTrue(), f) : evalInt(c.whenFalse(), f);
    } else if (e instanceof IntFn fn) {
      int l = evalInt(fn.left(), f);
      int r = evalInt(fn.right(), f);
      return fn.name().equals("min") ? Math.min(l, r) : Math.max(l, r);
    }
    throw new IllegalStateException("not an int: " + e);
  }

  boolean evalBool(Ex e, Frame f) {
    if (e instanceof Ref r) {
      return (Boolean) f.vars.get(r.name());
    } else if (e instanceof Not x) {
      return !evalBool(x.operand(), f);
    } else if (e instanceof Logic l) {
      return l.op().equals("&&")
          ? evalBool(l.left(), f) && evalBool(l.right(), f)
          : evalBool(l.left(), f) || evalBool(l.right(), f);
    } else if (e instanceof Cmp c) {
      if (Ast.typeOf(c.left()) == Type.INT && Ast.typeOf(c.right()) == Type.INT) {
        int l = evalInt(c.left(), f);
        int r = evalInt(c.right(), f);
        return switch (c.op()) {
          case "<" -> l < r;
          case "<=" -> l <= r;
          case ">" -> l > r;
          case "==" -> l == r;
          case ">=" -> l >= r;
          default -> throw new IllegalStateException(c.op());
        };
      }
      Dual l = evalD(c.left(), f);
      Dual r = evalD(c.right(), f);
      // A value compared with itself (x < x) switches nowhere.
      if ((l.active() || r.active()) && l != r) {
        kink(l.v, r.v);
      }
      return switch (c.op()) {
        case "<" -> l.v < r.v;
        case "<=" -> l.v <= r.v;
        case ">" -> l.v > r.v;
        case "==" -> l.v == r.v;
        case ">=" -> l.v >= r.v;
        default -> throw new IllegalStateException(c.op());
      };
    } else if (e instanceof IsNaN x) {
      return Double.isNaN(evalD(x.operand(), f).v);
    } else if (e instanceof Helper h && h.name().equals("big")) {
      Dual v = evalD(h.args().get(0), f);
      if (v.active()) {
        kink(v.v, 0.1);
      }
      return v.v > 0.1;
    } else if (e instanceof Helper h && h.name().equals("pos")) {
      Dual v = ((Dual[]) evalArray(h.args().get(0), f))[0];
      if (v.active()) {
        kink(v.v, 0.25);
      }
      return v.v > 0.25;
    }
    throw new IllegalStateException("not a boolean: " + e);
  }

  Dual evalD(Ex e, Frame f) {
    if (Ast.typeOf(e) == Type.INT) {
      return Dual.constant(evalInt(e, f));
    }
    Dual out = evalDouble(e, f);
    if (!Double.isFinite(out.v)) {
      nonFinite = true;
    }
    return out;
  }

  private Dual evalDouble(Ex e, Frame f) {
    if (e instanceof Num n) {
      return Dual.constant(n.value());
    } else if (e instanceof Ast.FieldRef field) {
      return Dual.constant(field.value());
    } else if (e instanceof Ref r) {
      return (Dual) f.vars.get(r.name());
    } else if (e instanceof Idx x) {
      Dual[] array = (Dual[]) f.vars.get(x.array());
      return array[evalInt(x.index(), f)];
    } else if (e instanceof Elem x) {
      Dual[] array = (Dual[]) evalArray(x.array(), f);
      return array[evalInt(x.index(), f)];
    } else if (e instanceof AssignEx x) {
      // The old value is read before the right-hand side runs (JLS 15.26.2).
      Dual old = (Dual) f.vars.get(x.name());
      Dual value = evalD(x.value(), f);
      Dual stored = x.op().equals("=") ? value : arith(x.op().charAt(0), old, value);
      f.vars.put(x.name(), stored);
      return stored;
    } else if (e instanceof Helper h && h.name().equals("total")) {
      Dual[] array = (Dual[]) evalArray(h.args().get(0), f);
      if (array.length > 0 && Arrays.stream(array).anyMatch(Dual::active)) {
        throw new IllegalStateException("total() of an active array");
      }
      double sum = 0.0;
      for (Dual element : array) {
        sum += element.v;
      }
      return Dual.constant(sum);
    } else if (e instanceof Neg x) {
      Dual v = evalD(x.operand(), f);
      return Dual.of(-v.v, v, -1.0);
    } else if (e instanceof Bin b) {
      Dual l = evalD(b.left(), f);
      Dual r = evalD(b.right(), f);
      return arith(b.op(), l, r);
    } else if (e instanceof Cond c) {
      return evalBool(c.test(), f) ? evalD(c.whenTrue(), f) : evalD(c.whenFalse(), f);
    } else if (e instanceof ToDouble t) {
      return Dual.constant(evalInt(t.operand(), f));
    } else if (e instanceof Fn fn) {
      Dual x = evalD(fn.args().get(0), f);
      return fn.args().size() == 1
          ? apply(fn.function(), x)
          : apply(fn.function(), x, evalD(fn.args().get(1), f));
    } else if (e instanceof Call call) {
      List<Ex> args = call.args();
      Object[] values = new Object[args.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = switch (call.target().params.get(i).type()) {
          case DOUBLE -> evalD(args.get(i), f);
          case INT -> evalInt(args.get(i), f);
          default -> evalArray(args.get(i), f);
        };
      }
      return run(call.target(), values);
    } else if (e instanceof Ast.RuleCall call) {
      return ruleTarget(call, f);
    }
    throw new IllegalStateException("not a double: " + e);
  }

  /**
   * A call of an opaque rule target, evaluated as the target's own mathematical function with dual
   * numbers, in the order of operations of its Java body (so that the value is the target's bit for
   * bit); the derivative is the chain rule through those operations, never the rule's formula, so a
   * wrong rule shows as a wrong partial.
   */
  private Dual ruleTarget(Ast.RuleCall call, Frame f) {
    List<Ex> args = call.args();
    switch (call.target()) {
      case OPQ2: {
        Dual x = evalD(args.get(0), f);
        Dual y = evalD(args.get(1), f);
        return arith('+', arith('*', x, apply(Ast.Func.SIN, y)), arith('*', y, y));
      }
      case OPQ_POW: {
        Dual x = evalD(args.get(0), f);
        int k = evalInt(args.get(1), f);
        Dual r = apply(Ast.Func.COS, x);
        for (int i = 0; i < k; i++) {
          r = arith('*', r, x);
        }
        return r;
      }
      case OPQ_ARR: {
        Dual s = Dual.constant(1.0);
        for (Dual element : (Dual[]) evalArray(args.get(0), f)) {
          s = arith('+', s, arith('*', element, element));
        }
        return apply(Ast.Func.SQRT, s);
      }
      case OPQ_W: {
        Dual x = evalD(args.get(0), f);
        Dual y = evalD(args.get(1), f);
        if (y.active()) {
          // The generator passes constants only here: the rule does not cover y.
          throw new IllegalStateException("opqW(x, y) with an active y");
        }
        Dual minusY = Dual.of(-y.v, y, -1.0);
        return arith(
            '+',
            arith('*', x, apply(Ast.Func.EXP, arith('*', minusY, y))),
            apply(Ast.Func.ATAN, y));
      }
      default:
        throw new IllegalStateException(String.valueOf(call.target()));
    }
  }

  /** {@code x op y} on doubles, as Java computes it. */
  static Dual arith(char op, Dual x, Dual y) {
    return switch (op) {
      case '+' -> Dual.of(x.v + y.v, x, 1.0, y, 1.0);
      case '-' -> Dual.of(x.v - y.v, x, 1.0, y, -1.0);
      case '*' -> Dual.of(x.v * y.v, x, y.v, y, x.v);
      case '/' -> Dual.of(x.v / y.v, x, 1.0 / y.v, y, -x.v / (y.v * y.v));
      default -> throw new IllegalStateException(String.valueOf(op));
    };
  }

  /** Records how close an active cast argument is to its next jump; see {@link #castReach}. */
  private void cast(Dual x) {
    double rate = 0.0;
    for (double d : x.d) {
      rate += Math.abs(d);
    }
    double distance = Math.abs(x.v - Math.rint(x.v));
    double reach = rate == 0.0 && distance > 0.0 ? Double.POSITIVE_INFINITY : distance / rate;
    if (!(reach >= 0.0)) {
      reach = 0.0; // a non-finite argument or derivative: no step resolves it
    }
    if (reach < castReach) {
      castReach = reach;
    }
  }

  private void kink(double x, double y) {
    double scale = Math.max(1.0, Math.max(Math.abs(x), Math.abs(y)));
    double distance = Math.abs(x - y) / scale;
    if (!(distance >= minKink)) {
      minKink = distance;
    }
  }

  private Dual apply(Ast.Func function, Dual x) {
    double v = x.v;
    return switch (function) {
      case SIN -> Dual.of(Math.sin(v), x, Math.cos(v));
      case COS -> Dual.of(Math.cos(v), x, -Math.sin(v));
      case TAN -> {
        double cos = Math.cos(v);
        yield Dual.of(Math.tan(v), x, 1.0 / (cos * cos));
      }
      case EXP -> Dual.of(Math.exp(v), x, Math.exp(v));
      case LOG -> Dual.of(Math.log(v), x, 1.0 / v);
      case LOG10 -> Dual.of(Math.log10(v), x, LOG10_E / v);
      case SQRT -> Dual.of(Math.sqrt(v), x, 1.0 / (2.0 * Math.sqrt(v)));
      case TANH -> {
        double cosh = Math.cosh(v);
        yield Dual.of(Math.tanh(v), x, 1.0 / (cosh * cosh));
      }
      case ATAN -> Dual.of(Math.atan(v), x, 1.0 / (1.0 + v * v));
      case ASIN -> Dual.of(Math.asin(v), x, 1.0 / Math.sqrt((1.0 - v) * (1.0 + v)));
      case ACOS -> Dual.of(Math.acos(v), x, -1.0 / Math.sqrt((1.0 - v) * (1.0 + v)));
      case ABS -> {
        if (x.active()) {
          kink(v, 0.0);
        }
        yield Dual.of(Math.abs(v), x, v > 0 ? 1.0 : v < 0 ? -1.0 : 0.0);
      }
      case EXPM1 -> Dual.of(Math.expm1(v), x, Math.exp(v));
      case LOG1P -> Dual.of(Math.log1p(v), x, 1.0 / (1.0 + v));
      case CBRT -> {
        if (x.active()) {
          kink(v, 0.0);
        }
        yield Dual.of(Math.cbrt(v), x, Math.pow(Math.abs(v), -2.0 / 3.0) / 3.0);
      }
      case SINH -> Dual.of(Math.sinh(v), x, Math.cosh(v));
      case COSH -> Dual.of(Math.cosh(v), x, Math.sinh(v));
      case SIGMOID ->
        Dual.of(Activations.sigmoid(v), x, Activations.sigmoid(v) * Activations.sigmoid(-v));
      case SOFTPLUS -> Dual.of(Activations.softplus(v), x, Activations.sigmoid(v));
      case RELU -> {
        if (x.active()) {
          kink(v, 0.0);
        }
        yield Dual.of(Activations.relu(v), x, v > 0 ? 1.0 : 0.0);
      }
      default -> throw new IllegalStateException(function + " takes two arguments");
    };
  }

  private Dual apply(Ast.Func function, Dual x, Dual y) {
    double u = x.v;
    double v = y.v;
    boolean active = x.active() || y.active();
    return switch (function) {
      case ATAN2 -> {
        if (active) {
          kink(Math.hypot(u, v), 0.0);
        }
        double r2 = u * u + v * v;
        // d atan2(u, v) = (v du - u dv) / (u^2 + v^2)
        yield Dual.of(Math.atan2(u, v), x, v / r2, y, -u / r2);
      }
      case POW -> {
        double out = Math.pow(u, v);
        double du = v * Math.pow(u, v - 1.0);
        double dv = out * Math.log(u);
        yield Dual.of(out, x, du, y, dv);
      }
      case HYPOT -> {
        double h = Math.hypot(u, v);
        if (active) {
          kink(h, 0.0);
        }
        yield Dual.of(h, x, u / h, y, v / h);
      }
      case MIN -> {
        if (active && x != y) {
          kink(u, v);
        }
        boolean first = u < v;
        yield Dual.of(Math.min(u, v), x, first ? 1.0 : 0.0, y, first ? 0.0 : 1.0);
      }
      case MAX -> {
        if (active && x != y) {
          kink(u, v);
        }
        boolean first = u > v;
        yield Dual.of(Math.max(u, v), x, first ? 1.0 : 0.0, y, first ? 0.0 : 1.0);
      }
      default -> throw new IllegalStateException(function + " takes one argument");
    };
  }
}
