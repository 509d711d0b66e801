package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Loop-level preaccumulation: reduction loops become one node per accumulator. Their gradients
 * against analytic derivatives and against {@code -Agradgen.fuse=false} (one node per operation),
 * their values bit for bit the plain method's, and loops that look like reductions but are not
 * written as before and still correct.
 */
class ReductionLoopsTest {

  /** The comment the writer puts before each preaccumulated loop. */
  private static final String MARK = "the loop gathers its partials";

  private static final String HITS = """
      package p;
      import dev.gradgen.Differentiable;
      class Hits {
        @Differentiable static double rosenbrock(double[] x) {
          double sum = 0.0;
          for (int i = 0; i < x.length - 1; i++) {
            double a = x[i + 1] - x[i] * x[i];
            double b = 1.0 - x[i];
            sum += 100.0 * a * a + b * b;
          }
          return sum;
        }
        @Differentiable static double dot(double[] x, double[] y) {
          double s = 0;
          for (int i = 0; i < x.length; i++) s += x[i] * y[i];
          return s;
        }
        @Differentiable(wrt = {"x", "c"})
        static double weightedSquares(double[] x, double c, double[] w) {
          double s = 1.5 * c;
          for (int i = 0; i < x.length; i++) {
            double d = x[i] - c;
            s = s + w[i] * d * d;
          }
          return s;
        }
        @Differentiable static double layer(double[][] m, double[] v, double[] b) {
          double loss = 0.0;
          for (int r = 0; r < m.length; r++) {
            double z = b[r];
            for (int k = 0; k < v.length; k++) {
              z += m[r][k] * v[k];
            }
            loss += z * z;
          }
          return loss;
        }
        @Differentiable static double mixed(double[] x, double y) {
          double s = y;
          double t = 0.0;
          for (int i = 0; i < x.length; i += 1) {
            int k = x.length - 1 - i;
            double e = Math.tanh(x[i] * y) / (2.0 + x[k] * x[k]);
            s -= e * i;
            t = t - (-Math.exp(x[k] * 0.1) - Math.sqrt(x[i] * x[i] + 1.0));
            s += (double) x[i] / y;
          }
          return s * t;
        }
        @Differentiable static double none(double[] x, double y) {
          double s = y * y;
          for (int i = 0; i < 0; i++) s += x[i] * y;
          return s;
        }
        @Differentiable static double labelled(double[] x) {
          double s = 0.0;
          outer:
          for (int i = 0; i < x.length; i++) s += x[i] * x[i];
          return s;
        }
      }
      """;

