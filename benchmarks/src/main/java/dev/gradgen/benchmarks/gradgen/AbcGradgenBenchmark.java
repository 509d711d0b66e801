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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** gradgen's generated gradient of f(a, b, c) = a * b + c, with the settings of AbcBenchmark. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
// A fixed 3 GB heap: DerivativeStructure at n = 1000 keeps a 1.4 GB compiler, and one heap size
// for every benchmark keeps their GC costs comparable.
@Fork(value = 2, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class AbcGradgenBenchmark {

  double a = WorkloadData.A;
  double b = WorkloadData.B;
  double c = WorkloadData.C;

  // The tangent's direction: (1, 0.51, 0.02), which is WorkloadData.direction(3).
  double da = 1.0;
  double db = 0.51;
  double dc = 0.02;

  // The result record is returned whole, so JMH's blackhole keeps its value and every partial alive.
  @Benchmark
  public Object gradgen() {
    return WorkloadsGradients.abcGradient(a, b, c);
  }

  /** Forward mode: the directional derivative along (da, db, dc), one sweep, no backward pass. */
  @Benchmark
  public Object tangent() {
    return WorkloadsGradients.abcTangent(a, b, c, da, db, dc);
  }
}
