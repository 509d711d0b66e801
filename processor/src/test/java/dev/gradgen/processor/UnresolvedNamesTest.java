package dev.gradgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import javax.tools.Diagnostic;

/**
 * Names javac cannot resolve (an annotation, a supertype) are javac's to report: the processor,
 * which compares classes by their names, must neither crash on them nor add an error of its own.
 */
class UnresolvedNamesTest {

  private static void assertOnlyJavacsError(Compilation compilation) {
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining("cannot find symbol");
    for (Diagnostic<?> error : compilation.errors()) {
      String message = error.getMessage(null);
      assertTrue(!message.contains("gradgen"), message);
    }
  }

  @org.junit.jupiter.api.Test
  void anUnresolvedAnnotationBesideDifferentiable() {
    assertOnlyJavacsError(Compiled.compile("p.A", """
        package p;
        import dev.gradgen.Differentiable;
        final class A {
          @Missing
          @Differentiable
          static double f(double x) {
            return x * x;
          }
        }
        """));
  }

  @org.junit.jupiter.api.Test
  void aCallOnAClassWithAnUnresolvedSupertype() {
    assertOnlyJavacsError(Compiled.compile("p.B", """
        package p;
        import dev.gradgen.Differentiable;
        final class B {
          static class Odd extends MissingBase {
            double scale() {
              return 2.0;
            }
          }
          @Differentiable(wrt = "x")
          static double f(double x, Odd odd) {
            return x * odd.scale();
          }
        }
        """));
  }
}
