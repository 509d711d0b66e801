package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.gradgen.Tensor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test support for "gradients that actually run": declares {@code @Differentiable} methods as source
 * snippets grouped into compilation units, compiles each batch once, and checks a generated gradient
 * against the plain method (value bit for bit), against central finite differences of the plain
 * method (Richardson-extrapolated), against a hand-written analytic derivative, and through the graph
 * builder called directly (value bit for bit, leaf gradients equal up to the order of summation).
 */
final class GradientHarness {

  /** Relative tolerance of finite differences against the generated partials. */
  static final double FD_TOLERANCE = 1e-6;
  /** Relative tolerance of the hand-written derivatives against the generated partials. */
  static final double ANALYTIC_TOLERANCE = 1e-9;

  /**
   * The ways every function is compiled and checked: by default (straight-line code fused into wide
   * nodes) and with one node per operation.
   */
  static final List<List<String>> VARIANTS = List.of(List.of(), List.of("-Agradgen.fuse=false"));

  private static final Map<List<String>, Compiled> COMPILATIONS = new ConcurrentHashMap<>();
  private static final Pattern DIFFERENTIABLE_METHOD = Pattern.compile(
      "@Differentiable(?:\\([^)]*\\))?\\s+(?:(?:public|protected|private|static|final)\\s+)*"
          + "double\\s+(\\w+)\\s*\\(");
  private static final String MARKER = "// @methods";

  private GradientHarness() {}

  // ---------------------------------------------------------------- batches of sources

  /**
   * One compilation: several units (one source file each) compiled together once, the first time a
   * function of the batch is checked.
   */
  static class Batch {
    private final List<Unit> units = new ArrayList<>();

    /**
     * A compilation unit whose class source holds a line {@code // @methods} where the snippets given
     * to {@link Unit#method} go. {@code className} is the binary name of the class the snippets
     * belong to ({@code p.Outer$Inner} for a nested one); the file is named after its top level.
     */
    Unit unit(String className, String template) {
      Unit unit = new Unit(this, className, template);
      units.add(unit);
      return unit;
    }

    /** A unit with no snippets: a complete source, for instance a second class to call. */
    void source(String className, String source) {
      units.add(new Unit(this, className, source));
    }

    /** The batch compiled as a user's build compiles it by default (fused nodes). */
    Compiled compiled() {
      return compiled(List.of());
    }

    /** The batch compiled with these javac options. */
    Compiled compiled(List<String> options) {
      List<String> key = new ArrayList<>(options);
      key.add("--");
      for (Unit unit : units) {
        String topLevel = unit.className.contains("$")
            ? unit.className.substring(0, unit.className.indexOf('$'))
            : unit.className;
        key.add(topLevel);
        key.add(unit.source());
      }
      return COMPILATIONS.computeIfAbsent(
          List.copyOf(key),
          k ->
              Compiled.of(options, k.subList(options.size() + 1, k.size()).toArray(new String[0])));
    }
  }

  /** One source file of a batch; see {@link Batch#unit}. */
  static final class Unit {
    private final Batch batch;
    private final String className;
    private final String template;
    private final StringBuilder methods = new StringBuilder();

    private Unit(Batch batch, String className, String template) {
      this.batch = batch;
      this.className = className;
      this.template = template;
    }

    /** Adds a snippet (a {@code @Differentiable} method, maybe with helpers) to this unit. */
    Fn method(String snippet) {
      Matcher m = DIFFERENTIABLE_METHOD.matcher(snippet);
      if (!m.find()) {
        throw new IllegalArgumentException("no @Differentiable double method in\n" + snippet);
      }
      methods.append(snippet.indent(2)).append('\n');
      return new Fn(batch, className, m.group(1));
    }

    String source() {
      if (!template.contains(MARKER)) {
        return template;
      }
      return template.replace(MARKER, methods.toString().stripTrailing());
    }
  }

  // ---------------------------------------------------------------- points and expectations

  /** The arguments of one call, in the method's parameter order. */
  static final class Point {
    private final Object[] args;

    private Point(Object[] args) {
      this.args = args;
    }

    double d(int i) {
      return (Double) args[i];
    }

    int n(int i) {
      return (Integer) args[i];
    }

    long l(int i) {
      return (Long) args[i];
    }

    double[] a(int i) {
      return (double[]) args[i];
    }

    double[][] m(int i) {
      return (double[][]) args[i];
    }

    Object[] args() {
      return deepCopy(args);
    }

    @Override
    public String toString() {
      return Arrays.deepToString(args);
    }
  }

  /**
   * Arguments; use {@code 2.0} for a double, {@code 2} for an int, {@code 2L} for a long, and
   * {@code new double[] {...}} for arrays.
   */
  static Point at(Object... args) {
    return new Point(args);
  }

