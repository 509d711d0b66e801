package dev.gradgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The conventions {@link Tensor}'s Javadoc promises at non-smooth points, overflow, NaN and division
 * by zero, where a finite difference says nothing useful.
 */
final class TensorEdgeCasesTest {

  /** d(f(x))/dx at x, by {@link Tensor#backward()}. */
  private static double gradAt(double x, UnaryOperator<Tensor> f) {
    Tensor leaf = new Tensor(x);
    f.apply(leaf).backward();
    return leaf.grad();
  }

  // assertEquals(double, double) compares bit patterns via doubleToLongBits, so 0.0 and -0.0 differ
  // there; a gradient of "0" is checked with this instead, which accepts either zero.
  private static void assertZero(double actual, String what) {
    assertEquals(0.0, actual, 0.0, what);
  }

  @Test
  void reluAtZeroHasDerivativeZero() {
    assertZero(gradAt(0.0, Tensor::relu), "relu'(0)");
    assertZero(gradAt(-0.0, Tensor::relu), "relu'(-0)");
    // Activations.relu documents relu(-0.0) = +0.0; the Tensor value must agree bit for bit.
    assertEquals(0.0, new Tensor(-0.0).relu().data());
  }

  @Test
  void absAtZeroHasDerivativeZero() {
    assertZero(gradAt(0.0, Tensor::abs), "abs'(0)");
    assertZero(gradAt(-0.0, Tensor::abs), "abs'(-0)");
  }

  @Test
  void minAndMaxTiesSendTheGradientToTheFirstArgument() {
    for (boolean isMin : new boolean[] {true, false}) {
      Tensor a = new Tensor(3.0);
      Tensor b = new Tensor(3.0);
      (isMin ? a.min(b) : a.max(b)).backward();
      assertEquals(1.0, a.grad(), isMin ? "min" : "max");
      assertZero(b.grad(), isMin ? "min" : "max");

      // The Tensor is first in x.min(c): it gets the gradient.
      assertEquals(1.0, gradAt(3.0, x -> isMin ? x.min(3.0) : x.max(3.0)));
      // The constant is first in min(c, x): the Tensor gets nothing.
      assertZero(gradAt(3.0, x -> isMin ? Tensor.min(3.0, x) : Tensor.max(3.0, x)), "tie");
    }
  }

  @Test
  void sqrtAndCbrtHaveInfiniteDerivativeAtZero() {
    assertEquals(Double.POSITIVE_INFINITY, gradAt(0.0, Tensor::sqrt));
    assertEquals(Double.POSITIVE_INFINITY, gradAt(0.0, Tensor::cbrt));
    // Math.sqrt(-0.0) is -0.0, but the one-sided derivative from the right is still +Infinity.
    assertEquals(Double.POSITIVE_INFINITY, gradAt(-0.0, Tensor::sqrt));
    assertEquals(Double.POSITIVE_INFINITY, gradAt(-0.0, Tensor::cbrt));
  }

  @Test
  void hypotPartialsAtTheOriginAreZero() {
    Tensor x = new Tensor(0.0);
    Tensor y = new Tensor(0.0);
    Tensor h = x.hypot(y);
    assertEquals(0.0, h.data());
    h.backward();
    assertZero(x.grad(), "d hypot/dx");
    assertZero(y.grad(), "d hypot/dy");
    assertZero(gradAt(0.0, t -> t.hypot(0.0)), "hypot(x, 0)");
    assertZero(gradAt(0.0, t -> Tensor.hypot(0.0, t)), "hypot(0, x)");
  }

  @Test
  void powerZeroHasDerivativeZeroEverywhere() {
    for (double x : new double[] {0.0, -0.0, 2.0, -3.0, Double.POSITIVE_INFINITY}) {
      assertZero(gradAt(x, t -> t.pow(0.0)), "pow(" + x + ", 0.0)");
      Tensor base = new Tensor(x);
      Tensor exponent = new Tensor(0.0);
      base.pow(exponent).backward();
      assertZero(base.grad(), "d pow(x, y)/dx at y = 0, x = " + x);
    }
  }

  @Test
  void powerDerivativeInTheExponentIsZeroAtBaseZero() {
    // Javadoc: "d pow(x, y)/dy at x = 0 is 0", for every exponent.
    for (double y : new double[] {2.0, 0.5, 0.0, -1.0}) {
      Tensor base = new Tensor(0.0);
      Tensor exponent = new Tensor(y);
      base.pow(exponent).backward();
      assertZero(exponent.grad(), "d pow(0, y)/dy at y = " + y);
      assertZero(gradAt(y, t -> Tensor.pow(0.0, t)), "d pow(0, x)/dx at x = " + y);
    }
  }

  @Test
  void tanhSaturatesWithoutNaN() {
    Tensor x = new Tensor(400.0);
    Tensor t = x.tanh();
    t.backward();
    assertEquals(1.0, t.data());
    assertZero(x.grad(), "tanh'(400)");
    assertEquals(-1.0, new Tensor(-400.0).tanh().data());
    assertZero(gradAt(-400.0, Tensor::tanh), "tanh'(-400)");
  }

