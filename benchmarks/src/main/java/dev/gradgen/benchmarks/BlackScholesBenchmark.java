package dev.gradgen.benchmarks;

import java.util.concurrent.TimeUnit;
import net.finmath.montecarlo.automaticdifferentiation.backward.RandomVariableDifferentiableAADFactory;
import org.hipparchus.analysis.differentiation.DSFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Black–Scholes delta, vega, rho and theta in one gradient: few inputs, transcendental-heavy, with
 * calls into the erf approximation and a branch on its sign.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
// A fixed 3 GB heap: DerivativeStructure at n = 1000 keeps a 1.4 GB compiler, and one heap size
// for every benchmark keeps their GC costs comparable.
@Fork(
    value = 2,
    jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class BlackScholesBenchmark {

  // Non-final fields, so the JIT cannot constant-fold the inputs.
  double s = WorkloadData.SPOT;
  double k = WorkloadData.STRIKE;
  double sigma = WorkloadData.SIGMA;
  double r = WorkloadData.RATE;
  double t = WorkloadData.EXPIRY;
  double[] grad = new double[4];
  DSFactory dsFactory;
  RandomVariableDifferentiableAADFactory aadFactory;

  @Setup
  public void setUp() {
    dsFactory = HipparchusDerivativeStructurePeer.factory(4);
    aadFactory = FinmathAadPeer.factory();
  }

  @Benchmark
  public double plain() {
    return Workloads.blackScholes(s, k, sigma, r, t);
  }

  @Benchmark
  public double handWritten() {
    return HandWritten.blackScholes(s, k, sigma, r, t, grad);
  }

  @Benchmark
  public double finiteDifferences() {
    return FiniteDifferences.blackScholes(s, k, sigma, r, t, grad);
  }

  @Benchmark
  public double hipparchusGradient() {
    return HipparchusGradientPeer.blackScholes(s, k, sigma, r, t, grad);
  }

  @Benchmark
  public double hipparchusSparseGradient() {
    return HipparchusSparseGradientPeer.blackScholes(s, k, sigma, r, t, grad);
  }

  @Benchmark
  public double hipparchusDerivativeStructure() {
    return HipparchusDerivativeStructurePeer.blackScholes(dsFactory, s, k, sigma, r, t, grad);
  }

  @Benchmark
  public double commonsMathDerivativeStructure() {
    return CommonsMathDerivativeStructurePeer.blackScholes(s, k, sigma, r, t, grad);
  }

  @Benchmark
  public double commonsMathSparseGradient() {
    return CommonsMathSparseGradientPeer.blackScholes(s, k, sigma, r, t, grad);
  }

  @Benchmark
  public double finmathAad() {
    return FinmathAadPeer.blackScholes(aadFactory, s, k, sigma, r, t, grad);
  }
}