  /** Expected partials by parameter name: {@code grads("a", 5.0, "w", new double[] {...})}. */
  static Map<String, Object> grads(Object... namesAndValues) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      Object value = namesAndValues[i + 1];
      out.put((String) namesAndValues[i], value instanceof Number n ? n.doubleValue() : value);
    }
    return out;
  }

  static double[] vec(double... values) {
    return values;
  }

  static double[][] mat(double[]... rows) {
    return rows;
  }

  // ---------------------------------------------------------------- one function

  /** A {@code @Differentiable} method of a batch, with its companion. */
  static final class Fn {
    private final Batch batch;
    private final String className;
    private final String name;
    private final List<String> options;
    private Object receiver;

    private Fn(Batch batch, String className, String name) {
      this(batch, className, name, List.of());
    }

    private Fn(Batch batch, String className, String name, List<String> options) {
      this.batch = batch;
      this.className = className;
      this.name = name;
      this.options = options;
    }

    /** This function compiled with other javac options. */
    Fn compiledWith(List<String> options) {
      return new Fn(batch, className, name, options);
    }

    Compiled compiled() {
      return batch.compiled(options);
    }

    /** {@code p.Outer$Inner} becomes {@code p.Outer_InnerGradients}. */
    String companion() {
      return className.replace('$', '_') + "Gradients";
    }

    private Method plainMethod() {
      for (Method m : compiled().load(className).getDeclaredMethods()) {
        if (m.getName().equals(name)) {
          return m;
        }
      }
      throw new AssertionError("no method " + name + " in " + className);
    }

    boolean isStatic() {
      return Modifier.isStatic(plainMethod().getModifiers());
    }

    /** The receiver instance methods are called on: a new instance, made once. */
    Object receiver() {
      if (receiver == null) {
        receiver = compiled().newInstance(className);
      }
      return receiver;
    }

    /** The plain method's value. */
    double plain(Object... args) {
      Object out = isStatic()
          ? compiled().call(className, name, args)
          : compiled().callOn(receiver(), name, args);
      return (Double) out;
    }

    /** The generated {@code mGradient(...)}'s record. */
    Object gradient(Object... args) {
      return compiled().call(companion(), name + "Gradient", withReceiver(args));
    }

    /** A component of {@link #gradient}'s record. */
    Object component(Object[] args, String component) {
      return Compiled.component(gradient(args), component);
    }

    /** The generated graph builder {@code m(...)}, given nodes where it takes them. */
    Tensor builder(Object... args) {
      return (Tensor) compiled().call(companion(), name, withReceiver(args));
    }

    private Object[] withReceiver(Object[] args) {
      if (isStatic()) {
        return args;
      }
      Object[] out = new Object[args.length + 1];
      out[0] = receiver();
      System.arraycopy(args, 0, out, 1, args.length);
      return out;
    }

    /** The graph builder: the companion's method of this name. */
    private Method builderMethod() {
      int count = plainMethod().getParameterCount() + (isStatic() ? 0 : 1);
      for (Method m : compiled().load(companion()).getDeclaredMethods()) {
        // The public builder: a gradient method may call a private one over array leaves.
        if (m.getName().equals(name)
            && java.lang.reflect.Modifier.isPublic(m.getModifiers())
            && m.getParameterCount() == count
            && m.getReturnType() == Tensor.class) {
          return m;
        }
      }
      throw new AssertionError("no graph builder " + name + " in " + companion());
    }

    /** Positions of the parameters the builder takes as nodes: the differentiable ones. */
    List<Integer> differentiablePositions() {
      Class<?>[] types = builderMethod().getParameterTypes();
      int offset = isStatic() ? 0 : 1;
      List<Integer> out = new ArrayList<>();
      for (int i = offset; i < types.length; i++) {
        Class<?> element = types[i];
        while (element.isArray()) {
          element = element.getComponentType();
        }
        if (element == Tensor.class) {
          out.add(i - offset);
        }
      }
      return out;
    }

    /**
     * The full check at each point: the value bit for bit, the builder called directly, every
     * partial against finite differences of the plain method and against {@code analytic}.
     */
    void check(Function<Point, Map<String, Object>> analytic, Point... points) {
      assertTrue(points.length >= 1);
      for (List<String> variant : VARIANTS) {
        Fn fn = compiledWith(variant);
        for (Point point : points) {
          fn.checkAt(point, analytic == null ? null : analytic.apply(point));
        }
      }
    }

    private void checkAt(Point point, Map<String, Object> analytic) {
      String where = this + " at " + point;
      double expected = plain(point.args());
      Object record = gradient(point.args());
      double value = (Double) Compiled.component(record, "value");
      assertBitsEqual(expected, value, where + ": value()");

      List<String> names = new ArrayList<>();
      for (RecordComponent rc : record.getClass().getRecordComponents()) {
        names.add(rc.getName());
      }
      assertEquals("value", names.get(0), where);
      names = names.subList(1, names.size());
      List<Integer> positions = differentiablePositions();
      assertEquals(names.size(), positions.size(), where + ": record components " + names);

      checkBuilder(point, expected, record, names, positions, where);

      for (int k = 0; k < names.size(); k++) {
        String component = names.get(k);
        Object partial = Compiled.component(record, component);
        Object numeric = finiteDifferences(point, positions.get(k));
        assertClose(
            numeric,
            partial,
            FD_TOLERANCE,
            where + ": d/d" + component + " against finite differences");
      }
      if (analytic != null) {
        assertEquals(
            analytic.keySet(),
            new java.util.LinkedHashSet<>(names),
            where + ": differentiable parameters");
        for (String component : names) {
          assertClose(
              analytic.get(component),
              Compiled.component(record, component),
              ANALYTIC_TOLERANCE,
              where + ": d/d" + component + " against the analytic derivative");
        }
      }
    }

    /** Calls the graph builder with fresh leaves; its value and leaf gradients match the record. */
    private void checkBuilder(
        Point point,
        double expected,
        Object record,
        List<String> names,
        List<Integer> positions,
        String where) {
      Object[] args = point.args();
      Object[] leaves = new Object[args.length];
      for (int p : positions) {
        leaves[p] = args[p] instanceof Double d
            ? new Tensor(d)
            : args[p] instanceof double[] v ? Tensor.of(v) : Tensor.of((double[][]) args[p]);
        args[p] = leaves[p];
      }
      Tensor out = builder(args);
      assertBitsEqual(expected, out.data(), where + ": graph builder value");
      out.backward();
      for (int k = 0; k < names.size(); k++) {
        Object leaf = leaves[positions.get(k)];
        Object grad = leaf instanceof Tensor t
            ? (Object) t.grad()
            : leaf instanceof Tensor[] v ? Tensor.grads(v) : Tensor.grads((Tensor[][]) leaf);
        assertSameUpToSummationOrder(
            Compiled.component(record, names.get(k)),
            grad,
            where + ": builder's leaf gradient of " + names.get(k));
      }
    }

    /** d(plain)/d(argument at position), element by element for arrays. */
    private Object finiteDifferences(Point point, int position) {
      Object arg = point.args[position];
      if (arg instanceof Double x) {
        return derivative(t -> plainWith(point, position, t), x);
      }
      if (arg instanceof double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
          int index = i;
          out[i] = derivative(
              t -> {
                double[] copy = v.clone();
                copy[index] = t;
                return plainWith(point, position, copy);
              },
              v[i]);
        }
        return out;
      }
      double[][] m = (double[][]) arg;
      double[][] out = new double[m.length][];
      for (int i = 0; i < m.length; i++) {
        out[i] = new double[m[i].length];
        for (int j = 0; j < m[i].length; j++) {
          int row = i;
          int column = j;
          out[i][j] = derivative(
              t -> {
                double[][] copy = (double[][]) deepCopy(new Object[] {m})[0];
                copy[row][column] = t;
                return plainWith(point, position, copy);
              },
              m[i][j]);
        }
      }
      return out;
    }

    private double plainWith(Point point, int position, Object value) {
      Object[] args = point.args();
      args[position] = value;
      return plain(args);
    }

    /** Both the plain method and the gradient throw {@code type} with the same message. */
    <T extends RuntimeException> void throwsLikePlain(Class<T> type, Point point) {
      for (List<String> variant : VARIANTS) {
        Fn fn = compiledWith(variant);
        T plain =
            assertThrows(type, () -> fn.plain(point.args()), fn + ": plain method at " + point);
        T generated =
            assertThrows(type, () -> fn.gradient(point.args()), fn + ": gradient at " + point);
        assertEquals(plain.getMessage(), generated.getMessage(), fn + ": message");
      }
    }

    @Override
    public String toString() {
      return className + "." + name + (options.isEmpty() ? "" : " " + String.join(" ", options));
    }
  }

  // ---------------------------------------------------------------- numerics

  /**
   * Central differences with one Richardson step: (4 D(h/2) - D(h)) / 3, error O(h^4). The step is a
   * power of two near 1e-4 max(1, |x|), so x +- h is as exact as it can be; points must be at least
   * that far from kinks.
   */
  static double derivative(DoubleUnaryOperator f, double x) {
    double h = Math.scalb(1.0, Math.getExponent(1e-4 * Math.max(1.0, Math.abs(x))));
    double coarse = (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
    double fine = (f.applyAsDouble(x + h / 2) - f.applyAsDouble(x - h / 2)) / h;
    return (4 * fine - coarse) / 3;
  }

  static void assertBitsEqual(double expected, double actual, String message) {
    if (Double.doubleToRawLongBits(expected) != Double.doubleToRawLongBits(actual)) {
      fail(message + ": expected " + expected + " ("
          + Long.toHexString(Double.doubleToRawLongBits(expected)) + ") but was " + actual + " ("
          + Long.toHexString(Double.doubleToRawLongBits(actual)) + ")");
    }
  }

  /** |expected - actual| <= tolerance * max(1, |actual|), element-wise for arrays. */
  static void assertClose(Object expected, Object actual, double tolerance, String message) {
    if (expected instanceof Number n && actual instanceof Double a) {
      double e = n.doubleValue();
      double bound = tolerance * Math.max(1.0, Math.abs(a));
      if (!(Math.abs(e - a) <= bound)) {
        fail(message + ": expected " + e + " but was " + a + " (difference " + Math.abs(e - a)
            + ", allowed " + bound + ")");
      }
    } else if (expected instanceof double[] e && actual instanceof double[] a) {
      assertEquals(e.length, a.length, message + ": length");
      for (int i = 0; i < e.length; i++) {
        assertClose(e[i], a[i], tolerance, message + " [" + i + "]");
      }
    } else if (expected instanceof double[][] e && actual instanceof double[][] a) {
      assertEquals(e.length, a.length, message + ": rows");
      for (int i = 0; i < e.length; i++) {
        assertClose(e[i], a[i], tolerance, message + " [" + i + "]");
      }
    } else {
      fail(message + ": expected " + describe(expected) + " but was " + describe(actual));
    }
  }

  /**
   * How many units in the last place two sweeps' gradients of one leaf may differ by: the generated
   * method sweeps its tape's creation order and the builder over hand-made leaves sorts the graph,
   * and the two may sum one leaf's contributions in another order ({@code Tensor}'s Javadoc allows
   * the last bits to differ; values never do).
   */
  static final int SUMMATION_ORDER_ULPS = 4;

  /**
   * The same gradient up to the order of summation: bit for bit, or both finite and at most {@link
   * #SUMMATION_ORDER_ULPS} ulps of the larger magnitude apart (under 9e-16 relative); element-wise
   * for arrays.
   */
  static void assertSameUpToSummationOrder(Object expected, Object actual, String message) {
    if (expected instanceof Double e) {
      assertWithinSummationOrder(e, (Double) actual, message);
    } else if (expected instanceof double[] e && actual instanceof double[] a) {
      assertEquals(e.length, a.length, message + ": length");
      for (int i = 0; i < e.length; i++) {
        assertWithinSummationOrder(e[i], a[i], message + "[" + i + "]");
      }
    } else if (expected instanceof double[][] e && actual instanceof double[][] a) {
      assertEquals(e.length, a.length, message + ": rows");
      for (int i = 0; i < e.length; i++) {
        assertSameUpToSummationOrder(e[i], a[i], message + "[" + i + "]");
      }
    } else {
      assertArrayEquals(new Object[] {expected}, new Object[] {actual}, message);
    }
  }

  private static void assertWithinSummationOrder(double expected, double actual, String message) {
    if (Double.doubleToRawLongBits(expected) == Double.doubleToRawLongBits(actual)) {
      return;
    }
    double bound = SUMMATION_ORDER_ULPS * Math.ulp(Math.max(Math.abs(expected), Math.abs(actual)));
    if (!(Double.isFinite(expected)
        && Double.isFinite(actual)
        && Math.abs(expected - actual) <= bound)) {
      assertBitsEqual(
          expected,
          actual,
          message + " (more than " + SUMMATION_ORDER_ULPS
              + " ulps apart, so not a difference of summation order)");
    }
  }

  private static String describe(Object value) {
    return value == null
        ? "null"
        : value.getClass().isArray()
            ? Arrays.deepToString(new Object[] {value})
            : value + " (" + value.getClass().getSimpleName() + ")";
  }

  /** A copy whose arrays (also nested ones) are fresh, so no call can see another's changes. */
  static Object[] deepCopy(Object[] args) {
    Object[] out = args.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] instanceof double[] v) {
        out[i] = v.clone();
      } else if (out[i] instanceof double[][] m) {
        double[][] copy = new double[m.length][];
        for (int r = 0; r < m.length; r++) {
          copy[r] = m[r] == null ? null : m[r].clone();
        }
        out[i] = copy;
      }
    }
    return out;
  }
}
