package dev.gradgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import dev.gradgen.processor.diagnostics.Messages;
import javax.tools.JavaFileObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A call whose value may change from one call to the next (random numbers, the clock, input) gets a
 * located warning, since the gradient evaluates the body again (issue 9); compilation goes on.
 */
class NondeterministicCallsTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "Math.random()                                      | x * Math.random()",
      "StrictMath.random()                                | x * StrictMath.random()",
      "System.nanoTime()                                  | x * System.nanoTime()",
      "System.currentTimeMillis()                         | x * System.currentTimeMillis()",
      "rng.nextGaussian()                                 | x * rng.nextGaussian()",
      "secure.nextDouble()                                | x * secure.nextDouble()",
      "ThreadLocalRandom.current().nextDouble()           | x * ThreadLocalRandom.current().nextDouble()",
      "UUID.randomUUID()                                  | x * UUID.randomUUID().hashCode()",
      "Instant.now()                                      | x * Instant.now().getNano()",
      "LocalDateTime.now()                                | x * LocalDateTime.now().getSecond()",
      "clock.millis()                                     | x * clock.millis()",
      "System.in.read()                                   | x * System.in.read()",
      "scanner.nextDouble()                               | x * scanner.nextDouble()",
      "Files.size(path)                                   | x * Files.size(path)"})
  void warnsAtTheCallAndCompiles(String call, String expression) {
    Compilation compilation = Compiled.compile("p.Noisy", """
        package p;
        import dev.gradgen.Differentiable;
        import java.nio.file.Files;
        import java.nio.file.Path;
        import java.security.SecureRandom;
        import java.time.Clock;
        import java.time.Instant;
        import java.time.LocalDateTime;
        import java.util.Random;
        import java.util.Scanner;
        import java.util.UUID;
        import java.util.concurrent.ThreadLocalRandom;
        final class Noisy {
          @Differentiable(wrt = {"x"})
          static double f(double x, Random rng, SecureRandom secure, Clock clock, Scanner scanner,
              Path path) throws java.io.IOException {
            double constant = 2.0;
            return constant * EXPRESSION;
          }
        }
        """.replace("EXPRESSION", expression));
    assertThat(compilation).succeeded();
    JavaFileObject source = compilation.sourceFiles().get(0);
    assertThat(compilation).hadWarningContaining(Messages.mayVary(call)).inFile(source)
        .onLineContaining("return constant * ");
    assertThat(compilation).hadWarningCount(1);
  }

  /** The warning does not change the gradient: with a seeded Random both calls draw the same. */
  @ParameterizedTest(name = "fuse={0}")
  @CsvSource({"true", "false"})
  void seededGeneratorStillGivesTheGradient(boolean fuse) {
    Compiled c = Compiled.of(java.util.List.of("-Agradgen.fuse=" + fuse), "p.Seeded", """
        package p;
        import dev.gradgen.Differentiable;
        import java.util.Random;
        final class Seeded {
          @Differentiable static double f(double x) {
            Random rng = new Random(42);
            return x * x * rng.nextInt(10);
          }
        }
        """);
    int k = new java.util.Random(42).nextInt(10);
    Object g = c.call("p.SeededGradients", "fGradient", 3.0);
    assertEquals(9.0 * k, Compiled.component(g, "value"));
    assertEquals(6.0 * k, Compiled.component(g, "x"));  // d/dx k x^2 = 2kx
    assertThat(c.compilation()).hadWarningContaining(Messages.mayVary("rng.nextInt(10)"));
  }
}
