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
 * Every public operation of {@link DualTensor}, built on a {@link DualTape}: its value against the
 * {@link Math} function bit for bit, its gradient against {@link Tensor}'s for the same operation
 * bit for bit, and its Hessian against the closed form written out here and against central finite
 * differences of Tensor's gradient (an independent first-order computation).
 *
 * <p>The points are {@link TensorOpsTest}'s: away from kinks, jumps and branch cuts.
 */
final class DualTensorOpsTest {

  /** One operation: its dual and first-order forms, the plain function and its Hessian. */
  record Case(
      String signature,
      Function<DualTensor[], DualTensor> dual,
      Function<Tensor[], Tensor> tensor,
      ToDoubleFunction<double[]> plain,
      Function<double[], double[][]> hessian,
      double[][] points) {}

  private static Case unary(
      String signature,
      UnaryOperator<DualTensor> dual,
      UnaryOperator<Tensor> tensor,
      DoubleUnaryOperator plain,
      DoubleUnaryOperator second,
      double... xs) {
    double[][] points = Arrays.stream(xs).mapToObj(x -> new double[] {x}).toArray(double[][]::new);
    return new Case(
        signature,
        in -> dual.apply(in[0]),
        in -> tensor.apply(in[0]),
        x -> plain.applyAsDouble(x[0]),
        x -> new double[][] {{second.applyAsDouble(x[0])}},
        points);
  }

  /** The Hessian of a two-argument function: {xx, xy, yy}. */
  interface Second2 {
    double[] at(double x, double y);
  }

  private static Case binary(
      String signature,
      BinaryOperator<DualTensor> dual,
      BinaryOperator<Tensor> tensor,
      DoubleBinaryOperator plain,
      Second2 second,
      double[]... points) {
    return new Case(
        signature,
        in -> dual.apply(in[0], in[1]),
        in -> tensor.apply(in[0], in[1]),
        x -> plain.applyAsDouble(x[0], x[1]),
        x -> {
          double[] h = second.at(x[0], x[1]);
          return new double[][] {{h[0], h[1]}, {h[1], h[2]}};
        },
        points);
  }

  private static double[] xy(double x, double y) {
    return new double[] {x, y};
  }

  private static final double C = 2.5;
  private static final Second2 ZERO2 = (x, y) -> new double[] {0, 0, 0};
  private static final DoubleUnaryOperator ZERO = x -> 0.0;

  private static double cube(double x) {
    return x * x * x;
  }

