package dev.gradgen.processor.fuzz;

import dev.gradgen.processor.Compiled;
import dev.gradgen.processor.fuzz.Ast.Method;
import dev.gradgen.processor.fuzz.Ast.Param;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The fuzzer's checks of a generated {@code mTangent}, {@code mHessian} and {@code
 * mHessianVectorProduct} at one point where the gradient already agreed with the interpreter.
 *
 * <ul>
 *   <li>{@code mTangent(x, t)}: value bit for bit the plain method's, tangent equal to the
 *       interpreter's gradient dotted with a random direction t;
 *   <li>{@code mHessian(x)}: value bit for bit, gradient equal to {@code mGradient}'s, the Hessian
 *       symmetric;
 *   <li>{@code mHessianVectorProduct(x, v)} equal to {@code hessian · v}, and both to central finite
 *       differences of the interpreter's (independent, dual-number) gradient along v, at steps h and
 *       2h; a component whose two differences disagree (a branch or kink between the points, or
 *       rounding) is skipped, not failed, and so is every component at a point where an {@code
 *       (int)} cast's argument could reach another integer within the steps (the function is a
 *       staircase there, and its differences measure the staircase).
 * </ul>
 *
 * <p>The interpreter has first-order dual numbers only: second derivatives are checked against
 * differences of its exact gradients, which needs no second-derivative formula of any operation.
 */
final class SecondOrderCheck {

  /** The finite-difference step along v (inputs are in [-2, 2], v in [-1, 1]). */
  static final double STEP = 1e-5;
  /** Points closer than this (relative) to a kink are not differenced. */
  static final double KINK_DISTANCE = 1e-3;

  /**
   * A point is not differenced when an {@code (int)} cast's argument could reach another integer
   * within this many times the widest step (2 {@link #STEP} along v, |v_j| <= 1): the factor covers
   * the argument's curvature over the stencil beyond the interpreter's first-order reach.
   */
  static final double CAST_MARGIN = 4.0;

  static final double FD_TOLERANCE = 1e-4;
  static final double TOLERANCE = 1e-6;
  static final double MAX_CANCELLATION = 1e6;

  long tangents;
  /** Methods without mTangent because its parameters would exceed 255 JVM slots (as documented). */
  long tangentsAbsent;
  /** Methods without mHessian or mHessianVectorProduct (code size or slot limits). */
  long hessiansAbsent;

  long hessians;
  long hvpComponents;
  long hvpSkipped;
  /** H·v components not differenced because a cast's staircase is finer than the steps. */
  long hvpCastSkipped;

