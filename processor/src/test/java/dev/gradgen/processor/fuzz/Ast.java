package dev.gradgen.processor.fuzz;

import java.util.List;

/**
 * The fuzzer's own tiny model of a generated {@code @Differentiable} program, independent of the
 * processor's model: {@link JavaPrinter} prints it as Java source and {@link DualInterpreter}
 * evaluates it with forward-mode dual numbers.
 *
 * <p>Every generated method has the signature
 * {@code static double mK(double a, double b, double c, double[] w, double[] data, int n)}; its
 * {@code wrt} picks which of those are differentiable. All expressions are free of side effects, so
 * evaluation order only matters for calls, which are pure.
 */
final class Ast {

  private Ast() {}

  /** The static type of an expression, by Java's rules for the generated subset. */
  enum Type { DOUBLE, INT, BOOLEAN, ARRAY }

  /** The scalar parameters every generated method has, in order, before {@code w, data, n}. */
  static final List<String> SCALARS = List.of("a", "b", "c");

  // ---------------------------------------------------------------- expressions

  sealed interface Ex permits Num, IntLit, Ref, Idx, Len, Neg, Bin, Fn, Cond, ToDouble, Call, ArrRef,
      ArrLit, Cmp, Logic, Not, IntFn, FieldRef {}

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

  /** The functions a body may call on doubles. */
  enum Func {
    SIN("Math.sin", 1), COS("Math.cos", 1), TAN("Math.tan", 1), EXP("Math.exp", 1),
    LOG("Math.log", 1), LOG10("Math.log10", 1), SQRT("Math.sqrt", 1), TANH("Math.tanh", 1),
    ATAN("Math.atan", 1), ASIN("Math.asin", 1), ACOS("Math.acos", 1), ABS("Math.abs", 1),
    EXPM1("Math.expm1", 1), LOG1P("Math.log1p", 1), CBRT("Math.cbrt", 1), SINH("Math.sinh", 1),
    COSH("Math.cosh", 1), SIGMOID("Activations.sigmoid", 1), SOFTPLUS("Activations.softplus", 1),
    RELU("Activations.relu", 1),
    ATAN2("Math.atan2", 2), POW("Math.pow", 2), HYPOT("Math.hypot", 2), MIN("Math.min", 2),
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
          ? Type.INT : Type.DOUBLE;
    }
    if (e instanceof Neg neg) {
      return typeOf(neg.operand());
    }
    if (e instanceof Cond cond) {
      return typeOf(cond.whenTrue()) == Type.INT && typeOf(cond.whenFalse()) == Type.INT
          ? Type.INT : Type.DOUBLE;
    }
    if (e instanceof Cmp || e instanceof Logic || e instanceof Not) {
      return Type.BOOLEAN;
    }
    if (e instanceof ArrRef || e instanceof ArrLit) {
      return Type.ARRAY;
    }
    return Type.DOUBLE;
  }

  // ---------------------------------------------------------------- statements

  sealed interface St permits Decl, ArrDecl, Assign, ArrAssign, IntInc, DoubleInc, If, For, ForEach,
      While, DoWhile, Switch, Break, Continue, Return {}

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
  enum ArrInit { NEW, LITERAL, CLONE }

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

    Method(String name, int index, boolean[] scalarDifferentiable, boolean wDifferentiable,
        boolean dataDifferentiable, boolean explicitWrt, String visibility) {
      this.name = name;
      this.index = index;
      this.scalarDifferentiable = scalarDifferentiable;
      this.wDifferentiable = wDifferentiable;
      this.dataDifferentiable = dataDifferentiable;
      this.explicitWrt = explicitWrt;
      this.visibility = visibility;
    }

    boolean scalarDifferentiable(String name) {
      return scalarDifferentiable[SCALARS.indexOf(name)];
    }
  }

  /** A static double field of a generated class. */
  record Field(String name, double value, boolean isFinal) {}

  /** One generated class: its fields, and its methods in order, each calling only earlier ones. */
  record ClassProgram(String simpleName, long seed, int arrayLength, List<Field> fields,
      List<Method> methods) {
    String qualifiedName() {
      return "p." + simpleName;
    }
  }
}
