package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The graph-free forward functions keep Java's left-to-right order: an operand read before a
 * differentiable call whose callee writes a field (through a plain call) sees the field as it was
 * before the call, in the value and in the tangent, as the plain method does.
 */
class ForwardEvaluationOrderTest {

  private static final double S0 = 1.5;

  private static final String SOURCE = """
      package o;

      import dev.gradgen.Differentiable;

      final class Counter {
        static double s;

        // A plain method with an effect the caller's other operand can see.
        static void bump() {
          s = 2 * s + 1;
        }

        @Differentiable
        static double square(double x) {
          bump();
          return x * x;
        }

        // s is read before square(x) bumps it.
        @Differentiable
        static double scaled(double x) {
          return s * square(x);
        }

        // The first argument is read before the second is evaluated.
        @Differentiable
        static double angle(double x) {
          return Math.atan2(s * x, square(x));
        }

        // The element index and the compound target are read before the value.
        @Differentiable
        static double[] stored(double x) {
          double[] out = new double[] {x, x};
          out[(int) s - 1] += s * square(x);
          return out;
        }

        // The first element of an array initializer before the second.
        @Differentiable
        static double[] listed(double x) {
          return new double[] {s * x, square(x), s};
        }
      }
      """;

  private static final Compiled COMPILED = Compiled.of("o.Counter", SOURCE);

  private static Object call(String name, Object... args) {
    return COMPILED.call("o.CounterGradients", name, args);
  }

  private static Object plain(String name, Object... args) {
    return COMPILED.call("o.Counter", name, args);
  }

  private static Field field() throws ReflectiveOperationException {
    Field s = COMPILED.load("o.Counter").getDeclaredField("s");
    s.setAccessible(true);
    return s;
  }

  private static double s() throws ReflectiveOperationException {
    return field().getDouble(null);
  }

  @BeforeEach
  void reset() throws ReflectiveOperationException {
    field().setDouble(null, S0);
  }

  @Test
  void theForwardFunctionsAreTheOnesTested() throws Exception {
    String source = COMPILED
        .compilation()
        .generatedSourceFile("o.CounterGradients")
        .orElseThrow()
        .getCharContent(true)
        .toString();
    for (String name : new String[] {"scaled", "angle", "square"}) {
      assertTrue(source.contains(" " + name + "ForwardScalar("), name);
    }
    for (String name : new String[] {"stored", "listed"}) {
      assertTrue(source.contains(" " + name + "Forward("), name);
    }
  }

  @Test
  void anOperandBeforeACallIsReadBeforeTheCallsEffect() throws Exception {
    double x = 0.7;
    double expected = (double) plain("scaled", x);
    double bumped = s();
    assertEquals(S0 * x * x, expected);
    reset();
    Object tangent = call("scaledTangent", x, 1.0);
    assertEquals(expected, (double) Compiled.component(tangent, "value"));
    // d(s0 x^2)/dx with the s of before the call.
    assertEquals(2 * S0 * x, (double) Compiled.component(tangent, "tangent"), 1e-15);
    assertEquals(bumped, s(), "the call ran once");
  }

  @Test
  void aMathFunctionsFirstArgumentIsReadBeforeItsSecond() throws Exception {
    double x = 0.7;
    double expected = (double) plain("angle", x);
    assertEquals(Math.atan2(S0 * x, x * x), expected);
    reset();
    Object tangent = call("angleTangent", x, 1.0);
    assertEquals(expected, (double) Compiled.component(tangent, "value"));
    // atan2(y, z) with y = s0 x, z = x^2: (z y' - y z') / (y^2 + z^2).
    double y = S0 * x;
    double z = x * x;
    double analytic = (z * S0 - y * 2 * x) / (y * y + z * z);
    assertEquals(analytic, (double) Compiled.component(tangent, "tangent"), 1e-15);
  }

  @Test
  void anElementsIndexAndCompoundTargetAreReadBeforeTheValue() throws Exception {
    double x = 0.7;
    double[] expected = (double[]) plain("stored", x);
    // The index (int) s0 - 1 = 0, then out[0] = x + s0 x^2.
    assertArrayEquals(new double[] {x + S0 * x * x, x}, expected);
    reset();
    Object jacobian = call("storedJacobian", x);
    assertArrayEquals(expected, (double[]) Compiled.component(jacobian, "value"));
    double[] dx = (double[]) Compiled.component(jacobian, "x");
    assertEquals(1 + 2 * S0 * x, dx[0], 1e-15);
    assertEquals(1.0, dx[1]);
  }

  @Test
  void anInitializersElementsAreEvaluatedInOrder() throws Exception {
    double x = 0.7;
    double[] expected = (double[]) plain("listed", x);
    assertArrayEquals(new double[] {S0 * x, x * x, 2 * S0 + 1}, expected);
    reset();
    Object jacobian = call("listedJacobian", x);
    assertArrayEquals(expected, (double[]) Compiled.component(jacobian, "value"));
    assertArrayEquals(
        new double[] {S0, 2 * x, 0.0}, (double[]) Compiled.component(jacobian, "x"), 1e-15);
  }
}
