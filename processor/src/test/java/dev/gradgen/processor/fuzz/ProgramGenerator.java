package dev.gradgen.processor.fuzz;

import dev.gradgen.processor.fuzz.Ast.AClone;
import dev.gradgen.processor.fuzz.Ast.ACond;
import dev.gradgen.processor.fuzz.Ast.ALit;
import dev.gradgen.processor.fuzz.Ast.ANew;
import dev.gradgen.processor.fuzz.Ast.ARow;
import dev.gradgen.processor.fuzz.Ast.AVar;
import dev.gradgen.processor.fuzz.Ast.ArrAssign;
import dev.gradgen.processor.fuzz.Ast.ArrDecl;
import dev.gradgen.processor.fuzz.Ast.ArrInit;
import dev.gradgen.processor.fuzz.Ast.ArrLit;
import dev.gradgen.processor.fuzz.Ast.ArrRef;
import dev.gradgen.processor.fuzz.Ast.Assign;
import dev.gradgen.processor.fuzz.Ast.AssignEx;
import dev.gradgen.processor.fuzz.Ast.Bin;
import dev.gradgen.processor.fuzz.Ast.Break;
import dev.gradgen.processor.fuzz.Ast.Call;
import dev.gradgen.processor.fuzz.Ast.ClassProgram;
import dev.gradgen.processor.fuzz.Ast.Cmp;
import dev.gradgen.processor.fuzz.Ast.Cond;
import dev.gradgen.processor.fuzz.Ast.Continue;
import dev.gradgen.processor.fuzz.Ast.Decl;
import dev.gradgen.processor.fuzz.Ast.Elem;
import dev.gradgen.processor.fuzz.Ast.Ex;
import dev.gradgen.processor.fuzz.Ast.Fn;
import dev.gradgen.processor.fuzz.Ast.For;
import dev.gradgen.processor.fuzz.Ast.ForEach;
import dev.gradgen.processor.fuzz.Ast.Func;
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
import dev.gradgen.processor.fuzz.Ast.Param;
import dev.gradgen.processor.fuzz.Ast.PostInc;
import dev.gradgen.processor.fuzz.Ast.Ref;
import dev.gradgen.processor.fuzz.Ast.Return;
import dev.gradgen.processor.fuzz.Ast.St;
import dev.gradgen.processor.fuzz.Ast.Store;
import dev.gradgen.processor.fuzz.Ast.ToDouble;
import dev.gradgen.processor.fuzz.Ast.ToInt;
import dev.gradgen.processor.fuzz.Ast.Type;
import dev.gradgen.processor.fuzz.Ast.While;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Generates random {@code @Differentiable} programs over the supported subset, smooth enough where
 * they are evaluated: arguments of log, sqrt, pow and division are kept away from their singular
 * points by construction ({@code log(x*x + 0.5)}, {@code e / (2.0 + sin(x))}), and arguments of exp,
 * sinh, tan and the like are bounded first. Non-smooth constructs (comparisons, abs, min, max, relu)
 * are generated freely; the interpreter measures how close a point comes to their switching points.
 *
 * <p>Generation is deterministic in the class seed and the set of {@link Family families}: method k
 * of a class depends only on them and on methods 0..k-1, which it may call. With no family beyond
 * the classic subset the generator draws exactly the programs it drew before the families existed.
 */
final class ProgramGenerator {

  /**
   * Groups of constructs drawn on top of the classic subset (scalars, 1-D arrays, loops, switches,
   * calls); each adds parameters, statements or expressions that the classic generator never draws.
   */
  enum Family {
    /** 2-D arrays (locals and a parameter), rows shared through stores, initializers, clone, ?:. */
    ARRAYS,
    /** {@code k++} in indices and ?: tests of targets, assignment expressions used as values. */
    SIDEFX,
    /** Calls in conditions: differentiable ones with array arguments, plain helpers of arrays. */
    CALLS,
    /** Enhanced for over arrays written in the loop, loop variables reassigned. */
    FOREACH,
    /** Long parameter lists, from a few extra scalars up to the JVM's 255 slots. */
    PARAMS,
    /** 3-D arrays, locals and a parameter. */
    RANK3,
    /**
     * Calls of opaque targets through {@code @DerivativeOf} rules ({@link Ast.Target}) in
     * expressions, fused runs, loops and conditions, with active and constant arguments.
     */
    RULES,
    /** Varargs and Double.isNaN in indices, a constant parameter named value, throw with format. */
    MISC,
    /**
     * Reduction loops ({@code s += f(x[i], ...)} over temporaries), most of them of the shape the
     * processor preaccumulates into one node per accumulator, the rest near misses that must not
     * be (the accumulator read in its term, {@code *=}, {@code s = e + s * 2}, a trailing break or
     * continue, a term with a conditional or a call).
     */
    REDUCTIONS,
    /**
     * Not drawn here: the test's separate run of {@link RejectionPrograms}, writes into a caller's
     * array through aliases, which must fail with a located error.
     */
    REJECT;

    /**
     * Parses {@code gradgen.fuzz.families}: {@code classic} (none beyond the classic subset),
     * {@code all}, or a comma-separated list of family names (case-insensitive), to which
     * {@code classic} may be added without effect.
     */
    static Set<Family> parse(String spec) {
      Set<Family> out = EnumSet.noneOf(Family.class);
      for (String part : spec.split(",")) {
        String name = part.trim().toUpperCase(Locale.ROOT);
        if (name.isEmpty() || name.equals("CLASSIC")) {
          continue;
        }
        if (name.equals("ALL")) {
          out.addAll(EnumSet.allOf(Family.class));
        } else {
          out.add(Family.valueOf(name));
        }
      }
      return out;
    }
  }

  /** The largest {@code n} ever passed; loops bounded by n run at most this often. */
  static final int MAX_N = 4;
  /** An upper bound on the nodes one call of a method evaluates, callees and loops included. */
  private static final long BUDGET = 2500;

  /**
   * {@code -Dgradgen.fuzz.nestedRules=false} keeps a rule call out of another's arguments: the
   * processor names both calls' nodes alike there (a duplicate helper method in the generated
   * code), and this switch lets the rest of the family run past that known bug.
   */
  private static final boolean NESTED_RULES =
      Boolean.parseBoolean(System.getProperty("gradgen.fuzz.nestedRules", "true"));

  private final Random rnd;
  private final Set<Family> families;
  /** How many rule calls' arguments are being drawn. */
  private int ruleDepth;

  private final int arrayLength;
  private final List<Method> methods = new ArrayList<>();
  private final List<Ast.Field> fields = new ArrayList<>();

  // State of the method being generated.
  private Method current;
  private long cost;
  private int names;

  private ProgramGenerator(long seed, int arrayLength, Set<Family> families) {
    this.rnd = new Random(seed);
    this.arrayLength = arrayLength;
    this.families = families;
  }

  /** A class of {@code methodCount} classic methods; the class seed alone determines it. */
  static ClassProgram generateClass(String simpleName, long seed, int methodCount) {
    return generateClass(simpleName, seed, methodCount, Set.of());
  }

  /** A class of {@code methodCount} methods drawn from the classic subset and {@code families}. */
  static ClassProgram generateClass(
      String simpleName, long seed, int methodCount, Set<Family> families) {
    Random shape = new Random(seed);
    int arrayLength = 2 + shape.nextInt(3);
    ProgramGenerator generator = new ProgramGenerator(
        shape.nextLong(), arrayLength, families.isEmpty() ? Set.of() : EnumSet.copyOf(families));
    generator.fields.add(new Ast.Field("K0", generator.constant().value(), true));
    generator.fields.add(new Ast.Field("K1", generator.constant().value(), true));
    generator.fields.add(new Ast.Field("G0", generator.constant().value(), false));
    for (int k = 0; k < methodCount; k++) {
      generator.methods.add(generator.method(k));
    }
    return new ClassProgram(
        simpleName,
        seed,
        arrayLength,
        List.copyOf(generator.fields),
        List.copyOf(generator.methods),
        !families.isEmpty(),
        families.contains(Family.RULES));
  }

  // ---------------------------------------------------------------- scopes

  /** What a statement or expression may refer to. */
  private static final class Scope {
    final List<String> doubles = new ArrayList<>();
    /** Double locals, and differentiable scalar parameters. */
    final List<String> assignable = new ArrayList<>();
    /** Non-negative ints: n, loop counters, int locals. */
    final List<String> ints = new ArrayList<>();
    /** Counters known to be smaller than the array length, usable as indices as they are. */
    final List<String> indices = new ArrayList<>();

    final List<String> intLocals = new ArrayList<>();
    final List<String> booleans = new ArrayList<>();
    final List<String> arrays = new ArrayList<>();
    final List<String> localArrays = new ArrayList<>();
    /** Parameters that are no derivative's input: safe arguments for a callee's constant ones. */
    final List<String> constantScalars = new ArrayList<>();