  private static final String MISSES = """
      package p;
      import dev.gradgen.Differentiable;
      class Misses {
        @Differentiable static double readsAccumulator(double[] x) {
          double s = 1.0;
          for (int i = 0; i < x.length; i++) s += x[i] * s;
          return s;
        }
        @Differentiable static double readsAccumulatorInTemporary(double[] x) {
          double s = 1.0;
          for (int i = 0; i < x.length; i++) {
            double t = s * 0.5;
            s += x[i] * t;
          }
          return s;
        }
        @Differentiable static double writesArray(double[] x) {
          double[] y = new double[x.length];
          double s = 0.0;
          for (int i = 0; i < x.length; i++) {
            y[i] = x[i] * 2.0;
            s += y[i] * x[i];
          }
          return s + y[0];
        }
        @Differentiable static double multiplies(double[] x) {
          double s = 1.0;
          for (int i = 0; i < x.length; i++) s *= x[i];
          return s;
        }
        @Differentiable static double scaledAccumulator(double[] x) {
          double s = 1.0;
          for (int i = 0; i < x.length; i++) s = x[i] + s * 2;
          return s;
        }
        @Differentiable static double breaks(double[] x) {
          double s = 0.0;
          for (int i = 0; i < x.length; i++) {
            s += x[i] * x[i];
            break;
          }
          return s;
        }
        @Differentiable static double continues(double[] x) {
          double s = 0.0;
          for (int i = 0; i < x.length; i++) {
            s += x[i] * x[i];
            continue;
          }
          return s;
        }
        @Differentiable static double doubleLoopVariable(double[] x) {
          double s = 0.0;
          for (double t = 0.0; t < x.length; t++) s += x[(int) t] * t;
          return s;
        }
        @Differentiable static double assignedAfterIf(double[] x) {
          double s = 0.0;
          for (int i = 0; i < x.length; i++) {
            s += x[i] * x[i];
            if (s > 1.0) s = s * 0.5;
          }
          return s;
        }
        @Differentiable static double twoArgumentMath(double[] x) {
          double s = 0.0;
          for (int i = 0; i < x.length; i++) s += Math.pow(x[i], 3.0);
          return s;
        }
        @Differentiable static double strict(double[] x) {
          double s = 0.0;
          for (int i = 0; i < x.length; i++) s += StrictMath.sin(x[i]);
          return s;
        }
        @Differentiable static double conditional(double[] x) {
          double s = 0.0;
          for (int i = 0; i < x.length; i++) s += x[i] > 0.5 ? x[i] : -x[i] * x[i];
          return s;
        }
        @Differentiable static double square(double x) {
          return x * x;
        }
        @Differentiable static double calls(double[] x) {
          double s = 0.0;
          for (int i = 0; i < x.length; i++) s += square(x[i]);
          return s;
        }
        @Differentiable static double parameterAccumulator(double[] x, double s) {
          for (int i = 0; i < x.length; i++) s += x[i] * x[i];
          return s;
        }
        @Differentiable static double incrementInIndex(double[] x) {
          double s = 0.0;
          for (int i = 0; i < x.length;) s += x[i++] * 3.0;
          return s;
        }
        @Differentiable static double activeCondition(double[] x) {
          double s = 0.0;
          for (int i = 0; i < x.length && s < 2.0; i++) s += x[i] * x[i];
          return s;
        }
        @Differentiable static double copiesAccumulator(double[] x) {
          double s = 0.0;
          double last = 0.0;
          for (int i = 0; i < x.length; i++) {
            s += x[i] * x[i];
            last = s;
          }
          return s + last;
        }
      }
      """;

  private static final Compiled HITS_FUSED = Compiled.of("p.Hits", HITS);
  private static final Compiled HITS_UNFUSED =
      Compiled.of(List.of("-Agradgen.fuse=false"), "p.Hits", HITS);

  @Test
  void qualifyingLoopsArePreaccumulated() {
    String source = generated(HITS_FUSED, "p.HitsGradients");
    // rosenbrock, dot, weightedSquares, the inner loop of layer, mixed, none, labelled: in the
    // public builders and again in the gradient methods' builders over array leaves.
    assertEquals(14, count(source, MARK), source);
    assertEquals(0, count(generated(HITS_UNFUSED, "p.HitsGradients"), MARK));
  }

  @Test
  void nearMissesAreWrittenAsBefore() {
    Compiled misses = Compiled.of("p.Misses", MISSES);
    assertEquals(0, count(generated(misses, "p.MissesGradients"), MARK));
  }

  @Test
  void rosenbrockMatchesItsAnalyticGradient() {
    double[] x = {-1.2, 1.0, 0.7, 2.0, -0.3};
    Object g = HITS_FUSED.call("p.HitsGradients", "rosenbrockGradient", x);
    double[] dx = (double[]) Compiled.component(g, "x");
    double[] expected = new double[x.length];
    for (int i = 0; i < x.length - 1; i++) {
      double a = x[i + 1] - x[i] * x[i];
      expected[i] += -400.0 * x[i] * a - 2.0 * (1.0 - x[i]);
      expected[i + 1] += 200.0 * a;
    }
    assertEquals(HITS_FUSED.call("p.Hits", "rosenbrock", x), Compiled.component(g, "value"));
    assertArrayClose(expected, dx, "rosenbrock");
  }