  /**
   * Checks m's forward and second-order members at one point; returns the failures (none if all
   * agree). {@code values} are the point's arguments (not to be mutated), {@code args} makes fresh
   * copies for calls; {@code gradient} is mGradient's flattened partials, already checked.
   */
  List<String> check(
      Class<?> companion,
      Method m,
      boolean secondOrder,
      Object[] values,
      Supplier<Object[]> args,
      double expectedValue,
      double[] gradient,
      Dual reference,
      double minKink,
      double castReach,
      Random random) {
    List<String> out = new ArrayList<>();
    int count = gradient.length;
    checkTangent(companion, m, values, args, expectedValue, reference, random, out);
    if (!secondOrder || count == 0) {
      return out;
    }
    java.lang.reflect.Method hessianMethod = find(companion, m.name + "Hessian", m.params.size());
    java.lang.reflect.Method hvpMethod =
        find(companion, m.name + "HessianVectorProduct", m.params.size() + 1);
    if (hessianMethod == null || hvpMethod == null) {
      // Documented: none when the builder's code or the parameter slots would not fit the JVM.
      hessiansAbsent++;
      return out;
    }
    Object record;
    double[] hvp;
    double[] v = new double[count];
    for (int j = 0; j < count; j++) {
      v[j] = random.nextDouble() * 2 - 1;
    }
    try {
      record = hessianMethod.invoke(null, args.get());
      Object[] withV = Arrays.copyOf(args.get(), m.params.size() + 1);
      withV[m.params.size()] = v.clone();
      hvp = (double[]) hvpMethod.invoke(null, withV);
    } catch (ReflectiveOperationException e) {
      out.add("mHessian or mHessianVectorProduct threw " + cause(e));
      return out;
    }
    hessians++;
    double value = (double) Compiled.component(record, "value");
    double[] hg = (double[]) Compiled.component(record, "gradient");
    double[][] h = (double[][]) Compiled.component(record, "hessian");
    if (Double.doubleToLongBits(value) != Double.doubleToLongBits(expectedValue)) {
      out.add("mHessian value " + value + " but the plain method returns " + expectedValue);
      return out;
    }
    if (hg.length != count || h.length != count || hvp.length != count) {
      out.add("mHessian/mHessianVectorProduct shapes " + hg.length + ", " + h.length + ", "
          + hvp.length + " for " + count + " inputs");
      return out;
    }
    for (int i = 0; i < count; i++) {
      double bound = reference.m == null ? 0.0 : reference.m[i];
      if (!Double.isFinite(bound)) {
        continue;
      }
      if (!near(hg[i], gradient[i], TOLERANCE, bound)) {
        out.add("mHessian gradient[" + i + "] " + hg[i] + ", mGradient " + gradient[i]);
      }
    }
    double[] hv = new double[count];
    double[] hvScale = new double[count];
    for (int i = 0; i < count; i++) {
      if (h[i].length != count) {
        out.add("hessian row " + i + " has " + h[i].length + " entries for " + count + " inputs");
        return out;
      }
      for (int j = 0; j < count; j++) {
        hv[i] += h[i][j] * v[j];
        hvScale[i] += Math.abs(h[i][j] * v[j]);
        if (j < i && !near(h[i][j], h[j][i], TOLERANCE, 1.0)) {
          out.add("hessian not symmetric: [" + i + "][" + j + "] " + h[i][j] + ", [" + j + "][" + i
              + "] " + h[j][i]);
        }
      }
    }
    for (int i = 0; i < count; i++) {
      if (Double.isFinite(hvScale[i]) && !near(hvp[i], hv[i], TOLERANCE, hvScale[i])) {
        out.add("mHessianVectorProduct[" + i + "] " + hvp[i] + ", hessian·v " + hv[i]);
      }
    }
    if (!out.isEmpty() || minKink < KINK_DISTANCE) {
      return out;
    }
    if (staircaseWithinSteps(castReach)) {
      hvpCastSkipped += count;
      return out;
    }
    double[] fd1 = difference(m, values, v, STEP, count);
    double[] fd2 = difference(m, values, v, 2 * STEP, count);
    if (fd1 == null || fd2 == null) {
      hvpSkipped += count;
      return out;
    }
    for (int i = 0; i < count; i++) {
      double scale = hvScale[i];
      if (!Double.isFinite(scale) || !near(fd1[i], fd2[i], FD_TOLERANCE / 4, scale)) {
        hvpSkipped++;
        continue;
      }
      hvpComponents++;
      if (!near(hvp[i], fd1[i], FD_TOLERANCE, scale)) {
        out.add("(H·v)[" + i + "]: mHessianVectorProduct " + hvp[i] + ", hessian·v " + hv[i]
            + ", central differences of the interpreter's gradient " + fd1[i] + " (step " + STEP
            + "), " + fd2[i] + " (step " + 2 * STEP + "); v=" + Arrays.toString(v));
      }
    }
    return out;
  }

  /**
   * Whether central differences at steps {@link #STEP} and 2 {@link #STEP} along a direction in
   * [-1, 1]^n may cross a jump of an {@code (int)} cast (see {@link DualInterpreter#castReach}).
   */
  static boolean staircaseWithinSteps(double castReach) {
    return !(castReach > CAST_MARGIN * 2 * STEP);
  }

  private void checkTangent(
      Class<?> companion,
      Method m,
      Object[] values,
      Supplier<Object[]> args,
      double expectedValue,
      Dual reference,
      Random random,
      List<String> out) {
    List<Param> differentiable = m.params.stream().filter(Param::differentiable).toList();
    java.lang.reflect.Method tangentMethod =
        find(companion, m.name + "Tangent", m.params.size() + differentiable.size());
    if (tangentMethod == null) {
      if (fitsTangentSlots(m)) {
        out.add("missing " + m.name + "Tangent");
      } else {
        tangentsAbsent++;
      }
      return;
    }
    if (!fitsTangentSlots(m)) {
      out.add(m.name + "Tangent exists though its parameters exceed the JVM's 255 slots");
      return;
    }
    Object[] call = Arrays.copyOf(args.get(), m.params.size() + differentiable.size());
    List<Double> direction = new ArrayList<>();
    int k = m.params.size();
    for (int i = 0; i < m.params.size(); i++) {
      if (m.params.get(i).differentiable()) {
        call[k++] = randomLike(values[i], random, direction);
      }
    }
    Object record;
    try {
      record = tangentMethod.invoke(null, call);
    } catch (ReflectiveOperationException e) {
      out.add("mTangent threw " + cause(e));
      return;
    }
    double value = (double) Compiled.component(record, "value");
    double tangent = (double) Compiled.component(record, "tangent");
    if (Double.doubleToLongBits(value) != Double.doubleToLongBits(expectedValue)) {
      out.add("mTangent value " + value + " but the plain method returns " + expectedValue);
      return;
    }
    double expected = 0.0;
    double scale = 1.0;
    for (int j = 0; j < direction.size(); j++) {
      double d = reference.d == null ? 0.0 : reference.d[j];
      double bound = reference.m == null ? 0.0 : reference.m[j];
      if (!Double.isFinite(d) || !(bound <= MAX_CANCELLATION * Math.max(1.0, Math.abs(d)))) {
        return;
      }
      expected += d * direction.get(j);
      scale += Math.abs(d * direction.get(j)) + Math.abs(bound * direction.get(j)) * 1e-9;
    }
    tangents++;
    if (!near(tangent, expected, TOLERANCE, scale)) {
      out.add(
          "mTangent " + tangent + ", interpreter gradient·t " + expected + " for t=" + direction);
    }
  }

