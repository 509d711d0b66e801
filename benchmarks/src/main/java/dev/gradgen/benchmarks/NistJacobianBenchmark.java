package dev.gradgen.benchmarks;

import java.util.concurrent.TimeUnit;
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
 * Jacobians of the NIST residuals (Misra1a 14 x 2, Chwirut2 54 x 3, Thurber 37 x 7) at NIST's first
 * starting point: hand-written, central finite differences and Hipparchus forward mode (gradgen's
 * are in {@code gradgen.NistJacobianGradgenBenchmark}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
// The heap of the first-order benchmarks, so that GC costs stay comparable with theirs.
@Fork(value = 2, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class NistJacobianBenchmark {

  // Each fork runs one model, so the switches below always take the same branch.
  @Param({"Misra1a", "Chwirut2", "Thurber"})
  public String model;

  int which;
  double[] b;
  double[] x;
  double[] y;
  double[] r;
  double[][] jac;
  DSFactory factory;
  /** Where finiteDifferences keeps its residuals, so the JIT cannot drop their computation. */
  double[] residuals;

  @Setup
  public void setUp() {
    NistProblem problem = NistProblem.load(model);
    which = NistProblem.NAMES.indexOf(model);
    b = problem.start1().clone();
    x = problem.x();
    y = problem.y();
    r = new double[problem.observations()];
    jac = new double[problem.observations()][problem.parameters()];
    factory = HipparchusJacobianPeer.factory(problem.parameters());
  }

  @Benchmark
  public double[] plain() {
    return switch (which) {
      case 0 -> NistWorkloads.misra1a(b, x, y);
      case 1 -> NistWorkloads.chwirut2(b, x, y);
      default -> NistWorkloads.thurber(b, x, y);
    };
  }

  @Benchmark
  public double[][] handWritten() {
    switch (which) {
      case 0 -> HandWrittenJacobians.misra1a(b, x, y, r, jac);
      case 1 -> HandWrittenJacobians.chwirut2(b, x, y, r, jac);
      default -> HandWrittenJacobians.thurber(b, x, y, r, jac);
    }
    return jac;
  }

  @Benchmark
  public double[][] finiteDifferences() {
    residuals = switch (which) {
      case 0 -> FiniteDifferenceJacobians.jacobian(NistWorkloads::misra1a, b, x, y, jac);
      case 1 -> FiniteDifferenceJacobians.jacobian(NistWorkloads::chwirut2, b, x, y, jac);
      default -> FiniteDifferenceJacobians.jacobian(NistWorkloads::thurber, b, x, y, jac);
    };
    return jac;
  }

  @Benchmark
  public double[][] hipparchusGradient() {
    switch (which) {
      case 0 -> HipparchusJacobianPeer.misra1a(b, x, y, r, jac);
      case 1 -> HipparchusJacobianPeer.chwirut2(b, x, y, r, jac);
      default -> HipparchusJacobianPeer.thurber(b, x, y, r, jac);
    }
    return jac;
  }

  @Benchmark
  public double[][] hipparchusDerivativeStructure() {
    switch (which) {
      case 0 -> HipparchusJacobianPeer.misra1a(factory, b, x, y, r, jac);
      case 1 -> HipparchusJacobianPeer.chwirut2(factory, b, x, y, r, jac);
      default -> HipparchusJacobianPeer.thurber(factory, b, x, y, r, jac);
    }
    return jac;
  }
}
