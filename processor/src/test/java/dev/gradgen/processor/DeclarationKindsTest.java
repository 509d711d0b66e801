package dev.gradgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static com.google.testing.compile.Compiler.javac;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import dev.gradgen.processor.diagnostics.Messages;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where {@code @Differentiable} methods may live: records, enums, interfaces, nested classes, and
 * classes compiled earlier whose companions come from the class path.
 */
class DeclarationKindsTest {

  @Test
  void recordReadsItsComponentsThroughAccessors() {
    Compiled c = Compiled.of("p.Line", """
        package p;
        import dev.gradgen.Differentiable;
        record Line(double slope, double intercept) {
          @Differentiable double at(double x) { return slope * x + intercept; }
        }
        """);
    Object line = construct(c.load("p.Line"), 3.0, 4.0);
    Object g = c.call("p.LineGradients", "atGradient", line, 2.0);
    assertEquals(10.0, Compiled.component(g, "value"));
    assertEquals(3.0, Compiled.component(g, "x"));
  }

  @Test
  void enumInterfaceAndNestedClass() {
    Compiled c = Compiled.of("p.Shapes", """
        package p;
        import dev.gradgen.Differentiable;
        class Shapes {
          enum Kind {
            SQUARE(1.0), DOUBLE_SQUARE(2.0);
            final double factor;
            Kind(double factor) { this.factor = factor; }
            @Differentiable double area(double side) { return factor * side * side; }
          }
          interface Areas {
            @Differentiable static double circle(double r) { return Math.PI * r * r; }
          }
          static class Inner {
            @Differentiable static double cube(double x) { return x * x * x; }
          }
        }
        """);
    Object doubleSquare = c.load("p.Shapes$Kind").getEnumConstants()[1];
    Object area = c.call("p.Shapes_KindGradients", "areaGradient", doubleSquare, 3.0);
    assertEquals(18.0, Compiled.component(area, "value"));
    assertEquals(12.0, Compiled.component(area, "side"));
    Object circle = c.call("p.Shapes_AreasGradients", "circleGradient", 2.0);
    assertEquals(4.0 * Math.PI, (double) Compiled.component(circle, "r"), 1e-15);
    Object cube = c.call("p.Shapes_InnerGradients", "cubeGradient", 2.0);
    assertEquals(12.0, Compiled.component(cube, "x"));
  }

  @Test
  void callsACompanionFromAClassCompiledEarlier(@TempDir Path dir) throws Exception {
    // First build: a library compiled with the processor, as a separate module would be.
    Path library = Files.createDirectories(dir.resolve("library"));
    Path source = Files.writeString(dir.resolve("Squares.java"), """
        package lib;
        import dev.gradgen.Differentiable;
        public class Squares {
          @Differentiable(wrt = {"x"})
          public static double scaledSquare(double x, double scale) { return scale * x * x; }
        }
        """);
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    var files = compiler.getStandardFileManager(null, null, null);
    var task = compiler.getTask(null, files, null,
        List.of("-d", library.toString(), "-s", library.toString(),
            "-classpath", System.getProperty("java.class.path")),
        null, files.getJavaFileObjects(source.toFile()));
    task.setProcessors(List.of(new DifferentiableProcessor()));
    assertEquals(true, task.call());

    // Second build: a caller that sees only the library's class files.
    List<File> classpath = new ArrayList<>();
    classpath.add(library.toFile());
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      classpath.add(new File(entry));
    }
    JavaFileObject caller = JavaFileObjects.forSourceString("app.Caller", """
        package app;
        import dev.gradgen.Differentiable;
        import lib.Squares;
        class Caller {
          @Differentiable static double f(double x) { return Squares.scaledSquare(x, 3.0) + x; }
          @Differentiable static double g(double y) { return Squares.scaledSquare(2.0, y); }
        }
        """);
    Compilation compilation = javac().withProcessors(new DifferentiableProcessor())
        .withClasspath(classpath).compile(caller);
    assertThat(compilation).hadErrorContaining(
        Messages.activeArgumentToConstantParameter("scaledSquare", "number 2", "y"))
        .inFile(caller).onLineContaining("scaledSquare(2.0, y)");
    Compilation good = javac().withProcessors(new DifferentiableProcessor())
        .withClasspath(classpath).compile(JavaFileObjects.forSourceString("app.Caller", """
            package app;
            import dev.gradgen.Differentiable;
            import lib.Squares;
            class Caller {
              @Differentiable static double f(double x) { return Squares.scaledSquare(x, 3.0) + x; }
            }
            """));
    assertThat(good).succeeded();
    assertThat(good).generatedSourceFile("app.CallerGradients").contentsAsUtf8String()
        .contains("SquaresGradients.scaledSquare(x, 3.0)");
  }

  private static Object construct(Class<?> type, Object... args) {
    try {
      var constructor = type.getDeclaredConstructors()[0];
      constructor.setAccessible(true);
      return constructor.newInstance(args);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }
}
