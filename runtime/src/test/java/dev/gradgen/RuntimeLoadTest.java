package dev.gradgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/**
 * The runtime under load: a graph of ten million nodes, built the way a long loop in a generated
 * builder builds it, goes through {@link Tensor#backward()} without a stack overflow, in a few
 * seconds, and within the memory budget of 64 bytes per node.
 */
class RuntimeLoadTest {

  private static final int NODES = 10_000_000;
  private static final int BUDGET_BYTES_PER_NODE = 64;
  /** Heap measurement noise allowed on top of the budget. */
  private static final double SLACK_BYTES_PER_NODE = 4;

  @Test
  void tenMillionNodeGraphBackwardWithinMemoryBudget() {
    double c = 0.9999999;
    long before = usedHeapAfterGc();
    long started = System.nanoTime();

    // y(k+1) = c * y(k) + x, from y(0) = x: two nodes per step (a multiplication by a constant and
    // an addition of the leaf), a chain ten million nodes deep.
    Tensor x = new Tensor(0.5);
    Tensor y = x;
    double plain = 0.5;
    for (int i = 0; i < NODES / 2; i++) {
      y = y.mul(c).add(x);
      plain = plain * c + 0.5;
    }
    long built = System.nanoTime();
    long after = usedHeapAfterGc();
    double measured = (after - before) / (double) NODES;

    y.backward();
    long done = System.nanoTime();

    // dy/dx by the same recurrence, forward: g(k+1) = c * g(k) + 1 from g(0) = 1.
    double expected = 1.0;
    for (int i = 0; i < NODES / 2; i++) {
      expected = expected * c + 1.0;
    }
    assertEquals(
        Double.doubleToLongBits(plain),
        Double.doubleToLongBits(y.data()),
        "the graph's value is the plain loop's, bit for bit");
    assertEquals(expected, x.grad(), 1e-9 * expected, "d y / d x over ten million nodes");

    // The chain is made of unary and binary nodes; the binary kind is the larger.
    long layout = shallowSize(binaryNodeKind());
    System.out.printf(
        "RuntimeLoadTest: %,d nodes; layout %d bytes per node (%s), measured %.2f bytes"
            + " per node (%.0f MB); build %.2f s, backward %.2f s%n",
        NODES + 1,
        layout,
        compressedOops() ? "compressed oops" : "uncompressed oops",
        measured,
        (after - before) / 1e6,
        (built - started) / 1e9,
        (done - built) / 1e9);
    assertTrue(
        layout <= BUDGET_BYTES_PER_NODE,
        "a Tensor's fields take " + layout + " bytes, over the budget of " + BUDGET_BYTES_PER_NODE);
    assertTrue(
        measured <= BUDGET_BYTES_PER_NODE + SLACK_BYTES_PER_NODE,
        "measured " + measured + " bytes per node, over the budget of " + BUDGET_BYTES_PER_NODE);
    // The measurement must see the nodes at all (the graph stayed reachable and was not elided).
    assertTrue(measured >= layout * 0.9, "measured only " + measured + " bytes per node");
  }

  @Test
  void wideFanInGraphBackward() {
    // One leaf feeding a million nodes that are summed pairwise into a tree: many paths, each node
    // visited once.
    Tensor x = new Tensor(2.0);
    Tensor[] level = new Tensor[1 << 20];
    for (int i = 0; i < level.length; i++) {
      level[i] = x.mul(i % 7 - 3);
    }
    int n = level.length;
    while (n > 1) {
      for (int i = 0; i < n / 2; i++) {
        level[i] = level[2 * i].add(level[2 * i + 1]);
      }
      n /= 2;
    }
    Tensor sum = level[0];
    sum.backward();
    double expected = 0;
    for (int i = 0; i < (1 << 20); i++) {
      expected += i % 7 - 3;
    }
    assertEquals(expected, x.grad(), 0.0);
    assertEquals(2.0 * expected, sum.data(), 0.0);
  }

  /** Tensor's node kind with two parents (private, so found by reflection). */
  private static Class<?> binaryNodeKind() {
    for (Class<?> kind : Tensor.class.getPermittedSubclasses()) {
      if (kind.getSimpleName().equals("Binary")) {
        return kind;
      }
    }
    throw new AssertionError("no binary node kind in " + Tensor.class);
  }

  /** The heap in use after the collector has run, as settled as a few collections get it. */
  private static long usedHeapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      used = Math.min(used, runtime.totalMemory() - runtime.freeMemory());
    }
    return used;
  }

  /**
   * The size of an instance of {@code type} from its fields, by HotSpot's layout: a 12-byte header
   * with compressed class pointers (16 without), 4-byte references with compressed oops (8 without),
   * the whole rounded up to 8 bytes.
   */
  static long shallowSize(Class<?> type) {
    boolean compressed = compressedOops();
    long size = compressedClassPointers() ? 12 : 16;
    for (Class<?> t = type; t != null; t = t.getSuperclass()) {
      for (Field field : t.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        Class<?> f = field.getType();
        size += f == long.class || f == double.class
            ? 8
            : f == int.class || f == float.class
                ? 4
                : f == short.class || f == char.class
                    ? 2
                    : f == byte.class || f == boolean.class ? 1 : compressed ? 4 : 8;
      }
    }
    return (size + 7) / 8 * 8;
  }

  private static boolean compressedOops() {
    return vmFlag("UseCompressedOops");
  }

  private static boolean compressedClassPointers() {
    return vmFlag("UseCompressedClassPointers");
  }

  private static boolean vmFlag(String name) {
    HotSpotDiagnosticMXBean bean =
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
    return Boolean.parseBoolean(bean.getVMOption(name).getValue());
  }
}