  static List<Case> cases() {
    double[][] generic = {xy(1.5, -2.0), xy(-3.0, 0.25), xy(7.0, 3.0)};
    double[][] remPoints = {xy(7.3, 2.1), xy(-7.3, 2.1), xy(7.3, -2.1), xy(0.5, 3.0), xy(100.7, 0.9)
    };
    return List.of(
        binary("add(DualTensor)", DualTensor::add, Tensor::add, (x, y) -> x + y, ZERO2, generic),
        unary("add(double)", x -> x.add(C), x -> x.add(C), x -> x + C, ZERO, -4.0, 0.3, 11.0),
        unary(
            "static add(double,DualTensor)",
            x -> DualTensor.add(C, x),
            x -> Tensor.add(C, x),
            x -> C + x,
            ZERO,
            -4.0,
            0.3,
            11.0),
        binary("sub(DualTensor)", DualTensor::sub, Tensor::sub, (x, y) -> x - y, ZERO2, generic),
        unary("sub(double)", x -> x.sub(C), x -> x.sub(C), x -> x - C, ZERO, -4.0, 0.3, 11.0),
        unary(
            "static sub(double,DualTensor)",
            x -> DualTensor.sub(C, x),
            x -> Tensor.sub(C, x),
            x -> C - x,
            ZERO,
            -4.0,
            0.3,
            11.0),
        binary(
            "mul(DualTensor)",
            DualTensor::mul,
            Tensor::mul,
            (x, y) -> x * y,
            (x, y) -> new double[] {0, 1, 0},
            generic),
        unary("mul(double)", x -> x.mul(C), x -> x.mul(C), x -> x * C, ZERO, -4.0, 0.3, 11.0),
        unary(
            "static mul(double,DualTensor)",
            x -> DualTensor.mul(C, x),
            x -> Tensor.mul(C, x),
            x -> C * x,
            ZERO,
            -4.0,
            0.3,
            11.0),
        binary(
            "div(DualTensor)",
            DualTensor::div,
            Tensor::div,
            (x, y) -> x / y,
            (x, y) -> new double[] {0, -1 / (y * y), 2 * x / cube(y)},
            generic),
        unary("div(double)", x -> x.div(C), x -> x.div(C), x -> x / C, ZERO, -4.0, 0.3, 11.0),
        unary(
            "static div(double,DualTensor)",
            x -> DualTensor.div(C, x),
            x -> Tensor.div(C, x),
            x -> C / x,
            x -> 2 * C / cube(x),
            -4.0,
            0.3,
            11.0),
        binary("rem(DualTensor)", DualTensor::rem, Tensor::rem, (x, y) -> x % y, ZERO2, remPoints),
        unary("rem(double)", x -> x.rem(C), x -> x.rem(C), x -> x % C, ZERO, -4.0, 0.3, 11.0),
        unary(
            "static rem(double,DualTensor)",
            x -> DualTensor.rem(C, x),
            x -> Tensor.rem(C, x),
            x -> C % x,
            ZERO,
            -1.1,
            0.7,
            4.0),
        unary("neg()", DualTensor::neg, Tensor::neg, x -> -x, ZERO, -2.5, 0.3, 7.0),
        unary(
            "pow(double)",
            x -> x.pow(3.0),
            x -> x.pow(3.0),
            x -> Math.pow(x, 3.0),
            x -> 6 * x,
            -1.7,
            0.4,
            2.2),
        unary(
            "pow(double) c=2",
            x -> x.pow(2.0),
            x -> x.pow(2.0),
            x -> Math.pow(x, 2.0),
            x -> 2.0,
            -1.3,
            3.0),
        unary(
            "pow(double) c=1",
            x -> x.pow(1.0),
            x -> x.pow(1.0),
            x -> Math.pow(x, 1.0),
            ZERO,
            -2.0,
            5.0),
        unary(
            "pow(double) c=0",
            x -> x.pow(0.0),
            x -> x.pow(0.0),
            x -> Math.pow(x, 0.0),
            ZERO,
            -2.0,
            3.0),
        unary(
            "pow(double) c=0.5",
            x -> x.pow(0.5),
            x -> x.pow(0.5),
            x -> Math.pow(x, 0.5),
            x -> -0.25 / Math.pow(x, 1.5),
            0.3,
            4.0),
        unary(
            "pow(double) c=-1.5",
            x -> x.pow(-1.5),
            x -> x.pow(-1.5),
            x -> Math.pow(x, -1.5),
            x -> 3.75 * Math.pow(x, -3.5),
            0.7,
            3.0),
        binary(
            "pow(DualTensor)",
            DualTensor::pow,
            Tensor::pow,
            Math::pow,
            (x, y) -> new double[] {
              y * (y - 1) * Math.pow(x, y - 2),
              Math.pow(x, y - 1) * (1 + y * Math.log(x)),
              Math.pow(x, y) * Math.log(x) * Math.log(x)
            },
            xy(1.5, 2.3),
            xy(0.4, -1.2),
            xy(3.0, 0.5),
            xy(2.0, 3.0)),
        unary(
            "static pow(double,DualTensor)",
            x -> DualTensor.pow(C, x),
            x -> Tensor.pow(C, x),
            x -> Math.pow(C, x),
            x -> Math.pow(C, x) * Math.log(C) * Math.log(C),
            -1.0,
            0.5,
            3.0),
        unary(
            "static pow(double,DualTensor) c<1",
            x -> DualTensor.pow(0.3, x),
            x -> Tensor.pow(0.3, x),
            x -> Math.pow(0.3, x),
            x -> Math.pow(0.3, x) * Math.log(0.3) * Math.log(0.3),
            -2.0,
            2.0),
        unary("exp()", DualTensor::exp, Tensor::exp, Math::exp, Math::exp, -3.0, 0.5, 5.0),
        unary("expm1()", DualTensor::expm1, Tensor::expm1, Math::expm1, Math::exp, -2.0, 1e-3, 0.7),
        unary(
            "log()", DualTensor::log, Tensor::log, Math::log, x -> -1 / (x * x), 0.01, 1.5, 100.0),
        unary(
            "log10()",
            DualTensor::log10,
            Tensor::log10,
            Math::log10,
            x -> -1 / (x * x * Math.log(10)),
            0.2,
            3.0,
            1e4),
        unary(
            "log1p()",
            DualTensor::log1p,
            Tensor::log1p,
            Math::log1p,
            x -> -1 / ((1 + x) * (1 + x)),
            -0.5,
            1e-4,
            9.0),
        unary(
            "sqrt()",
            DualTensor::sqrt,
            Tensor::sqrt,
            Math::sqrt,
            x -> -0.25 / Math.pow(x, 1.5),
            1e-3,
            2.0,
            1e4),
        unary(
            "cbrt()",
            DualTensor::cbrt,
            Tensor::cbrt,
            Math::cbrt,
            x -> -2.0 / 9.0 / Math.pow(Math.cbrt(x), 5),
            -8.5,
            0.1,
            27.3),
        unary("abs()", DualTensor::abs, Tensor::abs, Math::abs, ZERO, -3.2, 0.7),
        unary("sin()", DualTensor::sin, Tensor::sin, Math::sin, x -> -Math.sin(x), -2.0, 0.3, 10.0),
        unary("cos()", DualTensor::cos, Tensor::cos, Math::cos, x -> -Math.cos(x), -2.0, 0.3, 10.0),
        unary(
            "tan()",
            DualTensor::tan,
            Tensor::tan,
            Math::tan,
            x -> 2 * Math.sin(x) / cube(Math.cos(x)),
            -1.2,
            0.4,
            3.0),
        unary(
            "asin()",
            DualTensor::asin,
            Tensor::asin,
            Math::asin,
            x -> x / Math.pow(1 - x * x, 1.5),
            -0.9,
            0.1,
            0.6),
        unary(
            "acos()",
            DualTensor::acos,
            Tensor::acos,
            Math::acos,
            x -> -x / Math.pow(1 - x * x, 1.5),
            -0.9,
            0.1,
            0.6),
        unary(
            "atan()",
            DualTensor::atan,
            Tensor::atan,
            Math::atan,
            x -> -2 * x / ((1 + x * x) * (1 + x * x)),
            -5.0,
            0.2,
            30.0),
        binary(
            "atan2(DualTensor)",
            DualTensor::atan2,
            Tensor::atan2,
            Math::atan2,
            (y, x) -> {
              double r2 = x * x + y * y;
              return new double[] {
                -2 * x * y / (r2 * r2), (y * y - x * x) / (r2 * r2), 2 * x * y / (r2 * r2)
              };
            },
            xy(1.0, 2.0),
            xy(-1.0, 0.5),
            xy(2.0, -1.0),
            xy(-0.5, -3.0)),
        unary(
            "atan2(double)",
            y -> y.atan2(C),
            y -> y.atan2(C),
            y -> Math.atan2(y, C),
            y -> -2 * C * y / Math.pow(y * y + C * C, 2),
            -3.0,
            0.2,
            8.0),
        unary(
            "atan2(double) c<0",
            y -> y.atan2(-C),
            y -> y.atan2(-C),
            y -> Math.atan2(y, -C),
            y -> 2 * C * y / Math.pow(y * y + C * C, 2),
            -3.0,
            0.2,
            8.0),
        unary(
            "static atan2(double,DualTensor)",
            x -> DualTensor.atan2(C, x),
            x -> Tensor.atan2(C, x),
            x -> Math.atan2(C, x),
            x -> 2 * C * x / Math.pow(x * x + C * C, 2),
            -3.0,
            0.2,
            8.0),
        unary("sinh()", DualTensor::sinh, Tensor::sinh, Math::sinh, Math::sinh, -3.0, 0.5, 4.0),
        unary("cosh()", DualTensor::cosh, Tensor::cosh, Math::cosh, Math::cosh, -3.0, 0.5, 4.0),
        unary(
            "tanh()",
            DualTensor::tanh,
            Tensor::tanh,
            Math::tanh,
            x -> -2 * Math.sinh(x) / cube(Math.cosh(x)),
            -2.0,
            0.1,
            3.0),
        unary(
            "sigmoid()",
            DualTensor::sigmoid,
            Tensor::sigmoid,
            Activations::sigmoid,
            x -> {
              // e^-x (e^-x - 1) / (1 + e^-x)^3
              double e = Math.exp(-x);
              return e * (e - 1) / cube(1 + e);
            },
            -6.0,
            0.2,
            4.0),
        unary("relu()", DualTensor::relu, Tensor::relu, Activations::relu, ZERO, -1.5, 0.5, 3.0),
        unary(
            "softplus()",
            DualTensor::softplus,
            Tensor::softplus,
            Activations::softplus,
            x -> Math.exp(x) / ((1 + Math.exp(x)) * (1 + Math.exp(x))),
            -5.0,
            0.3,
            8.0),
        binary(
            "min(DualTensor)",
            DualTensor::min,
            Tensor::min,
            Math::min,
            ZERO2,
            xy(1.0, 2.0),
            xy(2.0, 1.0),
            xy(-3.0, -0.5)),
        unary("min(double)", x -> x.min(C), x -> x.min(C), x -> Math.min(x, C), ZERO, -1.0, 4.0),
        unary(
            "static min(double,DualTensor)",
            x -> DualTensor.min(C, x),
            x -> Tensor.min(C, x),
            x -> Math.min(C, x),
            ZERO,
            -1.0,
            4.0),
        binary(
            "max(DualTensor)",
            DualTensor::max,
            Tensor::max,
            Math::max,
            ZERO2,
            xy(1.0, 2.0),
            xy(2.0, 1.0),
            xy(-3.0, -0.5)),
        unary("max(double)", x -> x.max(C), x -> x.max(C), x -> Math.max(x, C), ZERO, -1.0, 4.0),
        unary(
            "static max(double,DualTensor)",
            x -> DualTensor.max(C, x),
            x -> Tensor.max(C, x),
            x -> Math.max(C, x),
            ZERO,
            -1.0,
            4.0),
        binary(
            "hypot(DualTensor)",
            DualTensor::hypot,
            Tensor::hypot,
            Math::hypot,
            (v, w) -> {
              double r3 = cube(Math.sqrt(v * v + w * w));
              return new double[] {w * w / r3, -v * w / r3, v * v / r3};
            },
            xy(3.0, 4.0),
            xy(-1.2, 0.5),
            xy(1e-3, 2.0)),
        unary(
            "hypot(double)",
            x -> x.hypot(C),
            x -> x.hypot(C),
            x -> Math.hypot(x, C),
            x -> C * C / cube(Math.sqrt(x * x + C * C)),
            -3.0,
            0.2,
            8.0),
        unary(
            "static hypot(double,DualTensor)",
            x -> DualTensor.hypot(C, x),
            x -> Tensor.hypot(C, x),
            x -> Math.hypot(C, x),
            x -> C * C / cube(Math.sqrt(x * x + C * C)),
            -3.0,
            0.2,
            8.0),
        unary(
            "toRadians()",
            DualTensor::toRadians,
            Tensor::toRadians,
            Math::toRadians,
            ZERO,
            -200.0,
            0.3,
            45.0),
        unary(
            "toDegrees()",
            DualTensor::toDegrees,
            Tensor::toDegrees,
            Math::toDegrees,
            ZERO,
            -4.0,
            0.3,
            1.0),
        unary("nextUp()", DualTensor::nextUp, Tensor::nextUp, Math::nextUp, ZERO, -2.0, 0.3, 1e5),
        unary(
            "nextDown()",
            DualTensor::nextDown,
            Tensor::nextDown,
            Math::nextDown,
            ZERO,
            -2.0,
            0.3,
            1e5),
        binary(
            "nextAfter(DualTensor)",
            DualTensor::nextAfter,
            Tensor::nextAfter,
            Math::nextAfter,
            ZERO2,
            xy(1.5, -2.0),
            xy(-3.0, 0.25),
            xy(7.0, 30.0)),
        unary(
            "nextAfter(double)",
            x -> x.nextAfter(C),
            x -> x.nextAfter(C),
            x -> Math.nextAfter(x, C),
            ZERO,
            -4.0,
            11.0),
        unary(
            "static nextAfter(double,DualTensor)",
            x -> DualTensor.nextAfter(C, x),
            x -> Tensor.nextAfter(C, x),
            x -> Math.nextAfter(C, x),
            ZERO,
            -4.0,
            11.0),
        binary(
            "copySign(DualTensor)",
            DualTensor::copySign,
            Tensor::copySign,
            Math::copySign,
            ZERO2,
            xy(1.5, -2.0),
            xy(-3.0, 0.25),
            xy(-7.0, -3.0),
            xy(2.0, 5.0)),
        unary(
            "copySign(double)",
            x -> x.copySign(-C),
            x -> x.copySign(-C),
            x -> Math.copySign(x, -C),
            ZERO,
            -4.0,
            0.3),
        unary(
            "static copySign(double,DualTensor)",
            x -> DualTensor.copySign(C, x),
            x -> Tensor.copySign(C, x),
            x -> Math.copySign(C, x),
            ZERO,
            -4.0,
            0.3),
        unary(
            "scalb(int)",
            x -> x.scalb(3),
            x -> x.scalb(3),
            x -> Math.scalb(x, 3),
            ZERO,
            -4.0,
            0.3,
            11.0),
        unary(
            "scalb(int) n<0",
            x -> x.scalb(-1030),
            x -> x.scalb(-1030),
            x -> Math.scalb(x, -1030),
            ZERO,
            -4.0,
            11.0),
        binary(
            "IEEEremainder(DualTensor)",
            DualTensor::IEEEremainder,
            Tensor::IEEEremainder,
            Math::IEEEremainder,
            ZERO2,
            remPoints),
        unary(
            "IEEEremainder(double)",
            x -> x.IEEEremainder(C),
            x -> x.IEEEremainder(C),
            x -> Math.IEEEremainder(x, C),
            ZERO,
            -4.0,
            0.3,
            11.0),
        unary(
            "static IEEEremainder(double,DualTensor)",
            x -> DualTensor.IEEEremainder(C, x),
            x -> Tensor.IEEEremainder(C, x),
            x -> Math.IEEEremainder(C, x),
            ZERO,
            -1.1,
            0.7,
            4.0),
        new Case(
            "static fma(DualTensor,DualTensor,DualTensor)",
            in -> DualTensor.fma(in[0], in[1], in[2]),
            in -> Tensor.fma(in[0], in[1], in[2]),
            x -> Math.fma(x[0], x[1], x[2]),
            x -> new double[][] {{0, 1, 0}, {1, 0, 0}, {0, 0, 0}},
            new double[][] {{1.5, -2.0, 0.25}, {-3.0, 0.1, 7.0}, {1e8, 1e-8, -1.0}}));
  }