  @Test
  void sigmoidAndSoftplusAreFiniteFarOut() {
    assertEquals(1.0, new Tensor(800.0).sigmoid().data());
    assertEquals(0.0, new Tensor(-800.0).sigmoid().data());
    assertZero(gradAt(800.0, Tensor::sigmoid), "sigmoid'(800)");
    assertZero(gradAt(-800.0, Tensor::sigmoid), "sigmoid'(-800)");
    // softplus(x) = x + log1p(e^-x) -> x, and softplus(-x) ~ e^-x underflows to 0.
    assertEquals(800.0, new Tensor(800.0).softplus().data());
    assertEquals(1.0, gradAt(800.0, Tensor::softplus));
    assertEquals(0.0, new Tensor(-800.0).softplus().data());
    assertZero(gradAt(-800.0, Tensor::softplus), "softplus'(-800)");
  }

  @Test
  void divisionByZeroBehavesLikeJava() {
    Tensor x = new Tensor(1.0);
    Tensor zero = new Tensor(0.0);
    Tensor q = x.div(zero);
    assertEquals(Double.POSITIVE_INFINITY, q.data());
    q.backward();
    // d(x/y)/dx = 1/y and d(x/y)/dy = -x/y^2 at x = 1, y = +0.
    assertEquals(Double.POSITIVE_INFINITY, x.grad());
    assertEquals(Double.NEGATIVE_INFINITY, zero.grad());

    assertEquals(Double.NEGATIVE_INFINITY, new Tensor(-1.0).div(new Tensor(0.0)).data());
    assertEquals(Double.NEGATIVE_INFINITY, new Tensor(1.0).div(new Tensor(-0.0)).data());
    assertTrue(Double.isNaN(new Tensor(0.0).div(new Tensor(0.0)).data()));
    assertEquals(Double.POSITIVE_INFINITY, new Tensor(1.0).div(0.0).data());
    assertEquals(Double.POSITIVE_INFINITY, Tensor.div(1.0, new Tensor(0.0)).data());
    // d(1/x)/dx = -1/x^2.
    assertEquals(Double.NEGATIVE_INFINITY, gradAt(0.0, t -> Tensor.div(1.0, t)));
    assertTrue(Double.isNaN(new Tensor(1.0).rem(new Tensor(0.0)).data()));
  }

  private static Arguments op(String name, UnaryOperator<Tensor> op) {
    return Arguments.of(name, op);
  }

  /** Operations whose partial depends on the argument: a NaN argument makes value and partial NaN. */
  static Stream<Arguments> nonlinear() {
    Tensor one = new Tensor(1.0);
    Tensor two = new Tensor(2.0);
    return Stream.of(
        op("x * x", x -> x.mul(x)),
        op("x / x", x -> x.div(x)),
        op("2 / x", x -> Tensor.div(2.0, x)),
        op("Tensor 7 % x", x -> new Tensor(7.0).rem(x)),
        op("7 % x", x -> Tensor.rem(7.0, x)),
        op("pow(x, 3)", x -> x.pow(3.0)),
        op("pow(x, Tensor 2)", x -> x.pow(two)),
        op("pow(Tensor 2, x)", x -> two.pow(x)),
        op("pow(2, x)", x -> Tensor.pow(2.0, x)),
        op("exp", Tensor::exp),
        op("expm1", Tensor::expm1),
        op("log", Tensor::log),
        op("log10", Tensor::log10),
        op("log1p", Tensor::log1p),
        op("sqrt", Tensor::sqrt),
        op("cbrt", Tensor::cbrt),
        op("abs", Tensor::abs),
        op("sin", Tensor::sin),
        op("cos", Tensor::cos),
        op("tan", Tensor::tan),
        op("asin", Tensor::asin),
        op("acos", Tensor::acos),
        op("atan", Tensor::atan),
        op("atan2(x, Tensor 1)", x -> x.atan2(one)),
        op("atan2(x, 1)", x -> x.atan2(1.0)),
        op("atan2(1, x)", x -> Tensor.atan2(1.0, x)),
        op("sinh", Tensor::sinh),
        op("cosh", Tensor::cosh),
        op("tanh", Tensor::tanh),
        op("sigmoid", Tensor::sigmoid),
        op("relu", Tensor::relu),
        op("softplus", Tensor::softplus),
        op("min(x, Tensor 1)", x -> x.min(one)),
        op("min(x, 1)", x -> x.min(1.0)),
        op("min(1, x)", x -> Tensor.min(1.0, x)),
        op("max(x, Tensor 1)", x -> x.max(one)),
        op("max(x, 1)", x -> x.max(1.0)),
        op("max(1, x)", x -> Tensor.max(1.0, x)),
        op("hypot(x, Tensor 1)", x -> x.hypot(one)),
        op("hypot(x, 1)", x -> x.hypot(1.0)),
        op("hypot(1, x)", x -> Tensor.hypot(1.0, x)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("nonlinear")
  void nanInputGivesNaNValueAndGradient(String name, UnaryOperator<Tensor> op) {
    Tensor x = new Tensor(Double.NaN);
    Tensor y = op.apply(x);
    y.backward();
    assertTrue(Double.isNaN(y.data()), "value");
    assertTrue(Double.isNaN(x.grad()), "gradient");
  }

  @Test
  void nanPropagatesThroughLinearOperationsToEveryLeaf() {
    // y = (x + 1) * 2 - 3 is linear in x, but the square above it has partial 2y = NaN, so the NaN
    // reaches x through the linear nodes; the other factor's leaf gets NaN from the product too.
    Tensor x = new Tensor(Double.NaN);
    Tensor w = new Tensor(5.0);
    Tensor y = x.add(1.0).mul(2.0).sub(3.0).neg();
    Tensor f = y.mul(y).mul(w);
    f.backward();
    assertTrue(Double.isNaN(f.data()));
    assertTrue(Double.isNaN(x.grad()));
    assertTrue(Double.isNaN(w.grad()));
  }
}
