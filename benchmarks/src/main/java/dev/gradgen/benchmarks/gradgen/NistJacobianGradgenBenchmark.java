package dev.gradgen.benchmarks.gradgen;

import dev.gradgen.benchmarks.NistProblem;
import dev.gradgen.benchmarks.NistWorkloadsGradients;
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

/** gradgen's generated Jacobians of the NIST residuals, with the settings and data of NistJacobianBenchmark. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
// The heap of the first-order benchmarks, so that GC costs stay comparable with theirs.
@Fork(value = 2, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class NistJacobianGradgenBenchmark {

  @Param({"Misra1a", "Chwirut2", "Thurber"})
  public String model;

  int which;
  double[] b;
  double[] x;
  double[] y;

  @Setup
  public void setUp() {
    NistProblem problem = NistProblem.load(model);
    which = NistProblem.NAMES.indexOf(model);
    b = problem.start1().clone();
    x = problem.x();
    y = problem.y();
  }

  @Benchmark
  public Object jacobian() {
    return switch (which) {
      case 0 -> NistWorkloadsGradients.misra1aJacobian(b, x, y);
      case 1 -> NistWorkloadsGradients.chwirut2Jacobian(b, x, y);
      default -> NistWorkloadsGradients.thurberJacobian(b, x, y);
    };
  }
}
