package dev.gradgen.processor.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradgen.processor.fuzz.Ast.Bin;
import dev.gradgen.processor.fuzz.Ast.Decl;
import dev.gradgen.processor.fuzz.Ast.Method;
import dev.gradgen.processor.fuzz.Ast.Num;
import dev.gradgen.processor.fuzz.Ast.Ref;
import dev.gradgen.processor.fuzz.Ast.Return;
import dev.gradgen.processor.fuzz.Ast.ToDouble;
import dev.gradgen.processor.fuzz.Ast.ToInt;
import dev.gradgen.processor.fuzz.Ast.Type;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fuzzer's H·v check at a point where an {@code (int)} cast makes the function a staircase
 * finer than the finite-difference step (the false alarm of p.Fz39.m12, seed 20261205: a cast of a
 * value near 1.8e8) is skipped and counted; with a cast whose next jump is far away, a wrong second
 * derivative is still caught.
 */
final class CastStaircaseCheckTest {

  /** f(a) = a * (int) (scale * a) + a^3, a method of the fuzzer's shape with only a active. */
  private static Method castMethod(double scale) {
    Method m = new Method("f", 0, new boolean[] {true, false, false}, false, false, true, "");
    Ref a = new Ref("a", Type.DOUBLE);
    m.body = List.of(
        new Decl(Type.INT, "k", new ToInt(new Bin('*', new Num(scale), a))),
        new Return(new Bin(
            '+',
            new Bin('*', a, new ToDouble(new Ref("k", Type.INT))),
            new Bin('*', a, new Bin('*', a, a)))));
    return m;
  }

  private static Object[] values(double a) {
    return new Object[] {a, 0.5, 0.5, new double[] {0.0, 0.0}, new double[] {0.0, 0.0}, 2};
  }

  private static DualInterpreter run(Method m, double a) {
    DualInterpreter interpreter = new DualInterpreter();
    interpreter.run(
        m,
        Dual.input(a, 0, 1),
        Dual.constant(0.5),
        Dual.constant(0.5),
        new Dual[] {Dual.constant(0.0), Dual.constant(0.0)},
        new Dual[] {Dual.constant(0.0), Dual.constant(0.0)},
        2);
    return interpreter;
  }

  /** A stand-in companion: k = (int) (SCALE a), f' = k + 3a^2, f'' = FACTOR * 6a. */
  public static final class Companion {
    static double scale;
    static double factor = 1.0;

    public record FHessian(double value, double[] gradient, double[][] hessian) {}

    public record FTangent(double value, double tangent) {}

    private static double value(double a) {
      return a * (int) (scale * a) + a * (a * a);
    }

    private static double slope(double a) {
      return (int) (scale * a) + 3 * a * a;
    }

    public static FHessian fHessian(double a, double b, double c, double[] w, double[] d, int n) {
      return new FHessian(value(a), new double[] {slope(a)}, new double[][] {{factor * 6 * a}});
    }

    public static double[] fHessianVectorProduct(
        double a, double b, double c, double[] w, double[] d, int n, double[] v) {
      return new double[] {factor * 6 * a * v[0]};
    }

    public static FTangent fTangent(
        double a, double b, double c, double[] w, double[] d, int n, double t) {
      return new FTangent(value(a), slope(a) * t);
    }
  }

  private static List<String> check(SecondOrderCheck check, Method m, double a) {
    DualInterpreter interpreter = new DualInterpreter();
    Dual reference = interpreter.run(
        m,
        Dual.input(a, 0, 1),
        Dual.constant(0.5),
        Dual.constant(0.5),
        new Dual[] {Dual.constant(0.0), Dual.constant(0.0)},
        new Dual[] {Dual.constant(0.0), Dual.constant(0.0)},
        2);
    return check.check(
        Companion.class,
        m,
        true,
        values(a),
        () -> values(a),
        Companion.value(a),
        new double[] {Companion.slope(a)},
        reference,
        interpreter.minKink,
        interpreter.castReach,
        new Random(1));
  }

  @Test
  void aCastOfAValueNear1point8e8IsAStaircaseFinerThanTheStepAndSkipped() {
    Method m = castMethod(1e8);
    DualInterpreter interpreter = run(m, 1.8);
    // The argument moves by 1e8 per unit of a, so it is at most 0.5 / 1e8 from its next jump.
    assertTrue(interpreter.castReach <= 0.5e-8, "reach " + interpreter.castReach);
    assertTrue(SecondOrderCheck.staircaseWithinSteps(interpreter.castReach));
    Companion.scale = 1e8;
    Companion.factor = 1.0;
    SecondOrderCheck check = new SecondOrderCheck();
    // Between its jumps f'' = 6a exactly, which the differences of the staircase do not see.
    List<String> failures = check(check, m, 1.8);
    assertEquals(List.of(), failures);
    assertEquals(1, check.hvpCastSkipped, "the component is counted as skipped");
    assertEquals(0, check.hvpComponents);
  }

  @Test
  void aCastFarFromItsNextJumpIsStillDifferencedAndAWrongHessianCaught() {
    Method m = castMethod(2.0);
    DualInterpreter interpreter = run(m, 0.8);
    // 2a = 1.6 is 0.4 from 2 and moves by 2 per unit of a: reach 0.2, far above the steps.
    assertEquals(0.2, interpreter.castReach, 1e-12);
    assertFalse(SecondOrderCheck.staircaseWithinSteps(interpreter.castReach));
    Companion.scale = 2.0;
    Companion.factor = 1.0;
    SecondOrderCheck right = new SecondOrderCheck();
    assertEquals(List.of(), check(right, m, 0.8));
    assertEquals(1, right.hvpComponents, "the correct H·v is differenced and passes");
    Companion.factor = 1.01;
    SecondOrderCheck wrong = new SecondOrderCheck();
    List<String> failures = check(wrong, m, 0.8);
    assertEquals(1, failures.size(), failures.toString());
    assertTrue(failures.get(0).startsWith("(H·v)[0]"), failures.get(0));
    assertEquals(0, wrong.hvpCastSkipped);
  }
}