    final List<String> constantArrays = new ArrayList<>();
    /** Labels of the enclosing labelled loops. */
    final List<String> labels = new ArrayList<>();
    /** Readable 2-D and 3-D arrays, and the ones whose every level is local (writable). */
    final List<String> arrays2 = new ArrayList<>();

    final List<String> owned2 = new ArrayList<>();
    final List<String> arrays3 = new ArrayList<>();
    final List<String> owned3 = new ArrayList<>();
    final List<String> constantArrays2 = new ArrayList<>();
    final List<String> constantArrays3 = new ArrayList<>();
    /** Int locals that only ever count up from 0 through {@code k++}, in side-effecting indices. */
    final List<String> counters = new ArrayList<>();
    /** Reads the returned value must include: both names of an aliased element. */
    final List<Ex> probes = new ArrayList<>();

    int loops;
    /** Enclosing loops and switches, which an unlabelled break may leave. */
    int breakable;

    long multiplier = 1;

    Scope copy() {
      Scope s = new Scope();
      s.doubles.addAll(doubles);
      s.assignable.addAll(assignable);
      s.ints.addAll(ints);
      s.indices.addAll(indices);
      s.intLocals.addAll(intLocals);
      s.booleans.addAll(booleans);
      s.arrays.addAll(arrays);
      s.localArrays.addAll(localArrays);
      s.constantScalars.addAll(constantScalars);
      s.constantArrays.addAll(constantArrays);
      s.labels.addAll(labels);
      s.arrays2.addAll(arrays2);
      s.owned2.addAll(owned2);
      s.arrays3.addAll(arrays3);
      s.owned3.addAll(owned3);
      s.constantArrays2.addAll(constantArrays2);
      s.constantArrays3.addAll(constantArrays3);
      s.counters.addAll(counters);
      s.probes.addAll(probes);
      s.loops = loops;
      s.breakable = breakable;
      s.multiplier = multiplier;
      return s;
    }
  }

  // ---------------------------------------------------------------- methods

  private Method method(int index) {
    boolean explicitWrt = rnd.nextInt(10) != 0;
    boolean[] scalars = new boolean[3];
    boolean w;
    boolean data;
    if (explicitWrt) {
      do {
        for (int i = 0; i < 3; i++) {
          scalars[i] = rnd.nextInt(4) != 0;
        }
        w = rnd.nextInt(3) != 0;
      } while (!(scalars[0] || scalars[1] || scalars[2] || w));
      data = false;
    } else {
      scalars = new boolean[] {true, true, true};
      w = true;
      data = true;
    }
    String visibility = switch (rnd.nextInt(6)) {
      case 0 -> "private ";
      case 1 -> "public ";
      default -> "";
    };
    List<Param> extras = families.isEmpty() ? List.of() : extraParameters(explicitWrt);
    current = new Method("m" + index, index, scalars, w, data, explicitWrt, visibility, extras);
    cost = 0;
    names = 0;

    Scope s = new Scope();
    for (int i = 0; i < 3; i++) {
      String name = Ast.SCALARS.get(i);
      s.doubles.add(name);
      if (scalars[i]) {
        if (rnd.nextInt(3) == 0) {
          s.assignable.add(name);
        }
      } else {
        s.constantScalars.add(name);
      }
    }
    s.arrays.add("w");
    s.arrays.add("data");
    if (!w) {
      s.constantArrays.add("w");
    }
    if (!data) {
      s.constantArrays.add("data");
    }
    s.ints.add("n");
    addToScope(extras, s);

    List<St> body = new ArrayList<>();
    if (!families.isEmpty()) {
      prologue(body, s);
    }
    int locals = 1 + rnd.nextInt(3);
    for (int i = 0; i < locals; i++) {
      body.add(declareDouble(s));
    }
    if (rnd.nextInt(3) == 0) {
      body.add(declareArray(s));
    }
    if (rnd.nextInt(4) == 0) {
      String name = fresh("c");
      body.add(new Decl(Type.INT, name, new IntLit(0)));
      s.ints.add(name);
      s.intLocals.add(name);
    }
    statements(body, s, 3 + rnd.nextInt(6), 0);
    Ex result = result(3, s);
    if (!families.isEmpty()) {
      result = readExtras(result, extras, s);
      for (Ex probe : s.probes) {
        result = new Bin('+', result, new Bin('*', new Num(0.5), probe));
      }
    }
    charge(result, s);
    body.add(new Return(result));
    current.body = List.copyOf(body);
    current.cost = cost;
    return current;
  }

  private String fresh(String prefix) {
    return prefix + names++;
  }

  private void charge(Ex e, Scope s) {
    cost += nodes(e) * s.multiplier;
  }

  private static long nodes(Ex e) {
    if (e instanceof Call call) {
      long n = call.target().cost + 1;
      for (Ex arg : call.args()) {
        n += nodes(arg);
      }
      return n;
    }
    long n = 1;
    if (e instanceof Idx x) {
      n += nodes(x.index());
    } else if (e instanceof Neg x) {
      n += nodes(x.operand());
    } else if (e instanceof Bin x) {
      n += nodes(x.left()) + nodes(x.right());
    } else if (e instanceof Fn x) {
      for (Ex arg : x.args()) {
        n += nodes(arg);
      }
    } else if (e instanceof Cond x) {
      n += nodes(x.test()) + nodes(x.whenTrue()) + nodes(x.whenFalse());
    } else if (e instanceof ToDouble x) {
      n += nodes(x.operand());
    } else if (e instanceof ArrLit x) {
      for (Ex element : x.elements()) {
        n += nodes(element);
      }
    } else if (e instanceof Cmp x) {
      n += nodes(x.left()) + nodes(x.right());
    } else if (e instanceof Logic x) {
      n += nodes(x.left()) + nodes(x.right());
    } else if (e instanceof Not x) {
      n += nodes(x.operand());
    } else if (e instanceof IntFn x) {
      n += nodes(x.left()) + nodes(x.right());
    } else {
      for (Ex child : Ast.children(e)) {
        n += nodes(child);
      }
    }
    return n;
  }

  // ---------------------------------------------------------------- statements

  private void statements(List<St> out, Scope s, int count, int nesting) {
    for (int i = 0; i < count && cost < BUDGET; i++) {
      statement(out, s, nesting);
    }
  }

  private List<St> block(Scope outer, int nesting) {
    Scope s = outer.copy();
    List<St> out = new ArrayList<>();
    statements(out, s, 1 + rnd.nextInt(3), nesting);
    if (out.isEmpty()) {
      out.add(assignment(s));
    }
    return out;
  }

  /**
   * {@code for (int i = 0; i < bound; i++) { double t = ...; acc += ...; }}: temporaries, then one
   * or two accumulations into double variables of the enclosing scope, over elements, scalars and
   * the temporaries; one loop in three is a near miss of that shape.
   */
  private St reduction(Scope s) {
    Scope inner = s.copy();
    String counter = fresh("i");
    Ex bound;
    if (rnd.nextBoolean()) {
      bound = new Len(pick(s.arrays));
      inner.multiplier *= arrayLength;
      inner.indices.add(counter);
    } else {
      int k = rnd.nextInt(arrayLength + 1);
      bound = new IntLit(k);
      inner.multiplier *= Math.max(k, 1);
      inner.indices.add(counter);
    }
    inner.ints.add(counter);
    inner.loops++;
    inner.breakable++;
    List<String> accumulators = new ArrayList<>();
    accumulators.add(pick(s.assignable));
    if (rnd.nextInt(3) == 0) {
      String second = pick(s.assignable);
      if (!second.equals(accumulators.get(0))) {
        accumulators.add(second);
      }
    }
    boolean miss = rnd.nextInt(3) == 0;
    int missKind = rnd.nextInt(6);
    // Terms may read the scalars of the scope but the accumulators (except in a near miss).
    Scope terms = inner.copy();
    terms.doubles.removeAll(accumulators);
    List<St> body = new ArrayList<>();
    int temporaries = rnd.nextInt(3);
    for (int t = 0; t < temporaries; t++) {
      String name = fresh("r");
      Ex init = reductionTerm(2, terms);
      charge(init, inner);
      body.add(new Decl(Type.DOUBLE, name, init));
      terms.doubles.add(name);
    }
    for (String accumulator : accumulators) {
      Ex term = miss && missKind == 0
          ? new Bin('*', reductionTerm(1, terms), new Ref(accumulator, Type.DOUBLE))
          : miss && missKind == 4 ? dbl(2, terms) : reductionTerm(2, terms);
      charge(term, inner);
      if (miss && missKind == 1) {
        body.add(new Assign(accumulator, "*=", new Bin('+', new Num(1.0), term)));
      } else if (miss && missKind == 2) {
        body.add(new Assign(
            accumulator,
            "=",
            new Bin('+', term, new Bin('*', new Ref(accumulator, Type.DOUBLE), new Num(0.5)))));
      } else {
        switch (rnd.nextInt(4)) {
          case 0 -> body.add(new Assign(accumulator, "-=", term));
          case 1 ->
            body.add(new Assign(
                accumulator, "=", new Bin('+', new Ref(accumulator, Type.DOUBLE), term)));
          default -> body.add(new Assign(accumulator, "+=", term));
        }
      }
    }
    if (miss && missKind == 3) {
      body.add(rnd.nextBoolean() ? new Break(null) : new Continue(null));
    } else if (miss && missKind == 5) {
      // The accumulator assigned again after an if, inside the loop.
      String accumulator = accumulators.get(0);
      body.add(new If(test(1, inner), List.of(new Assign(accumulator, "*=", new Num(0.5))), null));
    }
    return new For(null, counter, bound, rnd.nextInt(4) == 0, body);
  }

