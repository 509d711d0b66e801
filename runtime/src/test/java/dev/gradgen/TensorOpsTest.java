package dev.gradgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BinaryOperator;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every public operation of {@link Tensor}: its value against the {@link Math} (or {@link
 * Activations}) function bit for bit, and its gradient against a central finite difference of that
 * same plain function.
 *
 * <p>The points stay well away from kinks, jumps and branch cuts, so the finite difference is a
 * faithful reference there.
 */
final class TensorOpsTest {

  /** One public operation: how to build it on leaves and the plain function it must reproduce. */
  record Case(
      String signature,
      Function<Tensor[], Tensor> graph,
      ToDoubleFunction<double[]> plain,
      double[][] points) {}

  private static Case unary(
      String signature, UnaryOperator<Tensor> graph, DoubleUnaryOperator plain, double... xs) {
    double[][] points = Arrays.stream(xs).mapToObj(x -> new double[] {x}).toArray(double[][]::new);
    return new Case(signature, in -> graph.apply(in[0]), x -> plain.applyAsDouble(x[0]), points);
  }

  private static Case binary(
      String signature,
      BinaryOperator<Tensor> graph,
      DoubleBinaryOperator plain,
      double[]... points) {
    return new Case(
        signature, in -> graph.apply(in[0], in[1]), x -> plain.applyAsDouble(x[0], x[1]), points);
  }

  private static double[] xy(double x, double y) {
    return new double[] {x, y};
  }

  // The constants of the one-Tensor forms; none makes a point sit on a kink.
  private static final double C = 2.5;

