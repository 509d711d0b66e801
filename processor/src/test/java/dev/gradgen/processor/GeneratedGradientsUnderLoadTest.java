package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Generated gradients under load, with and without statement-level fusion: ten million nodes
 * through a generated builder's loop, eight threads calling one gradient method at once, and NaN and
 * infinities flowing through without an exception and without touching later calls.
 */
class GeneratedGradientsUnderLoadTest {

  private static final String SOURCE = """
      package p;

      import dev.gradgen.Activations;
      import dev.gradgen.Differentiable;

      class Load {
        @Differentiable(wrt = {"x", "y", "w"})
        static double f(double x, double y, double[] w, double[] data, int n) {
          double s = Math.sin(x) * y + data[0];
          for (int i = 0; i < n; i++) {
            s += w[i % w.length] * Math.tanh(s + x);
            if (s > 2.0) {
              s = Math.log(s) + y;
            }
          }
          double t = Math.hypot(x, y) + Activations.softplus(s - x * y);
          return s * Math.exp(-y * y) + t / (1.0 + w[0] * w[0]) * data[1];
        }

        @Differentiable
        static double g(double x, double y, double z) {
          return x * y + Math.sin(x) + Math.log(y * y + 1.0) + z * 2.0;
        }

        @Differentiable(wrt = {"x", "c"})
        static double chain(double x, double c, int n) {
          double s = x;
          for (int i = 0; i < n; i++) {
            s = s * c + x;
          }
          return s;
        }
      }
      """;

  private static final int THREADS = 8;
  private static final int CALLS_PER_THREAD = 100_000;

  private static Compiled compile(boolean fuse) {
    return Compiled.of(fuse ? List.of() : List.of("-Agradgen.fuse=false"), "p.Load", SOURCE);
  }

