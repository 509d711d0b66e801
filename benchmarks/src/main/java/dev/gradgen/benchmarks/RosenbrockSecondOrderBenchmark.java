package dev.gradgen.benchmarks;

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

/**
 * Second order on Rosenbrock at n = 10 and 100: the dense Hessian and a Hessian-vector product,
 * hand-written and by Hipparchus {@code DerivativeStructure} at order 2 (gradgen's and the finite
 * differences of its gradient are in {@code gradgen.RosenbrockSecondOrderGradgenBenchmark}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
// The heap of the first-order benchmarks, so that GC costs stay comparable with theirs.
@Fork(value = 2, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class RosenbrockSecondOrderBenchmark {

  // n = 1000 is left out: an order-2 structure there holds 501,501 numbers (4 MB) per
  // intermediate value, and a dense Hessian is 8 MB.
  @Param({"10", "100"})
  public int n;

  double[] x;
  double[] v;
  double[] grad;
  double[][] hess;
  double[] product;
  HipparchusHessianPeer.Layout layout;

  @Setup
  public void setUp() {
    x = WorkloadData.rosenbrockPoint(n);
    v = WorkloadData.direction(n);
    grad = new double[n];
    hess = new double[n][n];
    product = new double[n];
    layout = HipparchusHessianPeer.layout(n);
  }

  @Benchmark
  public double plain() {
    return Workloads.rosenbrock(x);
  }

  @Benchmark
  public double handWrittenHessian() {
    return HandWrittenHessians.rosenbrock(x, grad, hess);
  }

  @Benchmark
  public double handWrittenHessianVectorProduct() {
    return HandWrittenHessians.rosenbrockHessianVectorProduct(x, v, product);
  }

  @Benchmark
  public double hipparchusHessian() {
    return HipparchusHessianPeer.rosenbrock(layout, x, grad, hess);
  }

  @Benchmark
  public double hipparchusHessianVectorProduct() {
    return HipparchusHessianPeer.rosenbrockHessianVectorProduct(layout, x, v, product);
  }
}
