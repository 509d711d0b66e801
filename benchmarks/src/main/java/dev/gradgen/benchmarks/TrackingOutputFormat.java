package dev.gradgen.benchmarks;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.format.OutputFormat;

/**
 * JMH's console output, plus a record of every benchmark started, so a benchmark that failed (JMH
 * prints the exception and carries on) can be reported instead of silently missing from the table.
 */
final class TrackingOutputFormat implements OutputFormat {

  private final OutputFormat delegate;
  private final List<BenchmarkParams> started = new ArrayList<>();

  TrackingOutputFormat(OutputFormat delegate) {
    this.delegate = delegate;
  }

  /** "class.method [n=...]" of every benchmark that started but has no result. */
  List<String> failed(Collection<RunResult> results) {
    Set<String> finished = new HashSet<>();
    for (RunResult run : results) {
      finished.add(describe(run.getParams()));
    }
    List<String> failed = new ArrayList<>();
    for (BenchmarkParams params : started) {
      if (!finished.contains(describe(params))) {
        failed.add(describe(params));
      }
    }
    return failed;
  }

  static String describe(BenchmarkParams params) {
    StringBuilder s = new StringBuilder(params.getBenchmark());
    // getParamsKeys() is a raw Collection in JMH's API.
    for (Object key : params.getParamsKeys()) {
      s.append(' ').append(key).append('=').append(params.getParam(String.valueOf(key)));
    }
    return s.toString();
  }

  @Override
  public void startBenchmark(BenchmarkParams params) {
    started.add(params);
    delegate.startBenchmark(params);
  }

  @Override
  public void iteration(BenchmarkParams params, IterationParams iteration, int index) {
    delegate.iteration(params, iteration, index);
  }

  @Override
  public void iterationResult(
      BenchmarkParams params, IterationParams iteration, int index, IterationResult result) {
    delegate.iterationResult(params, iteration, index, result);
  }

  @Override
  public void endBenchmark(BenchmarkResult result) {
    delegate.endBenchmark(result);
  }

  @Override
  public void startRun() {
    delegate.startRun();
  }

  @Override
  public void endRun(Collection<RunResult> result) {
    delegate.endRun(result);
  }

  @Override
  public void print(String s) {
    delegate.print(s);
  }

  @Override
  public void println(String s) {
    delegate.println(s);
  }

  @Override
  public void flush() {
    delegate.flush();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public void verbosePrintln(String s) {
    delegate.verbosePrintln(s);
  }

  @Override
  public void write(int b) {
    delegate.write(b);
  }

  @Override
  public void write(byte[] b) throws IOException {
    delegate.write(b);
  }
}