  static Stream<Arguments> points() {
    return cases().stream()
        .flatMap(c -> Arrays.stream(c.points())
            .map(p -> Arguments.of(c.signature(), Arrays.toString(p), c, p)));
  }

  /** The values NaN, infinities, zeros of both signs and extremes, paired every way. */
  static Stream<Arguments> edgePoints() {
    double[] edges = {
      0.0,
      -0.0,
      1.0,
      -2.0,
      Double.NaN,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      1e-300,
      1e300,
      Double.MIN_VALUE
    };
    return cases().stream().flatMap(c -> {
      int n = c.points()[0].length;
      Stream<double[]> points = n == 1
          ? Arrays.stream(edges).mapToObj(x -> new double[] {x})
          : Arrays.stream(edges)
              .boxed()
              .flatMap(x -> Arrays.stream(edges)
                  .mapToObj(y -> n == 2 ? new double[] {x, y} : new double[] {x, y, 0.5}));
      return points.map(p -> Arguments.of(c.signature(), Arrays.toString(p), c, p));
    });
  }

  /** The graph's output and its tape, built from leaves at x. */
  private static DualTape.Hessian dualHessian(Case c, double[] x) {
    return DualTape.hessian(tape -> c.dual().apply(tape.leaves(x)));
  }

  /** Tensor's gradient at x, on a tape. */
  private static double[] tensorGradient(Case c, double[] x) {
    Tape tape = new Tape();
    Tensor[] leaves = tape.leaves(x);
    c.tensor().apply(leaves).backward();
    return Tensor.grads(leaves);
  }

