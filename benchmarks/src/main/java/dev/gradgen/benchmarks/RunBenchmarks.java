package dev.gradgen.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the benchmark suite with JMH's GC profiler and writes {@code results.json} (JMH's own format)
 * and {@code results.md} (the comparison table).
 */
public final class RunBenchmarks {

  private RunBenchmarks() {}

  /**
   * {@code java -jar benchmarks/target/benchmarks.jar [--quick] [--no-gc] [--out DIR] [JMH options]}.
   *
   * <p>Without options every benchmark runs with the settings in its annotations (2 forks, 5 warmup
   * and 5 measurement iterations of 1 s). {@code --quick} makes that 1 fork, 3 + 3 iterations of
   * 1 s. Any other argument goes to JMH, so a regex selects benchmarks ({@code Rosenbrock}) and
   * {@code -f}, {@code -wi}, {@code -w}, {@code -i}, {@code -r}, {@code -p n=1000} override the
   * settings. {@code --out} defaults to {@code benchmarks/results} when run from the repository
   * root, else {@code results}; JMH's own {@code -rf}/{@code -rff} are ignored in favour of it. A
   * benchmark that throws is listed under the table and makes the exit status 1.
   */
  public static void main(String[] args)
      throws RunnerException, CommandLineOptionException, IOException {
    Path out = Files.isRegularFile(Path.of("benchmarks", "pom.xml"))
        ? Path.of("benchmarks", "results")
        : Path.of("results");
    boolean quick = false;
    boolean gc = true;
    List<String> jmhArgs = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--no-gc" -> gc = false;
        case "--out" -> out = Path.of(args[++i]);
        default -> jmhArgs.add(args[i]);
      }
    }

    CommandLineOptions cli = new CommandLineOptions(jmhArgs.toArray(String[]::new));
    // Builder settings win over the parent's, so set a default only where the command line has
    // none.
    ChainedOptionsBuilder options = new OptionsBuilder().parent(cli);
    if (quick) {
      if (!cli.getForkCount().hasValue()) {
        options.forks(1);
      }
      if (!cli.getWarmupIterations().hasValue()) {
        options.warmupIterations(3);
      }
      if (!cli.getWarmupTime().hasValue()) {
        options.warmupTime(TimeValue.seconds(1));
      }
      if (!cli.getMeasurementIterations().hasValue()) {
        options.measurementIterations(3);
      }
      if (!cli.getMeasurementTime().hasValue()) {
        options.measurementTime(TimeValue.seconds(1));
      }
    }
    if (gc) {
      options.addProfiler(GCProfiler.class);
    }
    Files.createDirectories(out);
    Path json = out.resolve("results.json");
    options.resultFormat(ResultFormatType.JSON).result(json.toString());

    Options built = options.build();
    TrackingOutputFormat output = new TrackingOutputFormat(OutputFormatFactory.createFormatInstance(
        System.out, built.verbosity().orElse(VerboseMode.NORMAL)));
    Collection<RunResult> results = new Runner(built, output).run();
    List<String> failed = output.failed(results);

    String table = ResultsTable.markdown(results, failed);
    Path md = out.resolve("results.md");
    Files.writeString(md, table);
    System.out.println();
    System.out.println(table);
    System.out.println("Wrote " + json.toAbsolutePath() + " and " + md.toAbsolutePath());
    if (!failed.isEmpty()) {
      System.err.println(failed.size() + " benchmark(s) failed; see the output above: " + failed);
      System.exit(1);
    }
  }
}
