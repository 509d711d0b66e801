package dev.gradgen.processor.fuzz;

import dev.gradgen.processor.Compiled;
import dev.gradgen.processor.fuzz.Ast.Method;
import dev.gradgen.processor.fuzz.Ast.Param;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * The fuzzer's check of a {@code double[]}-returning method ({@link VectorPrograms}) at one point:
 * {@code mJacobian}'s and {@code mTangent}'s values equal the plain method's result bit for bit,
 * every Jacobian entry agrees with the interpreter's dual numbers (row i: the derivatives of
 * element i), and the tangent with the interpreter's Jacobian times a random direction; with the
 * first-order check's tolerance, kink and cancellation rules.
 */
final class VectorCheck {

  long points;
  long checkedPoints;
  long entries;

  /** The failures at this point (none if all agree). */
  List<String> check(
      Class<?> companion,
      java.lang.reflect.Method plain,
      Method m,
      Object[] values,
      Supplier<Object[]> args,
      Random random) {
    List<String> out = new ArrayList<>();
    points++;
    double[] expected;
    Object jacobian;
    java.lang.reflect.Method jacobianMethod =
        SecondOrderCheck.find(companion, m.name + "Jacobian", m.params.size());
    if (jacobianMethod == null) {
      out.add("missing " + m.name + "Jacobian");
      return out;
    }
    try {
      expected = (double[]) plain.invoke(null, args.get());
      jacobian = jacobianMethod.invoke(null, args.get());
    } catch (ReflectiveOperationException e) {
      out.add("the plain method or mJacobian threw " + SecondOrderCheck.cause(e));
      return out;
    }
    double[] value = (double[]) Compiled.component(jacobian, "value");
    if (!bitsEqual(value, expected)) {
      out.add("mJacobian value " + Arrays.toString(value) + " but the plain method returns "
          + Arrays.toString(expected));
      return out;
    }
    List<Double> direction = new ArrayList<>();
    List<Param> differentiable = m.params.stream().filter(Param::differentiable).toList();
    Object[] tangentArgs = Arrays.copyOf(args.get(), m.params.size() + differentiable.size());
    int k = m.params.size();
    for (int i = 0; i < m.params.size(); i++) {
      if (m.params.get(i).differentiable()) {
        tangentArgs[k++] = SecondOrderCheck.randomLike(values[i], random, direction);
      }
    }
    int count = direction.size();
    DualInterpreter interpreter = new DualInterpreter();
    Dual[] reference;
    try {
      reference = interpreter.runVector(
          m, SecondOrderCheck.inputs(m, values, new double[count], 0.0, count));
    } catch (RuntimeException e) {
      out.add("the reference interpreter threw " + e);
      return out;
    }
    double[] referenceValues = new double[reference.length];
    for (int i = 0; i < reference.length; i++) {
      referenceValues[i] = reference[i].v;
    }
    if (!bitsEqual(referenceValues, expected)) {
      out.add("REFERENCE BUG: the interpreter computes " + Arrays.toString(referenceValues)
          + " but the plain method returns " + Arrays.toString(expected));
      return out;
    }
    java.lang.reflect.Method tangentMethod =
        SecondOrderCheck.find(companion, m.name + "Tangent", tangentArgs.length);
    if (tangentMethod == null) {
      if (SecondOrderCheck.fitsTangentSlots(m)) {
        out.add("missing " + m.name + "Tangent");
      }
      return out;
    }
    Object tangentRecord;
    try {
      tangentRecord = tangentMethod.invoke(null, tangentArgs);
    } catch (ReflectiveOperationException e) {
      out.add("mTangent threw " + SecondOrderCheck.cause(e));
      return out;
    }
    double[] tangentValue = (double[]) Compiled.component(tangentRecord, "value");
    double[] tangent = (double[]) Compiled.component(tangentRecord, "tangent");
    if (!bitsEqual(tangentValue, expected)) {
      out.add("mTangent value " + Arrays.toString(tangentValue) + " but the plain method returns "
          + Arrays.toString(expected));
      return out;
    }
    if (interpreter.nonFinite || interpreter.minKink < FuzzGradientsTest.KINK_DISTANCE) {
      return out;
    }
    checkedPoints++;
    if (tangent.length != expected.length) {
      out.add("mTangent has " + tangent.length + " elements for " + expected.length + " outputs");
      return out;
    }
    for (int i = 0; i < expected.length; i++) {
      List<Double> row = new ArrayList<>();
      for (Param p : differentiable) {
        flatten(((Object[]) asObjects(Compiled.component(jacobian, p.name())))[i], row);
      }
      if (row.size() != count) {
        out.add(
            "mJacobian row " + i + " holds " + row.size() + " entries for " + count + " inputs");
        return out;
      }
      double dot = 0.0;
      double dotScale = 1.0;
      boolean dotChecked = true;
      for (int j = 0; j < count; j++) {
        double d = reference[i].d == null ? 0.0 : reference[i].d[j];
        double bound = reference[i].m == null ? 0.0 : reference[i].m[j];
        if (!Double.isFinite(d)
            || !Double.isFinite(bound)
            || bound > FuzzGradientsTest.MAX_CANCELLATION * Math.max(1.0, Math.abs(d))) {
          dotChecked = false;
          continue;
        }
        entries++;
        dot += d * direction.get(j);
        dotScale += Math.abs(d * direction.get(j));
        if (!SecondOrderCheck.near(row.get(j), d, FuzzGradientsTest.TOLERANCE, 1.0)) {
          out.add("d value[" + i + "] / d input " + j + ": mJacobian " + row.get(j)
              + ", dual numbers " + d);
        }
      }
      if (dotChecked
          && !SecondOrderCheck.near(tangent[i], dot, FuzzGradientsTest.TOLERANCE, dotScale)) {
        out.add("mTangent[" + i + "] " + tangent[i] + ", interpreter Jacobian·t " + dot + " for t="
            + direction);
      }
    }
    return out;
  }

  /** A Jacobian block as one entry per output: double[] for a double parameter, else rows. */
  private static Object asObjects(Object block) {
    if (block instanceof double[] doubles) {
      Object[] out = new Object[doubles.length];
      for (int i = 0; i < doubles.length; i++) {
        out[i] = doubles[i];
      }
      return out;
    }
    return block;
  }

  private static void flatten(Object component, List<Double> out) {
    if (component instanceof Double v) {
      out.add(v);
    } else if (component instanceof double[] doubles) {
      for (double v : doubles) {
        out.add(v);
      }
    } else {
      for (Object row : (Object[]) component) {
        flatten(row, out);
      }
    }
  }

  private static boolean bitsEqual(double[] a, double[] b) {
    if (a == null || b == null || a.length != b.length) {
      return false;
    }
    for (int i = 0; i < a.length; i++) {
      if (Double.doubleToLongBits(a[i]) != Double.doubleToLongBits(b[i])) {
        return false;
      }
    }
    return true;
  }
}
