package dev.gradgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.gradgen.processor.diagnostics.Messages;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An instance {@code @Differentiable} method that another class may override is rejected at its
 * declaration: its gradient would differentiate the declared body while a call runs the override
 * (issue 9). Methods that cannot be overridden compile, and their gradients agree with the call.
 */
class OverridableMethodTest {

  private static void assertErrorAt(Compilation compilation, String message, String line) {
    assertThat(compilation).failed();
    JavaFileObject source = compilation.sourceFiles().get(0);
    assertThat(compilation).hadErrorContaining(message).inFile(source).onLineContaining(line);
  }

  /** The first example: impl.huber(2) is 8.0, but the gradient's value() was 1.5. */
  @ParameterizedTest(name = "access \"{0}\"")
  @ValueSource(strings = {"public", "protected", ""})
  void overridableClassMethodIsRejectedAtItsDeclaration(String access) {
    Compilation compilation = Compiled.compile("p.Loss", """
        package p;
        import dev.gradgen.Differentiable;
        class Loss {
          @Differentiable
          ACCESS double huber(double x) {
            return Math.abs(x) <= 1.0 ? 0.5 * x * x : Math.abs(x) - 0.5;
          }
        }
        class Impl extends Loss {
          @Override ACCESS double huber(double y) { return 2 * y * y; }
        }
        """.replace("ACCESS", access));
    assertErrorAt(compilation, Messages.overridableMethod("huber", false), "double huber(double x) {");
    assertThat(compilation).hadErrorCount(1);
  }

  /** The second example: d.cost(3) is 30.0, but the gradient's value() was 9.0. */
  @Test
  void defaultMethodIsRejectedAtItsDeclaration() {
    Compilation compilation = Compiled.compile("p.Cost", """
        package p;
        import dev.gradgen.Differentiable;
        interface Cost {
          @Differentiable default double cost(double x) { return x * x; }
        }
        final class Linear implements Cost {
          @Override public double cost(double x) { return 10 * x; }
        }
        """);
    assertErrorAt(compilation, Messages.overridableMethod("cost", true), "default double cost");
    assertThat(compilation).hadErrorCount(1);
  }

  @Test
  void enumWithConstantBodiesAndSealedClassAreOverridable() {
    Compilation compilation = Compiled.compile("p.Kinds", """
        package p;
        import dev.gradgen.Differentiable;
        class Kinds {
          enum Shape {
            SQUARE { @Override double area(double side) { return side * side * 2; } },
            PLAIN;
            @Differentiable double area(double side) { return side * side; }
          }
          static sealed class Base permits Leaf {
            @Differentiable double f(double x) { return x; }
          }
          static final class Leaf extends Base {
            @Override double f(double x) { return 2 * x; }
          }
        }
        """);
    assertErrorAt(compilation, Messages.overridableMethod("area", false), "double area(double side) { return side * side; }");
    assertErrorAt(compilation, Messages.overridableMethod("f", false), "double f(double x) { return x; }");
    assertThat(compilation).hadErrorCount(2);
  }

  /** Every way of making the method final to overriding compiles, and value() is the call's value. */
  @Test
  void methodsThatCannotBeOverriddenCompileAndAgreeWithTheCall() {
    Compiled c = Compiled.of("p.Safe", """
        package p;
        import dev.gradgen.Differentiable;
        class Safe {
          final double k = 3.0;
          @Differentiable final double finalMethod(double x) { return k * x * x; }
          @Differentiable private double privateMethod(double x) { return k * x; }
          double callsPrivate(double x) { return privateMethod(x); }
          @Differentiable static double staticMethod(double x) { return x * x * x; }
          interface Shapes {
            @Differentiable static double square(double x) { return x * x; }
          }
          enum Plain {
            ONE;
            @Differentiable double twice(double x) { return 2 * x * x; }
          }
          record Scale(double by) {
            @Differentiable double scaled(double x) { return by * x; }
          }
        }
        final class FinalClass {
          @Differentiable double cube(double x) { return x * x * x; }
        }
        """);
    Object safe = c.newInstance("p.Safe");
    // d/dx 3x^2 = 6x; d/dx 3x = 3; d/dx x^3 = 3x^2; d/dx 2x^2 = 4x.
    Object g = c.call("p.SafeGradients", "finalMethodGradient", safe, 2.0);
    assertEquals(c.callOn(safe, "finalMethod", 2.0), Compiled.component(g, "value"));
    assertEquals(12.0, Compiled.component(g, "x"));
    g = c.call("p.SafeGradients", "privateMethodGradient", safe, 2.0);
    assertEquals(c.callOn(safe, "callsPrivate", 2.0), Compiled.component(g, "value"));
    assertEquals(3.0, Compiled.component(g, "x"));
    g = c.call("p.SafeGradients", "staticMethodGradient", 2.0);
    assertEquals(12.0, Compiled.component(g, "x"));
    g = c.call("p.Safe_ShapesGradients", "squareGradient", 5.0);
    assertEquals(10.0, Compiled.component(g, "x"));
    Object one = c.load("p.Safe$Plain").getEnumConstants()[0];
    g = c.call("p.Safe_PlainGradients", "twiceGradient", one, 3.0);
    assertEquals(18.0, Compiled.component(g, "value"));
    assertEquals(12.0, Compiled.component(g, "x"));
    Object cube = c.newInstance("p.FinalClass");
    g = c.call("p.FinalClassGradients", "cubeGradient", cube, 2.0);
    assertEquals(c.callOn(cube, "cube", 2.0), Compiled.component(g, "value"));
    assertEquals(12.0, Compiled.component(g, "x"));
  }

  /**
   * A final class's method that overrides an inherited one is fine: nothing can override it again, so
   * the gradient of impl.huber is the derivative of the body the call runs.
   */
  @Test
  void overrideInAFinalClassFollowsTheCall() {
    Compiled c = Compiled.of("p.Loss", """
        package p;
        import dev.gradgen.Differentiable;
        class Loss {
          double huber(double x) { return Math.abs(x) <= 1.0 ? 0.5 * x * x : Math.abs(x) - 0.5; }
        }
        final class Impl extends Loss {
          @Differentiable @Override public double huber(double x) { return 2 * x * x; }
        }
        """);
    Object impl = c.newInstance("p.Impl");
    Object g = c.call("p.ImplGradients", "huberGradient", impl, 2.0);
    assertEquals(8.0, (double) c.callOn(impl, "huber", 2.0), 0.0);
    assertEquals(8.0, Compiled.component(g, "value"));
    assertEquals(8.0, Compiled.component(g, "x"));  // d/dx 2x^2 = 4x
  }

  /** A call of an overridable method keeps its own error, besides the one on the declaration. */
  @Test
  void callOfAnOverridableMethodIsReportedAtTheCallToo() {
    Compilation compilation = Compiled.compile("p.Caller", """
        package p;
        import dev.gradgen.Differentiable;
        final class Caller {
          @Differentiable static double f(double x, Open o) {
            return o.g(x) + 1.0;
          }
        }
        class Open {
          @Differentiable double g(double x) { return x * x; }
        }
        """);
    assertErrorAt(compilation, Messages.overridableCallee("g"), "return o.g(x) + 1.0");
    assertErrorAt(compilation, Messages.overridableMethod("g", false), "double g(double x)");
    assertThat(compilation).hadErrorCount(2);
  }
}
