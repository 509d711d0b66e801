package dev.gradgen.benchmarks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/** Turns JMH results into the Markdown table of workload, n, method, time, ratio to plain and B/op. */
public final class ResultsTable {

  /** Workloads in the order of the issue, keyed by benchmark class prefix. */
  private static final List<String> WORKLOADS = List.of("Abc", "Rosenbrock", "Mlp", "BlackScholes",
      "RosenbrockSecondOrder", "BlackScholesSecondOrder", "NistJacobian");
  private static final Map<String, String> WORKLOAD_NAMES = Map.of(
      "Abc", "abc", "Rosenbrock", "rosenbrock", "Mlp", "mlpLoss", "BlackScholes", "blackScholes",
      "RosenbrockSecondOrder", "rosenbrock, 2nd order",
      "BlackScholesSecondOrder", "blackScholes, 2nd order");
  /** Differentiated inputs of the workloads without an n parameter. */
  private static final Map<String, String> FIXED_N = Map.of("Abc", "3", "Mlp", "337",
      "BlackScholes", "4", "BlackScholesSecondOrder", "4",
      // NistJacobian's @Param model: its number of parameters.
      "Misra1a", "2", "Chwirut2", "3", "Thurber", "7");

  /** Benchmark methods in table order, with their labels. */
  private static final List<String> METHODS = List.of(
      "plain", "handWritten", "handWrittenHessianVectorProduct", "handWrittenHessian", "gradgen",
      "tangent", "hessianVectorProduct", "hessian", "jacobian", "finiteDifferences",
      "finiteDifferencesHessianVectorProduct", "finiteDifferencesHessian", "hipparchusGradient",
      "hipparchusSparseGradient", "hipparchusDerivativeStructure", "hipparchusHessianVectorProduct",
      "hipparchusHessian", "commonsMathDerivativeStructure", "commonsMathSparseGradient",
      "finmathAad");
  private static final Map<String, String> METHOD_LABELS = Map.ofEntries(
      Map.entry("plain", "plain (floor)"),
      Map.entry("handWritten", "hand-written"),
      Map.entry("handWrittenHessianVectorProduct", "hand-written H·v"),
      Map.entry("handWrittenHessian", "hand-written Hessian"),
      Map.entry("gradgen", "gradgen"),
      Map.entry("tangent", "gradgen tangent (forward)"),
      Map.entry("hessianVectorProduct", "gradgen H·v"),
      Map.entry("hessian", "gradgen Hessian"),
      Map.entry("jacobian", "gradgen Jacobian"),
      Map.entry("finiteDifferences", "central finite differences"),
      Map.entry("finiteDifferencesHessianVectorProduct", "H·v by differences of gradgen's gradient"),
      Map.entry("finiteDifferencesHessian", "Hessian by differences of gradgen's gradient"),
      Map.entry("hipparchusGradient", "Hipparchus Gradient"),
      Map.entry("hipparchusSparseGradient", "Hipparchus SparseGradient"),
      Map.entry("hipparchusDerivativeStructure", "Hipparchus DerivativeStructure"),
      Map.entry("hipparchusHessianVectorProduct", "Hipparchus DerivativeStructure order 2, H·v"),
      Map.entry("hipparchusHessian", "Hipparchus DerivativeStructure order 2, Hessian"),
      Map.entry("commonsMathDerivativeStructure", "commons-math3 DerivativeStructure"),
      Map.entry("commonsMathSparseGradient", "commons-math3 SparseGradient"),
      Map.entry("finmathAad", "finmath AAD"));

  /** JMH's GC profiler metric for bytes allocated per operation. */
  static final String ALLOCATION = "gc.alloc.rate.norm";

  private ResultsTable() {}

  /** One row of the table. */
  private record Row(String workloadKey, String workload, String n, String method, RunResult run) {
    double score() {
      return run.getPrimaryResult().getScore();
    }
  }

  /** The Markdown document: a settings paragraph, then the table. */
  public static String markdown(Collection<RunResult> results) {
    return markdown(results, List.of());
  }