  /**
   * A term a reduction loop can preaccumulate: + - * and division by a positive value, negation
   * and smooth one-argument functions over elements, scalars and constants.
   */
  private Ex reductionTerm(int depth, Scope s) {
    if (depth <= 0 || rnd.nextInt(4) == 0) {
      return switch (rnd.nextInt(6)) {
        case 0, 1, 2 -> {
          String array = pick(s.arrays);
          yield new Idx(array, index(array, s));
        }
        case 3 -> constant();
        default -> s.doubles.isEmpty() ? constant() : new Ref(pick(s.doubles), Type.DOUBLE);
      };
    }
    int d = depth - 1;
    return switch (rnd.nextInt(9)) {
      case 0, 1, 2 ->
        new Bin(pick(List.of('+', '-', '*')), reductionTerm(d, s), reductionTerm(d, s));
      case 3 -> {
        Ex x = reductionTerm(d, s);
        yield new Bin('/', reductionTerm(d, s), new Bin('+', new Bin('*', x, x), new Num(0.5)));
      }
      case 4 -> new Neg(reductionTerm(d, s));
      case 5 -> new Fn(Func.TANH, List.of(reductionTerm(d, s)));
      case 6 -> new Fn(Func.SIN, List.of(reductionTerm(d, s)));
      case 7 -> new Fn(Func.EXP, List.of(new Fn(Func.COS, List.of(reductionTerm(d, s)))));
      default -> new Bin('*', new Num(0.5), new Fn(Func.SIGMOID, List.of(reductionTerm(d, s))));
    };
  }

  private St declareDouble(Scope s) {
    String name = fresh("s");
    Ex init = dbl(3, s);
    charge(init, s);
    s.doubles.add(name);
    s.assignable.add(name);
    boolean var = Ast.typeOf(init) == Type.DOUBLE && rnd.nextInt(5) == 0;
    return new Decl(Type.DOUBLE, name, init, var);
  }

  private St declareArray(Scope s) {
    String name = fresh("t");
    St decl;
    int kind = rnd.nextInt(s.localArrays.isEmpty() ? 3 : 4);
    if (kind == 0) {
      decl = new ArrDecl(name, ArrInit.NEW, arrayLength, null, null);
    } else if (kind == 1) {
      Ex literal = arrayLiteral(2, s);
      charge(literal, s);
      decl = new ArrDecl(name, ArrInit.LITERAL, arrayLength, literal, null);
    } else if (kind == 2) {
      decl = new ArrDecl(name, ArrInit.CLONE, arrayLength, null, pick(s.arrays));
    } else {
      // An alias of another local array: writes through either name reach both.
      String source = pick(s.localArrays);
      decl = new Decl(Type.ARRAY, name, new ArrRef(source));
    }
    s.arrays.add(name);
    s.localArrays.add(name);
    return decl;
  }

  private ArrLit arrayLiteral(int depth, Scope s) {
    List<Ex> elements = new ArrayList<>();
    for (int i = 0; i < arrayLength; i++) {
      elements.add(dbl(depth, s));
    }
    return new ArrLit(elements);
  }