  @ParameterizedTest(name = "{0} at {1}")
  @MethodSource("points")
  void valueIsThePlainFunctionBitForBit(String signature, String at, Case c, double[] x) {
    assertValueAndGradientAsTensor(c, x);
  }

  @ParameterizedTest(name = "{0} at {1}")
  @MethodSource("edgePoints")
  void valueAndGradientAreTensorsAtEdges(String signature, String at, Case c, double[] x) {
    assertValueAndGradientAsTensor(c, x);
  }

  private static void assertValueAndGradientAsTensor(Case c, double[] x) {
    double expected = c.plain().applyAsDouble(x.clone());
    DualTape.Hessian h = dualHessian(c, x);
    String where = c.signature() + " at " + Arrays.toString(x);
    assertEquals(
        Double.doubleToRawLongBits(expected),
        Double.doubleToRawLongBits(h.value()),
        () -> where + ": value " + h.value() + ", expected " + expected);
    double[] g = tensorGradient(c, x);
    for (int i = 0; i < x.length; i++) {
      // doubleToLongBits: NaN equals NaN, and the sign of a zero must match.
      assertEquals(
          Double.doubleToLongBits(g[i]),
          Double.doubleToLongBits(h.gradient()[i]),
          where + ": gradient " + i + " " + h.gradient()[i] + ", Tensor's " + g[i]);
    }
  }

