package dev.gradgen.processor.fuzz;

import java.util.List;

/**
 * The fuzzer's own tiny model of a generated {@code @Differentiable} program, independent of the
 * processor's model: {@link JavaPrinter} prints it as Java source and {@link DualInterpreter}
 * evaluates it with forward-mode dual numbers.
 *
 * <p>Every generated method has the signature
 * {@code static double mK(double a, double b, double c, double[] w, double[] data, int n, ...)}, the
 * dots being the extra parameters of the widened families (none in the classic subset); its
 * {@code wrt} picks which of those are differentiable. Classic expressions are free of side effects;
 * those of the widened families ({@code k++}, assignment expressions) are evaluated in Java's order
 * by the interpreter.
 */
final class Ast {

  private Ast() {}

  /** The static type of an expression, by Java's rules for the generated subset. */
  enum Type {
    DOUBLE,
    INT,
    BOOLEAN,
    ARRAY,
    ARRAY2,
    ARRAY3;

    /** The array type of rank 1, 2 or 3. */
    static Type array(int rank) {
      return switch (rank) {
        case 1 -> ARRAY;
        case 2 -> ARRAY2;
        case 3 -> ARRAY3;
        default -> throw new IllegalArgumentException("rank " + rank);
      };
    }

    /** 0 for scalars, else the number of dimensions. */
    int rank() {
      return switch (this) {
        case ARRAY -> 1;
        case ARRAY2 -> 2;
        case ARRAY3 -> 3;
        default -> 0;
      };
    }

    /** The Java spelling of the type. */
    String java() {
      return switch (this) {
        case DOUBLE -> "double";
        case INT -> "int";
        case BOOLEAN -> "boolean";
        default -> "double" + "[]".repeat(rank());
      };
    }
  }

  /** The scalar parameters every generated method has, in order, before {@code w, data, n}. */
  static final List<String> SCALARS = List.of("a", "b", "c");

  // ---------------------------------------------------------------- expressions

  sealed interface Ex
      permits Num,
          IntLit,
          Ref,
          Idx,
          Len,
          Neg,
          Bin,
          Fn,
          Cond,
          ToDouble,
          Call,
          ArrRef,
          ArrLit,
          Cmp,
          Logic,
          Not,
          IntFn,
          FieldRef,
          AVar,
          ARow,
          Elem,
          ACond,
          AClone,
          ANew,
          ALit,
          PostInc,
          AssignEx,
          ToInt,
          Helper,
          IsNaN,
          RuleCall {}

  /** A double literal. */
  record Num(double value) implements Ex {}

  /** An int literal (non-negative). */
  record IntLit(int value) implements Ex {}

  /** A variable of type DOUBLE, INT or BOOLEAN. */
  record Ref(String name, Type type) implements Ex {}

  /** {@code array[index]}, a double. */
  record Idx(String array, Ex index) implements Ex {}

  /** {@code array.length}, an int. */
  record Len(String array) implements Ex {}

  /** {@code -e}. */
  record Neg(Ex operand) implements Ex {}

  /**
   * {@code l op r} for op in + - * / % ; an int when both operands are ints (then % may appear),
   * otherwise a double by binary numeric promotion.
   */
  record Bin(char op, Ex left, Ex right) implements Ex {}

  /** A Math or Activations function of one or two double arguments. */
  record Fn(Func function, List<Ex> args) implements Ex {}

  /** {@code test ? whenTrue : whenFalse}, a double. */
  record Cond(Ex test, Ex whenTrue, Ex whenFalse) implements Ex {}

  /** {@code (double) intExpression}. */
  record ToDouble(Ex operand) implements Ex {}

  /** A call of an earlier generated method of the same class; args follow its signature. */
  record Call(Method target, List<Ex> args) implements Ex {}

  /** An array variable, as a call argument. */
  record ArrRef(String name) implements Ex {}

  /** {@code new double[] {e, ...}}, as a call argument or a local array's initializer. */
  record ArrLit(List<Ex> elements) implements Ex {}

