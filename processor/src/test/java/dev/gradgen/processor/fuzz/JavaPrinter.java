package dev.gradgen.processor.fuzz;

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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Prints the fuzzer's programs as Java source. */
final class JavaPrinter {

  /**
   * The plain (not differentiable) helpers of a class of the widened families; {@link
   * DualInterpreter} implements each on its own. Only {@code total} and {@code nargs} return a
   * double-derived value from arrays, so they are only ever called with constant arguments.
   */
  static final String HELPERS = """
      static boolean big(double v) {
        return v > 0.1;
      }

      static boolean pos(double[] v) {
        return v[0] > 0.25;
      }

      static int count(double[][] m) {
        int k = 0;
        for (double[] r : m) {
          for (double e : r) {
            if (e > 0.0) {
              k++;
            }
          }
        }
        return k;
      }

      static double total(double[] v) {
        double s = 0.0;
        for (double e : v) {
          s += e;
        }
        return s;
      }

      static int nargs(double... v) {
        return v.length;
      }
      """;

  /**
   * The opaque targets of the {@code rules} family ({@link Ast.Target}) and their
   * {@code @DerivativeOf} rules. The bodies use constructs outside the subset (try/catch, a lambda)
   * or are plain methods, which gradgen never reads; {@link DualInterpreter} evaluates each target
   * on its own with dual numbers, so a wrong rule shows as a wrong partial.
   */
  static final String RULES = """
      static double opq2(double x, double y) {
        try {
          return x * Math.sin(y) + y * y;
        } catch (RuntimeException e) {
          throw new IllegalStateException(e);
        }
      }

      @DerivativeOf(method = "opq2")
      static double[] opq2Partials(double x, double y) {
        return new double[] {Math.sin(y), x * Math.cos(y) + 2.0 * y};
      }

      static double opqPow(double x, int k) {
        java.util.function.DoubleUnaryOperator times = v -> v * x;
        double r = Math.cos(x);
        for (int i = 0; i < k; i++) {
          r = times.applyAsDouble(r);
        }
        return r;
      }

      @DerivativeOf(method = "opqPow")
      static double opqPowPartial(double x, int k) {
        if (k <= 0) {
          return -Math.sin(x);
        }
        return -Math.sin(x) * Math.pow(x, k) + k * Math.cos(x) * Math.pow(x, k - 1);
      }

      static double opqArr(double[] v) {
        double s = 1.0;
        for (double e : v) {
          s += e * e;
        }
        return Math.sqrt(s);
      }

      @DerivativeOf(method = "opqArr")
      static double[] opqArrPartials(double[] v) {
        double s = 1.0;
        for (double e : v) {
          s += e * e;
        }
        double r = Math.sqrt(s);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
          out[i] = v[i] / r;
        }
        return out;
      }

      static double opqW(double x, double y) {
        return x * Math.exp(-y * y) + Math.atan(y);
      }

      @DerivativeOf(method = "opqW", wrt = {"x"})
      static double opqWPartial(double x, double y) {
        return Math.exp(-y * y);
      }
      """;

  private final StringBuilder out = new StringBuilder();
  private int indent;
  /**
   * The methods of a program with rules are of order 1: the rules' partials are no
   * {@code @Differentiable} methods (they use try/catch and lambdas), so second derivatives cannot
   * go through them, and an order-2 method may not call an order-1 one.
   */
  private boolean firstOrder;

  private JavaPrinter() {}

  /** The whole compilation unit of a generated class. */
  static String print(ClassProgram program) {
    return print(program, program.methods());
  }

