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
 * One full-batch gradient of the 2-16-16-1 tanh MLP's mean squared error over 100 points with
 * respect to its 337 parameters: the training-loop case, many outputs of one scalar loss.
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
public class MlpBenchmark {

  double[] p;
  double[] xs;
  double[] ys;
  double[] grad;
  double[] scratch;
  RandomVariableDifferentiableAADFactory aadFactory;

  @Setup
  public void setUp() {
    p = WorkloadData.mlpParameters();
    xs = WorkloadData.mlpInputs();
    ys = WorkloadData.mlpTargets(xs);
    grad = new double[p.length];
    scratch = new double[HandWritten.MLP_SCRATCH];
    aadFactory = FinmathAadPeer.factory();
  }

  /** The Hipparchus factory for 337 parameters (about 55 MB of index tables), for its benchmark only. */
  @State(Scope.Benchmark)
  public static class HipparchusFactory {
    DSFactory factory = HipparchusDerivativeStructurePeer.factory(Workloads.MLP_PARAMETERS);
  }

  /** Builds commons-math3's cached compiler for 337 parameters before timing starts. */
  @State(Scope.Benchmark)
  public static class CommonsMathCompiler {
    @Setup
    public void setUp() {
      CommonsMathDerivativeStructurePeer.prepare(Workloads.MLP_PARAMETERS);
    }
  }

  @Benchmark
  public double plain() {
    return Workloads.mlpLoss(p, xs, ys);
  }

  @Benchmark
  public double handWritten() {
    return HandWritten.mlpLoss(p, xs, ys, grad, scratch);
  }

  /** 675 plain calls; p is perturbed in place and restored. */
  @Benchmark
  public double finiteDifferences() {
    return FiniteDifferences.mlpLoss(p, xs, ys, grad);
  }

  @Benchmark
  public double hipparchusGradient() {
    return HipparchusGradientPeer.mlpLoss(p, xs, ys, grad);
  }

  @Benchmark
  public double hipparchusSparseGradient() {
    return HipparchusSparseGradientPeer.mlpLoss(p, xs, ys, grad);
  }

  @Benchmark
  public double hipparchusDerivativeStructure(HipparchusFactory ds) {
    return HipparchusDerivativeStructurePeer.mlpLoss(ds.factory, p, xs, ys, grad);
  }

  @Benchmark
  public double commonsMathDerivativeStructure(CommonsMathCompiler compiler) {
    return CommonsMathDerivativeStructurePeer.mlpLoss(p, xs, ys, grad);
  }

  @Benchmark
  public double commonsMathSparseGradient() {
    return CommonsMathSparseGradientPeer.mlpLoss(p, xs, ys, grad);
  }

  @Benchmark
  public double finmathAad() {
    return FinmathAadPeer.mlpLoss(aadFactory, p, xs, ys, grad);
  }
}