  static List<Case> cases() {
    double[][] generic = {xy(1.5, -2.0), xy(-3.0, 0.25), xy(7.0, 3.0)};
    return List.of(
        binary("add(Tensor)", Tensor::add, (x, y) -> x + y, generic),
        unary("add(double)", x -> x.add(C), x -> x + C, -4.0, 0.3, 11.0),
        unary("static add(double,Tensor)", x -> Tensor.add(C, x), x -> C + x, -4.0, 0.3, 11.0),
        binary("sub(Tensor)", Tensor::sub, (x, y) -> x - y, generic),
        unary("sub(double)", x -> x.sub(C), x -> x - C, -4.0, 0.3, 11.0),
        unary("static sub(double,Tensor)", x -> Tensor.sub(C, x), x -> C - x, -4.0, 0.3, 11.0),
        binary("mul(Tensor)", Tensor::mul, (x, y) -> x * y, generic),
        unary("mul(double)", x -> x.mul(C), x -> x * C, -4.0, 0.3, 11.0),
        unary("static mul(double,Tensor)", x -> Tensor.mul(C, x), x -> C * x, -4.0, 0.3, 11.0),
        binary("div(Tensor)", Tensor::div, (x, y) -> x / y, generic),
        unary("div(double)", x -> x.div(C), x -> x / C, -4.0, 0.3, 11.0),
        unary("static div(double,Tensor)", x -> Tensor.div(C, x), x -> C / x, -4.0, 0.3, 11.0),
        // x/y is never within h of an integer here, so the remainder is smooth at every point.
        binary(
            "rem(Tensor)",
            Tensor::rem,
            (x, y) -> x % y,
            xy(7.3, 2.1),
            xy(-7.3, 2.1),
            xy(7.3, -2.1),
            xy(0.5, 3.0),
            xy(100.7, 0.9)),
        unary("rem(double)", x -> x.rem(C), x -> x % C, -4.0, 0.3, 11.0),
        unary("static rem(double,Tensor)", x -> Tensor.rem(C, x), x -> C % x, -1.1, 0.7, 4.0),
        unary("neg()", Tensor::neg, x -> -x, -2.5, 0.3, 7.0),
        // The exponents 0, 1 and 2 have their own branches in pow(double).
        unary("pow(double)", x -> x.pow(3.0), x -> Math.pow(x, 3.0), -1.7, 0.4, 2.2),
        unary("pow(double) c=2", x -> x.pow(2.0), x -> Math.pow(x, 2.0), -1.3, 3.0),
        unary("pow(double) c=1", x -> x.pow(1.0), x -> Math.pow(x, 1.0), -2.0, 5.0),
        unary("pow(double) c=0", x -> x.pow(0.0), x -> Math.pow(x, 0.0), -2.0, 3.0),
        unary("pow(double) c=0.5", x -> x.pow(0.5), x -> Math.pow(x, 0.5), 0.3, 4.0),
        unary("pow(double) c=-1.5", x -> x.pow(-1.5), x -> Math.pow(x, -1.5), 0.7, 3.0),
        binary(
            "pow(Tensor)",
            Tensor::pow,
            Math::pow,
            xy(1.5, 2.3),
            xy(0.4, -1.2),
            xy(3.0, 0.5),
            xy(2.0, 3.0)),
        unary(
            "static pow(double,Tensor)",
            x -> Tensor.pow(C, x),
            x -> Math.pow(C, x),
            -1.0,
            0.5,
            3.0),
        unary(
            "static pow(double,Tensor) c<1",
            x -> Tensor.pow(0.3, x),
            x -> Math.pow(0.3, x),
            -2.0,
            2.0),
        unary("exp()", Tensor::exp, Math::exp, -3.0, 0.5, 5.0),
        unary("expm1()", Tensor::expm1, Math::expm1, -2.0, 1e-3, 0.7),
        unary("log()", Tensor::log, Math::log, 0.01, 1.5, 100.0),
        unary("log10()", Tensor::log10, Math::log10, 0.2, 3.0, 1e4),
        unary("log1p()", Tensor::log1p, Math::log1p, -0.5, 1e-4, 9.0),
        unary("sqrt()", Tensor::sqrt, Math::sqrt, 1e-3, 2.0, 1e4),
        unary("cbrt()", Tensor::cbrt, Math::cbrt, -8.5, 0.1, 27.3),
        unary("abs()", Tensor::abs, Math::abs, -3.2, 0.7),
        unary("sin()", Tensor::sin, Math::sin, -2.0, 0.3, 10.0),
        unary("cos()", Tensor::cos, Math::cos, -2.0, 0.3, 10.0),
        unary("tan()", Tensor::tan, Math::tan, -1.2, 0.4, 3.0),
        unary("asin()", Tensor::asin, Math::asin, -0.9, 0.1, 0.6),
        unary("acos()", Tensor::acos, Math::acos, -0.9, 0.1, 0.6),
        unary("atan()", Tensor::atan, Math::atan, -5.0, 0.2, 30.0),
        // No point lies near the branch cut of atan2 (y = 0, x < 0) or the origin.
        binary(
            "atan2(Tensor)",
            Tensor::atan2,
            Math::atan2,
            xy(1.0, 2.0),
            xy(-1.0, 0.5),
            xy(2.0, -1.0),
            xy(-0.5, -3.0)),
        unary("atan2(double)", y -> y.atan2(C), y -> Math.atan2(y, C), -3.0, 0.2, 8.0),
        unary("atan2(double) c<0", y -> y.atan2(-C), y -> Math.atan2(y, -C), -3.0, 0.2, 8.0),
        unary(
            "static atan2(double,Tensor)",
            x -> Tensor.atan2(C, x),
            x -> Math.atan2(C, x),
            -3.0,
            0.2,
            8.0),
        unary("sinh()", Tensor::sinh, Math::sinh, -3.0, 0.5, 4.0),
        unary("cosh()", Tensor::cosh, Math::cosh, -3.0, 0.5, 4.0),
        unary("tanh()", Tensor::tanh, Math::tanh, -2.0, 0.1, 3.0),
        unary("sigmoid()", Tensor::sigmoid, Activations::sigmoid, -6.0, 0.2, 4.0),
        unary("relu()", Tensor::relu, Activations::relu, -1.5, 0.5, 3.0),
        unary("softplus()", Tensor::softplus, Activations::softplus, -5.0, 0.3, 8.0),
        binary("min(Tensor)", Tensor::min, Math::min, xy(1.0, 2.0), xy(2.0, 1.0), xy(-3.0, -0.5)),
        unary("min(double)", x -> x.min(C), x -> Math.min(x, C), -1.0, 4.0),
        unary("static min(double,Tensor)", x -> Tensor.min(C, x), x -> Math.min(C, x), -1.0, 4.0),
        binary("max(Tensor)", Tensor::max, Math::max, xy(1.0, 2.0), xy(2.0, 1.0), xy(-3.0, -0.5)),
        unary("max(double)", x -> x.max(C), x -> Math.max(x, C), -1.0, 4.0),
        unary("static max(double,Tensor)", x -> Tensor.max(C, x), x -> Math.max(C, x), -1.0, 4.0),
        binary(
            "hypot(Tensor)",
            Tensor::hypot,
            Math::hypot,
            xy(3.0, 4.0),
            xy(-1.2, 0.5),
            xy(1e-3, 2.0)),
        unary("hypot(double)", x -> x.hypot(C), x -> Math.hypot(x, C), -3.0, 0.2, 8.0),
        unary(
            "static hypot(double,Tensor)",
            x -> Tensor.hypot(C, x),
            x -> Math.hypot(C, x),
            -3.0,
            0.2,
            8.0),
        unary("toRadians()", Tensor::toRadians, Math::toRadians, -200.0, 0.3, 45.0),
        unary("toDegrees()", Tensor::toDegrees, Math::toDegrees, -4.0, 0.3, 1.0),
        unary("nextUp()", Tensor::nextUp, Math::nextUp, -2.0, 0.3, 1e5),
        unary("nextDown()", Tensor::nextDown, Math::nextDown, -2.0, 0.3, 1e5),
        binary(
            "nextAfter(Tensor)",
            Tensor::nextAfter,
            Math::nextAfter,
            xy(1.5, -2.0),
            xy(-3.0, 0.25),
            xy(7.0, 30.0)),
        unary("nextAfter(double)", x -> x.nextAfter(C), x -> Math.nextAfter(x, C), -4.0, 11.0),
        unary(
            "static nextAfter(double,Tensor)",
            x -> Tensor.nextAfter(C, x),
            x -> Math.nextAfter(C, x),
            -4.0,
            11.0),
        // Signs away from 0, where copySign jumps in its second argument.
        binary(
            "copySign(Tensor)",
            Tensor::copySign,
            Math::copySign,
            xy(1.5, -2.0),
            xy(-3.0, 0.25),
            xy(-7.0, -3.0),
            xy(2.0, 5.0)),
        unary("copySign(double)", x -> x.copySign(-C), x -> Math.copySign(x, -C), -4.0, 0.3),
        unary(
            "static copySign(double,Tensor)",
            x -> Tensor.copySign(C, x),
            x -> Math.copySign(C, x),
            -4.0,
            0.3),
        unary("scalb(int)", x -> x.scalb(3), x -> Math.scalb(x, 3), -4.0, 0.3, 11.0),
        unary("scalb(int) n<0", x -> x.scalb(-1030), x -> Math.scalb(x, -1030), -4.0, 11.0),
        // x/y is never within h of a half-integer here, where IEEEremainder jumps.
        binary(
            "IEEEremainder(Tensor)",
            Tensor::IEEEremainder,
            Math::IEEEremainder,
            xy(7.3, 2.1),
            xy(-7.3, 2.1),
            xy(7.3, -2.1),
            xy(0.5, 3.0),
            xy(100.7, 0.9)),
        unary(
            "IEEEremainder(double)",
            x -> x.IEEEremainder(C),
            x -> Math.IEEEremainder(x, C),
            -4.0,
            0.3,
            11.0),
        unary(
            "static IEEEremainder(double,Tensor)",
            x -> Tensor.IEEEremainder(C, x),
            x -> Math.IEEEremainder(C, x),
            -1.1,
            0.7,
            4.0),
        new Case(
            "static fma(Tensor,Tensor,Tensor)",
            in -> Tensor.fma(in[0], in[1], in[2]),
            x -> Math.fma(x[0], x[1], x[2]),
            new double[][] {{1.5, -2.0, 0.25}, {-3.0, 0.1, 7.0}, {1e8, 1e-8, -1.0}}));
  }