  /** A comparison {@code l op r} with op in {@code < <= > >=}. */
  record Cmp(String op, Ex left, Ex right) implements Ex {}

  /** {@code l && r} or {@code l || r}. */
  record Logic(String op, Ex left, Ex right) implements Ex {}

  /** {@code !e}. */
  record Not(Ex operand) implements Ex {}

  /** A static double field of the class, read only; its value is part of the program. */
  record FieldRef(String name, double value) implements Ex {}

  /** {@code Math.min(int, int)} or {@code Math.max(int, int)}: a plain integer function. */
  record IntFn(String name, Ex left, Ex right) implements Ex {}

  // Expressions of the widened families (never drawn in the classic family). Every array of every
  // rank has the class's array length in each dimension, so any index that fits one array fits all.

  /** An array variable of the given rank. */
  record AVar(String name, int rank) implements Ex {}

  /** {@code array[index]} where array has rank {@code rank + 1}: a row (sub-array) of rank rank. */
  record ARow(Ex array, Ex index, int rank) implements Ex {}

  /** {@code array[index]} on any rank-1 array expression, a double. */
  record Elem(Ex array, Ex index) implements Ex {}

  /** {@code test ? a : b} on arrays: an alias of one of them. */
  record ACond(Ex test, Ex whenTrue, Ex whenFalse, int rank) implements Ex {}

  /** {@code array.clone()}: a new outer array whose elements (rows, for rank 2 and 3) are shared. */
  record AClone(Ex array, int rank) implements Ex {}

  /**
   * {@code new double[L][L]...} with {@code dims} of its {@code rank} dimensions given: every
   * element 0, or, when dims < rank, null rows (which the generator stores right after).
   */
  record ANew(int rank, int length, int dims) implements Ex {}

  /**
   * {@code new double[][] {e, ...}} of the given rank, or the bare initializer {@code {e, ...}} when
   * {@code bare} (only in a declaration or inside another initializer); the elements are doubles for
   * rank 1, otherwise arrays of rank - 1, which the new array holds by reference.
   */
  record ALit(List<Ex> elements, int rank, boolean bare) implements Ex {}

  /** {@code k++} on an int local: the old value, then k is one more. */
  record PostInc(String name) implements Ex {}

  /** {@code (t op value)} on a double local, used as a value: the value stored. */
  record AssignEx(String name, String op, Ex value) implements Ex {}

  /** {@code (int) e} of a double expression, an int (truncated toward zero, Java's d2i). */
  record ToInt(Ex operand) implements Ex {}

  /** A call of one of the class's plain helpers ({@link Helpers}), with result type {@code type}. */
  record Helper(String name, List<Ex> args, Type type) implements Ex {}

  /** {@code Double.isNaN(e)}, a boolean. */
  record IsNaN(Ex operand) implements Ex {}

  /**
   * A call of one of the class's opaque rule targets ({@link JavaPrinter#RULES}), a double; the
   * processor differentiates it only through the target's {@code @DerivativeOf} rule.
   */
  record RuleCall(Target target, List<Ex> args) implements Ex {}

  /**
   * The opaque targets of the {@code rules} family: plain static methods whose bodies gradgen never
   * reads, with the parameter types their arguments must have.
   */
  enum Target {
    /** {@code x * sin(y) + y * y}, behind a try/catch; its rule covers x and y. */
    OPQ2("opq2", List.of(Type.DOUBLE, Type.DOUBLE)),
    /** {@code cos(x) * x^k} by a loop; its rule covers x (k is an int). */
    OPQ_POW("opqPow", List.of(Type.DOUBLE, Type.INT)),
    /** {@code sqrt(1 + sum v[i]^2)} by an enhanced for; its rule covers every element. */
    OPQ_ARR("opqArr", List.of(Type.ARRAY)),
    /** {@code x * exp(-y * y) + atan(y)}; its rule covers x only ({@code wrt = {"x"}}). */
    OPQ_W("opqW", List.of(Type.DOUBLE, Type.DOUBLE));

    final String javaName;
    final List<Type> params;

