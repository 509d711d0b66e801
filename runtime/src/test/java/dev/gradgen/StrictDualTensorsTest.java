package dev.gradgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every function of {@link StrictDualTensors}: one per function of {@link StrictTensors}, its value
 * StrictMath's bit for bit, its gradient StrictTensors' bit for bit, and its Hessian that of the
 * {@link DualTensor} operation of the same name (the same formulas at a value at most an ulp or
 * so away).
 */
final class StrictDualTensorsTest {

  private static final double CONSTANT = 1.25;
  private static final int POWER = 3;

  private static String shape(Method m, String from, String to) {
    return m.getName()
        + Arrays.stream(m.getParameterTypes())
            .map(Class::getSimpleName)
            .map(s -> s.equals(from) ? to : s)
            .collect(Collectors.joining(",", "(", ")"));
  }

  private static List<Method> publicStatics(Class<?> type) {
    List<Method> out = new ArrayList<>();
    for (Method m : type.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers()) && Modifier.isStatic(m.getModifiers())) {
        out.add(m);
      }
    }
    return out;
  }

  @Test
  void everyStrictTensorsFunctionHasADualCounterpart() {
    Set<String> tensor = publicStatics(StrictTensors.class).stream()
        .map(m -> shape(m, "Tensor", "DualTensor"))
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> dual = publicStatics(StrictDualTensors.class).stream()
        .map(m -> shape(m, "", ""))
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(tensor, dual);
  }

  static Stream<Arguments> functions() {
    List<Arguments> out = new ArrayList<>();
    double[][] points = {{0.3, 1.2, -0.4}, {0.65, -0.8, 2.0}, {-0.45, 0.55, 0.1}};
    for (Method m : publicStatics(StrictDualTensors.class)) {
      for (double[] p : points) {
        out.add(Arguments.of(shape(m, "", ""), Arrays.toString(p), m, p));
      }
    }
    return out.stream();
  }

  /** The arguments of a call: leaves at the point's coordinates where a node goes. */
  private static Object[] arguments(Class<?>[] types, double[] point, Object[] leaves) {
    Object[] args = new Object[types.length];
    int k = 0;
    for (int i = 0; i < types.length; i++) {
      if (types[i] == double.class) {
        args[i] = CONSTANT;
      } else if (types[i] == int.class) {
        args[i] = POWER;
      } else {
        args[i] = leaves[k++];
      }
    }
    return args;
  }

  @ParameterizedTest(name = "{0} at {1}")
  @MethodSource("functions")
  void valueGradientAndHessian(String shape, String at, Method m, double[] point) throws Exception {
    Class<?>[] types = m.getParameterTypes();
    int nodes = (int) Arrays.stream(types).filter(t -> t == DualTensor.class).count();
    double[] x = Arrays.copyOf(point, nodes);

    // StrictMath's value.
    Class<?>[] plainTypes = Arrays.stream(types)
        .map(t -> t == DualTensor.class ? double.class : t)
        .toArray(Class<?>[]::new);
    Object[] plainArgs = arguments(types, point, Arrays.stream(x).boxed().toArray());
    double expected =
        (double) StrictMath.class.getMethod(m.getName(), plainTypes).invoke(null, plainArgs);

    // StrictTensors' gradient.
    Class<?>[] tensorTypes = Arrays.stream(types)
        .map(t -> t == DualTensor.class ? Tensor.class : t)
        .toArray(Class<?>[]::new);
    Tape tape = new Tape();
    Tensor[] tensorLeaves = tape.leaves(x);
    Tensor first = (Tensor) StrictTensors.class
        .getMethod(m.getName(), tensorTypes)
        .invoke(null, arguments(types, point, tensorLeaves));
    first.backward();

    DualTape.Hessian h = DualTape.hessian(t -> {
      try {
        return (DualTensor) m.invoke(null, arguments(types, point, t.leaves(x)));
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
    });
    assertEquals(
        Double.doubleToRawLongBits(expected),
        Double.doubleToRawLongBits(h.value()),
        shape + ": value " + h.value() + ", StrictMath's " + expected);
    for (int i = 0; i < nodes; i++) {
      assertEquals(
          Double.doubleToLongBits(tensorLeaves[i].grad()),
          Double.doubleToLongBits(h.gradient()[i]),
          shape + ": gradient " + i);
    }

    // The Math operation of the same name: an instance method of the first argument when it is a
    // node, else DualTensor's static one.
    double[][] reference = DualTape.hessian(t -> {
          Object[] args = arguments(types, point, t.leaves(x));
          try {
            if (types[0] == DualTensor.class && !m.getName().equals("fma")) {
              return (DualTensor) DualTensor.class
                  .getMethod(m.getName(), Arrays.copyOfRange(types, 1, types.length))
                  .invoke(args[0], Arrays.copyOfRange(args, 1, args.length));
            }
            return (DualTensor) DualTensor.class.getMethod(m.getName(), types).invoke(null, args);
          } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
          }
        })
        .hessian();
    for (int i = 0; i < nodes; i++) {
      for (int j = 0; j < nodes; j++) {
        double e = reference[i][j];
        double a = h.hessian()[i][j];
        assertTrue(
            Math.abs(a - e) <= 1e-12 * Math.abs(e) || Double.isNaN(a) && Double.isNaN(e),
            shape + ": H[" + i + "][" + j + "] = " + a + ", the Math operation's " + e);
      }
    }
  }
}