  /** A compilation unit of the class holding only {@code methods} (for failure reports). */
  static String print(ClassProgram program, List<Method> methods) {
    JavaPrinter p = new JavaPrinter();
    p.firstOrder = program.rules();
    p.line("package p;");
    p.line("");
    p.line("import dev.gradgen.Activations;");
    if (program.rules()) {
      p.line("import dev.gradgen.DerivativeOf;");
    }
    p.line("import dev.gradgen.Differentiable;");
    p.line("");
    p.line("class " + program.simpleName() + " {");
    p.indent++;
    for (Ast.Field field : program.fields()) {
      p.line((field.isFinal() ? "static final double " : "static double ") + field.name() + " = "
          + field.value() + ";");
    }
    if (program.helpers()) {
      for (String helperLine : HELPERS.split("\n")) {
        p.line(helperLine);
      }
    }
    if (program.rules()) {
      for (String ruleLine : RULES.split("\n")) {
        p.line(ruleLine);
      }
    }
    for (Method m : methods) {
      p.method(m);
    }
    p.indent--;
    p.line("}");
    return p.out.toString();
  }

  /** {@code m} and every method it calls, directly or not, in declaration order. */
  static List<Method> closure(Method m) {
    Set<Method> seen = new LinkedHashSet<>();
    collect(m, seen);
    List<Method> out = new ArrayList<>(seen);
    out.sort((x, y) -> Integer.compare(x.index, y.index));
    return out;
  }

  private static void collect(Method m, Set<Method> seen) {
    if (seen.add(m)) {
      forEachCall(m.body, call -> collect(call.target(), seen));
    }
  }

  private static void forEachCall(List<St> body, java.util.function.Consumer<Call> action) {
    for (St st : body) {
      List<Ex> exprs = new ArrayList<>();
      List<List<St>> blocks = new ArrayList<>();
      if (st instanceof Decl d) {
        exprs.add(d.init());
      } else if (st instanceof Ast.DoWhile w) {
        exprs.add(w.bound());
        if (w.test() != null) {
          exprs.add(w.test());
        }
        blocks.add(w.body());
      } else if (st instanceof Ast.Switch sw) {
        exprs.add(sw.selector());
        for (Ast.Case c : sw.cases()) {
          blocks.add(c.body());
        }
      } else if (st instanceof ArrDecl d && d.literal() != null) {
        exprs.add(d.literal());
      } else if (st instanceof Assign a) {
        exprs.add(a.value());
      } else if (st instanceof ArrAssign a) {
        exprs.add(a.index());
        exprs.add(a.value());
      } else if (st instanceof If i) {
        exprs.add(i.test());
        blocks.add(i.then());
        if (i.otherwise() != null) {
          blocks.add(i.otherwise());
        }
      } else if (st instanceof For f) {
        exprs.add(f.bound());
        blocks.add(f.body());
      } else if (st instanceof ForEach f) {
        blocks.add(f.body());
      } else if (st instanceof While w) {
        exprs.add(w.bound());
        if (w.test() != null) {
          exprs.add(w.test());
        }
        blocks.add(w.body());
      } else if (st instanceof Return r) {
        exprs.add(r.value());
      } else if (st instanceof Store x) {
        exprs.add(x.target());
        exprs.add(x.value());
      } else if (st instanceof Ast.ForEachRow x) {
        exprs.add(x.array());
        blocks.add(x.body());
      }
      for (Ex e : exprs) {
        forEachCall(e, action);
      }
      for (List<St> block : blocks) {
        forEachCall(block, action);
      }
    }
  }

