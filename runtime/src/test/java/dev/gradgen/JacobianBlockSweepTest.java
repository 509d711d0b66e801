package dev.gradgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The forward Jacobian's block sweeps (many columns per sweep): against closed forms, and column by
 * column against {@link Tensor#tangents} seeding one input alone, bit for bit, on random graphs
 * with more inputs than one block holds, repeated inputs and non-finite partials.
 */
class JacobianBlockSweepTest {

  @Test
  void misra1aResidualsMatchTheirClosedForm() {
    // r_i = y_i - b0 (1 - exp(-b1 x_i)): dr/db0 = -(1 - exp(-b1 x)), dr/db1 = -b0 x exp(-b1 x).
    double[] x = {77.6, 114.9, 141.1, 190.8, 239.9};
    double b0 = 500.0;
    double b1 = 1.0e-4;
    Tape tape = new Tape();
    Tensor p0 = tape.leaf(b0);
    Tensor p1 = tape.leaf(b1);
    Tensor[] r = new Tensor[x.length];
    for (int i = 0; i < x.length; i++) {
      r[i] = Tensor.sub(10.0, p0.mul(Tensor.sub(1.0, p1.mul(-x[i]).exp())));
    }
    double[][] jacobian = Tensor.jacobian(new Tensor[] {p0, p1}, r);
    for (int i = 0; i < x.length; i++) {
      double e = Math.exp(-b1 * x[i]);
      assertEquals(-(1.0 - e), jacobian[i][0], 1e-15);
      assertEquals(-b0 * x[i] * e, jacobian[i][1], 1e-12 * b0 * x[i]);
    }
  }

  @Test
  void aColumnNoPathReachesIsPositiveZeroAndAnInfinitePartialStaysInItsOwnColumn() {
    // f = sqrt(a) * b at a = 0: df/db = sqrt(0) = 0 exactly; only df/da = b / (2 sqrt(0)) is
    // infinite.
    Tape tape = new Tape();
    Tensor a = tape.leaf(0.0);
    Tensor b = tape.leaf(3.0);
    Tensor c = tape.leaf(-2.0);
    Tensor f = a.sqrt().mul(b);
    // g = c * 0: its partial in c is a signed zero, -0.0.
    Tensor g = c.mul(0.0);
    double[][] jacobian = Tensor.jacobian(new Tensor[] {a, b, c}, new Tensor[] {f, g, b, a});
    assertEquals(Double.POSITIVE_INFINITY, jacobian[0][0]);
    assertEquals(0.0, jacobian[0][1]);
    assertEquals(0.0, jacobian[0][2]);
    assertEquals(0.0, jacobian[1][0]);
    assertEquals(0.0, jacobian[1][1]);
    assertEquals(0.0, jacobian[1][2]);
    // Leaves as outputs: an input's own column is 1.
    assertEquals(0.0, jacobian[2][0]);
    assertEquals(1.0, jacobian[2][1]);
    assertEquals(1.0, jacobian[3][0]);
    assertEquals(0.0, jacobian[3][2]);
  }

  @Test
  void aSignedZeroPartialKeepsItsSign() {
    // h = (a * -1) * 0 + b: dh/da = -1 * 0 = -0.0 through the only path from a.
    Tape tape = new Tape();
    Tensor a = tape.leaf(2.0);
    Tensor b = tape.leaf(5.0);
    Tensor h = a.mul(-1.0).mul(0.0).add(b);
    double[][] jacobian = Tensor.jacobian(new Tensor[] {a, b}, new Tensor[] {h, h, h});
    assertEquals(-0.0, jacobian[0][0]);
    assertEquals(1.0, jacobian[0][1]);
  }

  @Test
  void anInputListedTwiceGetsTheFullDerivativeInBothColumns() {
    // f_i = a^2 + i a: df/da = 2a + i.
    Tape tape = new Tape();
    Tensor a = tape.leaf(1.5);
    Tensor[] f = new Tensor[4];
    for (int i = 0; i < f.length; i++) {
      f[i] = a.mul(a).add(a.mul(i));
    }
    double[][] jacobian = Tensor.jacobian(new Tensor[] {a, a}, f);
    for (int i = 0; i < f.length; i++) {
      assertEquals(3.0 + i, jacobian[i][0]);
      assertEquals(3.0 + i, jacobian[i][1]);
    }
  }

  @Test
  void theInputsKeepTheirGradientsAndTheGraphCanStillGoBackwards() {
    Tape tape = new Tape();
    Tensor a = tape.leaf(2.0);
    Tensor b = tape.leaf(3.0);
    a.setGrad(7.0);
    b.setGrad(-1.0);
    Tensor f = a.mul(b);
    Tensor.jacobian(new Tensor[] {a, b}, new Tensor[] {f, f.add(1.0), f.mul(2.0)});
    assertEquals(7.0, a.grad());
    assertEquals(-1.0, b.grad());
    a.zeroGrad();
    b.zeroGrad();
    f.backward();
    assertEquals(3.0, a.grad());
    assertEquals(2.0, b.grad());
  }

  @Test
  void randomGraphsMatchOneSeededSweepPerColumnBitForBit() {
    Random random = new Random(13);
    for (int trial = 0; trial < 60; trial++) {
      // Up to 150 inputs: more than one block of 64 columns.
      int inputs = 1 + random.nextInt(trial % 3 == 0 ? 150 : 10);
      boolean onTape = trial % 4 != 1;
      Tape tape = new Tape();
      List<Tensor> nodes = new ArrayList<>();
      Tensor[] leaves = new Tensor[inputs];
      for (int j = 0; j < inputs; j++) {
        // Some inputs at 0 so that sqrt and div give infinite partials.
        double value = random.nextInt(5) == 0 ? 0.0 : random.nextGaussian();
        leaves[j] = onTape ? tape.leaf(value) : new Tensor(value);
        nodes.add(leaves[j]);
      }
      nodes.add(new Tensor(0.5));
      int size = 5 + random.nextInt(60);
      for (int k = 0; k < size; k++) {
        nodes.add(randomNode(random, nodes));
      }
      int outputs = inputs + 1 + random.nextInt(5);
      Tensor[] out = new Tensor[outputs];
      for (int i = 0; i < outputs; i++) {
        out[i] = nodes.get(random.nextInt(nodes.size()));
      }
      Tensor[] in = leaves.clone();
      if (inputs > 1 && random.nextBoolean()) {
        in[inputs - 1] = in[0];
      }
      assertTrue(Tensor.jacobianByForwardSweeps(in.length, out.length));
      double[][] jacobian = Tensor.jacobian(in, out);
      for (int j = 0; j < in.length; j++) {
        Tensor[] one = {in[j]};
        double[] column = Tensor.tangents(one, new double[] {1.0}, out);
        for (int i = 0; i < outputs; i++) {
          // Bits, so that a -0.0 for a 0.0 fails; any NaN for a NaN passes (payloads may differ).
          if (Double.doubleToLongBits(column[i]) != Double.doubleToLongBits(jacobian[i][j])) {
            fail("trial " + trial + " entry " + i + "," + j + ": " + column[i] + " vs "
                + jacobian[i][j]);
          }
        }
      }
    }
  }

  private static Tensor randomNode(Random random, List<Tensor> nodes) {
    Tensor x = nodes.get(random.nextInt(nodes.size()));
    Tensor y = nodes.get(random.nextInt(nodes.size()));
    Tensor z = nodes.get(random.nextInt(nodes.size()));
    return switch (random.nextInt(9)) {
      case 0 -> x.add(y);
      case 1 -> x.mul(y);
      case 2 -> x.sub(y.mul(0.0));
      case 3 -> x.div(y);
      case 4 -> x.abs().sqrt();
      case 5 -> x.sin();
      case 6 -> Tensor.fused(x.data() + y.data() + z.data(), x, 0.5, y, -2.0, z, 0.0);
      case 7 ->
        Tensor.fused(x.data() * y.data(), new Tensor[] {x, y, z, x}, new double[] {
          y.data(), x.data(), Double.NaN, 1.0
        });
      default -> x.mul(x);
    };
  }
}