    Target(String javaName, List<Type> params) {
      this.javaName = javaName;
      this.params = params;
    }
  }

  /** The functions a body may call on doubles. */
  enum Func {
    SIN("Math.sin", 1),
    COS("Math.cos", 1),
    TAN("Math.tan", 1),
    EXP("Math.exp", 1),
    LOG("Math.log", 1),
    LOG10("Math.log10", 1),
    SQRT("Math.sqrt", 1),
    TANH("Math.tanh", 1),
    ATAN("Math.atan", 1),
    ASIN("Math.asin", 1),
    ACOS("Math.acos", 1),
    ABS("Math.abs", 1),
    EXPM1("Math.expm1", 1),
    LOG1P("Math.log1p", 1),
    CBRT("Math.cbrt", 1),
    SINH("Math.sinh", 1),
    COSH("Math.cosh", 1),
    SIGMOID("Activations.sigmoid", 1),
    SOFTPLUS("Activations.softplus", 1),
    RELU("Activations.relu", 1),
    ATAN2("Math.atan2", 2),
    POW("Math.pow", 2),
    HYPOT("Math.hypot", 2),
    MIN("Math.min", 2),
    MAX("Math.max", 2);

    final String javaName;
    final int arity;

    Func(String javaName, int arity) {
      this.javaName = javaName;
      this.arity = arity;
    }
  }

  static Type typeOf(Ex e) {
    if (e instanceof IntLit || e instanceof Len || e instanceof IntFn) {
      return Type.INT;
    }
    if (e instanceof Ref ref) {
      return ref.type();
    }
    if (e instanceof Bin bin) {
      return typeOf(bin.left()) == Type.INT && typeOf(bin.right()) == Type.INT
          ? Type.INT
          : Type.DOUBLE;
    }
    if (e instanceof Neg neg) {
      return typeOf(neg.operand());
    }
    if (e instanceof Cond cond) {
      return typeOf(cond.whenTrue()) == Type.INT && typeOf(cond.whenFalse()) == Type.INT
          ? Type.INT
          : Type.DOUBLE;
    }
    if (e instanceof Cmp || e instanceof Logic || e instanceof Not) {
      return Type.BOOLEAN;
    }
    if (e instanceof ArrRef || e instanceof ArrLit) {
      return Type.ARRAY;
    }
    if (e instanceof AVar x) {
      return Type.array(x.rank());
    }
    if (e instanceof ARow x) {
      return Type.array(x.rank());
    }
    if (e instanceof ACond x) {
      return Type.array(x.rank());
    }
    if (e instanceof AClone x) {
      return Type.array(x.rank());
    }
    if (e instanceof ANew x) {
      return Type.array(x.rank());
    }
    if (e instanceof ALit x) {
      return Type.array(x.rank());
    }
    if (e instanceof PostInc || e instanceof ToInt) {
      return Type.INT;
    }
    if (e instanceof Helper h) {
      return h.type();
    }
    if (e instanceof IsNaN) {
      return Type.BOOLEAN;
    }
    return Type.DOUBLE;
  }

  /** The direct subexpressions of {@code e}, in Java's evaluation order. */
  static List<Ex> children(Ex e) {
    if (e instanceof Idx x) {
      return List.of(x.index());
    } else if (e instanceof Neg x) {
      return List.of(x.operand());
    } else if (e instanceof Bin x) {
      return List.of(x.left(), x.right());
    } else if (e instanceof Fn x) {
      return x.args();
    } else if (e instanceof Cond x) {
      return List.of(x.test(), x.whenTrue(), x.whenFalse());
    } else if (e instanceof ToDouble x) {
      return List.of(x.operand());
    } else if (e instanceof Call x) {
      return x.args();
    } else if (e instanceof ArrLit x) {
      return x.elements();
    } else if (e instanceof Cmp x) {
      return List.of(x.left(), x.right());
    } else if (e instanceof Logic x) {
      return List.of(x.left(), x.right());
    } else if (e instanceof Not x) {
      return List.of(x.operand());
    } else if (e instanceof IntFn x) {
      return List.of(x.left(), x.right());
    } else if (e instanceof ARow x) {
      return List.of(x.array(), x.index());
    } else if (e instanceof Elem x) {
      return List.of(x.array(), x.index());
    } else if (e instanceof ACond x) {
      return List.of(x.test(), x.whenTrue(), x.whenFalse());
    } else if (e instanceof AClone x) {
      return List.of(x.array());
    } else if (e instanceof ALit x) {
      return x.elements();
    } else if (e instanceof AssignEx x) {
      return List.of(x.value());
    } else if (e instanceof ToInt x) {
      return List.of(x.operand());
    } else if (e instanceof Helper x) {
      return x.args();
    } else if (e instanceof IsNaN x) {
      return List.of(x.operand());
    } else if (e instanceof RuleCall x) {
      return x.args();
    }
    return List.of();
  }

