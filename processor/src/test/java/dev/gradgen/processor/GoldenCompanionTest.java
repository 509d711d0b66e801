package dev.gradgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import org.junit.jupiter.api.Test;

/**
 * The companion for a small class, compared as a syntax tree with the code a reader should find in
 * {@code target/generated-sources}: the user's control flow, in order, with only active values as
 * nodes and each straight-line run of statements fused into one node; the fused helpers, last, use
 * the user's names for plain-variable inputs and {@code _d_name} for their adjoints.
 */
class GoldenCompanionTest {

  @Test
  void pricingCompanion() {
    Compilation compilation = Compiled.compile("shop.Pricing", """
        package shop;

        import dev.gradgen.Differentiable;

        final class Pricing {
          double scale = 2.0;
          private static final double RATE = 0.5;

          @Differentiable(order = 1)
          static double loss(double w, double b, double x) {
            double y = Math.tanh(w * x + b);
            return y * y;
          }

          @Differentiable(wrt = {"p"}, order = 1)
          static double sumSquares(double[] p, int n) {
            double s = 0;
            for (int i = 0; i < n; i++) {
              if (p[i] < 0) {
                continue;
              }
              s += p[i] * p[i] * RATE;
            }
            return s;
          }

          @Differentiable(order = 1)
          double scaled(double x) {
            return scale * loss(x, 1.0, 2.0);
          }
        }
        """);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation)
        .generatedSourceFile("shop.PricingGradients")
        .hasSourceEquivalentTo(JavaFileObjects.forSourceString("shop.PricingGradients", """
            package shop;

            import dev.gradgen.ArrayLeaf;
            import dev.gradgen.DerivativeCheck;
            import dev.gradgen.DerivativeChecker;
            import dev.gradgen.Derivatives;
            import dev.gradgen.GeneratedSupport;
            import dev.gradgen.Jacobians;
            import dev.gradgen.Tape;
            import dev.gradgen.Tensor;
            import javax.annotation.processing.Generated;

            @Generated("dev.gradgen.processor.DifferentiableProcessor")
            public final class PricingGradients {
                private PricingGradients() {
                }

                public static Tensor loss(Tensor w, Tensor b, Tensor x) {
                    return lossFused1(w, x, b);
                }

                public static LossGradient lossGradient(double w, double b, double x) {
                    Tape tape = new Tape();
                    Tensor wNode = tape.leaf(w);
                    Tensor bNode = tape.leaf(b);
                    Tensor xNode = tape.leaf(x);
                    Tensor out = loss(wNode, bNode, xNode);
                    out.backward();
                    return new LossGradient(out.data(), wNode.grad(), bNode.grad(), xNode.grad());
                }

                public static DerivativeCheck lossCheck(double w, double b, double x) {
                    LossGradient gradient = lossGradient(w, b, x);
                    DerivativeChecker checker = new DerivativeChecker("shop.Pricing.loss");
                    checker.scalar("w", w, gradient.w());
                    checker.scalar("b", b, gradient.b());
                    checker.scalar("x", x, gradient.x());
                    while (checker.hasNextPoint()) {
                        DerivativeChecker.Point point = checker.nextPoint();
                        checker.value(Pricing.loss(point.scalar(0), point.scalar(1), point.scalar(2)));
                    }
                    return checker.result();
                }

                private static double lossForwardScalar(double w, double b, double x, double wTangent,
                        double bTangent, double xTangent, double[] resultTangent) {
                    double yTangent = 0.0;
                    double v = w * x;
                    double v1 = v + b;
                    double v2 = Math.tanh(v1);
                    double d = Derivatives.tanh(v1, v2);
                    yTangent = x * d * wTangent + w * d * xTangent + d * bTangent;
                    double y = v2;
                    double v3 = y * y;
                    resultTangent[0] = y * yTangent + y * yTangent;
                    return v3;
                }

                public static LossTangent lossTangent(double w, double b, double x, double wTangent,
                        double bTangent, double xTangent) {
                    double[] returned = new double[1];
                    double value = lossForwardScalar(w, b, x, wTangent, bTangent, xTangent, returned);
                    return new LossTangent(value, returned[0]);
                }

                public static Tensor sumSquares(Tensor[] p, int n) {
                    Tensor s = new Tensor(0);
                    for (int i = 0; i < n; i++) {
                        if (p[i].data() < 0) {
                            continue;
                        }
                        s = sumSquaresFused1(s, p[i]);
                    }
                    return s;
                }

                private static Tensor sumSquares(ArrayLeaf p, int n) {
                    Tensor s = new Tensor(0);
                    for (int i = 0; i < n; i++) {
                        if (p.value(i) < 0) {
                            continue;
                        }
                        s = sumSquaresFused1(s, p.element(i));
                    }
                    return s;
                }

                public static SumSquaresGradient sumSquaresGradient(double[] p, int n) {
                    Tape tape = new Tape();
                    ArrayLeaf pNode = tape.array(p);
                    Tensor out = sumSquares(pNode, n);
                    out.backward();
                    return new SumSquaresGradient(out.data(), GeneratedSupport.takeGradients(pNode));
                }

                public static DerivativeCheck sumSquaresCheck(double[] p, int n) {
                    SumSquaresGradient gradient = sumSquaresGradient(p, n);
                    DerivativeChecker checker = new DerivativeChecker("shop.Pricing.sumSquares");
                    checker.vector("p", p, gradient.p());
                    while (checker.hasNextPoint()) {
                        DerivativeChecker.Point point = checker.nextPoint();
                        checker.value(Pricing.sumSquares(point.vector(0), n));
                    }
                    return checker.result();
                }

                private static double sumSquaresForwardScalar(double[] p, int n, double[] pTangent,
                        double[] resultTangent) {
                    double sTangent = 0.0;
                    double s = 0;
                    for (int i = 0; i < n; i++) {
                        if (p[i] < 0) {
                            continue;
                        }
                        double v = p[i] * p[i];
                        double v1 = v * 0.5;
                        double v2 = s + v1;
                        sTangent = sTangent + p[i] * 0.5 * pTangent[i] + p[i] * 0.5 * pTangent[i];
                        s = v2;
                    }
                    resultTangent[0] = sTangent;
                    return s;
                }

                public static SumSquaresTangent sumSquaresTangent(double[] p, int n, double[] pTangent) {
                    double[] returned = new double[1];
                    double value = sumSquaresForwardScalar(p, n, Jacobians.direction(p, pTangent, "pTangent"), returned);
                    return new SumSquaresTangent(value, returned[0]);
                }

                public static Tensor scaled(Pricing self, Tensor x) {
                    return Tensor.mul(self.scale, PricingGradients.loss(x, new Tensor(1.0), new Tensor(2.0)));
                }

                public static ScaledGradient scaledGradient(Pricing self, double x) {
                    Tape tape = new Tape();
                    Tensor xNode = tape.leaf(x);
                    Tensor out = scaled(self, xNode);
                    out.backward();
                    return new ScaledGradient(out.data(), xNode.grad());
                }

                public static DerivativeCheck scaledCheck(Pricing self, double x) {
                    ScaledGradient gradient = scaledGradient(self, x);
                    DerivativeChecker checker = new DerivativeChecker("shop.Pricing.scaled");
                    checker.scalar("x", x, gradient.x());
                    while (checker.hasNextPoint()) {
                        DerivativeChecker.Point point = checker.nextPoint();
                        checker.value(self.scaled(point.scalar(0)));
                    }
                    return checker.result();
                }


                public static ScaledTangent scaledTangent(Pricing self, double x, double xTangent) {
                    double[] direction = new double[] {xTangent};
                    Tape tape = new Tape();
                    Tensor xNode = tape.leaf(x);
                    Tensor out = scaled(self, xNode);
                    Tensor[] inputs = new Tensor[] {xNode};
                    return new ScaledTangent(out.data(), Tensor.tangents(inputs, direction, new Tensor[] {out})[0]);
                }

                private static Tensor lossFused1(Tensor wNode, Tensor xNode, Tensor bNode) {
                    double w = wNode.data();
                    double x = xNode.data();
                    double b = bNode.data();
                    double t0 = w * x + b;
                    double y = Math.tanh(t0);
                    double value = y * y;
                    double _d_w = 0.0;
                    double _d_x = 0.0;
                    double _d_b = 0.0;
                    double _d_y = 0.0;
                    _d_y += y;
                    _d_y += y;
                    double _d_t0 = _d_y * Derivatives.tanh(t0, y);
                    _d_w += _d_t0 * x;
                    _d_x += _d_t0 * w;
                    _d_b += _d_t0;
                    return Tensor.fused(value, wNode, _d_w, xNode, _d_x, bNode, _d_b);
                }

                private static Tensor sumSquaresFused1(Tensor sNode, Tensor p_iNode) {
                    double s = sNode.data();
                    double p_i = p_iNode.data();
                    double t0 = p_i * p_i;
                    double value = s + t0 * 0.5;
                    double _d_s = 0.0;
                    double _d_p_i = 0.0;
                    _d_s += 1.0;
                    _d_p_i += 0.5 * p_i;
                    _d_p_i += 0.5 * p_i;
                    return Tensor.fused(value, sNode, _d_s, p_iNode, _d_p_i);
                }


                public record LossGradient(double value, double w, double b, double x) {
                }

                public record LossTangent(double value, double tangent) {
                }

                public record SumSquaresGradient(double value, double[] p) {
                }

                public record SumSquaresTangent(double value, double tangent) {
                }

                public record ScaledGradient(double value, double x) {
                }

                public record ScaledTangent(double value, double tangent) {
                }
            }
            """));
  }
}