  static Stream<Arguments> points() {
    return cases().stream()
        .flatMap(c -> Arrays.stream(c.points())
            .map(p -> Arguments.of(c.signature(), Arrays.toString(p), c, p)));
  }

  @ParameterizedTest(name = "{0} at {1}")
  @MethodSource("points")
  void valueIsThePlainFunctionBitForBit(String signature, String at, Case c, double[] x) {
    double expected = c.plain().applyAsDouble(x.clone());
    Tensor y = c.graph().apply(Tensor.of(x));
    assertEquals(
        Double.doubleToRawLongBits(expected),
        Double.doubleToRawLongBits(y.data()),
        () -> signature + " at " + at + ": expected " + expected + " but was " + y.data());
  }

  @ParameterizedTest(name = "{0} at {1}")
  @MethodSource("points")
  void gradientMatchesCentralDifference(String signature, String at, Case c, double[] x) {
    Tensor[] leaves = Tensor.of(x);
    Tensor y = c.graph().apply(leaves);
    y.backward();
    for (int i = 0; i < x.length; i++) {
      double h = 1e-6 * Math.max(1.0, Math.abs(x[i]));
      double[] up = x.clone();
      double[] down = x.clone();
      up[i] += h;
      down[i] -= h;
      double fUp = c.plain().applyAsDouble(up);
      double fDown = c.plain().applyAsDouble(down);
      // The step actually taken, which differs from h by the rounding of x +- h.
      double fd = (fUp - fDown) / (up[i] - down[i]);
      double grad = leaves[i].grad();
      // Relative 1e-6, plus the rounding noise of the difference quotient itself (a few ulps of
      // f divided by the step), which dominates only where the derivative is tiny next to f.
      double noise = 8 * Math.ulp(Math.max(Math.abs(fUp), Math.abs(fDown))) / (up[i] - down[i]);
      double tolerance = 1e-6 * Math.max(Math.abs(fd), Math.abs(grad)) + noise;
      int index = i;
      assertTrue(
          Math.abs(grad - fd) <= tolerance,
          () -> signature + " at " + at + ": d/dx" + index + " was " + grad + ", finite difference "
              + fd);
    }
  }

  /** Keeps the table above honest: an operation added to Tensor without a case here fails. */
  @Test
  void everyPublicOperationHasACase() {
    Set<String> covered = cases().stream()
        .map(c -> c.signature().replaceFirst("\\) .*", ")"))
        .collect(Collectors.toCollection(TreeSet::new));
    Set<String> operations = new TreeSet<>();
    for (Method m : Tensor.class.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers())
          && m.getReturnType() == Tensor.class
          // Node factories, not operations: their own tests cover them (ArrayDotTest for fusedDot,
          // FoldedDotTest for fusedDotThen).
          && !m.getName().equals("fused")
          && !m.getName().equals("fusedDot")
          && !m.getName().equals("fusedDotThen")) {
        operations.add((Modifier.isStatic(m.getModifiers()) ? "static " : "")
            + m.getName()
            + Arrays.stream(m.getParameterTypes())
                .map(Class::getSimpleName)
                .collect(Collectors.joining(",", "(", ")")));
      }
    }
    assertEquals(operations, covered);
  }
}
