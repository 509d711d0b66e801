package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Valid code inside the subset that was once rejected (issue 10): varargs calls, String.format in a
 * throw, and a non-differentiable parameter named like a member of the gradient record.
 */
class FalseErrorsTest {

  private static List<String> options(boolean fuse) {
    return List.of("-Agradgen.fuse=" + fuse);
  }

  @ParameterizedTest(name = "fuse={0}")
  @ValueSource(booleans = {true, false})
  void varargsCallWithConstantArguments(boolean fuse) {
    Compiled c = Compiled.of(options(fuse), "p.Counts", """
        package p;
        import dev.gradgen.Differentiable;
        final class Counts {
          static int count(double... values) { return values.length; }
          static double first(double head, double... rest) { return head + rest.length; }
          @Differentiable static double f(double x) {
            return x * count(1.0, 2.0) + count() + first(5.0) + first(1.0, 2.0, 3.0) + count(x);
          }
        }
        """);
    // f = 2x + 0 + 5 + 3 + 1 (count(x) is an int: the value, no derivative): f(1.5) = 12, f' = 2.
    Object g = c.call("p.CountsGradients", "fGradient", 1.5);
    assertEquals(12.0, Compiled.component(g, "value"));
    assertEquals(2.0, Compiled.component(g, "x"));
  }

  @ParameterizedTest(name = "fuse={0}")
  @ValueSource(booleans = {true, false})
  void stringFormatInAThrow(boolean fuse) {
    Compiled c = Compiled.of(options(fuse), "p.Checks", """
        package p;
        import dev.gradgen.Differentiable;
        final class Checks {
          @Differentiable(wrt = {"x"}) static double f(double x, int k) {
            if (k < 0) {
              throw new IllegalArgumentException(String.format("k=%d", k));
            }
            return x * x * k;
          }
        }
        """);
    Object g = c.call("p.ChecksGradients", "fGradient", 2.0, 3);
    assertEquals(12.0, Compiled.component(g, "value"));
    assertEquals(12.0, Compiled.component(g, "x")); // d/dx 3x^2 = 6x
    IllegalArgumentException thrown = assertThrows(
        IllegalArgumentException.class, () -> c.call("p.ChecksGradients", "fGradient", 2.0, -4));
    assertEquals("k=-4", thrown.getMessage());
  }

  /** Only differentiable parameters become record components, so these names clash with nothing. */
  @ParameterizedTest(name = "fuse={0}")
  @ValueSource(booleans = {true, false})
  void constantParametersNamedLikeRecordMembers(boolean fuse) {
    Compiled c = Compiled.of(options(fuse), "p.Named", """
        package p;
        import dev.gradgen.Differentiable;
        final class Named {
          @Differentiable(wrt = {"x"})
          static double f(double x, double value, int hashCode, double toString) {
            return x * value + hashCode + toString;
          }
        }
        """);
    Object g = c.call("p.NamedGradients", "fGradient", 2.0, 3.0, 4, 5.0);
    assertEquals(15.0, Compiled.component(g, "value"));
    assertEquals(3.0, Compiled.component(g, "x"));
  }
}
