package dev.gradgen.processor;

import static dev.gradgen.processor.GradientHarness.at;
import static dev.gradgen.processor.GradientHarness.grads;
import static dev.gradgen.processor.GradientHarness.mat;
import static dev.gradgen.processor.GradientHarness.vec;

import dev.gradgen.processor.GradientHarness.Batch;
import dev.gradgen.processor.GradientHarness.Fn;
import dev.gradgen.processor.GradientHarness.Unit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Arrays shared between variables (a local row stored into a matrix, an initializer's rows, a
 * shallow clone's rows, conditionals, loop variables) share activity, so a write through one alias
 * is seen through every other; targets with side effects before their last index are evaluated
 * once; enhanced for loops read each element when its iteration starts. Each function is checked
 * fused and unfused by {@link GradientHarness}: the value bit for bit against the plain method, the
 * partials against the analytic derivative and central finite differences.
 */
class ArrayAliasingTest {

  // ==================================================================== rows shared by 2-D arrays

  @Nested
  class SharedRows extends Batch {
    final Unit rows = unit("ex.alias.Rows", """
        package ex.alias;

        import dev.gradgen.Differentiable;

        class Rows {
          // @methods
        }
        """);

    final Fn rowStored = rows.method("""
        @Differentiable
        static double rowStored(double x) {
          double[][] m = new double[2][];
          double[] r = new double[2];
          m[0] = r;
          m[0][0] = x * 3;
          return r[0] + m[0][0];
        }
        """);

    @Test
    void aLocalRowStoredIntoAMatrixSharesItsWrites() {
      // r[0] and m[0][0] are the same element, 3x: 6x.
      rowStored.check(p -> grads("x", 6), at(1.5), at(-0.25));
    }

    final Fn initializerRow = rows.method("""
        @Differentiable
        static double initializerRow(double x) {
          double[] a = new double[1];
          double[][] m = {a};
          m[0][0] = x * x;
          return a[0];
        }
        """);

    @Test
    void aRowOfAnInitializerIsTheArrayItNames() {
      initializerRow.check(p -> grads("x", 2 * p.d(0)), at(1.5), at(-0.75));
    }

    final Fn cloneRows = rows.method("""
        @Differentiable
        static double cloneRows(double x) {
          double[][] m = new double[2][2];
          double[][] c = m.clone();
          c[0][0] = x * 3;
          return m[0][0];
        }
        """);

    @Test
    void aShallowCloneSharesItsRows() {
      cloneRows.check(p -> grads("x", 3), at(1.5), at(-2.0));
    }

    final Fn rowWrittenFirst = rows.method("""
        @Differentiable
        static double rowWrittenFirst(double x) {
          double[] r = new double[1];
          double[][] m = new double[1][];
          m[0] = r;
          r[0] = x * x;
          return m[0][0] * x;
        }
        """);

    @Test
    void aWriteThroughTheRowIsSeenThroughTheMatrix() {
      // x^3
      rowWrittenFirst.check(p -> grads("x", 3 * p.d(0) * p.d(0)), at(1.5), at(-0.5));
    }

    final Fn chain = rows.method("""
        @Differentiable
        static double chain(double x) {
          double[] r = new double[2];
          double[][] m = {r};
          double[][] n = m;
          double[][] q = {n[0]};
          double[] s = q[0];
          s[1] = x * x;
          return r[1] + m[0][1] + n[0][1] + q[0][1];
        }
        """);

    @Test
    void threeLevelsOfAliasesAreOneArray() {
      // four reads of the same element x^2
      chain.check(p -> grads("x", 8 * p.d(0)), at(1.5), at(-0.5));
    }

    final Fn conditionalRow = rows.method("""
        @Differentiable
        static double conditionalRow(double x) {
          double[] a = new double[1];
          double[] b = new double[1];
          double[][] m = new double[1][];
          m[0] = x > 0 ? a : b;
          m[0][0] = x * x;
          return a[0] - b[0];
        }
        """);

    @Test
    void aRowChosenByAConditionalIsWrittenThrough() {
      // x^2 into a when x > 0, into b otherwise
      conditionalRow.check(
          p -> grads("x", p.d(0) > 0 ? 2 * p.d(0) : -2 * p.d(0)), at(1.5), at(-0.5));
    }

    final Fn conditionalTarget = rows.method("""
        @Differentiable
        static double conditionalTarget(double x) {
          double[] t = new double[2];
          double[][] g = new double[2][2];
          double[][] h = g.clone();
          g[1][1] = x;
          ((x >= 0.5) ? h[1] : t)[1] = 4.0 * x;
          return g[1][1] + h[1][1] + 3.0 * t[1];
        }
        """);

    @Test
    void aConditionalWriteTargetSharesItsArmsRepresentation() {
      // Found by the fuzzer (10,000 programs): t stayed plain and the write went into a copy.
      // x >= 0.5: g[1] = h[1] holds 4x, so 8x; otherwise 2x + 12x.
      conditionalTarget.check(p -> grads("x", p.d(0) >= 0.5 ? 8 : 14), at(1.5), at(-0.5));
    }

    final Fn loopRows = rows.method("""
        @Differentiable
        static double loopRows(double x) {
          double[] r = new double[2];
          double[][] m = {r, r};
          for (double[] row : m) {
            row[0] += x;
          }
          return r[0] * r[0];
        }
        """);

    @Test
    void rowVariablesOfAnEnhancedForWriteIntoTheSharedRow() {
      // r[0] = 2x: 4x^2
      loopRows.check(p -> grads("x", 8 * p.d(0)), at(1.5), at(-0.5));
    }

    final Fn rowsInALoop = rows.method("""
        @Differentiable
        static double rowsInALoop(double x) {
          double[][] m = new double[3][];
          double[] last = new double[1];
          for (int i = 0; i < m.length; i++) {
            double[] row = new double[1];
            m[i] = row;
            last = row;
          }
          last[0] = x * x;
          m[0][0] = 3 * x;
          return m[2][0] + m[0][0] + m[1][0];
        }
        """);

    @Test
    void rowsMadeInALoopAndKeptInAnotherLocal() {
      // m[2] is last: x^2 + 3x
      rowsInALoop.check(p -> grads("x", 2 * p.d(0) + 3), at(1.5), at(-0.5));
    }

    final Fn assignedRow = rows.method("""
        @Differentiable
        static double assignedRow(double x) {
          double[] r;
          double[][] m = {r = new double[1]};
          m[0][0] = x * 5;
          return r[0];
        }
        """);

    @Test
    void aRowGivenByAnAssignmentExpression() {
      assignedRow.check(p -> grads("x", 5), at(1.5), at(-0.5));
    }

    final Fn norm = rows.method("""
        @Differentiable
        static double norm(double[] v) {
          double s = 0;
          for (double e : v) s += e * e;
          return s;
        }
        """);

    final Fn passedRow = rows.method("""
        @Differentiable
        static double passedRow(double x) {
          double[] r = new double[2];
          double[][] m = {r};
          m[0][1] = x;
          return norm(r) + norm(m[0]);
        }
        """);

    @Test
    void anAliasedRowPassedToAnotherDifferentiableMethod() {
      // 2 x^2
      passedRow.check(p -> grads("x", 4 * p.d(0)), at(1.5), at(-0.5));
    }

    final Fn oneDimensionalClone = rows.method("""
        @Differentiable
        static double oneDimensionalClone(double x) {
          double[] a = {1.0};
          double[] b = a.clone();
          b[0] = x;
          return a[0] + b[0] * b[0];
        }
        """);

    @Test
    void aOneDimensionalCloneIsACopy() {
      oneDimensionalClone.check(p -> grads("x", 2 * p.d(0)), at(1.5), at(-0.5));
    }

    final Fn cloneNewRow = rows.method("""
        @Differentiable
        static double cloneNewRow(double x, double[][] p) {
          double[][] c = p.clone();
          c[0] = new double[] {x, x * x};
          return c[0][1] + p[0][0] * c[1][0];
        }
        """);

    @Test
    void replacingARowOfACloneLeavesTheOriginalAlone() {
      // x^2 + p00 p10 (the clone's row 1 is p's row 1)
      cloneNewRow.check(
          p -> {
            double[][] m = p.m(1);
            double[][] dp = new double[m.length][];
            for (int i = 0; i < m.length; i++) {
              dp[i] = new double[m[i].length];
            }
            dp[0][0] = m[1][0];
            dp[1][0] = m[0][0];
            return grads("x", 2 * p.d(0), "p", dp);
          },
          at(1.5, mat(vec(2, 3), vec(-1, 4))),
          at(-0.5, mat(vec(0.5, 1), vec(2, -3), vec(1, 1))));
    }
  }

  // ==================================================================== read-only aliases

  @Nested
  class ReadOnlyAliases extends Batch {
    final Unit unit = unit("ex.alias.ReadOnly", """
        package ex.alias;

        import dev.gradgen.Differentiable;

        class ReadOnly {
          static final double[] TABLE = {0.5, 2.0};

          // @methods
        }
        """);

    final Fn choose = unit.method("""
        @Differentiable(wrt = {"v"})
        static double choose(boolean c, double[] v, double[] w) {
          double[] a = c ? v : w;
          return a[0] * a[0];
        }
        """);

    @Test
    void aReadOnlyAliasOfAConstantArrayParameterIsNoWrite() {
      choose.check(
          p -> (Boolean) p.args()[0] ? grads("v", vec(2 * p.a(1)[0], 0)) : grads("v", vec(0, 0)),
          at(true, vec(1.5, 2), vec(3, 4)),
          at(false, vec(1.5, 2), vec(3, 4)));
    }

    final Fn tableRows = unit.method("""
        @Differentiable
        static double tableRows(double x) {
          double[][] m = {TABLE, new double[] {x, x * x}};
          double[] row = m[0];
          return m[0][1] * m[1][0] + row[0] * m[1][1];
        }
        """);

    @Test
    void aFieldsArrayBesideAnActiveRowIsOnlyRead() {
      // 2x + x^2 / 2
      tableRows.check(p -> grads("x", 2 + p.d(0)), at(1.5), at(-0.5));
    }
  }

  // ==================================================================== arrays from plain calls

  @Nested
  class PlainCallResults extends Batch {
    final Unit unit = unit("ex.alias.Calls", """
        package ex.alias;

        import dev.gradgen.Differentiable;
        import java.util.Arrays;

        class Calls {
          // @methods
        }
        """);

    final Fn copyOf = unit.method("""
        @Differentiable
        static double copyOf(double x) {
          double[] a = {1.0, 2.0};
          double[] b = Arrays.copyOf(a, 3);
          b[0] = x * x;
          b[2] = x;
          return a[0] + b[0] + b[1] * b[2];
        }
        """);

    @Test
    void aJdkCopyIsAFreshArray() {
      // 1 + x^2 + 2x
      copyOf.check(p -> grads("x", 2 * p.d(0) + 2), at(1.5), at(-0.5));
    }
  }

  // ==================================================================== targets evaluated once

  @Nested
  class EvaluatedOnce extends Batch {
    final Unit unit = unit("ex.alias.Once", """
        package ex.alias;

        import dev.gradgen.Differentiable;

        class Once {
          static int calls;

          static int next(int k) {
            calls++;
            return k + 1;
          }

          // @methods
        }
        """);

    final Fn rowIndex = unit.method("""
        @Differentiable
        static double rowIndex(double x) {
          double[][] m = new double[3][1];
          int k = 0;
          m[k++][0] += x;
          m[k++][0] += x * x;
          return m[0][0] + 10 * m[1][0] + 100 * m[2][0] + k;
        }
        """);

    @Test
    void anIncrementInARowIndexRunsOnce() {
      // x + 10 x^2 + 2
      rowIndex.check(p -> grads("x", 1 + 20 * p.d(0)), at(1.5), at(-0.5));
    }

    final Fn conditionalArray = unit.method("""
        @Differentiable
        static double conditionalArray(double x) {
          double[] a = new double[1];
          double[] b = new double[1];
          int k = 0;
          (k++ == 0 ? a : b)[0] += x;
          (k++ == 0 ? a : b)[0] += 3 * x;
          return a[0] + 10 * b[0] + k;
        }
        """);

    @Test
    void aConditionalArrayWithAnIncrementIsChosenOnce() {
      // x + 30 x + 2
      conditionalArray.check(p -> grads("x", 31), at(1.5), at(-0.5));
    }

    final Fn increments = unit.method("""
        @Differentiable
        static double increments(double x) {
          double[][] m = {{x}, {x}};
          int k = 0;
          m[k++][0]++;
          ++m[k++][0];
          m[--k][0] *= x;
          return m[0][0] + m[1][0] + k;
        }
        """);

    @Test
    void incrementsOfElementsWithSideEffectsInTheirTarget() {
      // (x + 1) + (x + 1) x + 1
      increments.check(p -> grads("x", 2 + 2 * p.d(0)), at(1.5), at(-0.5));
    }

    final Fn asValue = unit.method("""
        @Differentiable
        static double asValue(double x) {
          double[] a = {1.0, 2.0};
          int k = 0;
          double y = (a[k++] += x) * 2 + (a[k++] *= x);
          for (int i = 0; i < 2; i++, a[k++ % 2] -= x) {
            y += a[i];
          }
          return y + k;
        }
        """);

    @Test
    void compoundAssignmentsUsedAsValuesAndInForUpdates() {
      // y = 2(1 + x) + 2x; loop: i=0 adds 1+x, then a[0] -= x (a0 = 1); i=1 adds 2x; a[1] -= x
      // total 2 + 2x + 2x + 1 + x + 2x + 4 = 7 + 7x
      asValue.check(p -> grads("x", 7), at(1.5), at(-0.5));
    }

    final Fn inCondition = unit.method("""
        @Differentiable
        static double inCondition(double x) {
          double[] a = {0.5, 0.5};
          int k = 0;
          double s = 0;
          while ((a[k++ % 2] += x) < 3.0 && k < 10) {
            s += a[0];
          }
          return s + a[0] + a[1] + k;
        }
        """);

    @Test
    void aCompoundAssignmentInALoopCondition() {
      // At x = 1.5 the loop runs twice and the third condition stops it (a0 = 3.5): s = 2 (0.5 +
      // x),
      // a0 = 0.5 + 2x, a1 = 0.5 + x, k = 3, so d/dx = 2 + 2 + 1.
      inCondition.check(p -> grads("x", 5), at(1.5));
    }

    final Fn callInIndex = unit.method("""
        @Differentiable
        static double callInIndex(double x) {
          double[] a = new double[3];
          int before = calls;
          a[next(0)] += x;
          a[next(1)] *= 0.5;
          a[Math.floorMod(-1, 3)] += x * x;
          return a[1] + a[2] + (calls - before);
        }
        """);

    @Test
    void aPlainCallInAnIndexIsCalledOnce() {
      // a = {0, x, x^2}, two calls
      callInIndex.check(p -> grads("x", 1 + 2 * p.d(0)), at(1.5), at(-0.5));
    }

    final Fn testInIndex = unit.method("""
        @Differentiable
        static double testInIndex(double x) {
          double[] a = new double[2];
          a[Double.isNaN(x) ? 0 : 1] += x;
          return a[1] * x;
        }
        """);

    @Test
    void aSideEffectFreeCallInAnIndexIsAccepted() {
      testInIndex.check(p -> grads("x", 2 * p.d(0)), at(1.5), at(-0.5));
    }

    final Fn javaOrder = unit.method("""
        @Differentiable
        static double javaOrder(double x) {
          double[] a = new double[2];
          int k = 0;
          a[k] += (k = 1) * x;
          a[k++] += (a[1] = 2 * x) * x;
          return a[0] + 10 * a[1] + k;
        }
        """);

    @Test
    void theOldElementIsReadBeforeTheValueIsComputed() {
      // a[0] = x; then a[1]: old value 0 saved, a[1] = 2x, a[1] = 0 + 2x * x: x + 20 x^2 + 2
      javaOrder.check(p -> grads("x", 1 + 40 * p.d(0)), at(1.5), at(-0.5));
    }
  }

  // ==================================================================== enhanced for

  @Nested
  class EnhancedFor extends Batch {
    final Unit unit = unit("ex.alias.Loops", """
        package ex.alias;

        import dev.gradgen.Differentiable;

        class Loops {
          // @methods
        }
        """);

    final Fn seesWrites = unit.method("""
        @Differentiable
        static double seesWrites(double x) {
          double[] a = {1.0, 1.0, 1.0};
          double s = 0;
          for (double e : a) {
            e = e * x;
            s += e;
            a[2] = 2.0;
          }
          return s;
        }
        """);

    @Test
    void aConstantArrayWrittenInsideTheLoopIsReadEachIteration() {
      // x + x + 2x
      seesWrites.check(p -> grads("x", 4), at(1.5), at(-0.5));
    }

    final Fn arrayReplaced = unit.method("""
        @Differentiable
        static double arrayReplaced(double x) {
          double[] a = {1.0, 2.0};
          double s = 0;
          for (double e : a) {
            e *= x;
            s += e;
            a = new double[] {5.0, 7.0};
          }
          return s + a[0];
        }
        """);

    @Test
    void theArrayIsTakenOnceBeforeTheLoop() {
      // x + 2x + 5
      arrayReplaced.check(p -> grads("x", 3), at(1.5), at(-0.5));
    }

    final Fn overInts = unit.method("""
        @Differentiable
        static double overInts(double x, int n) {
          int[] k = {1, 2, n};
          long[] l = {3L, 4L};
          double s = 0;
          outer:
          for (double e : k) {
            e = e * x;
            for (double f : l) {
              f = f * e;
              s += f;
              if (s > 1e9) continue outer;
            }
          }
          return s;
        }
        """);

    @Test
    void anIntArraysLoopVariableMadeActive() {
      // sum_k sum_l k l x = (3 + n) 7 x
      overInts.check(p -> grads("x", 7 * (3 + p.n(1))), at(1.5, 4), at(-0.5, 2));
    }
  }
}