  /** Whether m's parameters and one tangent per differentiable one fit 255 JVM slots. */
  static boolean fitsTangentSlots(Method m) {
    int slots = 0;
    for (Param p : m.params) {
      int one = p.type() == Ast.Type.DOUBLE ? 2 : 1;
      slots += p.differentiable() ? 2 * one : one;
    }
    return slots <= 255;
  }

  /** Central differences of the interpreter's gradient along v, or null if not finite. */
  private static double[] difference(
      Method m, Object[] values, double[] v, double step, int count) {
    double[] plus = gradientAt(m, values, v, step, count);
    double[] minus = gradientAt(m, values, v, -step, count);
    if (plus == null || minus == null) {
      return null;
    }
    double[] out = new double[count];
    for (int i = 0; i < count; i++) {
      out[i] = (plus[i] - minus[i]) / (2 * step);
    }
    return out;
  }

  /** The interpreter's arguments at {@code x + step * v}, one direction per input. */
  static Object[] inputs(Method m, Object[] values, double[] v, double step, int count) {
    int[] next = {0};
    Object[] duals = new Object[values.length];
    for (int i = 0; i < values.length; i++) {
      duals[i] = values[i] instanceof Integer
          ? values[i]
          : shifted(values[i], m.params.get(i).differentiable(), next, count, v, step);
    }
    return duals;
  }

  private static double[] gradientAt(
      Method m, Object[] values, double[] v, double step, int count) {
    Object[] duals = inputs(m, values, v, step, count);
    DualInterpreter interpreter = new DualInterpreter();
    Dual result;
    try {
      result = interpreter.run(m, duals);
    } catch (RuntimeException e) {
      return null;
    }
    if (interpreter.nonFinite || result.d == null) {
      return result.d == null && !interpreter.nonFinite ? new double[count] : null;
    }
    return result.d;
  }

  /** The interpreter's inputs at {@code x + step * v} (v over the differentiable inputs). */
  private static Object shifted(
      Object value, boolean differentiable, int[] next, int count, double[] v, double step) {
    if (value instanceof Double x) {
      if (!differentiable) {
        return Dual.constant(x);
      }
      int j = next[0]++;
      return Dual.input(x + step * v[j], j, count);
    }
    if (value instanceof double[] doubles) {
      Dual[] out = new Dual[doubles.length];
      for (int i = 0; i < doubles.length; i++) {
        out[i] = (Dual) shifted(doubles[i], differentiable, next, count, v, step);
      }
      return out;
    }
    Object[] rows = (Object[]) value;
    Object[] out = new Object[rows.length];
    for (int i = 0; i < rows.length; i++) {
      out[i] = shifted(rows[i], differentiable, next, count, v, step);
    }
    return out;
  }

  /** A random value shaped as {@code value}, its entries appended to {@code flat}. */
  static Object randomLike(Object value, Random random, List<Double> flat) {
    if (value instanceof Double) {
      double t = random.nextDouble() * 2 - 1;
      flat.add(t);
      return t;
    }
    if (value instanceof double[] doubles) {
      double[] out = new double[doubles.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = random.nextDouble() * 2 - 1;
        flat.add(out[i]);
      }
      return out;
    }
    Object[] rows = (Object[]) value;
    Object[] out =
        rows instanceof double[][] ? new double[rows.length][] : new double[rows.length][][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = randomLike(rows[i], random, flat);
    }
    return out;
  }

  static java.lang.reflect.Method find(Class<?> companion, String name, int arity) {
    for (java.lang.reflect.Method candidate : companion.getDeclaredMethods()) {
      if (candidate.getName().equals(name) && candidate.getParameterCount() == arity) {
        candidate.setAccessible(true);
        return candidate;
      }
    }
    return null;
  }

  /** |a - b| <= tolerance * max(1, |a|, |b|, scale), or the same double. */
  static boolean near(double a, double b, double tolerance, double scale) {
    double s = Math.max(Math.max(1.0, scale), Math.max(Math.abs(a), Math.abs(b)));
    return Math.abs(a - b) <= tolerance * s
        || Double.doubleToLongBits(a) == Double.doubleToLongBits(b);
  }

  static String cause(ReflectiveOperationException e) {
    Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
    return String.valueOf(cause);
  }
}
