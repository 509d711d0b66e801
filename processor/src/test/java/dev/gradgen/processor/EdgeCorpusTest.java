package dev.gradgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.google.testing.compile.Compilation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A corpus of edge and bad input (src/test/resources/corpus/NAME/Sample.java, one small source per
 * entry). Each source starts with a header of line comments that says what is expected of it:
 *
 * <pre>
 * // expect: gradient                  compiles; the gradient is checked at every "at" point
 * // method: Outer.Inner.f             the @Differentiable method (class path in the file's package)
 * // receiver: new Outer.Inner(2.0)    for an instance method: the receiver, a Java expression
 * // params: double x, int n           optional: the parameter list, when the source has several
 * // at: 1.5, 3                        arguments, Java expressions; one line per point
 * // d x: 2 * x * n                    one line per record component after value, in order: the
 * //                                   analytic partial as a Java expression over the parameters,
 * //                                   or "fd" for central finite differences only
 *
 * // expect: error                     fails to compile
 * // error: try/catch is not supported one line per expected error: a message substring,
 * // on: try (                         and text found on exactly one line of the body
 * </pre>
 *
 * <p>Every entry, good or bad, must compile without javac throwing, and no diagnostic may carry an
 * exception, a stack trace or the processor's "internal error": bad input gets a message that names
 * the problem on its line. Good entries are compiled fused and unfused; the value must equal the
 * plain method's bit for bit, and every partial must match central finite differences of the plain
 * method and, where the header gives one, the analytic derivative.
 */
class EdgeCorpusTest {

  /** The variants good entries are compiled in: fused nodes (the default) and one node per operation. */
  private static final List<List<String>> VARIANTS =
      List.of(List.of(), List.of("-Agradgen.fuse=false"));

  private static final double ANALYTIC_TOLERANCE = GradientHarness.ANALYTIC_TOLERANCE;
  private static final double FD_TOLERANCE = GradientHarness.FD_TOLERANCE;

  private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
  private static final Pattern DIRECTIVE = Pattern.compile(
      "^//\\s*(expect|method|receiver|params|at|error|on|d [^:\\s]+):\\s?(.*)$");

  /** One corpus entry: its source and the directives of its header, in order. */
  record Entry(String name, String source, List<String> header, List<Map.Entry<String, String>> directives) {

    String qualifiedName() {
      Matcher m = PACKAGE.matcher(source);
      return (m.find() ? m.group(1) + "." : "") + "Sample";
    }

    String packageName() {
      Matcher m = PACKAGE.matcher(source);
      return m.find() ? m.group(1) : "";
    }

    String one(String key) {
      List<String> values = all(key);
      if (values.size() > 1) {
        fail(name + ": directive '" + key + "' given " + values.size() + " times");
      }
      return values.isEmpty() ? null : values.get(0);
    }

    List<String> all(String key) {
      List<String> out = new ArrayList<>();
      for (Map.Entry<String, String> d : directives) {
        if (d.getKey().equals(key)) {
          out.add(d.getValue());
        }
      }
      return out;
    }