  // ---------------------------------------------------------------- statements

  sealed interface St
      permits Decl,
          ArrDecl,
          Assign,
          ArrAssign,
          IntInc,
          DoubleInc,
          If,
          For,
          ForEach,
          While,
          DoWhile,
          Switch,
          Break,
          Continue,
          Return,
          Store,
          ForEachRow,
          Throw {}

  /**
   * {@code type name = init;} for a double, int, boolean or array local; {@code var name = init;}
   * when {@code var} (only for inits whose Java type is the declared one).
   */
  record Decl(Type type, String name, Ex init, boolean var) implements St {
    Decl(Type type, String name, Ex init) {
      this(type, name, init, false);
    }
  }

  /** How a local array starts. */
  enum ArrInit {
    NEW,
    LITERAL,
    CLONE
  }

  /**
   * {@code double[] name = new double[length]}, {@code = new double[] {...}} (init is an ArrLit) or
   * {@code = source.clone()}.
   */
  record ArrDecl(String name, ArrInit kind, int length, Ex literal, String source) implements St {}

  /** {@code name op value;} with op in {@code = += -= *= /=}, on a double or int local. */
  record Assign(String name, String op, Ex value) implements St {}

  /** {@code array[index] op value;} on a local array. */
  record ArrAssign(String array, Ex index, String op, Ex value) implements St {}

  /** {@code name++;} on an int local. */
  record IntInc(String name) implements St {}

  /** {@code name++;}, {@code ++name;}, {@code name--;} or {@code --name;} on a double local. */
  record DoubleInc(String name, boolean increment, boolean prefix) implements St {}

  /** {@code if (test) {...} else {...}}; otherwise may be null. */
  record If(Ex test, List<St> then, List<St> otherwise) implements St {}

  /**
   * {@code label: for (int i = 0; i < bound; i++) {...}}, or counting down from bound - 1 to 0;
   * label may be null.
   */
  record For(String label, String counter, Ex bound, boolean down, List<St> body) implements St {}

  /** {@code for (double v : array) {...}}. */
  record ForEach(String variable, String array, List<St> body) implements St {}

  /**
   * {@code label: while (counter < bound && test) { counter++; body }}, the int counter declared
   * before; test may be null. Incrementing first keeps {@code continue} from looping forever.
   */
  record While(String label, String counter, Ex bound, Ex test, List<St> body) implements St {}

  /**
   * {@code label: do { counter++; body } while (counter < bound && test);}, the int counter declared
   * before; test may be null.
   */
  record DoWhile(String label, String counter, Ex bound, Ex test, List<St> body) implements St {}

  /** One case of a switch: its int labels (none for default) and statements. */
  record Case(List<Integer> labels, List<St> body, boolean breakAtEnd) {}

  /**
   * {@code switch (selector) {...}} on an int, in arrow form or classic form (where a case without
   * a break at its end falls through into the next).
   */
  record Switch(Ex selector, List<Case> cases, boolean arrow) implements St {}

  /** {@code break;} or {@code break label;}. */
  record Break(String label) implements St {}

  /** {@code continue;} or {@code continue label;}. */
  record Continue(String label) implements St {}

  /** {@code return value;}. */
  record Return(Ex value) implements St {}

