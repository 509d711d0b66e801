package dev.gradgen.benchmarks;

import java.util.concurrent.TimeUnit;
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
 * Second order on Black–Scholes in (s, sigma, r, t): the 4 x 4 Hessian (gamma, vanna, volga and the
 * rest) and a Hessian-vector product, hand-written and by Hipparchus {@code DerivativeStructure} at
 * order 2 (gradgen's are in {@code gradgen.BlackScholesSecondOrderGradgenBenchmark}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
// The heap of the first-order benchmarks, so that GC costs stay comparable with theirs.
@Fork(value = 2, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class BlackScholesSecondOrderBenchmark {

  // Non-final fields, so the JIT cannot constant-fold the inputs.
  double s = WorkloadData.SPOT;
  double k = WorkloadData.STRIKE;
  double sigma = WorkloadData.SIGMA;
  double r = WorkloadData.RATE;
  double t = WorkloadData.EXPIRY;
  double[] v = WorkloadData.direction(4);
  double[] grad = new double[4];
  double[][] hess = new double[4][4];
  double[] product = new double[4];
  HipparchusHessianPeer.Layout layout;

  @Setup
  public void setUp() {
    layout = HipparchusHessianPeer.layout(4);
  }

  @Benchmark
  public double plain() {
    return Workloads.blackScholes(s, k, sigma, r, t);
  }

  @Benchmark
  public double handWrittenHessian() {
    return HandWrittenHessians.blackScholes(s, k, sigma, r, t, grad, hess);
  }

  @Benchmark
  public double hipparchusHessian() {
    return HipparchusHessianPeer.blackScholes(layout, s, k, sigma, r, t, grad, hess);
  }

  @Benchmark
  public double hipparchusHessianVectorProduct() {
    return HipparchusHessianPeer.blackScholesHessianVectorProduct(
        layout, s, k, sigma, r, t, v, product);
  }
}