  @Test
  void dotProductAndWeightedSquaresMatchTheirAnalyticGradients() {
    double[] x = {0.5, -1.5, 2.25};
    double[] y = {3.0, 0.125, -4.0};
    Object dot = HITS_FUSED.call("p.HitsGradients", "dotGradient", x, y);
    assertArrayEquals(y, (double[]) Compiled.component(dot, "x"), 0.0);
    assertArrayEquals(x, (double[]) Compiled.component(dot, "y"), 0.0);

    double c = 0.75;
    double[] w = {2.0, 0.5, 3.0};
    Object g = HITS_FUSED.call("p.HitsGradients", "weightedSquaresGradient", x, c, w);
    double dc = 1.5;
    double[] dx = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      dx[i] = 2.0 * w[i] * (x[i] - c);
      dc -= 2.0 * w[i] * (x[i] - c);
    }
    assertArrayClose(dx, (double[]) Compiled.component(g, "x"), "weighted x");
    assertClose(dc, (double) Compiled.component(g, "c"), "weighted c");
  }

  @Test
  void nestedLoopsMatchTheirAnalyticGradient() {
    double[][] m = {{1.0, -2.0, 0.5}, {0.25, 3.0, -1.0}};
    double[] v = {0.5, 1.5, -2.0};
    double[] b = {0.1, -0.2};
    Object g = HITS_FUSED.call("p.HitsGradients", "layerGradient", m, v, b);
    double[][] dm = new double[2][3];
    double[] dv = new double[3];
    double[] db = new double[2];
    for (int r = 0; r < 2; r++) {
      double z = b[r];
      for (int k = 0; k < 3; k++) {
        z += m[r][k] * v[k];
      }
      db[r] = 2.0 * z;
      for (int k = 0; k < 3; k++) {
        dm[r][k] = 2.0 * z * v[k];
        dv[k] += 2.0 * z * m[r][k];
      }
    }
    double[][] gm = (double[][]) Compiled.component(g, "m");
    for (int r = 0; r < 2; r++) {
      assertArrayClose(dm[r], gm[r], "m[" + r + "]");
    }
    assertArrayClose(dv, (double[]) Compiled.component(g, "v"), "v");
    assertArrayClose(db, (double[]) Compiled.component(g, "b"), "b");
  }

  @Test
  void aLoopThatNeverRunsLeavesItsAccumulator() {
    double[] x = {1.0, 2.0};
    Object g = HITS_FUSED.call("p.HitsGradients", "noneGradient", x, 3.0);
    assertEquals(9.0, (double) Compiled.component(g, "value"), 0.0);
    assertEquals(6.0, (double) Compiled.component(g, "y"), 0.0);
    assertArrayEquals(new double[] {0.0, 0.0}, (double[]) Compiled.component(g, "x"), 0.0);
  }

  @Test
  void preaccumulatedAndUnfusedAgreeAndValuesAreThePlainOnes() {
    Random random = new Random(20261204);
    for (int trial = 0; trial < 40; trial++) {
      int n = 1 + random.nextInt(7);
      double[] x = randomArray(random, n);
      double[] y = randomArray(random, n);
      double c = 0.5 + random.nextDouble();
      agree(HITS_FUSED, HITS_UNFUSED, "p.Hits", "rosenbrock", x);
      agree(HITS_FUSED, HITS_UNFUSED, "p.Hits", "dot", x, y);
      agree(HITS_FUSED, HITS_UNFUSED, "p.Hits", "weightedSquares", x, c, y);
      agree(HITS_FUSED, HITS_UNFUSED, "p.Hits", "mixed", x, c);
      agree(HITS_FUSED, HITS_UNFUSED, "p.Hits", "none", x, c);
      agree(HITS_FUSED, HITS_UNFUSED, "p.Hits", "labelled", x);
      double[][] m = {randomArray(random, n), randomArray(random, n)};
      agree(HITS_FUSED, HITS_UNFUSED, "p.Hits", "layer", m, y, randomArray(random, 2));
    }
  }

  @Test
  void nearMissesStayCorrect() {
    Compiled fused = Compiled.of("p.Misses", MISSES);
    Compiled unfused = Compiled.of(List.of("-Agradgen.fuse=false"), "p.Misses", MISSES);
    Random random = new Random(5);
    List<String> methods = List.of(
        "readsAccumulator",
        "readsAccumulatorInTemporary",
        "writesArray",
        "multiplies",
        "scaledAccumulator",
        "breaks",
        "continues",
        "doubleLoopVariable",
        "assignedAfterIf",
        "twoArgumentMath",
        "strict",
        "conditional",
        "calls",
        "incrementInIndex",
        "activeCondition",
        "copiesAccumulator");
    for (int trial = 0; trial < 20; trial++) {
      double[] x = randomArray(random, 1 + random.nextInt(5));
      for (String method : methods) {
        agree(fused, unfused, "p.Misses", method, x);
      }
      agree(fused, unfused, "p.Misses", "parameterAccumulator", x, 0.25);
    }
    // Analytic spot checks on two of them: d/dx_i of prod x = prod / x_i; d/dx of sum of squares.
    double[] x = {0.5, 2.0, -1.5};
    Object product = fused.call("p.MissesGradients", "multipliesGradient", x);
    assertArrayClose(
        new double[] {-3.0, -0.75, 1.0}, (double[]) Compiled.component(product, "x"), "prod");
    Object continues = fused.call("p.MissesGradients", "continuesGradient", x);
    assertArrayClose(
        new double[] {1.0, 4.0, -3.0}, (double[]) Compiled.component(continues, "x"), "cont");
  }

  /** Same value bit for bit as the plain method in both builds; partials equal to rounding. */
  private static void agree(
      Compiled fused, Compiled unfused, String owner, String method, Object... args) {
    Object plain = fused.call(owner, method, args);
    Object a = fused.call(owner + "Gradients", method + "Gradient", args);
    Object b = unfused.call(owner + "Gradients", method + "Gradient", args);
    assertEquals(plain, Compiled.component(a, "value"), method + " value");
    assertEquals(plain, Compiled.component(b, "value"), method + " unfused value");
    for (java.lang.reflect.RecordComponent component : a.getClass().getRecordComponents()) {
      String name = component.getName();
      if (name.equals("value")) {
        continue;
      }
      Object pa = Compiled.component(a, name);
      Object pb = Compiled.component(b, name);
      if (pa instanceof Double da) {
        assertClose((Double) pb, da, method + " d/d" + name);
      } else if (pa instanceof double[] va) {
        assertArrayClose((double[]) pb, va, method + " d/d" + name);
      } else {
        double[][] ma = (double[][]) pa;
        double[][] mb = (double[][]) pb;
        for (int r = 0; r < ma.length; r++) {
          assertArrayClose(mb[r], ma[r], method + " d/d" + name + "[" + r + "]");
        }
      }
    }
  }

  private static double[] randomArray(Random random, int n) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = -2.0 + 4.0 * random.nextDouble();
    }
    return a;
  }

  private static String generated(Compiled compiled, String name) {
    try {
      return compiled
          .compilation()
          .generatedSourceFile(name)
          .orElseThrow()
          .getCharContent(true)
          .toString();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static int count(String text, String part) {
    Matcher matcher = Pattern.compile(Pattern.quote(part)).matcher(text);
    int n = 0;
    while (matcher.find()) {
      n++;
    }
    return n;
  }

  private static void assertArrayClose(double[] expected, double[] actual, String what) {
    assertEquals(expected.length, actual.length, what + " length");
    for (int i = 0; i < expected.length; i++) {
      assertClose(expected[i], actual[i], what + "[" + i + "]");
    }
  }

  private static void assertClose(double expected, double actual, String what) {
    assertTrue(
        Math.abs(expected - actual) <= 1e-12 * Math.max(1.0, Math.abs(expected)),
        what + ": expected " + expected + " but was " + actual);
  }
}
