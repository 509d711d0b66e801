package dev.gradgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.gradgen.processor.diagnostics.Messages;
import java.util.List;
import javax.tools.Diagnostic;
import org.junit.jupiter.api.Test;

/**
 * What a user's build configuration does to the processor: a {@code --release} too old for the
 * generated records, and warnings as errors with every lint on.
 */
class UserBuildTest {

  private static final String TWO_METHODS = """
      package p;
      import dev.gradgen.Differentiable;
      class Old {
        @Differentiable static double f(double x) { return x * x; }
        @Differentiable static double g(double x) { return x + 1; }
      }
      """;

  @Test
  void releaseBelowSixteenIsOneErrorNamingTheMinimum() {
    Compilation compilation = Compiled.compile(List.of("--release", "11"), "p.Old", TWO_METHODS);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorCount(1);
    assertThat(compilation).hadErrorContaining(Messages.releaseTooOld("RELEASE_11"))
        .inFile(compilation.sourceFiles().get(0)).onLine(4);
    assertTrue(Messages.releaseTooOld("RELEASE_11").contains("Java 16"));
    assertTrue(Messages.releaseTooOld("RELEASE_11").contains("targets Java 11"));
  }

  @Test
  void anotherToolsGeneratedIsLeftUnclaimed() {
    Compilation compilation = Compiled.compile(List.of("-Xlint:processing"), "p.Other", """
        package p;
        @javax.annotation.processing.Generated("some.other.Tool")
        final class Other {
          @dev.gradgen.Differentiable static double f(double x) { return x * x; }
        }
        """);
    assertThat(compilation).succeeded();
    assertThat(compilation).hadWarningContaining("javax.annotation.processing.Generated");
  }

  @Test
  void releaseSixteenIsEnough() {
    Compilation compilation = Compiled.compile(List.of("--release", "16"), "p.Old", TWO_METHODS);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("p.OldGradients");
  }

  @Test
  void allLintsAsErrorsPassBecauseTheProcessorClaimsItsAnnotation() {
    Compilation compilation = Compiled.compile(List.of("-Xlint:all", "-Werror"), "p.Old", """
        package p;
        import dev.gradgen.Differentiable;
        final class Old {
          @Differentiable static double f(double x, double[] y) { return x * y[0]; }
          @Differentiable(wrt = "x") static double g(double x, double c) { return x * c; }
        }
        """);
    assertThat(compilation).succeeded();
    assertThat(compilation).generatedSourceFile("p.OldGradients").contentsAsUtf8String()
        .contains("@Generated(\"dev.gradgen.processor.DifferentiableProcessor\")");
    assertEquals(List.of(), compilation.diagnostics().stream()
        .filter(d -> d.getKind() != Diagnostic.Kind.NOTE).map(Object::toString).toList());
  }
}