  /** As {@link #markdown(Collection)}, listing the benchmarks that failed under the table. */
  public static String markdown(Collection<RunResult> results, List<String> failed) {
    List<Row> rows = new ArrayList<>();
    for (RunResult run : results) {
      rows.add(row(run));
    }
    rows.sort(Comparator.comparingInt((Row r) -> order(WORKLOADS, r.workloadKey))
        .thenComparing(r -> r.workload)
        .thenComparingLong(r -> parseOrMax(r.n))
        .thenComparingInt(r -> order(METHODS, r.method))
        .thenComparing(r -> r.method));

    // The floor of each (workload, n), and gradgen's gradient where the group has one, from this
    // same run.
    Map<String, Double> plain = new HashMap<>();
    Map<String, Double> gradient = new HashMap<>();
    for (Row r : rows) {
      if (r.method.equals("plain")) {
        plain.put(r.workload + "/" + r.n, r.score());
      } else if (r.method.equals("gradgen")) {
        gradient.put(r.workload + "/" + r.n, r.score());
      }
    }

    StringBuilder md = new StringBuilder();
    md.append("# gradgen benchmarks\n\n");
    md.append(settings(results)).append("\n\n");
    md.append("| workload | n | method | ns/op | ratio to plain | ratio to gradient | B/op |\n");
    md.append("|---|---:|---|---:|---:|---:|---:|\n");
    for (Row r : rows) {
      Result<?> primary = r.run.getPrimaryResult();
      Double floor = plain.get(r.workload + "/" + r.n);
      Double grad = gradient.get(r.workload + "/" + r.n);
      String unit = primary.getScoreUnit();
      md.append("| ").append(r.workload)
          .append(" | ").append(r.n)
          .append(" | ").append(METHOD_LABELS.getOrDefault(r.method, r.method))
          .append(" | ").append(number(primary.getScore()))
          .append(" ± ").append(error(primary.getScore(), primary.getScoreError()))
          .append(unit.equals("ns/op") ? "" : " " + unit)
          .append(" | ").append(floor == null ? "—" : ratio(r.score() / floor))
          .append(" | ").append(grad == null ? "—" : ratio(r.score() / grad))
          .append(" | ").append(allocation(r.run))
          .append(" |\n");
    }
    md.append("\nn is the Rosenbrock dimension, otherwise the number of differentiated inputs ")
        .append("(for the NIST models, the number of parameters). The ratio to plain divides ")
        .append("each row's time by the plain method's time for the same workload and n in this ")
        .append("run; the ratio to gradient by gradgen's gradient's (row gradgen), where the ")
        .append("workload has one. ± is JMH's 99.9% confidence half-width. ")
        .append("B/op is JMH's gc.alloc.rate.norm.\n");
    if (!failed.isEmpty()) {
      md.append("\n**Failed, no result:**\n\n");
      for (String f : failed) {
        md.append("- `").append(f).append("`\n");
      }
    }
    return md.toString();
  }

  private static Row row(RunResult run) {
    BenchmarkParams params = run.getParams();
    String benchmark = params.getBenchmark();
    int dot = benchmark.lastIndexOf('.');
    String className = benchmark.substring(benchmark.lastIndexOf('.', dot - 1) + 1, dot);
    String method = benchmark.substring(dot + 1);
    String key = className.replaceFirst("(Gradgen)?Benchmark$", "");
    String workload = WORKLOAD_NAMES.getOrDefault(key, key);
    // NistJacobian runs one workload per model, named by its @Param model.
    String model = params.getParam("model");
    if (model != null) {
      workload = model;
    }
    String n = params.getParam("n");
    if (n == null) {
      n = FIXED_N.getOrDefault(model != null ? model : key, "");
    }
    return new Row(key, workload, n, method, run);
  }

  /** The settings the results were actually measured with, read back from JMH. */
  private static String settings(Collection<RunResult> results) {
    Set<String> runs = new LinkedHashSet<>();
    Set<String> jvms = new LinkedHashSet<>();
    for (RunResult run : results) {
      BenchmarkParams p = run.getParams();
      runs.add(String.format(Locale.ROOT, "%d fork(s), %d warmup x %s, %d measurement x %s, %s",
          p.getForks(), p.getWarmup().getCount(), p.getWarmup().getTime(),
          p.getMeasurement().getCount(), p.getMeasurement().getTime(), p.getMode().longLabel()));
      jvms.add(p.getVmName() + " " + p.getVmVersion() + " (JDK " + p.getJdkVersion() + "), args "
          + String.join(" ", p.getJvmArgs()));
    }
    return "Settings: " + String.join("; ", runs) + ". JVM: " + String.join("; ", jvms) + ". "
        + Runtime.getRuntime().availableProcessors() + " CPUs visible.";
  }

  private static String allocation(RunResult run) {
    Result<?> bytes = run.getSecondaryResults().get(ALLOCATION);
    if (bytes == null || Double.isNaN(bytes.getScore())) {
      return "—";
    }
    return String.format(Locale.ROOT, "%,.0f", bytes.getScore());
  }

  private static int order(List<String> known, String key) {
    int i = known.indexOf(key);
    return i < 0 ? known.size() : i;
  }

  private static long parseOrMax(String n) {
    try {
      return Long.parseLong(n);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  /** About four significant digits, with thousands separators above 1000. */
  static String number(double v) {
    return String.format(Locale.ROOT, "%,." + decimals(v) + "f", v);
  }

  private static String error(double v, double error) {
    if (Double.isNaN(error)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%,." + decimals(v) + "f", error);
  }

  private static int decimals(double v) {
    double a = Math.abs(v);
    return a >= 1000 ? 0 : a >= 100 ? 1 : a >= 10 ? 2 : 3;
  }

  private static String ratio(double r) {
    int decimals = r >= 100 ? 0 : r >= 10 ? 1 : 2;
    return String.format(Locale.ROOT, "%,." + decimals + "f×", r);
  }
}
