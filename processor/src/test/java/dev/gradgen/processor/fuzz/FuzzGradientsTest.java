package dev.gradgen.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import dev.gradgen.processor.Compiled;
import dev.gradgen.processor.fuzz.Ast.ClassProgram;
import dev.gradgen.processor.fuzz.Ast.Method;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/**
 * Differential testing of generated gradients: random {@code @Differentiable} programs (see
 * {@link ProgramGenerator}) are compiled through the processor, many methods per class and several
 * classes per compilation, and at random points each generated {@code mGradient} must
 *
 * <ol>
 *   <li>exist, that is, the companion compiles;
 *   <li>return a {@code value()} equal bit for bit to the plain method's result;
 *   <li>return partials that agree with forward-mode dual numbers ({@link DualInterpreter}) to
 *       {@code |a - b| <= 1e-6 * max(1, |a|, |b|)}, wherever the function is smooth at the point:
 *       points within 1e-6 (relative) of a branch or kink are skipped, and so are partials whose
 *       dual-number evaluation cancelled more than a factor 1e6 (ill-conditioned at the point).
 * </ol>
 *
 * <p>The reference's own values must also equal the plain method's bit for bit, which keeps it
 * honest about Java's double semantics (and so about which branches were taken).
 *
 * <p>Every batch is compiled twice, with statement-level fusion (the default) and with
 * {@code -Agradgen.fuse=false}, and both companions are checked.
 *
 * <p>Properties: {@code -Dgradgen.fuzz.programs=N} (default 1000) and {@code -Dgradgen.fuzz.seed=S}
 * (default fixed) for longer runs; {@code -Dgradgen.fuzz.classSeed=S}, printed with every failure,
 * replays the one class a failure came from; {@code -Dgradgen.fuzz.fuse=true|false} checks one mode
 * only (default both).
 */
class FuzzGradientsTest {

  static final long DEFAULT_SEED = 0x6772616467656E01L;
  static final int DEFAULT_PROGRAMS = 1000;
  static final int METHODS_PER_CLASS = 50;
  static final int CLASSES_PER_COMPILE = 5;
  static final int POINTS_PER_PROGRAM = 3;
  static final double TOLERANCE = 1e-6;
  static final double KINK_DISTANCE = 1e-6;
  static final double MAX_CANCELLATION = 1e6;
  static final int MAX_REPORTED_FAILURES = 10;

  private final List<String> failures = new ArrayList<>();
  private long points;
  private long checkedPoints;
  private long kinkSkips;
  private long nonFiniteSkips;
  private long partials;
  private long illConditioned;

