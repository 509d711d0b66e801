package dev.gradgen.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;

import com.google.testing.compile.Compilation;
import com.google.testing.compile.JavaFileObjects;
import org.junit.jupiter.api.Test;

/**
 * The companion for a small class, compared as a syntax tree with the code a reader should find in
 * {@code target/generated-sources}: the user's control flow, in order, with only active values as
 * nodes and each straight-line run of statements fused into one node.
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

          @Differentiable
          static double loss(double w, double b, double x) {
            double y = Math.tanh(w * x + b);
            return y * y;
          }

          @Differentiable(wrt = {"p"})
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

          @Differentiable
          double scaled(double x) {
            return scale * loss(x, 1.0, 2.0);
          }
        }
        """);
    assertThat(compilation).succeededWithoutWarnings();
    assertThat(compilation).generatedSourceFile("shop.PricingGradients").hasSourceEquivalentTo(
        JavaFileObjects.forSourceString("shop.PricingGradients", """
            package shop;

            import dev.gradgen.DerivativeCheck;
            import dev.gradgen.DerivativeChecker;
            import dev.gradgen.Derivatives;
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

              private static Tensor lossFused1(Tensor x0, Tensor x1, Tensor x2) {
                double v0 = x0.data();
                double v1 = x1.data();
                double t0 = v0 * v1;
                double v2 = x2.data();
                double t1 = t0 + v2;
                double t2 = Math.tanh(t1);
                double t3 = t2 * t2;
                double d0 = 0.0;
                double d1 = 0.0;
                double d2 = 0.0;
                double a0 = 0.0;
                a0 += t2;
                a0 += t2;
                double g4 = a0 * Derivatives.tanh(t1, t2);
                double g5 = g4;
                d0 += g5 * v1;
                d1 += g5 * v0;
                d2 += g4;
                return Tensor.fused(t3, x0, d0, x1, d1, x2, d2);
              }

              public static LossTangent lossTangent(double w, double b, double x, double wTangent,
                  double bTangent, double xTangent) {
                double[] direction = new double[] {wTangent, bTangent, xTangent};
                Tape tape = new Tape();
                Tensor wNode = tape.leaf(w);
                Tensor bNode = tape.leaf(b);
                Tensor xNode = tape.leaf(x);
                Tensor out = loss(wNode, bNode, xNode);
                Tensor[] inputs = new Tensor[] {wNode, bNode, xNode};
                return new LossTangent(out.data(), Tensor.tangents(inputs, direction, new Tensor[] {out})[0]);
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

              public static SumSquaresGradient sumSquaresGradient(double[] p, int n) {
                Tape tape = new Tape();
                Tensor[] pNode = tape.leaves(p);
                Tensor out = sumSquares(pNode, n);
                out.backward();
                return new SumSquaresGradient(out.data(), Tensor.grads(pNode));
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

              private static Tensor sumSquaresFused1(Tensor x0, Tensor x1) {
                double v0 = x0.data();
                double v1 = x1.data();
                double t0 = v1 * v1;
                double t1 = t0 * 0.5;
                double t2 = v0 + t1;
                double d0 = 0.0;
                double d1 = 0.0;
                d0 += 1.0;
                double g3 = 1.0;
                double g4 = g3 * 0.5;
                d1 += g4 * v1;
                d1 += g4 * v1;
                return Tensor.fused(t2, x0, d0, x1, d1);
              }

              public static SumSquaresTangent sumSquaresTangent(double[] p, int n, double[] pTangent) {
                double[] direction = Jacobians.direction(p, pTangent, "pTangent");
                Tape tape = new Tape();
                Tensor[] pNode = tape.leaves(p);
                Tensor out = sumSquares(pNode, n);
                Tensor[] inputs = pNode;
                return new SumSquaresTangent(out.data(), Tensor.tangents(inputs, direction, new Tensor[] {out})[0]);
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
