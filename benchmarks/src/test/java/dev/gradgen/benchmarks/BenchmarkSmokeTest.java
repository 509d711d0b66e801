package dev.gradgen.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs every JMH benchmark once, briefly and in this JVM, and checks that each produced a finite
 * score and that the Markdown table renders them all.
 */
final class BenchmarkSmokeTest {

  // No timing is judged: builds run on busy 2-core machines, and the point is only that the suite
  // runs end to end.

  /** The benchmark classes; the gradgen ones are added when they are compiled. */
  private static final List<String> CLASSES = List.of(
      "dev.gradgen.benchmarks.AbcBenchmark",
      "dev.gradgen.benchmarks.RosenbrockBenchmark",
      "dev.gradgen.benchmarks.MlpBenchmark",
      "dev.gradgen.benchmarks.BlackScholesBenchmark",
      "dev.gradgen.benchmarks.RosenbrockSecondOrderBenchmark",
      "dev.gradgen.benchmarks.BlackScholesSecondOrderBenchmark",
      "dev.gradgen.benchmarks.NistJacobianBenchmark",
      "dev.gradgen.benchmarks.gradgen.AbcGradgenBenchmark",
      "dev.gradgen.benchmarks.gradgen.RosenbrockGradgenBenchmark",
      "dev.gradgen.benchmarks.gradgen.MlpGradgenBenchmark",
      "dev.gradgen.benchmarks.gradgen.BlackScholesGradgenBenchmark",
      "dev.gradgen.benchmarks.gradgen.NistJacobianGradgenBenchmark",
      "dev.gradgen.benchmarks.gradgen.RosenbrockSecondOrderGradgenBenchmark",
      "dev.gradgen.benchmarks.gradgen.BlackScholesSecondOrderGradgenBenchmark");

  @Test
  void everyBenchmarkRunsAndScoresFinite() throws Exception {
    Set<String> expected = expectedRuns();
    Options options = new OptionsBuilder()
        .include("dev\\.gradgen\\.benchmarks\\..*")
        // forks(0): no JVM start per benchmark, which keeps the whole suite around half a minute.
        .forks(0)
        .warmupIterations(0)
        .measurementIterations(1)
        .measurementTime(TimeValue.milliseconds(50))
        .shouldFailOnError(true)
        .verbosity(VerboseMode.SILENT)
        .build();
    Collection<RunResult> results = new Runner(options).run();

    Set<String> ran = new TreeSet<>();
    for (RunResult run : results) {
      String key = key(run.getParams().getBenchmark(), parameter(run));
      double score = run.getPrimaryResult().getScore();
      assertTrue(Double.isFinite(score) && score > 0.0, key + " scored " + score);
      ran.add(key);
    }
    assertEquals(expected, ran);

    String table = ResultsTable.markdown(results);
    long rows = table.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| workload")).count();
    assertEquals(results.size(), rows, table);
  }

  /** The value of the run's one @Param (n or model), or null. */
  private static String parameter(RunResult run) {
    for (String name : run.getParams().getParamsKeys()) {
      return run.getParams().getParam(name);
    }
    return null;
  }

  /** class.method[p] for every @Benchmark method and every value of its @Param p, if any. */
  private static Set<String> expectedRuns() {
    Set<String> expected = new TreeSet<>();
    for (String name : CLASSES) {
      Class<?> type;
      try {
        type = Class.forName(name);
      } catch (ClassNotFoundException e) {
        continue; // gradgen's benchmarks before the processor exists
      }
      List<String> ns = new ArrayList<>();
      for (Field field : type.getDeclaredFields()) {
        Param param = field.getAnnotation(Param.class);
        if (param != null) {
          ns.addAll(List.of(param.value()));
        }
      }
      if (ns.isEmpty()) {
        ns.add(null);
      }
      for (Method method : type.getDeclaredMethods()) {
        if (method.isAnnotationPresent(Benchmark.class)) {
          for (String n : ns) {
            expected.add(key(name + "." + method.getName(), n));
          }
        }
      }
    }
    return expected;
  }

  private static String key(String benchmark, String n) {
    return n == null ? benchmark : benchmark + "[" + n + "]";
  }
}
