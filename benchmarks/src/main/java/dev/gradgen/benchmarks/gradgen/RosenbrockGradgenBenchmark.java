package dev.gradgen.benchmarks.gradgen;

import dev.gradgen.benchmarks.WorkloadData;
import dev.gradgen.benchmarks.WorkloadsGradients;
import java.util.concurrent.TimeUnit;
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

/** gradgen's generated Rosenbrock gradient, with the settings and sizes of RosenbrockBenchmark. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
// A fixed 3 GB heap: DerivativeStructure at n = 1000 keeps a 1.4 GB compiler, and one heap size
// for every benchmark keeps their GC costs comparable.
@Fork(value = 2, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class RosenbrockGradgenBenchmark {

  @Param({"10", "100", "1000"})
  public int n;

  double[] x;

  double[] v;

  @Setup
  public void setUp() {
    x = WorkloadData.rosenbrockPoint(n);
    v = WorkloadData.direction(n);
  }

  @Benchmark
  public Object gradgen() {
    return WorkloadsGradients.rosenbrockGradient(x);
  }

  /** Forward mode: the directional derivative along WorkloadData.direction(n). */
  @Benchmark
  public Object tangent() {
    return WorkloadsGradients.rosenbrockTangent(x, v);
  }
}
