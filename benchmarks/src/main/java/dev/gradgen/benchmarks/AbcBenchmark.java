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

/** The tutorial's f(a, b, c) = a * b + c: per-call overhead, with almost no arithmetic to hide it. */
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
public class AbcBenchmark {

  // Non-final fields, so the JIT cannot constant-fold the inputs.
  double a = WorkloadData.A;
  double b = WorkloadData.B;
  double c = WorkloadData.C;
  double[] grad = new double[3];
  DSFactory dsFactory;
  RandomVariableDifferentiableAADFactory aadFactory;

  @Setup
  public void setUp() {
    dsFactory = HipparchusDerivativeStructurePeer.factory(3);
    aadFactory = FinmathAadPeer.factory();
  }

  @Benchmark
  public double plain() {
    return Workloads.abc(a, b, c);
  }

  @Benchmark
  public double handWritten() {
    return HandWritten.abc(a, b, c, grad);
  }

  @Benchmark
  public double finiteDifferences() {
    return FiniteDifferences.abc(a, b, c, grad);
  }

  @Benchmark
  public double hipparchusGradient() {
    return HipparchusGradientPeer.abc(a, b, c, grad);
  }

  @Benchmark
  public double hipparchusSparseGradient() {
    return HipparchusSparseGradientPeer.abc(a, b, c, grad);
  }

  @Benchmark
  public double hipparchusDerivativeStructure() {
    return HipparchusDerivativeStructurePeer.abc(dsFactory, a, b, c, grad);
  }

  @Benchmark
  public double commonsMathDerivativeStructure() {
    return CommonsMathDerivativeStructurePeer.abc(a, b, c, grad);
  }

  @Benchmark
  public double commonsMathSparseGradient() {
    return CommonsMathSparseGradientPeer.abc(a, b, c, grad);
  }

  @Benchmark
  public double finmathAad() {
    return FinmathAadPeer.abc(aadFactory, a, b, c, grad);
  }
}
