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

/** gradgen's generated Black–Scholes gradient, with the settings and inputs of BlackScholesBenchmark. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
// A fixed 3 GB heap: DerivativeStructure at n = 1000 keeps a 1.4 GB compiler, and one heap size
// for every benchmark keeps their GC costs comparable.
@Fork(value = 2, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class BlackScholesGradgenBenchmark {

  double s = WorkloadData.SPOT;
  double k = WorkloadData.STRIKE;
  double sigma = WorkloadData.SIGMA;
  double r = WorkloadData.RATE;
  double t = WorkloadData.EXPIRY;

  // The tangent's direction in (s, sigma, r, t), which is WorkloadData.direction(4).
  double ds = 1.0;
  double dsigma = 0.51;
  double dr = 0.02;
  double dt = 1.03;

  @Benchmark
  public Object gradgen() {
    return WorkloadsGradients.blackScholesGradient(s, k, sigma, r, t);
  }

  /** Forward mode: the directional derivative along (ds, dsigma, dr, dt). */
  @Benchmark
  public Object tangent() {
    return WorkloadsGradients.blackScholesTangent(s, k, sigma, r, t, ds, dsigma, dr, dt);
  }
}