  private static void forEachCall(Ex e, java.util.function.Consumer<Call> action) {
    if (e instanceof Call call) {
      action.accept(call);
      call.args().forEach(a -> forEachCall(a, action));
    } else if (e instanceof Idx x) {
      forEachCall(x.index(), action);
    } else if (e instanceof Neg x) {
      forEachCall(x.operand(), action);
    } else if (e instanceof Bin x) {
      forEachCall(x.left(), action);
      forEachCall(x.right(), action);
    } else if (e instanceof Fn x) {
      x.args().forEach(a -> forEachCall(a, action));
    } else if (e instanceof Cond x) {
      forEachCall(x.test(), action);
      forEachCall(x.whenTrue(), action);
      forEachCall(x.whenFalse(), action);
    } else if (e instanceof ToDouble x) {
      forEachCall(x.operand(), action);
    } else if (e instanceof ArrLit x) {
      x.elements().forEach(a -> forEachCall(a, action));
    } else if (e instanceof Cmp x) {
      forEachCall(x.left(), action);
      forEachCall(x.right(), action);
    } else if (e instanceof Logic x) {
      forEachCall(x.left(), action);
      forEachCall(x.right(), action);
    } else if (e instanceof Not x) {
      forEachCall(x.operand(), action);
    } else if (e instanceof IntFn x) {
      forEachCall(x.left(), action);
      forEachCall(x.right(), action);
    } else {
      Ast.children(e).forEach(a -> forEachCall(a, action));
    }
  }

  // ---------------------------------------------------------------- methods and statements

  private void method(Method m) {
    List<String> wrt = new ArrayList<>();
    List<String> params = new ArrayList<>();
    for (Param p : m.params) {
      if (p.differentiable()) {
        wrt.add(p.name());
      }
      params.add(p.type().java() + " " + p.name());
    }
    line("");
    String order = firstOrder ? "order = 1" : "";
    if (!m.explicitWrt) {
      line(firstOrder ? "@Differentiable(" + order + ")" : "@Differentiable");
    } else if (wrt.size() == 1) {
      line("@Differentiable(wrt = \"" + wrt.get(0) + "\"" + (firstOrder ? ", " + order : "") + ")");
    } else {
      line("@Differentiable(wrt = {\"" + String.join("\", \"", wrt) + "\"}"
          + (firstOrder ? ", " + order : "") + ")");
    }
    line(m.visibility + (m.vector ? "static double[] " : "static double ") + m.name + "("
        + String.join(", ", params) + ") {");
    block(m.body);
    line("}");
  }

  private void block(List<St> body) {
    indent++;
    for (St st : body) {
      statement(st);
    }
    indent--;
  }