  /**
   * {@code target op value;} where target is an {@link Elem} (a double element, any op) or an
   * {@link ARow} (a row of a 2-D or 3-D array, op "=" and an array value); the target's array and
   * index expressions may have side effects, which Java evaluates once, left to right, before the
   * value.
   */
  record Store(Ex target, String op, Ex value) implements St {}

  /** {@code for (double[] row : array) {...}} over a 2-D array (or rows of rank 2 of a 3-D one). */
  record ForEachRow(String variable, int rowRank, Ex array, List<St> body) implements St {}

  /**
   * {@code if (n < 0) throw new IllegalArgumentException(String.format("n=%d", n));}: never taken
   * (n is never negative), but it must compile.
   */
  record Throw(String intVariable) implements St {}

  // ---------------------------------------------------------------- methods

  /** One generated method. */
  static final class Method {
    final String name;
    final int index;
    /** Which of a, b, c are differentiable. */
    final boolean[] scalarDifferentiable;

    final boolean wDifferentiable;
    final boolean dataDifferentiable;
    /** Whether the annotation spells out {@code wrt}; without it every double-based parameter is. */
    final boolean explicitWrt;
    /** "", "private ", "public ". */
    final String visibility;

    List<St> body;
    /** An upper bound on the nodes one call evaluates, callees included. */
    long cost;
    /** Whether it returns {@code double[]} (see {@link VectorPrograms}); never a callee then. */
    boolean vector;

    /**
     * Every parameter in order: the classic six {@code a, b, c, w, data, n}, then any extras of the
     * widened families (2-D and 3-D arrays, long lists of scalars).
     */
    final List<Param> params;

    Method(
        String name,
        int index,
        boolean[] scalarDifferentiable,
        boolean wDifferentiable,
        boolean dataDifferentiable,
        boolean explicitWrt,
        String visibility) {
      this(
          name,
          index,
          scalarDifferentiable,
          wDifferentiable,
          dataDifferentiable,
          explicitWrt,
          visibility,
          List.of());
    }

    Method(
        String name,
        int index,
        boolean[] scalarDifferentiable,
        boolean wDifferentiable,
        boolean dataDifferentiable,
        boolean explicitWrt,
        String visibility,
        List<Param> extras) {
      this.name = name;
      this.index = index;
      this.scalarDifferentiable = scalarDifferentiable;
      this.wDifferentiable = wDifferentiable;
      this.dataDifferentiable = dataDifferentiable;
      this.explicitWrt = explicitWrt;
      this.visibility = visibility;
      List<Param> all = new java.util.ArrayList<>();
      for (int i = 0; i < SCALARS.size(); i++) {
        all.add(new Param(SCALARS.get(i), Type.DOUBLE, scalarDifferentiable[i]));
      }
      all.add(new Param("w", Type.ARRAY, wDifferentiable));
      all.add(new Param("data", Type.ARRAY, dataDifferentiable));
      all.add(new Param("n", Type.INT, false));
      all.addAll(extras);
      this.params = List.copyOf(all);
    }

    boolean scalarDifferentiable(String name) {
      return scalarDifferentiable[SCALARS.indexOf(name)];
    }
  }

  /** A parameter: a double, an int, or a double array of rank 1 to 3; ints are never differentiable. */
  record Param(String name, Type type, boolean differentiable) {}

  /** A static double field of a generated class. */
  record Field(String name, double value, boolean isFinal) {}

  /**
   * One generated class: its fields, and its methods in order, each calling only earlier ones; with
   * {@code helpers} it also has the plain helpers, with {@code rules} the rule targets and rules.
   */
  record ClassProgram(
      String simpleName,
      long seed,
      int arrayLength,
      List<Field> fields,
      List<Method> methods,
      boolean helpers,
      boolean rules) {
    ClassProgram(
        String simpleName, long seed, int arrayLength, List<Field> fields, List<Method> methods) {
      this(simpleName, seed, arrayLength, fields, methods, false, false);
    }

    String qualifiedName() {
      return "p." + simpleName;
    }
  }
}
