package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A second-order reduction's iteration helper takes an array leaf's element as two parameters (the
 * array leaf and the index) and a constant {@code double} as two slots, so a wide term could pass
 * the JVM's 255 parameter slots: such a loop is written without the helper, and the companion
 * compiles and gives the closed-form H·v.
 */
class ReductionHelperSlotsTest {

  /** How many elements one term of {@code window} reads: 1 + 2 x 128 slots in one helper. */
  private static final int READS = 128;
  /** How many weighted squares one term of {@code taps} has: 4 slots each. */
  private static final int TAPS = 64;

  private static final double[] W = new double[TAPS];

  static {
    for (int k = 0; k < TAPS; k++) {
      W[k] = 0.25 + 0.01 * k;
    }
  }

  private static final Compiled COMPILED = Compiled.of("p.Wide", source());

  private static String source() {
    StringBuilder window = new StringBuilder("x[i] * x[i]");
    for (int k = 1; k < READS; k++) {
      window.append(" + x[i + ").append(k).append(']');
    }
    StringBuilder taps = new StringBuilder("W[0] * x[i] * x[i]");
    StringBuilder weights = new StringBuilder();
    for (int k = 0; k < TAPS; k++) {
      weights.append(k == 0 ? "" : ", ").append(W[k]);
      if (k > 0) {
        taps.append(" + W[")
            .append(k)
            .append("] * x[i + ")
            .append(k)
            .append("] * x[i + ")
            .append(k)
            .append(']');
      }
    }
    return "package p;\n"
        + "import dev.gradgen.Differentiable;\n"
        + "class Wide {\n"
        + "  static final double[] W = {" + weights + "};\n"
        + "  @Differentiable static double window(double[] x) {\n"
        + "    double s = 0.0;\n"
        + "    for (int i = 0; i + " + (READS - 1) + " < x.length; i++) {\n"
        + "      s += " + window + ";\n"
        + "    }\n"
        + "    return s;\n"
        + "  }\n"
        + "  @Differentiable static double taps(double[] x) {\n"
        + "    double s = 0.0;\n"
        + "    for (int i = 0; i + " + (TAPS - 1) + " < x.length; i++) {\n"
        + "      s += " + taps + ";\n"
        + "    }\n"
        + "    return s;\n"
        + "  }\n"
        + "}\n";
  }

  @Test
  void aTermReadingMoreElementsThanAHelperHasSlotsForGivesTheClosedFormHv() {
    int n = READS + 2;
    Random random = new Random(7);
    double[] x = new double[n];
    double[] v = new double[n];
    for (int j = 0; j < n; j++) {
      x[j] = random.nextDouble() * 2 - 1;
      v[j] = random.nextDouble() * 2 - 1;
    }
    double[] hv = (double[]) COMPILED.call("p.WideGradients", "windowHessianVectorProduct", x, v);
    // f = sum over i + 127 < n of x_i^2 plus linear terms: H is 2 on the diagonal at i = 0, 1, 2.
    for (int j = 0; j < n; j++) {
      double expected = j + READS - 1 < n ? 2.0 * v[j] : 0.0;
      assertEquals(expected, hv[j], 1e-14 * (1 + Math.abs(expected)), "H v [" + j + "]");
    }
  }

  @Test
  void weightedSquaresWithConstantWeightsGiveTheClosedFormHv() {
    int n = TAPS + 5;
    Random random = new Random(11);
    double[] x = new double[n];
    double[] v = new double[n];
    for (int j = 0; j < n; j++) {
      x[j] = random.nextDouble() * 2 - 1;
      v[j] = random.nextDouble() * 2 - 1;
    }
    double[] hv = (double[]) COMPILED.call("p.WideGradients", "tapsHessianVectorProduct", x, v);
    // f = sum_i sum_k W_k x_(i+k)^2: H is diagonal, H_jj = 2 sum of W_k over i + k = j.
    for (int j = 0; j < n; j++) {
      double diagonal = 0.0;
      for (int i = 0; i + TAPS - 1 < n; i++) {
        int k = j - i;
        if (k >= 0 && k < TAPS) {
          diagonal += 2.0 * W[k];
        }
      }
      double expected = diagonal * v[j];
      assertEquals(expected, hv[j], 1e-12 * (1 + Math.abs(expected)), "H v [" + j + "]");
    }
  }
}