  private void statement(St st) {
    if (st instanceof Decl d) {
      line((d.var() ? "var" : d.type().java()) + " " + d.name() + " = " + expr(d.init()) + ";");
    } else if (st instanceof ArrDecl d) {
      String init = switch (d.kind()) {
        case NEW -> "new double[" + d.length() + "]";
        case LITERAL -> expr(d.literal());
        case CLONE -> d.source() + ".clone()";
      };
      line("double[] " + d.name() + " = " + init + ";");
    } else if (st instanceof Assign a) {
      line(a.name() + " " + a.op() + " " + expr(a.value()) + ";");
    } else if (st instanceof ArrAssign a) {
      line(a.array() + "[" + expr(a.index()) + "] " + a.op() + " " + expr(a.value()) + ";");
    } else if (st instanceof IntInc i) {
      line(i.name() + "++;");
    } else if (st instanceof Ast.DoubleInc i) {
      String op = i.increment() ? "++" : "--";
      line(i.prefix() ? op + i.name() + ";" : i.name() + op + ";");
    } else if (st instanceof Ast.DoWhile w) {
      line((w.label() == null ? "" : w.label() + ": ") + "do {");
      indent++;
      line(w.counter() + "++;");
      indent--;
      block(w.body());
      line("} while (" + w.counter() + " < " + operand(w.bound())
          + (w.test() == null ? "" : " && " + operand(w.test())) + ");");
    } else if (st instanceof Ast.Switch sw) {
      line("switch (" + expr(sw.selector()) + ") {");
      indent++;
      for (Ast.Case c : sw.cases()) {
        List<String> labels = new ArrayList<>();
        c.labels().forEach(l -> labels.add(Integer.toString(l)));
        String head = c.labels().isEmpty() ? "default" : "case " + String.join(", ", labels);
        if (sw.arrow()) {
          line(head + " -> {");
          block(c.body());
          line("}");
        } else {
          // Each classic case's statements sit in a block of their own: javac 17 writes stack maps
          // that fail verification for locals declared straight in a case group after a do-while
          // with a continue (JDK-8332934, fixed in JDK 25), in the user's class as much as in the
          // companion. That is javac's bug, not gradgen's; the braces keep the fuzzer clear of it.
          line(head + ": {");
          block(c.body());
          line("}");
          if (c.breakAtEnd()) {
            indent++;
            line("break;");
            indent--;
          }
        }
      }
      indent--;
      line("}");
    } else if (st instanceof If i) {
      line("if (" + expr(i.test()) + ") {");
      block(i.then());
      if (i.otherwise() != null) {
        line("} else {");
        block(i.otherwise());
      }
      line("}");
    } else if (st instanceof For f) {
      String head = f.down()
          ? "for (int " + f.counter() + " = " + operand(f.bound()) + " - 1; " + f.counter()
              + " >= 0; " + f.counter() + "--) {"
          : "for (int " + f.counter() + " = 0; " + f.counter() + " < " + expr(f.bound()) + "; "
              + f.counter() + "++) {";
      line((f.label() == null ? "" : f.label() + ": ") + head);
      block(f.body());
      line("}");
    } else if (st instanceof ForEach f) {
      line("for (double " + f.variable() + " : " + f.array() + ") {");
      block(f.body());
      line("}");
    } else if (st instanceof While w) {
      String test = w.counter() + " < " + operand(w.bound())
          + (w.test() == null ? "" : " && " + operand(w.test()));
      line((w.label() == null ? "" : w.label() + ": ") + "while (" + test + ") {");
      indent++;
      line(w.counter() + "++;");
      indent--;
      block(w.body());
      line("}");
    } else if (st instanceof Break b) {
      line(b.label() == null ? "break;" : "break " + b.label() + ";");
    } else if (st instanceof Continue c) {
      line(c.label() == null ? "continue;" : "continue " + c.label() + ";");
    } else if (st instanceof Return r) {
      line("return " + expr(r.value()) + ";");
    } else if (st instanceof Store x) {
      line(expr(x.target()) + " " + x.op() + " " + expr(x.value()) + ";");
    } else if (st instanceof Ast.ForEachRow x) {
      line("for (" + Type.array(x.rowRank()).java() + " " + x.variable() + " : " + expr(x.array())
          + ") {");
      block(x.body());
      line("}");
    } else if (st instanceof Ast.Throw x) {
      line("if (" + x.intVariable() + " < 0) {");
      indent++;
      line("throw new IllegalArgumentException(String.format(\"" + x.intVariable() + "=%d\", "
          + x.intVariable() + "));");
      indent--;
      line("}");
    } else {
      throw new IllegalStateException(String.valueOf(st));
    }
  }

  private void line(String text) {
    out.append("  ".repeat(indent)).append(text).append('\n');
  }

  // ---------------------------------------------------------------- expressions

  /** {@code e} as an operand: parenthesised unless it is a primary. */
  static String operand(Ex e) {
    String s = expr(e);
    boolean primary = e instanceof IntLit
        || e instanceof Ref
        || e instanceof Idx
        || e instanceof Len
        || e instanceof Fn
        || e instanceof Call
        || e instanceof IntFn
        || e instanceof Ast.FieldRef
        || e instanceof AVar
        || e instanceof ARow
        || e instanceof Elem
        || e instanceof AClone
        || e instanceof AssignEx
        || e instanceof Helper
        || e instanceof IsNaN
        || e instanceof Ast.RuleCall
        || e instanceof Num n && !(n.value() < 0 || n.value() == 0 && 1 / n.value() < 0);
    return primary ? s : "(" + s + ")";
  }

