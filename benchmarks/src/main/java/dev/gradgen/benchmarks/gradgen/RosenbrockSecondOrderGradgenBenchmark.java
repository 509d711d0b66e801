package dev.gradgen.benchmarks.gradgen;

import dev.gradgen.benchmarks.FiniteDifferenceHessians;
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

/**
 * gradgen's Rosenbrock gradient, Hessian and Hessian-vector product, and both second-order results
 * by central differences of the generated gradient, with the settings and sizes of
 * RosenbrockSecondOrderBenchmark.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
// The heap of the first-order benchmarks, so that GC costs stay comparable with theirs.
@Fork(value = 2, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class RosenbrockSecondOrderGradgenBenchmark {

  @Param({"10", "100"})
  public int n;

  double[] x;
  double[] v;
  double[] grad;
  double[][] hess;
  double[] product;
  FiniteDifferenceHessians.Scratch scratch;

  @Setup
  public void setUp() {
    x = WorkloadData.rosenbrockPoint(n);
    v = WorkloadData.direction(n);
    grad = new double[n];
    hess = new double[n][n];
    product = new double[n];
    scratch = new FiniteDifferenceHessians.Scratch(n);
  }

  /** The first-order gradient, in this group so that the second-order rows have it to divide by. */
  @Benchmark
  public Object gradgen() {
    return WorkloadsGradients.rosenbrockGradient(x);
  }

  @Benchmark
  public Object hessian() {
    return WorkloadsGradients.rosenbrockHessian(x);
  }

  @Benchmark
  public double[] hessianVectorProduct() {
    return WorkloadsGradients.rosenbrockHessianVectorProduct(x, v);
  }

  /** 2n + 1 generated gradients. */
  @Benchmark
  public double[][] finiteDifferencesHessian() {
    FiniteDifferenceHessians.hessian(GeneratedGradients.ROSENBROCK, x, grad, hess, scratch);
    return hess;
  }

  /** 3 generated gradients (the value's and two along v). */
  @Benchmark
  public double[] finiteDifferencesHessianVectorProduct() {
    FiniteDifferenceHessians.hessianVectorProduct(
        GeneratedGradients.ROSENBROCK, x, v, product, scratch);
    return product;
  }
}
