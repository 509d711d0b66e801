package dev.gradgen.processor.fuzz;

import dev.gradgen.processor.fuzz.Ast.ALit;
import dev.gradgen.processor.fuzz.Ast.Call;
import dev.gradgen.processor.fuzz.Ast.ClassProgram;
import dev.gradgen.processor.fuzz.Ast.Ex;
import dev.gradgen.processor.fuzz.Ast.Method;
import dev.gradgen.processor.fuzz.Ast.Param;
import dev.gradgen.processor.fuzz.Ast.Ref;
import dev.gradgen.processor.fuzz.Ast.Return;
import dev.gradgen.processor.fuzz.Ast.St;
import dev.gradgen.processor.fuzz.Ast.Type;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The {@code double[]}-returning family: a generated class gets, after its methods, some methods
 * {@code vK} that are copies of a generated method (same parameters, same body: its loops, arrays,
 * calls and early returns) whose every {@code return e;} becomes {@code return new double[] {e,
 * f(params...), ...};}, with calls of other earlier methods of the same parameter shape as the
 * further components. No method calls a {@code vK}.
 */
final class VectorPrograms {

  private VectorPrograms() {}

  /** {@code program} with {@code count} vector methods appended (none if it has no methods). */
  static ClassProgram extend(ClassProgram program, int count) {
    List<Method> methods = new ArrayList<>(program.methods());
    if (methods.isEmpty() || count <= 0) {
      return program;
    }
    SplittableRandom random = new SplittableRandom(program.seed() ^ 0x7665635F66757A7AL);
    int index = methods.size();
    for (int k = 0; k < count; k++) {
      Method base = program.methods().get(random.nextInt(program.methods().size()));
      List<Method> partners = new ArrayList<>();
      for (Method other : program.methods()) {
        if (other != base && sameShape(base, other)) {
          partners.add(other);
        }
      }
      List<Method> calls = new ArrayList<>();
      int components = random.nextInt(3);
      for (int i = 0; i < components && !partners.isEmpty(); i++) {
        calls.add(partners.get(random.nextInt(partners.size())));
      }
      Method vector = new Method(
          "v" + k,
          index++,
          base.scalarDifferentiable,
          base.wDifferentiable,
          base.dataDifferentiable,
          base.explicitWrt,
          base.visibility,
          base.params.subList(6, base.params.size()));
      vector.vector = true;
      vector.cost = base.cost + calls.stream().mapToLong(m -> m.cost).sum();
      vector.body = rewrite(base.body, calls, vector.params);
      methods.add(vector);
    }
    return new ClassProgram(
        program.simpleName(),
        program.seed(),
        program.arrayLength(),
        program.fields(),
        methods,
        program.helpers(),
        program.rules());
  }

  /** Whether {@code other} takes arguments of {@code base}'s parameters, one for one. */
  private static boolean sameShape(Method base, Method other) {
    if (base.params.size() != other.params.size()) {
      return false;
    }
    for (int i = 0; i < base.params.size(); i++) {
      Param a = base.params.get(i);
      Param b = other.params.get(i);
      if (a.type() != b.type() || a.differentiable() != b.differentiable()) {
        return false;
      }
    }
    return true;
  }

  /** The statements with every return (at any depth) returning a double[] literal. */
  private static List<St> rewrite(List<St> body, List<Method> calls, List<Param> params) {
    List<St> out = new ArrayList<>();
    for (St st : body) {
      if (st instanceof Return r) {
        List<Ex> elements = new ArrayList<>();
        elements.add(r.value());
        for (Method target : calls) {
          List<Ex> args = new ArrayList<>();
          for (Param p : params) {
            args.add(
                p.type() == Type.INT || p.type() == Type.DOUBLE
                    ? new Ref(p.name(), p.type())
                    : new Ast.AVar(p.name(), p.type().rank()));
          }
          elements.add(new Call(target, args));
        }
        out.add(new Return(new ALit(elements, 1, false)));
        continue;
      }
      out.add((St) rebuild(st, calls, params));
    }
    return out;
  }

  /** A statement record with its nested statement lists (and cases) rewritten. */
  @SuppressWarnings("unchecked")
  private static Object rebuild(Object record, List<Method> calls, List<Param> params) {
    if (!(record instanceof Record)) {
      return record;
    }
    RecordComponent[] components = record.getClass().getRecordComponents();
    Object[] values = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    boolean changed = false;
    try {
      for (int i = 0; i < components.length; i++) {
        types[i] = components[i].getType();
        Object value = components[i].getAccessor().invoke(record);
        if (value instanceof List<?> list && !list.isEmpty() && list.get(0) instanceof St) {
          value = rewrite((List<St>) list, calls, params);
          changed = true;
        } else if (value instanceof List<?> list
            && !list.isEmpty()
            && list.get(0) instanceof Record
            && !(list.get(0) instanceof Ex)) {
          List<Object> cases = new ArrayList<>();
          for (Object c : list) {
            cases.add(rebuild(c, calls, params));
          }
          value = cases;
          changed = true;
        }
        values[i] = value;
      }
      if (!changed) {
        return record;
      }
      var constructor = record.getClass().getDeclaredConstructor(types);
      constructor.setAccessible(true);
      return constructor.newInstance(values);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