  static String expr(Ex e) {
    if (e instanceof Num n) {
      return Double.toString(n.value());
    } else if (e instanceof IntLit i) {
      return Integer.toString(i.value());
    } else if (e instanceof Ref r) {
      return r.name();
    } else if (e instanceof Idx x) {
      return x.array() + "[" + expr(x.index()) + "]";
    } else if (e instanceof Len l) {
      return l.array() + ".length";
    } else if (e instanceof Neg x) {
      return "-" + operand(x.operand());
    } else if (e instanceof Bin b) {
      return operand(b.left()) + " " + b.op() + " " + operand(b.right());
    } else if (e instanceof Fn f) {
      List<String> args = new ArrayList<>();
      f.args().forEach(a -> args.add(expr(a)));
      return f.function().javaName + "(" + String.join(", ", args) + ")";
    } else if (e instanceof Cond c) {
      return operand(c.test()) + " ? " + operand(c.whenTrue()) + " : " + operand(c.whenFalse());
    } else if (e instanceof ToDouble t) {
      return "(double) " + operand(t.operand());
    } else if (e instanceof Call c) {
      List<String> args = new ArrayList<>();
      c.args().forEach(a -> args.add(expr(a)));
      return c.target().name + "(" + String.join(", ", args) + ")";
    } else if (e instanceof ArrRef a) {
      return a.name();
    } else if (e instanceof ArrLit a) {
      List<String> elements = new ArrayList<>();
      a.elements().forEach(x -> elements.add(expr(x)));
      return "new double[] {" + String.join(", ", elements) + "}";
    } else if (e instanceof Cmp c) {
      return operand(c.left()) + " " + c.op() + " " + operand(c.right());
    } else if (e instanceof Logic l) {
      return operand(l.left()) + " " + l.op() + " " + operand(l.right());
    } else if (e instanceof Not x) {
      return "!" + operand(x.operand());
    } else if (e instanceof IntFn f) {
      return "Math." + f.name() + "(" + expr(f.left()) + ", " + expr(f.right()) + ")";
    } else if (e instanceof Ast.FieldRef f) {
      return f.name();
    } else if (e instanceof AVar v) {
      return v.name();
    } else if (e instanceof ARow x) {
      return operand(x.array()) + "[" + expr(x.index()) + "]";
    } else if (e instanceof Elem x) {
      return operand(x.array()) + "[" + expr(x.index()) + "]";
    } else if (e instanceof ACond c) {
      return operand(c.test()) + " ? " + operand(c.whenTrue()) + " : " + operand(c.whenFalse());
    } else if (e instanceof AClone c) {
      return operand(c.array()) + ".clone()";
    } else if (e instanceof ANew x) {
      return "new double" + ("[" + x.length() + "]").repeat(x.dims())
          + "[]".repeat(x.rank() - x.dims());
    } else if (e instanceof ALit x) {
      List<String> elements = new ArrayList<>();
      x.elements().forEach(a -> elements.add(expr(a)));
      String braces = "{" + String.join(", ", elements) + "}";
      return x.bare() ? braces : "new " + Type.array(x.rank()).java() + " " + braces;
    } else if (e instanceof PostInc x) {
      return x.name() + "++";
    } else if (e instanceof AssignEx x) {
      return "(" + x.name() + " " + x.op() + " " + expr(x.value()) + ")";
    } else if (e instanceof ToInt x) {
      return "(int) " + operand(x.operand());
    } else if (e instanceof Helper h) {
      List<String> args = new ArrayList<>();
      h.args().forEach(a -> args.add(expr(a)));
      return h.name() + "(" + String.join(", ", args) + ")";
    } else if (e instanceof IsNaN x) {
      return "Double.isNaN(" + expr(x.operand()) + ")";
    } else if (e instanceof Ast.RuleCall r) {
      List<String> args = new ArrayList<>();
      r.args().forEach(a -> args.add(expr(a)));
      return r.target().javaName + "(" + String.join(", ", args) + ")";
    }
    throw new IllegalStateException(String.valueOf(e));
  }

  static boolean isInt(Ex e) {
    return Ast.typeOf(e) == Type.INT;
  }
}