    /** The {@code d NAME: formula} directives, in order. */
    LinkedHashMap<String, String> partials() {
      LinkedHashMap<String, String> out = new LinkedHashMap<>();
      for (Map.Entry<String, String> d : directives) {
        if (d.getKey().startsWith("d ")) {
          out.put(d.getKey().substring(2), d.getValue().strip());
        }
      }
      return out;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  // ---------------------------------------------------------------- the corpus

  static Path corpusDirectory() {
    URL url = EdgeCorpusTest.class.getResource("/corpus");
    if (url != null && url.getProtocol().equals("file")) {
      try {
        return Path.of(url.toURI());
      } catch (URISyntaxException e) {
        throw new IllegalStateException(e);
      }
    }
    return Path.of("src/test/resources/corpus");
  }

  static List<Entry> corpus() {
    try (Stream<Path> dirs = Files.list(corpusDirectory())) {
      List<Entry> out = new ArrayList<>();
      for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
        out.add(read(dir));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Entry read(Path dir) throws IOException {
    Path file = dir.resolve("Sample.java");
    String source = Files.readString(file);
    List<String> header = new ArrayList<>();
    List<Map.Entry<String, String>> directives = new ArrayList<>();
    for (String line : source.lines().toList()) {
      if (!line.startsWith("//")) {
        break;
      }
      header.add(line);
      Matcher m = DIRECTIVE.matcher(line);
      if (m.matches()) {
        directives.add(Map.entry(m.group(1), m.group(2).strip()));
      }
    }
    return new Entry(dir.getFileName().toString(), source, header, directives);
  }

  static Stream<Entry> gradientEntries() {
    return corpus().stream().filter(e -> "gradient".equals(e.one("expect")));
  }

  static Stream<Entry> errorEntries() {
    return corpus().stream().filter(e -> "error".equals(e.one("expect")));
  }

  @Test
  void corpusIsLargeAndEveryEntrySaysWhatItExpects() {
    List<Entry> entries = corpus();
    assertTrue(entries.size() >= 60, "only " + entries.size() + " corpus entries");
    for (Entry entry : entries) {
      String expect = entry.one("expect");
      assertTrue("gradient".equals(expect) || "error".equals(expect),
          entry.name() + ": the header needs '// expect: gradient' or '// expect: error'");
      if (expect.equals("gradient")) {
        assertNotNull(entry.one("method"), entry.name() + ": no '// method:'");
        assertFalse(entry.all("at").isEmpty(), entry.name() + ": no '// at:' point");
        assertFalse(entry.partials().isEmpty(), entry.name() + ": no '// d NAME:' partial");
      } else {
        assertFalse(entry.all("error").isEmpty(), entry.name() + ": no '// error:'");
        assertEquals(entry.all("error").size(), entry.all("on").size(),
            entry.name() + ": each '// error:' needs its '// on:'");
      }
    }
  }

  // ---------------------------------------------------------------- bad input

  @ParameterizedTest(name = "{0}")
  @MethodSource("errorEntries")
  void badInputIsReportedOnItsLine(Entry entry) {
    Compilation compilation = compile(entry, List.of());
    assertThat(compilation).failed();
    JavaFileObject file = compilation.sourceFiles().get(0);
    List<String> messages = entry.all("error");
    List<String> lines = entry.all("on");
    for (int i = 0; i < messages.size(); i++) {
      assertThat(compilation).hadErrorContaining(messages.get(i)).inFile(file)
          .onLine(lineOf(entry, lines.get(i)));
    }
    assertThat(compilation).hadErrorCount(messages.size());
  }

  /** The 1-based line of the body (header excluded) that contains {@code text}, which must be unique. */
  private static long lineOf(Entry entry, String text) {
    List<String> lines = entry.source().lines().toList();
    long found = -1;
    for (int i = entry.header().size(); i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        assertEquals(-1, found, entry.name() + ": '" + text + "' is on more than one line");
        found = i + 1;
      }
    }
    assertTrue(found > 0, entry.name() + ": no line contains '" + text + "'");
    return found;
  }

  // ---------------------------------------------------------------- good input

  @ParameterizedTest(name = "{0}")
  @MethodSource("gradientEntries")
  void goodInputGivesTheRightGradient(Entry entry) throws ReflectiveOperationException {
    for (List<String> options : VARIANTS) {
      Compilation compilation = compile(entry, options);
      assertThat(compilation).succeededWithoutWarnings();
      checkGradients(entry, Compiled.loading(compilation), options);
    }
  }

  private static void checkGradients(Entry entry, Compiled loaded, List<String> options)
      throws ReflectiveOperationException {
    String context = entry.name() + (options.isEmpty() ? "" : " " + options);
    String pkg = entry.packageName();
    String prefix = pkg.isEmpty() ? "" : pkg + ".";
    String method = entry.one("method");
    int dot = method.lastIndexOf('.');
    String classPath = method.substring(0, dot);
    String methodName = method.substring(dot + 1);
    Class<?> owner = loaded.load(prefix + classPath.replace('.', '$'));
    Class<?> companion = loaded.load(prefix + classPath.replace('.', '_') + "Gradients");
    Class<?> probe = loaded.load(prefix + "EdgeCorpusProbe");
    Object receiver = entry.one("receiver") == null ? null : invokeStatic(probe, "receiver");
    List<String> names = parameterNames(params(entry, methodName));
    LinkedHashMap<String, String> partials = entry.partials();

    for (int point = 0; point < entry.all("at").size(); point++) {
      Object[] args = (Object[]) invokeStatic(probe, "at" + point);
      assertEquals(names.size(), args.length, context + ": arguments of point " + point);
      String where = context + " at (" + entry.all("at").get(point) + ")";
      Method plain = find(owner, methodName, args.length, receiver == null);
      Method gradient = find(companion, methodName + "Gradient",
          args.length + (receiver == null ? 0 : 1), true);

      double value = (double) invoke(plain, receiver, deepCopy(args));
      Object[] gradientArgs = receiver == null ? deepCopy(args) : prepend(receiver, deepCopy(args));
      Object record = invoke(gradient, null, gradientArgs);
      RecordComponent[] components = record.getClass().getRecordComponents();
      assertEquals("value", components[0].getName(), where);
      double generated = (double) components[0].getAccessor().invoke(record);
      assertEquals(Double.doubleToLongBits(value), Double.doubleToLongBits(generated),
          where + ": value " + generated + " differs from the plain method's " + value);

      List<String> componentNames = Arrays.stream(components).skip(1)
          .map(RecordComponent::getName).toList();
      assertEquals(List.copyOf(partials.keySet()), componentNames,
          where + ": the gradient's components");
      for (RecordComponent component : Arrays.copyOfRange(components, 1, components.length)) {
        String name = component.getName();
        Object partial = component.getAccessor().invoke(record);
        int index = names.indexOf(name);
        assertTrue(index >= 0, where + ": no parameter " + name);
        checkFiniteDifferences(where + ", d" + name, plain, receiver, args, index, partial);
        String formula = partials.get(name);
        if (!formula.equals("fd")) {
          Object expected = invokeStatic(probe, "d_" + name, deepCopy(args));
          assertClose(where + ", d" + name + " analytic", expected, partial, ANALYTIC_TOLERANCE);
        }
      }
    }
  }

  /** The parameter list of the method, from the header or from its declaration in the source. */
  private static String params(Entry entry, String methodName) {
    if (entry.one("params") != null) {
      return entry.one("params");
    }
    Matcher m = Pattern.compile("\\bdouble\\s+" + Pattern.quote(methodName) + "\\s*\\(([^)]*)\\)")
        .matcher(entry.source());
    String found = null;
    while (m.find()) {
      String params = m.group(1).strip();
      if (found != null && !found.equals(params)) {
        fail(entry.name() + ": several declarations of " + methodName + "; say which in '// params:'");
      }
      found = params;
    }
    assertNotNull(found, entry.name() + ": no declaration of " + methodName);
    return found;
  }

  private static List<String> parameterNames(String params) {
    List<String> names = new ArrayList<>();
    if (params.isBlank()) {
      return names;
    }
    for (String parameter : params.split(",")) {
      String[] words = parameter.strip().split("\\s+");
      names.add(words[words.length - 1]);
    }
    return names;
  }

  private static Method find(Class<?> type, String name, int arity, boolean isStatic) {
    Method found = null;
    for (Method m : type.getDeclaredMethods()) {
      if (m.getName().equals(name) && m.getParameterCount() == arity
          && Modifier.isStatic(m.getModifiers()) == isStatic && !m.isSynthetic()) {
        assertTrue(found == null, "several methods " + name + " in " + type);
        found = m;
      }
    }
    assertNotNull(found, "no " + (isStatic ? "static " : "") + "method " + name + " with "
        + arity + " parameters in " + type);
    found.setAccessible(true);
    return found;
  }

  private static Object invokeStatic(Class<?> type, String name, Object... args)
      throws ReflectiveOperationException {
    return invoke(find(type, name, args.length, true), null, args);
  }

  private static Object invoke(Method method, Object receiver, Object[] args) {
    try {
      return method.invoke(receiver, args);
    } catch (InvocationTargetException e) {
      throw new AssertionError(method + " threw", e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  // ---------------------------------------------------------------- finite differences

  /** Compares a partial (double, double[] or double[][]) with central differences of the method. */
  private static void checkFiniteDifferences(String where, Method plain, Object receiver,
      Object[] args, int index, Object partial) {
    Object parameter = args[index];
    if (parameter instanceof Double x) {
      double fd = centralDifference(plain, receiver, args, index, -1, -1, x);
      assertClose(where + " vs finite differences", fd, partial, FD_TOLERANCE);
    } else if (parameter instanceof double[] v) {
      double[] fd = new double[v.length];
      for (int i = 0; i < v.length; i++) {
        fd[i] = centralDifference(plain, receiver, args, index, i, -1, v[i]);
      }
      assertClose(where + " vs finite differences", fd, partial, FD_TOLERANCE);
    } else if (parameter instanceof double[][] m) {
      double[][] fd = new double[m.length][];
      for (int i = 0; i < m.length; i++) {
        fd[i] = new double[m[i].length];
        for (int j = 0; j < m[i].length; j++) {
          fd[i][j] = centralDifference(plain, receiver, args, index, i, j, m[i][j]);
        }
      }
      assertClose(where + " vs finite differences", fd, partial, FD_TOLERANCE);
    } else {
      fail(where + ": cannot perturb a " + parameter.getClass().getSimpleName());
    }
  }

  private static Object[] perturbed(Object[] args, int index, int i, int j, double value) {
    Object[] copy = deepCopy(args);
    if (i < 0) {
      copy[index] = value;
    } else if (j < 0) {
      ((double[]) copy[index])[i] = value;
    } else {
      ((double[][]) copy[index])[i][j] = value;
    }
    return copy;
  }

  private static Object[] prepend(Object first, Object[] rest) {
    Object[] out = new Object[rest.length + 1];
    out[0] = first;
    System.arraycopy(rest, 0, out, 1, rest.length);
    return out;
  }

  /** The shared harness's central difference of the plain method in one coordinate. */
  private static double centralDifference(Method plain, Object receiver, Object[] args, int index,
      int i, int j, double x) {
    return GradientHarness.derivative(
        t -> (double) invoke(plain, receiver, perturbed(args, index, i, j, t)), x);
  }

  private static Object[] deepCopy(Object[] args) {
    return GradientHarness.deepCopy(args);
  }

  private static void assertClose(String where, Object expected, Object actual, double tolerance) {
    GradientHarness.assertClose(expected, actual, tolerance, where);
  }


  // ---------------------------------------------------------------- compiling, never crashing

  /**
   * Compiles the entry (with a probe of its expectations for good entries) and checks that nothing
   * crashed: javac did not throw, and no diagnostic shows an exception, a stack trace or an internal
   * error, or lies in generated code.
   */
  private static Compilation compile(Entry entry, List<String> options) {
    List<String> sources = new ArrayList<>(List.of(entry.qualifiedName(), entry.source()));
    if ("gradient".equals(entry.one("expect"))) {
      String pkg = entry.packageName();
      sources.add((pkg.isEmpty() ? "" : pkg + ".") + "EdgeCorpusProbe");
      sources.add(probeSource(entry));
    }
    Compilation compilation = assertDoesNotThrow(
        () -> Compiled.compile(options, sources.toArray(new String[0])),
        entry.name() + ": javac threw");
    for (Diagnostic<? extends JavaFileObject> diagnostic : compilation.diagnostics()) {
      String message = diagnostic.getMessage(Locale.ROOT);
      for (String forbidden : List.of("Exception", "at dev.gradgen", "internal error")) {
        assertFalse(message.contains(forbidden),
            entry.name() + ": a diagnostic shows '" + forbidden + "':\n" + diagnostic);
      }
      if (diagnostic.getKind() == Diagnostic.Kind.ERROR) {
        assertNotNull(diagnostic.getSource(), entry.name() + ": an error without a source: "
            + diagnostic);
        assertTrue(diagnostic.getSource().toUri().getPath().endsWith("/Sample.java"),
            entry.name() + ": an error outside the user's source (generated code?):\n" + diagnostic);
      }
    }
    return compilation;
  }

  /**
   * A class next to the sample that evaluates the header's Java expressions: {@code receiver()},
   * {@code at0()}, {@code at1()}, ... and {@code d_NAME(parameters)} for each analytic partial.
   */
  private static String probeSource(Entry entry) {
    String method = entry.one("method");
    String methodName = method.substring(method.lastIndexOf('.') + 1);
    StringBuilder out = new StringBuilder();
    if (!entry.packageName().isEmpty()) {
      out.append("package ").append(entry.packageName()).append(";\n");
    }
    out.append("final class EdgeCorpusProbe {\n");
    if (entry.one("receiver") != null) {
      out.append("  static Object receiver() { return ").append(entry.one("receiver")).append("; }\n");
    }
    List<String> points = entry.all("at");
    for (int i = 0; i < points.size(); i++) {
      out.append("  static Object[] at").append(i).append("() { return new Object[] {")
          .append(points.get(i)).append("}; }\n");
    }
    String params = params(entry, methodName);
    entry.partials().forEach((name, formula) -> {
      if (!formula.equals("fd")) {
        out.append("  static Object d_").append(name).append("(").append(params)
            .append(") { return ").append(formula).append("; }\n");
      }
    });
    return out.append("}\n").toString();
  }
}