  @ParameterizedTest(name = "{0} at {1}")
  @MethodSource("points")
  void hessianIsTheClosedForm(String signature, String at, Case c, double[] x) {
    double[][] expected = c.hessian().apply(x);
    double[][] actual = dualHessian(c, x).hessian();
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x.length; j++) {
        double e = expected[i][j];
        double a = actual[i][j];
        String where =
            signature + " at " + at + ": H[" + i + "][" + j + "] = " + a + ", closed form " + e;
        assertTrue(Math.abs(a - e) <= 1e-12 * Math.abs(e) + 1e-300, where);
      }
    }
  }

  @ParameterizedTest(name = "{0} at {1}")
  @MethodSource("points")
  void hessianMatchesCentralDifferencesOfTensorsGradient(
      String signature, String at, Case c, double[] x) {
    double[][] actual = dualHessian(c, x).hessian();
    for (int j = 0; j < x.length; j++) {
      // A step relative to the coordinate, so that it stays small next to the distance to a
      // singularity at 0 (sqrt at 1e-3).
      double h = 1e-5 * (x[j] == 0.0 ? 1.0 : Math.abs(x[j]));
      double[] up = x.clone();
      double[] down = x.clone();
      up[j] += h;
      down[j] -= h;
      double[] gUp = tensorGradient(c, up);
      double[] gDown = tensorGradient(c, down);
      for (int i = 0; i < x.length; i++) {
        double fd = (gUp[i] - gDown[i]) / (up[j] - down[j]);
        double a = actual[i][j];
        double noise =
            8 * Math.ulp(Math.max(Math.abs(gUp[i]), Math.abs(gDown[i]))) / (up[j] - down[j]);
        double tolerance = 1e-5 * Math.max(Math.abs(fd), Math.abs(a)) + noise;
        int row = i;
        int column = j;
        assertTrue(
            Math.abs(a - fd) <= tolerance,
            () -> signature + " at " + at + ": H[" + row + "][" + column + "] = " + a
                + ", finite difference " + fd);
      }
    }
  }

  /** The table above covers every operation, and DualTensor has exactly Tensor's operations. */
  @Test
  void everyOperationHasACaseAndMirrorsTensor() {
    Set<String> covered = cases().stream()
        .map(c -> c.signature().replaceFirst("\\) .*", ")"))
        .collect(Collectors.toCollection(TreeSet::new));
    // rule and fused make nodes of given partials, as Tensor's fused does.
    Set<String> dual = operations(DualTensor.class, "rule", "fused");
    assertEquals(dual, covered);
    // fusedDot and fusedDotThen are first-order node factories for preaccumulated loops, with no
    // dual counterpart.
    Set<String> tensor = operations(Tensor.class, "fused", "fusedDot").stream()
        .filter(s -> !s.startsWith("static fusedDotThen("))
        .map(s -> s.replace("Tensor", "DualTensor"))
        .collect(Collectors.toCollection(TreeSet::new));
    assertEquals(tensor, dual);
  }

  private static Set<String> operations(Class<?> type, String except, String alsoExcept) {
    Set<String> operations = new TreeSet<>();
    for (Method m : type.getDeclaredMethods()) {
      if (Modifier.isPublic(m.getModifiers())
          && m.getReturnType() == type
          && !m.getName().equals(except)
          && !m.getName().equals(alsoExcept)) {
        operations.add((Modifier.isStatic(m.getModifiers()) ? "static " : "")
            + m.getName()
            + Arrays.stream(m.getParameterTypes())
                .map(Class::getSimpleName)
                .collect(Collectors.joining(",", "(", ")")));
      }
    }
    return operations;
  }
}
