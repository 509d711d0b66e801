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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Rosenbrock at n = 10, 100, 1000: a loop whose gradient is sparse per term, where dense forward
 * mode (Gradient, DerivativeStructure) becomes O(n^2) and reverse mode and sparse forward mode stay
 * O(n).
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
public class RosenbrockBenchmark {

  @Param({"10", "100", "1000"})
  public int n;

  double[] x;
  double[] grad;
  RandomVariableDifferentiableAADFactory aadFactory;

  @Setup
  public void setUp() {
    x = WorkloadData.rosenbrockPoint(n);
    grad = new double[n];
    aadFactory = FinmathAadPeer.factory();
  }

  /**
   * The Hipparchus factory, in a state of its own because at n = 1000 its compiler's index tables
   * take about 1.4 GB: only the benchmark that uses it should pay for building and holding them.
   */
  @State(Scope.Benchmark)
  public static class HipparchusFactory {
    DSFactory factory;

    @Setup
    public void setUp(RosenbrockBenchmark workload) {
      factory = HipparchusDerivativeStructurePeer.factory(workload.n);
    }
  }

  /** Builds commons-math3's cached compiler (also about 1.4 GB at n = 1000) before timing starts. */
  @State(Scope.Benchmark)
  public static class CommonsMathCompiler {
    @Setup
    public void setUp(RosenbrockBenchmark workload) {
      CommonsMathDerivativeStructurePeer.prepare(workload.n);
    }
  }

  @Benchmark
  public double plain() {
    return Workloads.rosenbrock(x);
  }

  @Benchmark
  public double handWritten() {
    return HandWritten.rosenbrock(x, grad);
  }

  /** 2n + 1 plain calls; x is perturbed in place and restored. */
  @Benchmark
  public double finiteDifferences() {
    return FiniteDifferences.rosenbrock(x, grad);
  }

  @Benchmark
  public double hipparchusGradient() {
    return HipparchusGradientPeer.rosenbrock(x, grad);
  }

  @Benchmark
  public double hipparchusSparseGradient() {
    return HipparchusSparseGradientPeer.rosenbrock(x, grad);
  }

  @Benchmark
  public double hipparchusDerivativeStructure(HipparchusFactory ds) {
    return HipparchusDerivativeStructurePeer.rosenbrock(ds.factory, x, grad);
  }

  @Benchmark
  public double commonsMathDerivativeStructure(CommonsMathCompiler compiler) {
    return CommonsMathDerivativeStructurePeer.rosenbrock(x, grad);
  }

  @Benchmark
  public double commonsMathSparseGradient() {
    return CommonsMathSparseGradientPeer.rosenbrock(x, grad);
  }

  @Benchmark
  public double finmathAad() {
    return FinmathAadPeer.rosenbrock(aadFactory, x, grad);
  }
}
