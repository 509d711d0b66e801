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
 *       dual-number evaluation cancelled more than a factor 1e6 (ill-conditioned at the point);
 *   <li>pass the generated {@code mCheck} at those smooth points: central finite differences of
 *       the plain method, a third oracle independent of both ({@link CheckOracle}; partials whose
 *       differences do not settle are counted, not judged). {@code -Dgradgen.fuzz.check=false}
 *       leaves it out.
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
 *
 * <p>{@code -Dgradgen.fuzz.families=classic|all|arrays,sidefx,...} picks the {@link
 * ProgramGenerator.Family families} drawn on top of the classic subset (default {@link
 * #DEFAULT_FAMILIES}); {@code -Dgradgen.fuzz.methodsPerClass=K} (default 50) and {@code
 * -Dgradgen.fuzz.maxFailures=F} (default 10) help when classifying many failures. A method whose
 * program does not compile is reported, and the rest of its class is still checked without it and
 * the methods that call it. {@code -Dgradgen.fuzz.nestedRules=false} keeps the {@code rules}
 * family from passing one rule call to another.
 *
 * <p>At the first point of each method ({@code -Dgradgen.fuzz.secondOrderPoints=K} for more)
 * {@link SecondOrderCheck} also checks {@code mTangent} and, in the classes without rules (half of
 * them by seed; {@code -Dgradgen.fuzz.secondOrderClasses=false} keeps the rules everywhere), {@code
 * mHessian} and {@code mHessianVectorProduct}; each class also gets {@code
 * -Dgradgen.fuzz.vectorsPerClass=K} (default 5) {@code double[]}-returning methods ({@link
 * VectorPrograms}) whose {@code mJacobian} and {@code mTangent} {@link VectorCheck} checks.
 *
 * <p>{@code -Dgradgen.fuzz.scalePartials=1.001} is a measurement of the checker itself, not a
 * test: it multiplies every generated partial by the factor and reports how many of the checked
 * companion methods (per compilation mode) the checker then rejects.
 */
class FuzzGradientsTest {

  static final long DEFAULT_SEED = 0x6772616467656E01L;
  /**
   * The families of the default run: every one but {@code rank3}, whose arrays of rank 3 holding
   * nodes the processor rejects with a located error (node arrays go up to rank 2).
   * {@code -Dgradgen.fuzz.nestedRules=false} keeps rule calls out of each other's arguments.
   */
  static final String DEFAULT_FAMILIES =
      "arrays,sidefx,calls,foreach,params,misc,reject,rules,reductions";

  static final int DEFAULT_PROGRAMS = 1000;
  static final int METHODS_PER_CLASS = 50;
  static final int CLASSES_PER_COMPILE = 5;
  static final int POINTS_PER_PROGRAM = 3;
  static final double TOLERANCE = 1e-6;
  static final double KINK_DISTANCE = 1e-6;
  static final double MAX_CANCELLATION = 1e6;
  static final int MAX_REPORTED_FAILURES = 10;

  private final List<String> failures = new ArrayList<>();
  /** The checks of mTangent, mHessian and mHessianVectorProduct, and their counts. */
  private final SecondOrderCheck secondOrder = new SecondOrderCheck();
  /** How many of a method's points also check those ({@code -Dgradgen.fuzz.secondOrderPoints}). */
  private final int secondOrderPoints = Integer.getInteger("gradgen.fuzz.secondOrderPoints", 1);

  private int pointIndex;
  /** Whether half the classes drop the rules family ({@code -Dgradgen.fuzz.secondOrderClasses}). */
  private final boolean secondOrderClasses =
      !"false".equals(System.getProperty("gradgen.fuzz.secondOrderClasses"));
  /** The double[]-returning methods ({@link VectorPrograms}) and their checks. */
  private final VectorCheck vectorCheck = new VectorCheck();

  private final int vectorsPerClass = Integer.getInteger("gradgen.fuzz.vectorsPerClass", 5);
  private long points;
  private long checkedPoints;
  private long kinkSkips;
  private long nonFiniteSkips;
  private long partials;
  private long illConditioned;
  private int maxFailures = MAX_REPORTED_FAILURES;
  private String replayOptions = "";
  /** With scalePartials: the companion methods whose partials were checked, and those caught. */
  private double scalePartials = Double.NaN;

  private final java.util.Set<String> scaledChecked = new java.util.HashSet<>();
  private final java.util.Set<String> scaledCaught = new java.util.HashSet<>();
  private final CheckOracle checkOracle = new CheckOracle();
  private final boolean runChecks = !"false".equals(System.getProperty("gradgen.fuzz.check"));

  @Test
  void generatedGradientsAgreeWithDualNumbers() {
    long started = System.nanoTime();
    long seed = Long.getLong("gradgen.fuzz.seed", DEFAULT_SEED);
    int programs = Integer.getInteger("gradgen.fuzz.programs", DEFAULT_PROGRAMS);
    String replay = System.getProperty("gradgen.fuzz.classSeed");
    String familySpec = System.getProperty("gradgen.fuzz.families", DEFAULT_FAMILIES);
    java.util.Set<ProgramGenerator.Family> families = ProgramGenerator.Family.parse(familySpec);
    boolean rejections = families.remove(ProgramGenerator.Family.REJECT);
    int methodsPerClass = Integer.getInteger("gradgen.fuzz.methodsPerClass", METHODS_PER_CLASS);
    maxFailures = Integer.getInteger("gradgen.fuzz.maxFailures", MAX_REPORTED_FAILURES);
    replayOptions = " -Dgradgen.fuzz.families=" + familySpec
        + (methodsPerClass == METHODS_PER_CLASS
            ? ""
            : " -Dgradgen.fuzz.methodsPerClass=" + methodsPerClass)
        + ("false".equals(System.getProperty("gradgen.fuzz.nestedRules"))
            ? " -Dgradgen.fuzz.nestedRules=false"
            : "");
    String scale = System.getProperty("gradgen.fuzz.scalePartials");
    if (scale != null && !scale.isBlank()) {
      scalePartials = Double.parseDouble(scale);
    }

    List<Long> classSeeds = new ArrayList<>();
    if (replay != null && !replay.isBlank()) {
      classSeeds.add(Long.decode(replay.trim()));
    } else {
      SplittableRandom seeds = new SplittableRandom(seed);
      int classes = (programs + methodsPerClass - 1) / methodsPerClass;
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
    for (int start = 0;
        start < classSeeds.size() && failures.size() < maxFailures;
        start += CLASSES_PER_COMPILE) {
      List<ClassProgram> batch = new ArrayList<>();
      for (int i = start; i < Math.min(start + CLASSES_PER_COMPILE, classSeeds.size()); i++) {
        batch.add(VectorPrograms.extend(
            ProgramGenerator.generateClass(
                "Fz" + i,
                classSeeds.get(i),
                methodsPerClass,
                familiesOf(classSeeds.get(i), families)),
            vectorsPerClass));
        generated += methodsPerClass;
      }
      for (List<String> options : modes) {
        compilations++;
        List<ClassProgram> checked = batch;
        Compiled compiled = compile(batch, options);
        if (compiled == null) {
          // Check what still compiles: each class without its failing methods and their callers.
          checked = diagnoseCompilation(batch, options);
          compilations++;
          compiled = checked.isEmpty() ? null : compile(checked, options);
          if (compiled == null) {
            continue;
          }
        }
        for (ClassProgram program : checked) {
          check(compiled, program, options);
        }
      }
    }

    if (rejections && failures.size() < maxFailures) {
      compilations++;
      checkRejections(seed, Math.max(20, programs / 10));
    }

    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "gradgen fuzz: seed %#x, families %s, %d programs in %d classes, %d compilations, %.1f s;"
            + " %d points, %d checked, skipped %d near kinks and %d non-finite;"
            + " %d partials checked, %d skipped as ill-conditioned; %d failure(s)%n",
        seed,
        familySpec,
        generated,
        classSeeds.size(),
        compilations,
        seconds,
        points,
        checkedPoints,
        kinkSkips,
        nonFiniteSkips,
        partials,
        illConditioned,
        failures.size());
    System.out.printf(
        "gradgen fuzz mCheck: %d points, %d partials judged by finite differences,"
            + " %d not settled, %d ill-conditioned%n",
        checkOracle.points, checkOracle.judged, checkOracle.unsettled, checkOracle.illConditioned);
    System.out.printf(
        "gradgen fuzz second order: %d tangents (%d methods without, > 255 slots),"
            + " %d Hessians (%d methods without), %d H·v components against differences of the"
            + " interpreter's gradient, %d skipped (kinks, rounding), %d skipped as an (int)"
            + " cast's staircase is finer than the steps%n",
        secondOrder.tangents,
        secondOrder.tangentsAbsent,
        secondOrder.hessians,
        secondOrder.hessiansAbsent,
        secondOrder.hvpComponents,
        secondOrder.hvpSkipped,
        secondOrder.hvpCastSkipped);
    System.out.printf(
        "gradgen fuzz double[] results: %d points, %d checked, %d Jacobian" + " entries%n",
        vectorCheck.points, vectorCheck.checkedPoints, vectorCheck.entries);
    if (!Double.isNaN(scalePartials)) {
      System.out.printf(
          "gradgen fuzz sensitivity: partials scaled by %s: %d of %d companion"
              + " methods (with a checked partial) caught%n",
          scalePartials, scaledCaught.size(), scaledChecked.size());
      return;
    }
    String reportDir = System.getProperty("gradgen.fuzz.reportDir");
    if (reportDir != null && !reportDir.isBlank()) {
      try {
        java.nio.file.Path dir =
            java.nio.file.Files.createDirectories(java.nio.file.Path.of(reportDir));
        for (int i = 0; i < failures.size(); i++) {
          java.nio.file.Files.writeString(dir.resolve("failure-" + i + ".txt"), failures.get(i));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (!failures.isEmpty()) {
      fail(failures.size() + " fuzz failure(s) (seed " + String.format("%#x", seed) + "):\n\n"
          + String.join("\n\n", failures));
    }
    assertTrue(
        checkedPoints * 2 >= points,
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

  /**
   * Reports every method of each failing class whose own program (it and its callees) does not
   * compile, and returns the batch without them and without the methods that call them.
   */
  private List<ClassProgram> diagnoseCompilation(List<ClassProgram> batch, List<String> options) {
    List<ClassProgram> survivors = new ArrayList<>();
    for (ClassProgram program : batch) {
      if (Compiled.compile(options, program.qualifiedName(), JavaPrinter.print(program))
              .status()
          == Compilation.Status.SUCCESS) {
        survivors.add(program);
        continue;
      }
      boolean found = false;
      java.util.Set<Method> broken = new java.util.HashSet<>();
      List<Method> kept = new ArrayList<>();
      for (Method m : program.methods()) {
        List<Method> closure = JavaPrinter.closure(m);
        if (closure.stream().anyMatch(broken::contains)) {
          broken.add(m);
          continue;
        }
        String source = JavaPrinter.print(program, closure);
        Compilation compilation = Compiled.compile(options, program.qualifiedName(), source);
        if (compilation.status() != Compilation.Status.SUCCESS) {
          if (failures.size() < maxFailures) {
            failures.add(header(program, m, options, "the program does not compile") + "\n"
                + errors(compilation) + "\n--- program ---\n" + source + generated(compilation));
          }
          broken.add(m);
          found = true;
        } else {
          kept.add(m);
        }
      }
      if (found && !kept.isEmpty()) {
        survivors.add(new ClassProgram(
            program.simpleName(),
            program.seed(),
            program.arrayLength(),
            program.fields(),
            kept,
            program.helpers(),
            program.rules()));
      }
      if (!found) {
        failures.add("class " + program.qualifiedName() + " (replay with -Dgradgen.fuzz.classSeed="
            + program.seed() + ") does not compile with " + options
            + ", though each method's program alone does:\n"
            + errors(
                Compiled.compile(options, program.qualifiedName(), JavaPrinter.print(program))));
      }
    }
    return survivors;
  }

  private static String errors(Compilation compilation) {
    StringBuilder out = new StringBuilder();
    for (Diagnostic<? extends JavaFileObject> d : compilation.errors()) {
      if (d.getSource() != null) {
        out.append(d.getSource().getName())
            .append(':')
            .append(d.getLineNumber())
            .append(": ");
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
          out.append("\n--- generated ")
              .append(file.getName())
              .append(" ---\n")
              .append(file.getCharContent(true));
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return out.toString();
  }

  /**
   * Compiles {@code count} programs of {@link RejectionPrograms} together; each must fail with its
   * expected error on its own file and line (one bad method must not hide another's error).
   */
  /**
   * Rejection programs per compilation: javac reports at most 100 errors per compilation
   * ({@code -Xmaxerrs}), so a larger batch would lose the errors of its later programs.
   */
  static final int REJECTIONS_PER_COMPILE = 50;

  private void checkRejections(long seed, int count) {
    for (int start = 0; start < count; start += REJECTIONS_PER_COMPILE) {
      checkRejections(seed, start, Math.min(count, start + REJECTIONS_PER_COMPILE));
    }
  }

  private void checkRejections(long seed, int from, int to) {
    List<RejectionPrograms.Case> cases = new ArrayList<>();
    List<String> sources = new ArrayList<>();
    for (int i = from; i < to; i++) {
      RejectionPrograms.Case c = RejectionPrograms.generate(seed, i);
      cases.add(c);
      sources.add(c.qualifiedName());
      sources.add(c.source());
    }
    Compilation compilation = Compiled.compile(sources.toArray(String[]::new));
    for (RejectionPrograms.Case c : cases) {
      String file = c.qualifiedName().replace('.', '/') + ".java";
      List<String> seen = new ArrayList<>();
      boolean found = false;
      for (Diagnostic<? extends JavaFileObject> d : compilation.errors()) {
        if (d.getSource() == null || !d.getSource().getName().endsWith(file)) {
          continue;
        }
        seen.add("line " + d.getLineNumber() + ": " + d.getMessage(null));
        found |= d.getLineNumber() == c.line() && d.getMessage(null).equals(c.message());
      }
      if (!found && failures.size() < maxFailures) {
        failures.add("FAILED " + c.qualifiedName() + ": expected the error '" + c.message()
            + "' on line " + c.line() + ", got " + (seen.isEmpty() ? "none" : seen)
            + "\n--- program ---\n" + c.source());
      }
    }
  }

  // ---------------------------------------------------------------- checking

  private void check(Compiled compiled, ClassProgram program, List<String> options) {
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
      failures.add(
          culprit == null
              ? "class " + program.qualifiedName() + " (replay with -Dgradgen.fuzz.classSeed="
                  + program.seed() + ") fails to load: " + e
              : header(program, culprit, options, "the compiled class fails to load: " + e)
                  + "\n--- program ---\n"
                  + JavaPrinter.print(program, JavaPrinter.closure(culprit)));
      return;
    }
    for (Method m : program.methods()) {
      if (failures.size() >= maxFailures) {
        return;
      }
      Class<?>[] signature = new Class<?>[m.params.size()];
      for (int i = 0; i < signature.length; i++) {
        signature[i] = switch (m.params.get(i).type()) {
          case DOUBLE -> double.class;
          case INT -> int.class;
          case ARRAY -> double[].class;
          case ARRAY2 -> double[][].class;
          case ARRAY3 -> double[][][].class;
          default -> throw new IllegalStateException(m.params.get(i).toString());
        };
      }
      if (m.vector) {
        checkVector(program, m, options, user, companion, signature);
        continue;
      }
      java.lang.reflect.Method plain;
      java.lang.reflect.Method gradient;
      java.lang.reflect.Method derivativeCheck;
      try {
        plain = user.getDeclaredMethod(m.name, signature);
        gradient = companion.getDeclaredMethod(m.name + "Gradient", signature);
        derivativeCheck = companion.getDeclaredMethod(m.name + "Check", signature);
      } catch (NoSuchMethodException e) {
        failures.add(header(program, m, options, "missing method: " + e.getMessage()));
        continue;
      }
      plain.setAccessible(true);
      Random random = new Random(program.seed() * 31 + m.index);
      for (int p = 0; p < POINTS_PER_PROGRAM && failures.size() < maxFailures; p++) {
        pointIndex = p;
        checkPoint(
            program,
            m,
            options,
            plain,
            gradient,
            derivativeCheck,
            Point.random(random, program.arrayLength(), m));
      }
    }
  }

  /**
   * The families of one class: a class with rules is of order 1 (see {@link JavaPrinter}), so
   * half the classes (by their seed, so that a replay draws the same) leave the rules out and get
   * mHessian and mHessianVectorProduct checked.
   */
  private java.util.Set<ProgramGenerator.Family> familiesOf(
      long classSeed, java.util.Set<ProgramGenerator.Family> families) {
    if (!secondOrderClasses
        || (classSeed & 1) != 0
        || !families.contains(ProgramGenerator.Family.RULES)) {
      return families;
    }
    java.util.Set<ProgramGenerator.Family> out = java.util.EnumSet.copyOf(families);
    out.remove(ProgramGenerator.Family.RULES);
    return out;
  }

  /** Checks a {@code double[]}-returning method's mJacobian and mTangent at its points. */
  private void checkVector(
      ClassProgram program,
      Method m,
      List<String> options,
      Class<?> user,
      Class<?> companion,
      Class<?>[] signature) {
    java.lang.reflect.Method plain;
    try {
      plain = user.getDeclaredMethod(m.name, signature);
    } catch (NoSuchMethodException e) {
      failures.add(header(program, m, options, "missing method: " + e.getMessage()));
      return;
    }
    plain.setAccessible(true);
    Random random = new Random(program.seed() * 31 + m.index);
    for (int p = 0; p < POINTS_PER_PROGRAM && failures.size() < maxFailures; p++) {
      Point point = Point.random(random, program.arrayLength(), m);
      List<String> found = vectorCheck.check(
          companion,
          plain,
          m,
          point.values(),
          point::args,
          new Random(program.seed() * 13 + m.index * 7L + p));
      if (!found.isEmpty()) {
        failures.add(report(
            program,
            m,
            options,
            point,
            "the Jacobian or tangent of a double[] result disagrees:\n  "
                + String.join("\n  ", found)));
      }
    }
  }

  /**
   * The arguments of one call: the classic six, then the extras of the widened families (all
   * drawn after the classic ones, so that a classic method gets the points it always got).
   */
  record Point(double a, double b, double c, double[] w, double[] data, int n, Object[] extras) {
    static Point random(Random random, int length, Method m) {
      double[] w = new double[length];
      double[] data = new double[length];
      for (int i = 0; i < length; i++) {
        w[i] = random.nextDouble() * 4 - 2;
        data[i] = random.nextDouble() * 4 - 2;
      }
      int n = random.nextInt(10) == 0 ? 0 : 1 + random.nextInt(ProgramGenerator.MAX_N);
      double a = random.nextDouble() * 4 - 2;
      double b = random.nextDouble() * 4 - 2;
      double c = random.nextDouble() * 4 - 2;
      Object[] extras = new Object[m.params.size() - 6];
      for (int i = 0; i < extras.length; i++) {
        extras[i] = switch (m.params.get(6 + i).type()) {
          case DOUBLE -> random.nextDouble() * 4 - 2;
          case INT -> random.nextInt(ProgramGenerator.MAX_N + 1);
          default -> randomArray(random, m.params.get(6 + i).type().rank(), length);
        };
      }
      return new Point(a, b, c, w, data, n, extras);
    }

    private static Object randomArray(Random random, int rank, int length) {
      if (rank == 1) {
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
          out[i] = random.nextDouble() * 4 - 2;
        }
        return out;
      }
      Object[] out = rank == 2 ? new double[length][] : new double[length][][];
      for (int i = 0; i < length; i++) {
        out[i] = randomArray(random, rank - 1, length);
      }
      return out;
    }

    /** The values in parameter order, arrays deep-copied so that no call sees another's writes. */
    Object[] values() {
      Object[] out = new Object[6 + extras.length];
      out[0] = a;
      out[1] = b;
      out[2] = c;
      out[3] = w;
      out[4] = data;
      out[5] = n;
      System.arraycopy(extras, 0, out, 6, extras.length);
      return out;
    }

    Object[] args() {
      Object[] out = values();
      for (int i = 0; i < out.length; i++) {
        out[i] = deepCopy(out[i]);
      }
      return out;
    }

    private static Object deepCopy(Object value) {
      if (value instanceof double[] doubles) {
        return doubles.clone();
      }
      if (value instanceof Object[] rows) {
        Object[] out = rows.clone();
        for (int i = 0; i < out.length; i++) {
          out[i] = deepCopy(out[i]);
        }
        return out;
      }
      return value;
    }

    @Override
    public String toString() {
      StringBuilder out = new StringBuilder("a=" + a + ", b=" + b + ", c=" + c + ", w="
          + Arrays.toString(w) + ", data=" + Arrays.toString(data) + ", n=" + n);
      for (int i = 0; i < extras.length; i++) {
        out.append(", extra")
            .append(i)
            .append('=')
            .append(
                extras[i] instanceof Object[] rows
                    ? Arrays.deepToString(rows)
                    : String.valueOf(extras[i]));
      }
      return out.toString();
    }
  }

  private void checkPoint(
      ClassProgram program,
      Method m,
      List<String> options,
      java.lang.reflect.Method plain,
      java.lang.reflect.Method gradient,
      java.lang.reflect.Method derivativeCheck,
      Point point) {
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
      failures.add(report(
          program,
          m,
          options,
          point,
          "value() is " + value + " but the plain method returns " + expectedValue));
      return;
    }

    // The reference, one direction per differentiable input (array elements in row-major order).
    List<String> directions = new ArrayList<>();
    Object[] values = point.values();
    for (int i = 0; i < values.length; i++) {
      Ast.Param param = m.params.get(i);
      if (param.differentiable()) {
        name(directions, param.name(), values[i]);
      }
    }
    int count = directions.size();
    int[] next = {0};
    Object[] duals = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      duals[i] = values[i] instanceof Integer
          ? values[i]
          : duals(values[i], m.params.get(i).differentiable(), next, count);
    }
    DualInterpreter interpreter = new DualInterpreter();
    Dual reference;
    try {
      reference = interpreter.run(m, duals);
    } catch (RuntimeException e) {
      failures.add(report(program, m, options, point, "the reference interpreter threw " + e));
      return;
    }
    if (Double.doubleToLongBits(reference.v) != Double.doubleToLongBits(expectedValue)) {
      failures.add(report(
          program,
          m,
          options,
          point,
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

    List<Double> flat = new ArrayList<>();
    for (Ast.Param param : m.params) {
      if (param.differentiable()) {
        flatten(Compiled.component(record, param.name()), flat);
      }
    }
    if (flat.size() != count) {
      failures.add(report(
          program,
          m,
          options,
          point,
          "the gradient record holds " + flat.size() + " partials where the parameters have "
              + count + " differentiable inputs"));
      return;
    }
    double[] actual = new double[count];
    for (int j = 0; j < count; j++) {
      actual[j] = flat.get(j) * (Double.isNaN(scalePartials) ? 1.0 : scalePartials);
    }
    String companion = options + " " + program.qualifiedName() + "." + m.name;
    List<String> mismatches = new ArrayList<>();
    boolean[] wellConditioned = new boolean[count];
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
      wellConditioned[j] = true;
      partials++;
      scaledChecked.add(companion);
      double scale = Math.max(1.0, Math.max(Math.abs(expected), Math.abs(actual[j])));
      if (!(Math.abs(expected - actual[j]) <= TOLERANCE * scale)) {
        mismatches.add(
            "d/d" + directions.get(j) + ": generated " + actual[j] + ", dual numbers " + expected);
      }
    }
    if (!mismatches.isEmpty() && !Double.isNaN(scalePartials)) {
      scaledCaught.add(companion);
    } else if (!mismatches.isEmpty()) {
      failures.add(report(
          program,
          m,
          options,
          point,
          "partials disagree (closest kink at relative distance " + interpreter.minKink + "):\n  "
              + String.join("\n  ", mismatches)));
    } else if (runChecks && Double.isNaN(scalePartials)) {
      List<String> disagreements;
      try {
        disagreements =
            checkOracle.check(derivativeCheck, point.args(), directions, wellConditioned);
      } catch (ReflectiveOperationException e) {
        disagreements = List.of("mCheck could not be called: " + e);
      }
      if (!disagreements.isEmpty()) {
        failures.add(report(
            program,
            m,
            options,
            point,
            "mCheck (finite differences of the plain method) disagrees with the generated partials,"
                + " which the dual numbers accepted (closest kink at relative distance "
                + interpreter.minKink + "):\n  " + String.join("\n  ", disagreements)));
      }
    }
    if (mismatches.isEmpty() && Double.isNaN(scalePartials) && pointIndex < secondOrderPoints) {
      List<String> second = secondOrder.check(
          gradient.getDeclaringClass(),
          m,
          !program.rules(),
          values,
          point::args,
          expectedValue,
          actual,
          reference,
          interpreter.minKink,
          interpreter.castReach,
          new Random(program.seed() * 17 + m.index * 5L + pointIndex));
      if (!second.isEmpty()) {
        failures.add(report(
            program,
            m,
            options,
            point,
            "forward or second-order members disagree:\n  " + String.join("\n  ", second)));
      }
    }
  }

  /** The names of the inputs of one parameter: {@code x}, {@code w[i]}, {@code m[i][j]}, ... */
  private static void name(List<String> out, String prefix, Object value) {
    if (value instanceof Double) {
      out.add(prefix);
    } else if (value instanceof double[] doubles) {
      for (int i = 0; i < doubles.length; i++) {
        out.add(prefix + "[" + i + "]");
      }
    } else {
      Object[] rows = (Object[]) value;
      for (int i = 0; i < rows.length; i++) {
        name(out, prefix + "[" + i + "]", rows[i]);
      }
    }
  }

  /** A double, or a nested double array, as the interpreter's Duals (inputs, or constants). */
  private static Object duals(Object value, boolean differentiable, int[] next, int count) {
    if (value instanceof Double v) {
      return differentiable ? Dual.input(v, next[0]++, count) : Dual.constant(v);
    }
    if (value instanceof double[] doubles) {
      Dual[] out = new Dual[doubles.length];
      for (int i = 0; i < doubles.length; i++) {
        out[i] = (Dual) duals(doubles[i], differentiable, next, count);
      }
      return out;
    }
    Object[] rows = (Object[]) value;
    Object[] out = new Object[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = duals(rows[i], differentiable, next, count);
    }
    return out;
  }

  /** A record component (a double, or a nested double array) appended in row-major order. */
  private static void flatten(Object component, List<Double> out) {
    if (component instanceof Double v) {
      out.add(v);
    } else if (component instanceof double[] doubles) {
      for (double v : doubles) {
        out.add(v);
      }
    } else if (component instanceof Object[] rows) {
      for (Object row : rows) {
        flatten(row, out);
      }
    } else {
      throw new IllegalStateException("unexpected gradient component " + component);
    }
  }

  private static String cause(ReflectiveOperationException e) {
    Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
    java.io.StringWriter trace = new java.io.StringWriter();
    cause.printStackTrace(new java.io.PrintWriter(trace));
    String text = trace.toString();
    return text.length() > 2000 ? text.substring(0, 2000) + "..." : text;
  }

  private String header(ClassProgram program, Method m, List<String> options, String what) {
    return "FAILED " + program.qualifiedName() + "." + m.name + " (javac options " + options + "): "
        + what + "\n  replay: mvn -pl processor test -Dtest=FuzzGradientsTest"
        + " -Dgradgen.fuzz.classSeed=" + program.seed() + " -Dgradgen.fuzz.fuse="
        + options.isEmpty()
        + replayOptions
        + "   (method " + m.name + ")";
  }

  private String report(
      ClassProgram program, Method m, List<String> options, Point point, String what) {
    return header(program, m, options, what) + "\n  at " + point + "\n--- program ---\n"
        + JavaPrinter.print(program, JavaPrinter.closure(m));
  }
}
