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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * gradgen's Black–Scholes gradient, Hessian and Hessian-vector product in (s, sigma, r, t), and
 * both second-order results by central differences of the generated gradient, with the settings
 * and inputs of BlackScholesSecondOrderBenchmark.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
// The heap of the first-order benchmarks, so that GC costs stay comparable with theirs.
@Fork(value = 2, jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
public class BlackScholesSecondOrderGradgenBenchmark {

  double s = WorkloadData.SPOT;
  double k = WorkloadData.STRIKE;
  double sigma = WorkloadData.SIGMA;
  double r = WorkloadData.RATE;
  double t = WorkloadData.EXPIRY;
  double[] z = WorkloadData.blackScholesPoint();
  double[] v = WorkloadData.direction(4);
  double[] grad = new double[4];
  double[][] hess = new double[4][4];
  double[] product = new double[4];
  FiniteDifferenceHessians.Scratch scratch = new FiniteDifferenceHessians.Scratch(4);
  FiniteDifferenceHessians.GradientFunction gradient = GeneratedGradients.blackScholes(k);

  /** The first-order gradient, in this group so that the second-order rows have it to divide by. */
  @Benchmark
  public Object gradgen() {
    return WorkloadsGradients.blackScholesGradient(s, k, sigma, r, t);
  }

  @Benchmark
  public Object hessian() {
    return WorkloadsGradients.blackScholesHessian(s, k, sigma, r, t);
  }

  @Benchmark
  public double[] hessianVectorProduct() {
    return WorkloadsGradients.blackScholesHessianVectorProduct(s, k, sigma, r, t, v);
  }

  /** 9 generated gradients. */
  @Benchmark
  public double[][] finiteDifferencesHessian() {
    FiniteDifferenceHessians.hessian(gradient, z, grad, hess, scratch);
    return hess;
  }

  /** 3 generated gradients. */
  @Benchmark
  public double[] finiteDifferencesHessianVectorProduct() {
    FiniteDifferenceHessians.hessianVectorProduct(gradient, z, v, product, scratch);
    return product;
  }
}