  @Test
  void generatedGradientsAgreeWithDualNumbers() {
    long started = System.nanoTime();
    long seed = Long.getLong("gradgen.fuzz.seed", DEFAULT_SEED);
    int programs = Integer.getInteger("gradgen.fuzz.programs", DEFAULT_PROGRAMS);
    String replay = System.getProperty("gradgen.fuzz.classSeed");

    List<Long> classSeeds = new ArrayList<>();
    if (replay != null && !replay.isBlank()) {
      classSeeds.add(Long.decode(replay.trim()));
    } else {
      SplittableRandom seeds = new SplittableRandom(seed);
      int classes = (programs + METHODS_PER_CLASS - 1) / METHODS_PER_CLASS;
      for (int i = 0; i < classes; i++) {
        classSeeds.add(seeds.nextLong());
      }
    }

    List<List<String>> modes = new ArrayList<>();
    String fuse = System.getProperty("gradgen.fuzz.fuse", "both");
    if (!fuse.equals("false")) {
      modes.add(List.of());
    }
    if (!fuse.equals("true")) {
      modes.add(List.of("-Agradgen.fuse=false"));
    }

    int generated = 0;
    int compilations = 0;
    for (int start = 0; start < classSeeds.size() && failures.size() < MAX_REPORTED_FAILURES;
        start += CLASSES_PER_COMPILE) {
      List<ClassProgram> batch = new ArrayList<>();
      for (int i = start; i < Math.min(start + CLASSES_PER_COMPILE, classSeeds.size()); i++) {
        batch.add(ProgramGenerator.generateClass("Fz" + i, classSeeds.get(i), METHODS_PER_CLASS));
        generated += METHODS_PER_CLASS;
      }
      for (List<String> options : modes) {
        compilations++;
        Compiled compiled = compile(batch, options);
        if (compiled == null) {
          continue;
        }
        for (ClassProgram program : batch) {
          check(compiled, program, options);
        }
      }
    }

    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "gradgen fuzz: seed %#x, %d programs in %d classes, %d compilations, %.1f s;"
            + " %d points, %d checked, skipped %d near kinks and %d non-finite;"
            + " %d partials checked, %d skipped as ill-conditioned%n",
        seed, generated, classSeeds.size(), compilations, seconds, points, checkedPoints, kinkSkips,
        nonFiniteSkips, partials, illConditioned);
    if (!failures.isEmpty()) {
      fail(failures.size() + " fuzz failure(s) (seed " + String.format("%#x", seed) + "):\n\n"
          + String.join("\n\n", failures));
    }
    assertTrue(checkedPoints * 2 >= points,
        "too few points were smooth enough to check: " + checkedPoints + " of " + points);
  }

  // ---------------------------------------------------------------- compiling

  private Compiled compile(List<ClassProgram> batch, List<String> options) {
    List<String> sources = new ArrayList<>();
    for (ClassProgram program : batch) {
      sources.add(program.qualifiedName());
      sources.add(JavaPrinter.print(program));
    }
    try {
      return Compiled.of(options, sources.toArray(String[]::new));
    } catch (AssertionError e) {
      diagnoseCompilation(batch, options);
      return null;
    }
  }

  /** Finds the first method of each failing class whose own program does not compile. */
  private void diagnoseCompilation(List<ClassProgram> batch, List<String> options) {
    for (ClassProgram program : batch) {
      if (Compiled.compile(options, program.qualifiedName(), JavaPrinter.print(program)).status()
          == Compilation.Status.SUCCESS) {
        continue;
      }
      boolean found = false;
      for (Method m : program.methods()) {
        String source = JavaPrinter.print(program, JavaPrinter.closure(m));
        Compilation compilation = Compiled.compile(options, program.qualifiedName(), source);
        if (compilation.status() != Compilation.Status.SUCCESS) {
          failures.add(header(program, m, options, "the program does not compile") + "\n"
              + errors(compilation) + "\n--- program ---\n" + source + generated(compilation));
          found = true;
          break;
        }
      }
      if (!found) {
        failures.add("class " + program.qualifiedName() + " (replay with -Dgradgen.fuzz.classSeed="
            + program.seed() + ") does not compile with " + options
            + ", though each method's program alone does:\n"
            + errors(Compiled.compile(options, program.qualifiedName(),
                JavaPrinter.print(program))));
      }
    }
  }

  private static String errors(Compilation compilation) {
    StringBuilder out = new StringBuilder();
    for (Diagnostic<? extends JavaFileObject> d : compilation.errors()) {
      if (d.getSource() != null) {
        out.append(d.getSource().getName()).append(':').append(d.getLineNumber()).append(": ");
      }
      out.append(d.getMessage(null)).append('\n');
    }
    return out.toString();
  }

  /** The generated sources javac complained about (compile-testing hides them on failure). */
  private static String generated(Compilation compilation) {
    StringBuilder out = new StringBuilder();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Diagnostic<? extends JavaFileObject> d : compilation.errors()) {
      JavaFileObject file = d.getSource();
      if (file != null && file.getName().contains("Gradients") && seen.add(file.getName())) {
        try {
          out.append("\n--- generated ").append(file.getName()).append(" ---\n")
              .append(file.getCharContent(true));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return out.toString();
  }

  // ---------------------------------------------------------------- checking

  private void check(Compiled compiled, ClassProgram program, List<String> options) {
    Class<?>[] signature = {double.class, double.class, double.class, double[].class, double[].class,
        int.class};
    Class<?> user;
    Class<?> companion;
    try {
      user = compiled.load(program.qualifiedName());
      companion = compiled.load(program.qualifiedName() + "Gradients");
      user.getDeclaredMethods();
      companion.getDeclaredMethods();
    } catch (LinkageError e) {
      // A class javac wrote but the JVM rejects (VerifyError): name the method if the error does.
      Method culprit = null;
      for (Method m : program.methods()) {
        if (String.valueOf(e.getMessage()).contains("." + m.name + "(")) {
          culprit = m;
        }
      }
      failures.add(culprit == null
          ? "class " + program.qualifiedName() + " (replay with -Dgradgen.fuzz.classSeed="
              + program.seed() + ") fails to load: " + e
          : header(program, culprit, options, "the compiled class fails to load: " + e)
              + "\n--- program ---\n"
              + JavaPrinter.print(program, JavaPrinter.closure(culprit)));
      return;
    }
    for (Method m : program.methods()) {
      if (failures.size() >= MAX_REPORTED_FAILURES) {
        return;
      }
      java.lang.reflect.Method plain;
      java.lang.reflect.Method gradient;
      try {
        plain = user.getDeclaredMethod(m.name, signature);
        gradient = companion.getDeclaredMethod(m.name + "Gradient", signature);
      } catch (NoSuchMethodException e) {
        failures.add(header(program, m, options, "missing method: " + e.getMessage()));
        continue;
      }
      plain.setAccessible(true);
      Random random = new Random(program.seed() * 31 + m.index);
      for (int p = 0; p < POINTS_PER_PROGRAM && failures.size() < MAX_REPORTED_FAILURES; p++) {
        checkPoint(program, m, options, plain, gradient,
            Point.random(random, program.arrayLength()));
      }
    }
  }

  /** The arguments of one call. */
  record Point(double a, double b, double c, double[] w, double[] data, int n) {
    static Point random(Random random, int length) {
      double[] w = new double[length];
      double[] data = new double[length];
      for (int i = 0; i < length; i++) {
        w[i] = random.nextDouble() * 4 - 2;
        data[i] = random.nextDouble() * 4 - 2;
      }
      int n = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(ProgramGenerator.MAX_N);
      return new Point(random.nextDouble() * 4 - 2, random.nextDouble() * 4 - 2,
          random.nextDouble() * 4 - 2, w, data, n);
    }

    Object[] args() {
      return new Object[] {a, b, c, w.clone(), data.clone(), n};
    }

    @Override
    public String toString() {
      return "a=" + a + ", b=" + b + ", c=" + c + ", w=" + Arrays.toString(w) + ", data="
          + Arrays.toString(data) + ", n=" + n;
    }
  }

  private void checkPoint(ClassProgram program, Method m, List<String> options,
      java.lang.reflect.Method plain,
      java.lang.reflect.Method gradient, Point point) {
    points++;
    double expectedValue;
    Object record;
    try {
      expectedValue = (double) plain.invoke(null, point.args());
    } catch (ReflectiveOperationException e) {
      failures.add(report(program, m, options, point, "the plain method threw " + cause(e)));
      return;
    }
    try {
      record = gradient.invoke(null, point.args());
    } catch (ReflectiveOperationException e) {
      failures.add(report(program, m, options, point, "the gradient method threw " + cause(e)));
      return;
    }
    double value = (double) Compiled.component(record, "value");
    if (Double.doubleToLongBits(value) != Double.doubleToLongBits(expectedValue)) {
      failures.add(report(program, m, options, point,
          "value() is " + value + " but the plain method returns " + expectedValue));
      return;
    }

    // The reference, one direction per differentiable input.
    List<String> directions = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      if (m.scalarDifferentiable[i]) {
        directions.add(Ast.SCALARS.get(i));
      }
    }
    int length = program.arrayLength();
    for (int i = 0; m.wDifferentiable && i < length; i++) {
      directions.add("w[" + i + "]");
    }
    for (int i = 0; m.dataDifferentiable && i < length; i++) {
      directions.add("data[" + i + "]");
    }
    int count = directions.size();
    int[] next = {0};
    double[] scalars = {point.a(), point.b(), point.c()};
    Dual[] duals = new Dual[3];
    for (int i = 0; i < 3; i++) {
      duals[i] = m.scalarDifferentiable[i]
          ? Dual.input(scalars[i], next[0]++, count) : Dual.constant(scalars[i]);
    }
    Dual[] w = duals(point.w(), m.wDifferentiable, next, count);
    Dual[] data = duals(point.data(), m.dataDifferentiable, next, count);
    DualInterpreter interpreter = new DualInterpreter();
    Dual reference;
    try {
      reference = interpreter.run(m, duals[0], duals[1], duals[2], w, data, point.n());
    } catch (RuntimeException e) {
      failures.add(report(program, m, options, point, "the reference interpreter threw " + e));
      return;
    }
    if (Double.doubleToLongBits(reference.v) != Double.doubleToLongBits(expectedValue)) {
      failures.add(report(program, m, options, point,
          "REFERENCE BUG: the dual-number interpreter computes " + reference.v
              + " but the plain method returns " + expectedValue));
      return;
    }
    if (interpreter.nonFinite) {
      nonFiniteSkips++;
      return;
    }
    if (interpreter.minKink < KINK_DISTANCE) {
      kinkSkips++;
      return;
    }
    checkedPoints++;

    double[] actual = new double[count];
    int k = 0;
    for (int i = 0; i < 3; i++) {
      if (m.scalarDifferentiable[i]) {
        actual[k++] = (double) Compiled.component(record, Ast.SCALARS.get(i));
      }
    }
    if (m.wDifferentiable) {
      for (double g : (double[]) Compiled.component(record, "w")) {
        actual[k++] = g;
      }
    }
    if (m.dataDifferentiable) {
      for (double g : (double[]) Compiled.component(record, "data")) {
        actual[k++] = g;
      }
    }
    List<String> mismatches = new ArrayList<>();
    for (int j = 0; j < count; j++) {
      double expected = reference.d == null ? 0.0 : reference.d[j];
      double magnitude = reference.m == null ? 0.0 : reference.m[j];
      if (!Double.isFinite(expected) || !Double.isFinite(magnitude)) {
        illConditioned++;
        continue;
      }
      if (magnitude > MAX_CANCELLATION * Math.max(1.0, Math.abs(expected))) {
        illConditioned++;
        continue;
      }
      partials++;
      double scale = Math.max(1.0, Math.max(Math.abs(expected), Math.abs(actual[j])));
      if (!(Math.abs(expected - actual[j]) <= TOLERANCE * scale)) {
        mismatches.add("d/d" + directions.get(j) + ": generated " + actual[j] + ", dual numbers "
            + expected);
      }
    }
    if (!mismatches.isEmpty()) {
      failures.add(report(program, m, options, point,
          "partials disagree (closest kink at relative distance " + interpreter.minKink + "):\n  "
              + String.join("\n  ", mismatches)));
    }
  }

  private static Dual[] duals(double[] values, boolean differentiable, int[] next, int count) {
    Dual[] out = new Dual[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = differentiable ? Dual.input(values[i], next[0]++, count) : Dual.constant(values[i]);
    }
    return out;
  }

  private static String cause(ReflectiveOperationException e) {
    Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
    java.io.StringWriter trace = new java.io.StringWriter();
    cause.printStackTrace(new java.io.PrintWriter(trace));
    String text = trace.toString();
    return text.length() > 2000 ? text.substring(0, 2000) + "..." : text;
  }

  private static String header(ClassProgram program, Method m, List<String> options, String what) {
    return "FAILED " + program.qualifiedName() + "." + m.name + " (javac options " + options + "): "
        + what + "\n  replay: mvn -pl processor test -Dtest=FuzzGradientsTest"
        + " -Dgradgen.fuzz.classSeed=" + program.seed() + " -Dgradgen.fuzz.fuse=" + options.isEmpty()
        + "   (method " + m.name + ")";
  }

  private static String report(ClassProgram program, Method m, List<String> options, Point point,
      String what) {
    return header(program, m, options, what) + "\n  at " + point + "\n--- program ---\n"
        + JavaPrinter.print(program, JavaPrinter.closure(m));
  }
}