  private static Method method(Class<?> type, String name, Class<?>... parameters) {
    try {
      Method method = type.getDeclaredMethod(name, parameters);
      method.setAccessible(true);
      return method;
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }

  private static Object invoke(Method method, Object... args) {
    try {
      return method.invoke(null, args);
    } catch (InvocationTargetException e) {
      throw new AssertionError("threw " + e.getCause(), e.getCause());
    } catch (IllegalAccessException e) {
      throw new AssertionError(e);
    }
  }

  /** A gradient record's components in order, arrays flattened, as raw bits. */
  private static long[] bits(Object record) {
    List<Long> out = new ArrayList<>();
    for (RecordComponent component : record.getClass().getRecordComponents()) {
      Object value;
      try {
        Method accessor = component.getAccessor();
        accessor.setAccessible(true);
        value = accessor.invoke(record);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError(e);
      }
      if (value instanceof double[] array) {
        for (double d : array) {
          out.add(Double.doubleToRawLongBits(d));
        }
      } else {
        out.add(Double.doubleToRawLongBits((Double) value));
      }
    }
    return out.stream().mapToLong(Long::longValue).toArray();
  }

  private static double[] values(Object record) {
    long[] bits = bits(record);
    double[] out = new double[bits.length];
    for (int i = 0; i < bits.length; i++) {
      out[i] = Double.longBitsToDouble(bits[i]);
    }
    return out;
  }

  // ---------------------------------------------------------------- deep graphs

  @ParameterizedTest(name = "fuse={0}")
  @ValueSource(booleans = {true, false})
  void tenMillionNodesThroughGeneratedBuilder(boolean fuse) {
    Compiled compiled = compile(fuse);
    Method gradient = method(
        compiled.load("p.LoadGradients"), "chainGradient", double.class, double.class, int.class);
    Method plain = method(compiled.load("p.Load"), "chain", double.class, double.class, int.class);
    // Five million iterations: ten million nodes written one per operation, five million fused.
    int n = 5_000_000;
    double x = 0.5;
    double c = 0.9999999;
    double[] result = values(invoke(gradient, x, c, n));

    // Forward mode over the same recurrence:
    // s' = s c + x, ds'/dx = c ds/dx + 1, ds'/dc = c ds/dc + s.
    double s = x;
    double dx = 1.0;
    double dc = 0.0;
    for (int i = 0; i < n; i++) {
      dc = c * dc + s;
      dx = c * dx + 1.0;
      s = s * c + x;
    }
    assertEquals(
        Double.doubleToLongBits((double) invoke(plain, x, c, n)),
        Double.doubleToLongBits(result[0]),
        "value() bit for bit");
    assertEquals(dx, result[1], 1e-6 * dx, "d/dx");
    assertEquals(dc, result[2], 1e-6 * dc, "d/dc");
  }

  // ---------------------------------------------------------------- threads

  private record Point(double x, double y, double[] w, double[] data, int n) {
    Object[] args() {
      return new Object[] {x, y, w.clone(), data.clone(), n};
    }
  }

  @ParameterizedTest(name = "fuse={0}")
  @ValueSource(booleans = {true, false})
  void eightThreadsGetExactlyTheSequentialResults(boolean fuse) throws Exception {
    Compiled compiled = compile(fuse);
    Method gradient = method(
        compiled.load("p.LoadGradients"),
        "fGradient",
        double.class,
        double.class,
        double[].class,
        double[].class,
        int.class);
    Method plain = method(
        compiled.load("p.Load"),
        "f",
        double.class,
        double.class,
        double[].class,
        double[].class,
        int.class);

    Random random = new Random(42);
    Point[] points = new Point[512];
    for (int i = 0; i < points.length; i++) {
      double[] w = new double[4];
      for (int j = 0; j < w.length; j++) {
        w[j] = random.nextDouble() * 4 - 2;
      }
      points[i] = new Point(
          random.nextDouble() * 4 - 2,
          random.nextDouble() * 4 - 2,
          w,
          new double[] {random.nextDouble() * 2 - 1, random.nextDouble() * 2 - 1},
          random.nextInt(7));
    }
    long[][] sequential = new long[points.length][];
    for (int i = 0; i < points.length; i++) {
      sequential[i] = bits(invoke(gradient, points[i].args()));
      assertEquals(
          Double.doubleToRawLongBits((double) invoke(plain, points[i].args())),
          sequential[i][0],
          "value() of point " + i);
    }

    CyclicBarrier start = new CyclicBarrier(THREADS);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          start.await();
          for (int k = 0; k < CALLS_PER_THREAD; k++) {
            int i = (int) ((thread * 7919L + k * 31L) % points.length);
            long[] got = bits(invoke(gradient, points[i].args()));
            if (!java.util.Arrays.equals(sequential[i], got)) {
              return "thread " + thread + ", call " + k + ", point " + i + ": "
                  + java.util.Arrays.toString(values(invoke(gradient, points[i].args())));
            }
          }
          return null;
        }));
      }
      for (Future<String> result : results) {
        String mismatch = result.get(5, TimeUnit.MINUTES);
        assertEquals(null, mismatch, "a concurrent call differed from the sequential result");
      }
    } finally {
      pool.shutdownNow();
    }
  }

  // ---------------------------------------------------------------- NaN and infinities

  @ParameterizedTest(name = "fuse={0}")
  @ValueSource(booleans = {true, false})
  void nanAndInfinitiesFlowAsInPlainJava(boolean fuse) {
    Compiled compiled = compile(fuse);
    Class<?> companion = compiled.load("p.LoadGradients");
    Class<?> user = compiled.load("p.Load");
    Method gGradient = method(companion, "gGradient", double.class, double.class, double.class);
    Method g = method(user, "g", double.class, double.class, double.class);
    Method fGradient = method(
        companion,
        "fGradient",
        double.class,
        double.class,
        double[].class,
        double[].class,
        int.class);
    Method f =
        method(user, "f", double.class, double.class, double[].class, double[].class, int.class);

    Point normal =
        new Point(0.7, -0.4, new double[] {0.3, -1.2, 0.8, 0.1}, new double[] {0.25, -0.6}, 5);
    long[] fFresh = bits(invoke(fGradient, normal.args()));
    long[] gFresh = bits(invoke(gGradient, 0.7, -0.4, 1.5));

    // NaN in x: the value and every partial that depends on x are NaN; dg/dz is untouched.
    double[] nan = values(invoke(gGradient, Double.NaN, 0.5, 1.5));
    assertTrue(
        Double.isNaN(nan[0]) && Double.isNaN(nan[1]) && Double.isNaN(nan[2]),
        java.util.Arrays.toString(nan));
    assertEquals(2.0, nan[3], 0.0);

    double[] specials = {
      Double.NaN,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      -0.0,
      Double.MAX_VALUE,
      Double.MIN_VALUE
    };
    for (double special : specials) {
      for (int slot = 0; slot < 3; slot++) {
        double[] args = {0.7, -0.4, 1.5};
        args[slot] = special;
        Object record = invoke(gGradient, args[0], args[1], args[2]);
        assertEquals(
            Double.doubleToLongBits((double) invoke(g, args[0], args[1], args[2])),
            Double.doubleToLongBits(values(record)[0]),
            "g value at " + java.util.Arrays.toString(args));
      }
      for (int slot = 0; slot < 9; slot++) {
        Point p =
            new Point(normal.x(), normal.y(), normal.w().clone(), normal.data().clone(), 5);
        if (slot == 0) {
          p = new Point(special, p.y(), p.w(), p.data(), p.n());
        } else if (slot == 1) {
          p = new Point(p.x(), special, p.w(), p.data(), p.n());
        } else if (slot < 6) {
          p.w()[slot - 2] = special;
        } else if (slot < 8) {
          p.data()[slot - 6] = special;
        } else {
          p.w()[0] = special;
          p.data()[1] = special;
        }
        Object record = invoke(fGradient, p.args());
        assertEquals(
            Double.doubleToLongBits((double) invoke(f, p.args())),
            Double.doubleToLongBits(values(record)[0]),
            "f value with " + special + " in slot " + slot);
      }
    }

    // Later, unrelated calls: exactly what they were before, and what a fresh compilation gives.
    assertArrayEquals(fFresh, bits(invoke(fGradient, normal.args())));
    assertArrayEquals(gFresh, bits(invoke(gGradient, 0.7, -0.4, 1.5)));
    Compiled fresh = compile(fuse);
    Method freshF = method(
        fresh.load("p.LoadGradients"),
        "fGradient",
        double.class,
        double.class,
        double[].class,
        double[].class,
        int.class);
    assertArrayEquals(bits(invoke(freshF, normal.args())), bits(invoke(fGradient, normal.args())));
  }
}