  private void statement(List<St> out, Scope s, int nesting) {
    boolean canNest = nesting < 2;
    double[] weights = {
      5, // 0 assignment
      1.5, // 1 declaration
      s.localArrays.isEmpty() ? 0 : 1.5, // 2 element write
      canNest ? 3 : 0.5, // 3 if
      canNest ? 2.5 : 0, // 4 for
      canNest ? 0.8 : 0, // 5 for each
      canNest ? 1.5 : 0, // 6 while
      s.intLocals.isEmpty() ? 0 : 0.7, // 7 int accumulator
      0.6, // 8 early return
      s.breakable > 0 ? 1.5 : 0, // 9 break or continue
      0.4, // 10 local array
      0.3, // 11 boolean local
      0.4, // 12 ++ or -- on a double
      canNest ? 0.7 : 0, // 13 do-while
      canNest ? 0.8 : 0, // 14 switch
      (has(Family.ARRAYS) || has(Family.SIDEFX)) && canWriteElement(s) ? 2.5 : 0, // 15 x[i] op=
      has(Family.ARRAYS) && !s.owned2.isEmpty() ? 1 : 0, // 16 row store
      has(Family.ARRAYS) ? 1.2 : 0, // 17 array declaration, rank 1 to 3
      has(Family.ARRAYS) && canNest && !s.arrays2.isEmpty() ? 0.8 : 0, // 18 for over rows
      has(Family.FOREACH) && canNest && !s.localArrays.isEmpty() ? 1 : 0, // 19 for, written
      has(Family.MISC) ? 0.15 : 0, // 20 throw
      has(Family.ARRAYS) ? 1 : 0, // 21 a 1-D local shared with a 2-D one, written, read back
      has(Family.REDUCTIONS) && canNest && !s.assignable.isEmpty() ? 2.5 : 0, // 22 reduction
    };
    switch (choose(weights)) {
      case 0 -> out.add(assignment(s));
      case 1 -> out.add(declareDouble(s));
      case 2 -> {
        String array = pick(s.localArrays);
        Ex index = index(array, s);
        String op = pick(List.of("=", "=", "+=", "-=", "*=", "/="));
        Ex value = compoundValue(op, s);
        charge(index, s);
        charge(value, s);
        out.add(new ArrAssign(array, index, op, value));
      }
      case 3 -> {
        Ex test = test(2, s);
        charge(test, s);
        List<St> then = block(s, nesting + 1);
        List<St> otherwise = rnd.nextBoolean() ? block(s, nesting + 1) : null;
        out.add(new If(test, then, otherwise));
      }
      case 4 -> {
        Scope inner = s.copy();
        String counter = fresh("i");
        String label = rnd.nextInt(4) == 0 ? fresh("L") : null;
        Ex bound;
        int r = rnd.nextInt(3);
        if (r == 0) {
          bound = new Ref("n", Type.INT);
          inner.multiplier *= MAX_N;
        } else if (r == 1) {
          bound = new Len(pick(s.arrays));
          inner.multiplier *= arrayLength;
          inner.indices.add(counter);
        } else {
          int k = 1 + rnd.nextInt(4);
          bound = new IntLit(k);
          inner.multiplier *= k;
          if (k <= arrayLength) {
            inner.indices.add(counter);
          }
        }
        inner.ints.add(counter);
        inner.loops++;
        inner.breakable++;
        if (label != null) {
          inner.labels.add(label);
        }
        List<St> body = block(inner, nesting + 1);
        out.add(new For(label, counter, bound, rnd.nextInt(4) == 0, body));
      }
      case 5 -> {
        Scope inner = s.copy();
        String variable = fresh("v");
        String array = pick(s.arrays);
        inner.doubles.add(variable);
        if (has(Family.FOREACH)) {
          inner.assignable.add(variable);
        }
        inner.multiplier *= arrayLength;
        inner.loops++;
        inner.breakable++;
        out.add(new ForEach(variable, array, block(inner, nesting + 1)));
      }
      case 6 -> {
        String counter = fresh("k");
        out.add(new Decl(Type.INT, counter, new IntLit(0)));
        Scope inner = s.copy();
        String label = rnd.nextInt(4) == 0 ? fresh("L") : null;
        Ex bound = rnd.nextBoolean() ? new Ref("n", Type.INT) : new IntLit(1 + rnd.nextInt(4));
        Ex test = rnd.nextInt(3) == 0 ? null : test(1, s);
        inner.multiplier *= MAX_N;
        if (test != null) {
          charge(test, inner);
        }
        inner.ints.add(counter);
        inner.loops++;
        inner.breakable++;
        if (label != null) {
          inner.labels.add(label);
        }
        out.add(new While(label, counter, bound, test, block(inner, nesting + 1)));
      }
      case 7 -> {
        String name = pick(s.intLocals);
        out.add(rnd.nextBoolean() ? new IntInc(name) : new Assign(name, "+=", intExpr(1, s)));
      }
      case 8 -> {
        Ex test = test(2, s);
        charge(test, s);
        List<St> then = new ArrayList<>();
        if (rnd.nextBoolean()) {
          then.add(assignment(s));
        }
        Ex value = result(2, s);
        charge(value, s);
        then.add(new Return(value));
        out.add(new If(test, then, null));
      }
      case 9 -> {
        Ex test = test(2, s);
        charge(test, s);
        List<St> then = new ArrayList<>();
        if (rnd.nextBoolean()) {
          then.add(assignment(s));
        }
        String label = !s.labels.isEmpty() && rnd.nextInt(3) == 0 ? pick(s.labels) : null;
        // continue needs a loop; an unlabelled break inside a switch leaves the switch.
        boolean jumpBack = s.loops > 0 && rnd.nextBoolean();
        then.add(jumpBack ? new Continue(label) : new Break(label));
        out.add(new If(test, then, null));
      }
      case 10 -> out.add(declareArray(s));
      case 15 -> out.add(elementWrite(s));
      case 16 -> out.add(rowStore(s));
      case 17 -> declareWide(out, s);
      case 18 -> out.add(forEachRow(s, nesting));
      case 19 -> out.add(forEachWritten(s, nesting));
      case 20 -> out.add(new Ast.Throw("n"));
      case 21 -> aliasIdiom(out, s);
      case 22 -> out.add(reduction(s));
      case 12 ->
        out.add(new Ast.DoubleInc(pick(s.assignable), rnd.nextBoolean(), rnd.nextBoolean()));
      case 13 -> {
        String counter = fresh("k");
        out.add(new Decl(Type.INT, counter, new IntLit(0)));
        Scope inner = s.copy();
        String label = rnd.nextInt(4) == 0 ? fresh("L") : null;
        Ex bound = rnd.nextBoolean() ? new Ref("n", Type.INT) : new IntLit(1 + rnd.nextInt(4));
        Ex test = rnd.nextInt(3) == 0 ? null : test(1, s);
        inner.multiplier *= MAX_N;
        if (test != null) {
          charge(test, inner);
        }
        inner.ints.add(counter);
        inner.loops++;
        inner.breakable++;
        if (label != null) {
          inner.labels.add(label);
        }
        out.add(new Ast.DoWhile(label, counter, bound, test, block(inner, nesting + 1)));
      }
      case 14 -> {
        Ex selector = rnd.nextBoolean()
            ? new Bin('%', intExpr(1, s), new IntLit(2 + rnd.nextInt(3)))
            : intExpr(1, s);
        charge(selector, s);
        boolean arrow = rnd.nextBoolean();
        List<Ast.Case> cases = new ArrayList<>();
        List<Integer> free = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5));
        java.util.Collections.shuffle(free, rnd);
        int count = 1 + rnd.nextInt(3);
        Scope inner = s.copy();
        inner.breakable++;
        for (int c = 0; c < count; c++) {
          List<Integer> labels = new ArrayList<>();
          labels.add(free.remove(0));
          if (rnd.nextInt(4) == 0) {
            labels.add(free.remove(0));
          }
          cases.add(new Ast.Case(labels, block(inner, nesting + 1), rnd.nextInt(4) != 0));
        }
        if (rnd.nextBoolean()) {
          cases.add(
              rnd.nextInt(cases.size() + 1),
              new Ast.Case(List.of(), block(inner, nesting + 1), rnd.nextInt(4) != 0));
        }
        out.add(new Ast.Switch(selector, cases, arrow));
      }
      default -> {
        String name = fresh("f");
        Ex test = test(2, s);
        charge(test, s);
        s.booleans.add(name);
        out.add(new Decl(Type.BOOLEAN, name, test));
      }
    }
  }

  private St assignment(Scope s) {
    String name = pick(s.assignable);
    String op = pick(List.of("=", "=", "+=", "+=", "-=", "*=", "/="));
    Ex value = compoundValue(op, s);
    charge(value, s);
    return new Assign(name, op, value);
  }

  /** A value for {@code x op= value}, kept from making x explode or divide by zero. */
  private Ex compoundValue(String op, Scope s) {
    return switch (op) {
      case "*=" ->
        rnd.nextBoolean()
            ? bounded(2, s)
            : new Bin('+', new Num(1.0), new Bin('*', new Num(0.5), bounded(2, s)));
      case "/=" -> positive(2, s);
      default -> dbl(3, s);
    };
  }

  // ---------------------------------------------------------------- expressions

  /** A returned value: mostly one that reads the locals, so that what the body did matters. */
  private Ex result(int depth, Scope s) {
    Ex e = dbl(depth, s);
    List<String> locals = new ArrayList<>(s.assignable);
    locals.removeAll(Ast.SCALARS);
    for (int i = 0; i < 2 && !locals.isEmpty() && rnd.nextInt(3) != 0; i++) {
      Ex local = new Ref(pick(locals), Type.DOUBLE);
      e = rnd.nextBoolean()
          ? new Bin(pick(List.of('+', '-', '*')), local, e)
          : new Bin(pick(List.of('+', '-', '*')), e, local);
    }
    return e;
  }

  private Ex dbl(int depth, Scope s) {
    if (depth <= 0 || rnd.nextInt(5) == 0) {
      return leaf(s);
    }
    int d = depth - 1;
    boolean canCall = !callable(s).isEmpty();
    double[] weights = {
      6,
      2,
      1,
      6,
      3,
      1.2,
      canCall ? 1.5 : 0,
      0.3,
      has(Family.SIDEFX) && !s.assignable.isEmpty() ? 1.2 : 0,
      has(Family.CALLS) ? 0.3 : 0,
      ruleCallable() ? 1.5 : 0
    };
    switch (choose(weights)) {
      case 0 -> {
        char op = pick(List.of('+', '-', '*'));
        Ex left = dbl(d, s);
        Ex right = rnd.nextInt(10) == 0 ? intExpr(1, s) : dbl(d, s);
        return rnd.nextBoolean() ? new Bin(op, left, right) : new Bin(op, right, left);
      }
      case 1 -> {
        return switch (rnd.nextInt(4)) {
          case 0 -> new Bin('/', dbl(d, s), nonZeroConstant());
          case 1 -> new Bin('/', constant(), positive(d, s));
          default -> new Bin('/', dbl(d, s), positive(d, s));
        };
      }
      case 2 -> {
        return new Neg(dbl(d, s));
      }
      case 3 -> {
        return unaryFunction(d, s);
      }
      case 4 -> {
        return binaryFunction(d, s);
      }
      case 5 -> {
        return new Cond(test(d, s), dbl(d, s), rnd.nextInt(4) == 0 ? constant() : dbl(d, s));
      }
      case 6 -> {
        return call(d, s);
      }
      case 8 -> {
        return assignmentValue(d, s);
      }
      case 9 -> {
        return new Helper("total", List.of(constantArray(s)), Type.DOUBLE);
      }
      case 10 -> {
        return ruleCall(d, s);
      }
      default -> {
        return new ToDouble(intExpr(1, s));
      }
    }
  }

  private Ex leaf(Scope s) {
    switch (choose(new double[] {6, 2, 2.5, 0.5, 0.4, has(Family.ARRAYS) ? 2.5 : 0})) {
      case 4:
        return fieldRef();
      case 5:
        return elementRead(s);
      case 0:
        return new Ref(pick(s.doubles), Type.DOUBLE);
      case 1:
        return constant();
      case 2: {
        String array = pick(s.arrays);
        return new Idx(array, index(array, s));
      }
      default:
        return new Ref(pick(s.ints), Type.INT);
    }
  }

  /** An index into an array of the class's array length. */
  private Ex index(String array, Scope s) {
    int r = rnd.nextInt(5);
    if (r <= 1 || s.ints.size() == 1 && s.indices.isEmpty()) {
      return new IntLit(rnd.nextInt(arrayLength));
    }
    if (r == 2 && !s.indices.isEmpty()) {
      return new Ref(pick(s.indices), Type.INT);
    }
    Ex base = intExpr(1, s);
    return new Bin('%', base, rnd.nextBoolean() ? new Len(array) : new IntLit(arrayLength));
  }

  /** A non-negative int expression. */
  private Ex intExpr(int depth, Scope s) {
    if (depth <= 0 || rnd.nextInt(3) == 0) {
      return switch (rnd.nextInt(4)) {
        case 0 -> new IntLit(rnd.nextInt(5));
        case 1 -> new Len(pick(s.arrays));
        default -> new Ref(pick(s.ints), Type.INT);
      };
    }
    return switch (rnd.nextInt(6)) {
      case 0, 1 -> new Bin('+', intExpr(depth - 1, s), intExpr(depth - 1, s));
      case 2 -> new Bin('*', intExpr(depth - 1, s), new IntLit(1 + rnd.nextInt(3)));
      case 3 -> new Bin('/', intExpr(depth - 1, s), new IntLit(1 + rnd.nextInt(3)));
      case 4 -> new Bin('%', intExpr(depth - 1, s), new IntLit(2 + rnd.nextInt(2)));
      default ->
        new IntFn(
            rnd.nextBoolean() ? "min" : "max", intExpr(depth - 1, s), new IntLit(rnd.nextInt(4)));
    };
  }

  private Ex fieldRef() {
    Ast.Field field = pick(fields);
    return new Ast.FieldRef(field.name(), field.value());
  }

  private Num constant() {
    if (rnd.nextBoolean()) {
      return new Num(pick(List.of(0.5, 1.0, 2.0, 0.25, 3.0, 1.5, 0.1, -1.0, -0.5, -2.0)));
    }
    return new Num(Math.round((rnd.nextDouble() * 6 - 3) * 1000) / 1000.0);
  }

  private Num nonZeroConstant() {
    Num c = constant();
    return Math.abs(c.value()) < 0.1 ? new Num(0.75) : c;
  }

  /** An expression whose value lies in [-1, 1]. */
  private Ex bounded(int depth, Scope s) {
    int d = Math.max(depth - 1, 0);
    return switch (rnd.nextInt(9)) {
      case 0, 1 -> new Fn(Func.SIN, List.of(dbl(d, s)));
      case 2 -> new Fn(Func.COS, List.of(dbl(d, s)));
      case 3, 4 -> new Fn(Func.TANH, List.of(dbl(d, s)));
      case 5 -> new Bin('-', new Fn(Func.SIGMOID, List.of(dbl(d, s))), new Num(0.5));
      case 6 -> new Bin('*', new Num(0.6), new Fn(Func.ATAN, List.of(dbl(d, s))));
      case 7 ->
        new Fn(
            Func.MAX, List.of(new Num(-1.0), new Fn(Func.MIN, List.of(new Num(1.0), dbl(d, s)))));
      default ->
        depth > 0
            ? new Cond(test(d, s), bounded(d, s), bounded(d, s))
            : new Fn(Func.SIN, List.of(leaf(s)));
    };
  }

  /** A bounded value times a constant of at most {@code scale}. */
  private Ex scaled(double scale, int depth, Scope s) {
    double k = Math.round(scale * (0.3 + 0.7 * rnd.nextDouble()) * 100) / 100.0;
    return new Bin('*', new Num(k), bounded(depth, s));
  }

  /** An expression whose value is at least 0.25. */
  private Ex positive(int depth, Scope s) {
    if (depth <= 0) {
      Ex x = leaf(s);
      return rnd.nextBoolean()
          ? new Bin('+', new Bin('*', x, x), new Num(0.5))
          : new Fn(Func.HYPOT, List.of(x, new Num(1.0)));
    }
    int d = depth - 1;
    switch (rnd.nextInt(13)) {
      case 0, 1: {
        Ex x = dbl(d, s);
        return new Bin('+', new Bin('*', x, x), new Num(pick(List.of(0.5, 1.0, 0.25))));
      }
      case 2:
        return new Bin('+', new Num(2.0), new Fn(Func.SIN, List.of(dbl(d, s))));
      case 3:
        return new Bin('+', new Num(1.5), new Fn(Func.COS, List.of(dbl(d, s))));
      case 4:
        return rnd.nextBoolean()
            ? new Fn(Func.HYPOT, List.of(dbl(d, s), new Num(1.0)))
            : new Fn(Func.HYPOT, List.of(new Num(0.5), dbl(d, s)));
      case 5:
        return new Fn(Func.EXP, List.of(bounded(d, s)));
      case 6:
        return new Bin('+', new Fn(Func.SOFTPLUS, List.of(dbl(d, s))), new Num(0.5));
      case 7:
        return new Bin('+', new Fn(Func.SIGMOID, List.of(dbl(d, s))), new Num(0.25));
      case 8:
        return new Fn(Func.COSH, List.of(scaled(2.0, d, s)));
      case 9:
        return new Bin('+', new Fn(Func.ABS, List.of(dbl(d, s))), new Num(0.5));
      case 10:
        return new Fn(Func.SQRT, List.of(positive(d, s)));
      case 11:
        return rnd.nextBoolean()
            ? new Bin('+', new Fn(Func.HYPOT, List.of(dbl(d, s), dbl(d, s))), new Num(0.5))
            : new Fn(Func.MAX, List.of(dbl(d, s), new Num(0.5)));
      default:
        return new Cond(test(d, s), positive(d, s), positive(d, s));
    }
  }

  private Ex unaryFunction(int d, Scope s) {
    Func f = pick(List.of(
        Func.SIN,
        Func.COS,
        Func.TAN,
        Func.EXP,
        Func.LOG,
        Func.LOG10,
        Func.SQRT,
        Func.TANH,
        Func.ATAN,
        Func.ASIN,
        Func.ACOS,
        Func.ABS,
        Func.EXPM1,
        Func.LOG1P,
        Func.CBRT,
        Func.SINH,
        Func.COSH,
        Func.SIGMOID,
        Func.SOFTPLUS,
        Func.RELU));
    Ex arg = switch (f) {
      case SIN, COS, ATAN, TANH, SIGMOID, SOFTPLUS, ABS, RELU, CBRT -> dbl(d, s);
      case EXP, EXPM1, SINH, COSH -> scaled(3.0, d, s);
      case TAN -> scaled(1.2, d, s);
      case ASIN, ACOS -> scaled(0.9, d, s);
      case LOG, LOG10, SQRT -> positive(d, s);
      case LOG1P -> rnd.nextBoolean() ? scaled(0.9, d, s) : positive(d, s);
      default -> throw new IllegalStateException(f.toString());
    };
    return new Fn(f, List.of(arg));
  }

  private Ex binaryFunction(int d, Scope s) {
    switch (rnd.nextInt(5)) {
      case 0:
        return new Fn(
            Func.ATAN2,
            rnd.nextBoolean() ? List.of(dbl(d, s), dbl(d, s)) : List.of(dbl(d, s), positive(d, s)));
      case 1:
        switch (rnd.nextInt(4)) {
          case 0:
            return new Fn(
                Func.POW,
                List.of(
                    positive(d, s),
                    new Num(pick(List.of(0.5, 1.5, -0.5, -1.0, 2.5, 0.3, 3.0, 2.0, -1.5)))));
          case 1:
            return new Fn(Func.POW, List.of(dbl(d, s), new Num(pick(List.of(2.0, 3.0, 4.0, 1.0)))));
          case 2:
            return new Fn(Func.POW, List.of(positive(d, s), scaled(2.0, d, s)));
          default:
            return new Fn(
                Func.POW, List.of(new Num(pick(List.of(1.3, 2.0, 0.7, 10.0))), scaled(2.0, d, s)));
        }
      case 2:
        return new Fn(
            Func.HYPOT,
            rnd.nextBoolean() ? List.of(dbl(d, s), dbl(d, s)) : List.of(dbl(d, s), constant()));
      default: {
        Func f = rnd.nextBoolean() ? Func.MIN : Func.MAX;
        Ex x = dbl(d, s);
        Ex y = rnd.nextInt(3) == 0 ? constant() : dbl(d, s);
        return new Fn(f, rnd.nextBoolean() ? List.of(x, y) : List.of(y, x));
      }
    }
  }

  /** A condition on values, active or not. */
  private Ex test(int depth, Scope s) {
    int d = Math.max(depth - 1, 0);
    String op = pick(List.of("<", "<=", ">", ">="));
    switch (choose(new double[] {
      6,
      2,
      1,
      1,
      0.5,
      s.booleans.isEmpty() ? 0 : 1,
      has(Family.CALLS) && !callable(s).isEmpty() ? 1.5 : 0,
      has(Family.CALLS) ? 1.5 : 0,
      has(Family.MISC) ? 0.3 : 0,
      ruleCallable() ? 1 : 0
    })) {
      case 0:
        return new Cmp(op, dbl(d, s), dbl(d, s));
      case 9:
        return new Cmp(op, ruleCall(d, s), rnd.nextBoolean() ? constant() : dbl(d, s));
      case 1:
        return new Cmp(op, dbl(d, s), constant());
      case 2:
        return rnd.nextBoolean()
            ? new Cmp(op, intExpr(1, s), dbl(d, s))
            : new Cmp(op, intExpr(1, s), intExpr(1, s));
      case 3:
        return new Logic(rnd.nextBoolean() ? "&&" : "||", test(d, s), test(d, s));
      case 4:
        return new Not(test(d, s));
      case 6:
        return new Cmp(op, call(d, s), constant());
      case 7:
        return helperTest(d, s);
      case 8:
        return new Cmp(
            op,
            new Helper("nargs", List.of(constant(), constant()), Type.INT),
            new IntLit(1 + rnd.nextInt(2)));
      default:
        return new Ref(pick(s.booleans), Type.BOOLEAN);
    }
  }

  /** The earlier methods a call here can afford. */
  private List<Method> callable(Scope s) {
    List<Method> out = new ArrayList<>();
    long left = BUDGET - cost;
    for (Method m : methods) {
      if (m.cost * s.multiplier * 2 <= left) {
        out.add(m);
      }
    }
    return out;
  }

  private Ex call(int d, Scope s) {
    List<Method> candidates = callable(s);
    // Prefer recent methods, which tend to call further ones in turn.
    Method target = candidates.get(candidates.size()
        - 1
        - Math.min(
            candidates.size() - 1, (int) Math.abs(rnd.nextGaussian() * candidates.size() / 3)));
    List<Ex> args = new ArrayList<>();
    for (int i = 0; i < target.params.size(); i++) {
      Param p = target.params.get(i);
      boolean extra = i >= 6;
      args.add(
          switch (p.type()) {
            case DOUBLE ->
              !p.differentiable()
                  ? constantScalar(s)
                  : extra
                      ? leaf(s)
                      : has(Family.SIDEFX) && !s.assignable.isEmpty() && rnd.nextInt(8) == 0
                          ? new AssignEx(pick(s.assignable), "=", dbl(Math.min(d, 1), s))
                          : dbl(d, s);
            case ARRAY -> p.differentiable() ? anyArray(d, s) : constantArray(s);
            case INT ->
              extra || rnd.nextBoolean()
                  ? (extra ? new IntLit(rnd.nextInt(MAX_N + 1)) : new Ref("n", Type.INT))
                  : new IntLit(rnd.nextInt(MAX_N + 1));
            case ARRAY2, ARRAY3 ->
              p.differentiable()
                  ? arrayArgument(p.type().rank(), s)
                  : constantArrayOfRank(p.type().rank(), s);
            default -> throw new IllegalStateException(p.toString());
          });
    }
    cost += target.cost * s.multiplier;
    return new Call(target, args);
  }

  /**
   * A call of a rule target: any arguments for the parameters its rule covers (active or not), an
   * int for {@code opqPow}'s k, and only constants for {@code opqW}'s y, which its rule leaves out.
   */
  private Ex ruleCall(int d, Scope s) {
    ruleDepth++;
    try {
      return ruleCallOf(pick(List.of(Ast.Target.values())), d, s);
    } finally {
      ruleDepth--;
    }
  }

  private boolean ruleCallable() {
    return has(Family.RULES) && (NESTED_RULES || ruleDepth == 0);
  }

  private Ex ruleCallOf(Ast.Target target, int d, Scope s) {
    List<Ex> args = switch (target) {
      case OPQ2 -> List.of(dbl(d, s), rnd.nextInt(4) == 0 ? constantScalar(s) : dbl(d, s));
      case OPQ_POW -> List.of(dbl(d, s), new IntFn("min", intExpr(1, s), new IntLit(3)));
      case OPQ_ARR ->
        List.of(
            has(Family.ARRAYS) && rnd.nextInt(3) == 0 ? arrayExpr(1, false, 1, s) : anyArray(d, s));
      case OPQ_W -> List.of(dbl(d, s), constantScalar(s));
    };
    return new Ast.RuleCall(target, args);
  }

  /** A value no derivative flows through, for a callee's constant parameter. */
  private Ex constantScalar(Scope s) {
    int r = rnd.nextInt(4);
    if (r == 0 && !s.constantScalars.isEmpty()) {
      return new Ref(pick(s.constantScalars), Type.DOUBLE);
    }
    if (r == 1 && !s.constantArrays.isEmpty()) {
      return new Idx(pick(s.constantArrays), new IntLit(rnd.nextInt(arrayLength)));
    }
    if (r == 2) {
      return rnd.nextBoolean() ? new IntLit(rnd.nextInt(4)) : fieldRef();
    }
    return constant();
  }

  private Ex constantArray(Scope s) {
    if (!s.constantArrays.isEmpty() && rnd.nextInt(3) != 0) {
      return new ArrRef(pick(s.constantArrays));
    }
    List<Ex> elements = new ArrayList<>();
    for (int i = 0; i < arrayLength; i++) {
      elements.add(constant());
    }
    return new ArrLit(elements);
  }

  private Ex anyArray(int d, Scope s) {
    return rnd.nextInt(4) == 0 ? arrayLiteral(Math.min(d, 1), s) : new ArrRef(pick(s.arrays));
  }

  // ---------------------------------------------------------------- widened families

  private boolean has(Family family) {
    return families.contains(family);
  }

  /**
   * The parameters after the classic six: a 2-D {@code m}, a 3-D {@code q}, scalars {@code p0...}
   * (now and then dozens of them, up to the JVM's 255 slots of a static method), and a constant
   * {@code value}, a name that only clashes with the gradient record when it is differentiable.
   */
  private List<Param> extraParameters(boolean explicitWrt) {
    List<Param> out = new ArrayList<>();
    // a, b, c take two slots each, w, data and n one each.
    int slots = 9;
    if (has(Family.ARRAYS) && rnd.nextInt(3) == 0) {
      out.add(new Param("m", Type.ARRAY2, !explicitWrt || rnd.nextInt(3) != 0));
      slots++;
    }
    if (has(Family.RANK3) && rnd.nextInt(5) == 0) {
      out.add(new Param("q", Type.ARRAY3, !explicitWrt || rnd.nextInt(3) != 0));
      slots++;
    }
    boolean named = has(Family.MISC) && explicitWrt && rnd.nextInt(10) == 0;
    if (named) {
      slots += 2;
    }
    if (has(Family.PARAMS) && rnd.nextInt(4) == 0) {
      // Long lists are mostly close to the limit: the gradient record and fused helpers get one
      // (two-slot) double per differentiable input, and must still stay within the JVM's limits.
      int length = rnd.nextInt(3);
      int count = length == 0
          ? 1 + rnd.nextInt(8)
          : length == 1 ? 20 + rnd.nextInt(104) : 110 + rnd.nextInt(14);
      boolean allDifferentiable = length == 2 && rnd.nextBoolean();
      for (int i = 0; i < count; i++) {
        boolean isInt = !allDifferentiable && rnd.nextInt(8) == 0;
        if (slots + (isInt ? 1 : 2) > 255) {
          break;
        }
        slots += isInt ? 1 : 2;
        out.add(
            isInt
                ? new Param("p" + i, Type.INT, false)
                : new Param(
                    "p" + i,
                    Type.DOUBLE,
                    !explicitWrt || allDifferentiable || rnd.nextInt(4) != 0));
      }
    }
    if (named) {
      out.add(new Param("value", Type.DOUBLE, false));
    }
    return out;
  }

  private static void addToScope(List<Param> extras, Scope s) {
    for (Param p : extras) {
      switch (p.type()) {
        case DOUBLE -> {
          s.doubles.add(p.name());
          if (!p.differentiable()) {
            s.constantScalars.add(p.name());
          }
        }
        case INT -> s.ints.add(p.name());
        case ARRAY2 -> {
          s.arrays2.add(p.name());
          if (!p.differentiable()) {
            s.constantArrays2.add(p.name());
          }
        }
        case ARRAY3 -> {
          s.arrays3.add(p.name());
          if (!p.differentiable()) {
            s.constantArrays3.add(p.name());
          }
        }
        default -> throw new IllegalStateException(p.toString());
      }
    }
  }

  /** Counters for side-effecting indices, and a first array of higher rank to work with. */
  private void prologue(List<St> body, Scope s) {
    if (has(Family.SIDEFX) && rnd.nextInt(3) != 0) {
      String name = fresh("j");
      body.add(new Decl(Type.INT, name, new IntLit(0)));
      s.counters.add(name);
    }
    if (has(Family.ARRAYS) && rnd.nextInt(3) != 0) {
      declareWide(body, s);
    }
    if (has(Family.ARRAYS) && rnd.nextInt(3) == 0) {
      aliasIdiom(body, s);
    }
  }

  /** The result, now and then plus a small multiple of the sum of all extra scalar parameters. */
  private Ex readExtras(Ex result, List<Param> extras, Scope s) {
    List<Ex> terms = new ArrayList<>();
    for (Param p : extras) {
      if (p.type() == Type.DOUBLE) {
        terms.add(new Ref(p.name(), Type.DOUBLE));
      }
    }
    if (terms.size() < 8 || rnd.nextInt(3) == 0) {
      return result;
    }
    // One expression over every scalar and array element: past 127 inputs a fused helper with one
    // double parameter per input would exceed the JVM's 255 parameter slots.
    for (String name : Ast.SCALARS) {
      terms.add(new Ref(name, Type.DOUBLE));
    }
    for (int i = 0; i < arrayLength; i++) {
      terms.add(new Idx("w", new IntLit(i)));
      terms.add(new Idx("data", new IntLit(i)));
    }
    Ex sum = terms.get(0);
    for (int i = 1; i < terms.size(); i++) {
      // Some products, so that partials depend on other parameters' values.
      Ex term = rnd.nextInt(4) == 0 ? new Bin('*', terms.get(i), pick(terms)) : terms.get(i);
      sum = new Bin('+', sum, term);
    }
    cost += terms.size() * 2L;
    return new Bin('+', result, new Bin('*', new Num(0.01), sum));
  }

  /** Whether the expression's array, at every level, was created in this method (not a caller's). */
  private static boolean owned(Ex e, Scope s) {
    if (e instanceof Ast.ArrLit || e instanceof ANew) {
      return true;
    }
    if (e instanceof Ast.ArrRef r) {
      return s.localArrays.contains(r.name());
    }
    if (e instanceof AVar v) {
      return switch (v.rank()) {
        case 1 -> s.localArrays.contains(v.name());
        case 2 -> s.owned2.contains(v.name());
        default -> s.owned3.contains(v.name());
      };
    }
    if (e instanceof ARow r) {
      return owned(r.array(), s);
    }
    if (e instanceof ACond c) {
      return owned(c.whenTrue(), s) && owned(c.whenFalse(), s);
    }
    if (e instanceof AClone c) {
      // A clone copies one level: the rows of a cloned 2-D array are the original's rows.
      return c.rank() == 1 || owned(c.array(), s);
    }
    if (e instanceof ALit l) {
      if (l.rank() == 1) {
        return true;
      }
      for (Ex element : l.elements()) {
        if (!owned(element, s)) {
          return false;
        }
      }
      return true;
    }
    throw new IllegalStateException(String.valueOf(e));
  }

  private List<String> named(int rank, boolean owned, Scope s) {
    return switch (rank) {
      case 1 -> owned ? s.localArrays : s.arrays;
      case 2 -> owned ? s.owned2 : s.arrays2;
      default -> owned ? s.owned3 : s.arrays3;
    };
  }

  /** Whether some array expression of {@code rank} (owned, when asked) can be formed. */
  private boolean canForm(int rank, boolean owned, Scope s) {
    if (rank > 3) {
      return false;
    }
    return !named(rank, owned, s).isEmpty() || canForm(rank + 1, owned, s);
  }

  /**
   * An array expression of {@code rank}: a variable, a row of an array of higher rank, or
   * {@code c ? x : y}; with {@code owned} only ones whose every level is local.
   */
  private Ex arrayExpr(int rank, boolean owned, int depth, Scope s) {
    List<String> names = named(rank, owned, s);
    boolean row = canForm(rank + 1, owned, s);
    int r = rnd.nextInt(8);
    if (depth > 0 && r == 0) {
      return new ACond(
          arrayTest(s),
          arrayExpr(rank, owned, depth - 1, s),
          arrayExpr(rank, owned, depth - 1, s),
          rank);
    }
    if (row && (names.isEmpty() || r <= 2)) {
      return new ARow(arrayExpr(rank + 1, owned, Math.max(depth - 1, 0), s), rowIndex(s), rank);
    }
    return new AVar(pick(names), rank);
  }

  /** The test of an array ?: : now and then {@code j++ == 0}, whose side effect must happen once. */
  private Ex arrayTest(Scope s) {
    if (has(Family.SIDEFX) && !s.counters.isEmpty() && rnd.nextInt(3) == 0) {
      return new Cmp(
          rnd.nextBoolean() ? "==" : "<",
          new PostInc(pick(s.counters)),
          new IntLit(rnd.nextInt(2)));
    }
    return test(1, s);
  }

  /** An index before the last one (of a row): with SIDEFX sometimes {@code j++ % L}. */
  private Ex rowIndex(Scope s) {
    if (has(Family.SIDEFX) && !s.counters.isEmpty() && rnd.nextInt(3) == 0) {
      return sideIndex(s);
    }
    return index(pick(s.arrays), s);
  }

  private Ex sideIndex(Scope s) {
    return new Bin('%', new PostInc(pick(s.counters)), new IntLit(arrayLength));
  }

  /** A last index for a compound write: pure; with MISC sometimes {@code Double.isNaN(x) ? 0 : 1}. */
  private Ex pureIndex(Scope s) {
    if (has(Family.MISC) && rnd.nextInt(5) == 0) {
      // Free of side effects (no calls, no assignments, no k++), as a compound write needs.
      String array = pick(s.arrays);
      Ex pure = new Bin(
          '-',
          new Ref(pick(s.doubles), Type.DOUBLE),
          new Idx(array, new IntLit(rnd.nextInt(arrayLength))));
      return new Cond(new IsNaN(pure), new IntLit(0), new IntLit(1));
    }
    return index(pick(s.arrays), s);
  }

  private Ex elementRead(Scope s) {
    Ex array = arrayExpr(1, false, 1, s);
    return new Elem(
        array,
        rnd.nextInt(6) == 0 && has(Family.SIDEFX) && !s.counters.isEmpty()
            ? sideIndex(s)
            : index(pick(s.arrays), s));
  }

  private boolean canWriteElement(Scope s) {
    return canForm(1, true, s);
  }

  /** {@code x[i] op= v} on any writable rank-1 array expression (a row, an alias, a ?:). */
  private St elementWrite(Scope s) {
    Ex array = arrayExpr(1, true, 1, s);
    String op = pick(List.of("=", "=", "+=", "-=", "*=", "/="));
    Ex index = op.equals("=") && has(Family.SIDEFX) && !s.counters.isEmpty() && rnd.nextInt(3) == 0
        ? sideIndex(s)
        : pureIndex(s);
    Ex target = new Elem(array, index);
    Ex value = compoundValue(op, s);
    charge(target, s);
    charge(value, s);
    return new Store(target, op, value);
  }

  /** {@code g[i] = row} into a local 2-D (or 3-D) array: the row is then shared, not copied. */
  private St rowStore(Scope s) {
    int rank = !s.owned3.isEmpty() && rnd.nextInt(3) == 0 ? 2 : 1;
    Ex container = arrayExpr(rank + 1, true, 0, s);
    Ex target = new ARow(container, rowIndex(s), rank);
    Ex value = ownedValue(rank, s);
    charge(target, s);
    charge(value, s);
    return new Store(target, "=", value);
  }

  /** A local array of {@code rank}: an existing one, a new one, a literal, or a 1-D clone. */
  private Ex ownedValue(int rank, Scope s) {
    int r = rnd.nextInt(4);
    if (r == 0 || !canForm(rank, true, s)) {
      if (rank == 1) {
        return rnd.nextBoolean() ? arrayLiteral(1, s) : new AClone(arrayExpr(1, false, 1, s), 1);
      }
      return new ANew(rank, arrayLength, rank);
    }
    return arrayExpr(rank, true, 1, s);
  }

  /** Declares an array local of rank 1, 2 or (with RANK3) 3, aliasing others in many ways. */
  private void declareWide(List<St> out, Scope s) {
    int rank = has(Family.RANK3) && rnd.nextInt(4) == 0 ? 3 : 1 + rnd.nextInt(2);
    String name = fresh(rank == 1 ? "t" : rank == 2 ? "g" : "h");
    Ex init;
    int r = rnd.nextInt(6);
    if (rank == 1) {
      init = r <= 2 ? arrayExpr(1, false, 1, s) : new AClone(arrayExpr(1, false, 1, s), 1);
    } else if (r == 0) {
      init = new ANew(rank, arrayLength, rank);
    } else if (r == 1 && rank == 2) {
      // new double[L][], then every row stored: rows may repeat (aliases of each other).
      init = new ANew(rank, arrayLength, 1);
    } else if (r <= 3) {
      boolean bare = rnd.nextBoolean();
      List<Ex> elements = new ArrayList<>();
      for (int i = 0; i < arrayLength; i++) {
        if (rank == 2 && rnd.nextInt(3) == 0) {
          List<Ex> doubles = new ArrayList<>();
          for (int k = 0; k < arrayLength; k++) {
            doubles.add(dbl(1, s));
          }
          elements.add(new ALit(doubles, 1, true));
        } else if (canForm(rank - 1, false, s)) {
          elements.add(arrayExpr(rank - 1, false, 1, s));
        } else {
          elements.add(new ANew(rank - 1, arrayLength, rank - 1));
        }
      }
      init = new ALit(elements, rank, bare);
    } else if (r == 4 && canForm(rank, false, s)) {
      init = new AClone(arrayExpr(rank, false, 1, s), rank);
    } else if (canForm(rank, false, s)) {
      init = arrayExpr(rank, false, 1, s);
    } else {
      init = new ANew(rank, arrayLength, rank);
    }
    charge(init, s);
    boolean owned = owned(init, s);
    out.add(new Decl(Type.array(rank), name, init));
    if (init instanceof ANew created && created.dims() < rank) {
      for (int i = 0; i < arrayLength; i++) {
        out.add(new Store(
            new ARow(new AVar(name, rank), new IntLit(i), rank - 1), "=", ownedValue(rank - 1, s)));
      }
    }
    named(rank, false, s).add(name);
    if (owned) {
      named(rank, true, s).add(name);
    }
  }

  /**
   * The shapes of issue 10's silently wrong aliasing: a 1-D local (often all constants) becomes a row
   * of a 2-D local (by a row store, an initializer, or a shallow clone of the 2-D array), one name is
   * written, and the returned value reads the element through both names.
   */
  private void aliasIdiom(List<St> out, Scope s) {
    String row = fresh("t");
    out.add(new Decl(
        Type.ARRAY,
        row,
        rnd.nextBoolean() ? new ANew(1, arrayLength, 1) : constantArray(new Scope())));
    s.arrays.add(row);
    s.localArrays.add(row);
    String grid = fresh("g");
    int at = rnd.nextInt(arrayLength);
    Ex rowRead;
    switch (rnd.nextInt(3)) {
      case 0 -> {
        out.add(new Decl(Type.ARRAY2, grid, new ANew(2, arrayLength, 1)));
        for (int i = 0; i < arrayLength; i++) {
          out.add(new Store(
              new ARow(new AVar(grid, 2), new IntLit(i), 1),
              "=",
              i == at || rnd.nextInt(3) == 0 ? new AVar(row, 1) : ownedValue(1, s)));
        }
        rowRead = new AVar(row, 1);
      }
      case 1 -> {
        List<Ex> rows = new ArrayList<>();
        for (int i = 0; i < arrayLength; i++) {
          rows.add(i == at || rnd.nextInt(3) == 0 ? new AVar(row, 1) : ownedValue(1, s));
        }
        out.add(new Decl(Type.ARRAY2, grid, new ALit(rows, 2, rnd.nextBoolean())));
        rowRead = new AVar(row, 1);
      }
      default -> {
        // g = base.clone(): g's rows are base's rows.
        String base = fresh("g");
        List<Ex> rows = new ArrayList<>();
        for (int i = 0; i < arrayLength; i++) {
          rows.add(i == at ? new AVar(row, 1) : new ANew(1, arrayLength, 1));
        }
        out.add(new Decl(
            Type.ARRAY2,
            base,
            rnd.nextBoolean() ? new ANew(2, arrayLength, 2) : new ALit(rows, 2, true)));
        out.add(new Decl(Type.ARRAY2, grid, new AClone(new AVar(base, 2), 2)));
        s.arrays2.add(base);
        s.owned2.add(base);
        rowRead = new ARow(new AVar(base, 2), new IntLit(at), 1);
      }
    }
    s.arrays2.add(grid);
    s.owned2.add(grid);
    int column = rnd.nextInt(arrayLength);
    Ex viaGrid = new Elem(new ARow(new AVar(grid, 2), new IntLit(at), 1), new IntLit(column));
    Ex viaRow = new Elem(rowRead, new IntLit(column));
    String op = pick(List.of("=", "=", "+=", "*="));
    Ex value = compoundValue(op, s);
    charge(value, s);
    boolean throughGrid = rnd.nextInt(3) != 0;
    out.add(new Store(throughGrid ? viaGrid : viaRow, op, value));
    s.probes.add(viaRow);
    s.probes.add(viaGrid);
  }

  /** {@code for (double[] r : g) {...}}: each r is a row, shared with g. */
  private St forEachRow(Scope s, int nesting) {
    Scope inner = s.copy();
    int rank = !s.arrays3.isEmpty() && rnd.nextInt(3) == 0 ? 3 : 2;
    Ex array = rank == 3 ? arrayExpr(3, false, 0, s) : arrayExpr(2, false, 1, s);
    charge(array, s);
    String variable = fresh("r");
    named(rank - 1, false, inner).add(variable);
    if (owned(array, s)) {
      named(rank - 1, true, inner).add(variable);
    }
    inner.multiplier *= arrayLength;
    inner.loops++;
    inner.breakable++;
    return new Ast.ForEachRow(variable, rank - 1, array, block(inner, nesting + 1));
  }

  /**
   * {@code for (double v : t) { t[i] = ...; v = v * x; ... }}: Java reads t[k] afresh in each
   * iteration, so the writes to later elements are seen; v is a local copy.
   */
  private St forEachWritten(Scope s, int nesting) {
    Scope inner = s.copy();
    String variable = fresh("v");
    String array = pick(s.localArrays);
    inner.doubles.add(variable);
    inner.assignable.add(variable);
    inner.multiplier *= arrayLength;
    inner.loops++;
    inner.breakable++;
    List<St> body = new ArrayList<>();
    // A constant write leaves t constant: the loop must still see it (issue 10).
    Ex value = rnd.nextBoolean() ? constant() : dbl(2, inner);
    charge(value, inner);
    body.add(new ArrAssign(array, index(array, inner), "=", value));
    if (rnd.nextBoolean()) {
      Ex scale = dbl(1, inner);
      charge(scale, inner);
      body.add(new Assign(variable, "=", new Bin('*', new Ref(variable, Type.DOUBLE), scale)));
    }
    body.addAll(block(inner, nesting + 1));
    return new ForEach(variable, array, body);
  }

  /**
   * An assignment used as a value: {@code (t = e)}, {@code x * (int) (t += 0.5)},
   * {@code (double) (int) (t = t + 1.0)} or {@code big(t = e) ? x : y}.
   */
  private Ex assignmentValue(int d, Scope s) {
    // Often the latest local: it may still be a temporary of a fused run, as in issue 10.
    String t = rnd.nextBoolean() ? s.assignable.get(s.assignable.size() - 1) : pick(s.assignable);
    return switch (rnd.nextInt(4)) {
      case 0 -> new AssignEx(t, "=", dbl(d, s));
      case 1 -> new Bin('*', dbl(d, s), new ToInt(new AssignEx(t, "+=", new Num(0.5))));
      case 2 ->
        new ToDouble(new ToInt(
            new AssignEx(t, "=", new Bin('+', new Ref(t, Type.DOUBLE), new Num(1.0)))));
      default ->
        new Cond(
            new Helper("big", List.of(new AssignEx(t, "=", dbl(d, s))), Type.BOOLEAN),
            dbl(d, s),
            dbl(d, s));
    };
  }

  /**
   * A condition on a plain helper: {@code big(x)} of any double, {@code pos(t)}, {@code count(g) > k}
   * and {@code total(t) < c} of constant arrays only, since the processor passes only scalar active
   * values to plain methods (it rejects an active array argument with a located error).
   */
  private Ex helperTest(int d, Scope s) {
    switch (rnd.nextInt(4)) {
      case 0:
        return new Helper("pos", List.of(constantArray(s)), Type.BOOLEAN);
      case 1:
        return new Cmp(
            pick(List.of("<", ">", ">=")),
            new Helper("count", List.of(constantArrayOfRank(2, s)), Type.INT),
            new IntLit(rnd.nextInt(arrayLength * arrayLength)));
      case 2:
        return new Cmp(
            pick(List.of("<", ">")),
            new Helper("total", List.of(constantArray(s)), Type.DOUBLE),
            constant());
      default:
        return new Helper("big", List.of(dbl(d, s)), Type.BOOLEAN);
    }
  }

  /** An argument for a differentiable 2-D or 3-D parameter. */
  private Ex arrayArgument(int rank, Scope s) {
    if (canForm(rank, false, s) && rnd.nextInt(4) != 0) {
      Ex array = arrayExpr(rank, false, 1, s);
      return rnd.nextInt(5) == 0 ? new AClone(array, rank) : array;
    }
    List<Ex> elements = new ArrayList<>();
    for (int i = 0; i < arrayLength; i++) {
      elements.add(rank == 2 ? anyArray(1, s) : arrayArgument(rank - 1, s));
    }
    return new ALit(elements, rank, false);
  }

  /** An argument no derivative flows through, for a constant 2-D or 3-D parameter. */
  private Ex constantArrayOfRank(int rank, Scope s) {
    List<String> constants = rank == 2 ? s.constantArrays2 : s.constantArrays3;
    if (!constants.isEmpty() && rnd.nextInt(3) != 0) {
      return new AVar(pick(constants), rank);
    }
    List<Ex> elements = new ArrayList<>();
    for (int i = 0; i < arrayLength; i++) {
      elements.add(rank == 2 ? constantArray(s) : constantArrayOfRank(rank - 1, s));
    }
    return new ALit(elements, rank, false);
  }

  // ---------------------------------------------------------------- choices

  private <T> T pick(List<T> options) {
    return options.get(rnd.nextInt(options.size()));
  }

  private int choose(double[] weights) {
    double total = 0;
    for (double w : weights) {
      total += w;
    }
    double r = rnd.nextDouble() * total;
    for (int i = 0; i < weights.length; i++) {
      r -= weights[i];
      if (r < 0 && weights[i] > 0) {
        return i;
      }
    }
    for (int i = weights.length - 1; i >= 0; i--) {
      if (weights[i] > 0) {
        return i;
      }
    }
    throw new IllegalStateException("no choice");
  }
}
