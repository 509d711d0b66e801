package dev.gradgen.processor.writer;

import dev.gradgen.processor.model.MethodModel;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The prefix each method's helpers are named with in one companion ({@code mFused1}, {@code
 * mFusedRule1}, {@code mFusedDual1}...: the prefix, "Fused", then the rest), chosen once for all
 * its methods before any name is given: the one place that knows which names are helpers'.
 */
final class HelperPrefixes {

  /**
   * What every helper's name has after its method's prefix: each family's infix ({@link
   * NodeFamily#helperInfix}) and the rule helpers' ({@link RuleNodeWriter}) start with it.
   */
  private static final String INFIX = "Fused";

  /** The prefix of each method's helpers, by the method's name (unique in a companion). */
  private final Map<String, String> prefixes;

  private HelperPrefixes(Map<String, String> prefixes) {
    this.prefixes = prefixes;
  }

  /**
   * The prefixes of {@code methods}' helpers: a method's name, with underscores after it while
   * that is another method's prefix or while some method's name starts with it and "Fused" (a
   * method named {@code mFused1} beside {@code m}), so that no helper is named like a method, its
   * builder or another method's helper.
   */
  static HelperPrefixes of(List<MethodModel> methods) {
    Map<String, String> prefixes = new LinkedHashMap<>();
    Set<String> taken = new HashSet<>();
    for (MethodModel method : methods) {
      String prefix = method.name();
      while (taken.contains(prefix) || startsAnyName(prefix + INFIX, methods)) {
        prefix = prefix + "_";
      }
      taken.add(prefix);
      prefixes.put(method.name(), prefix);
    }
    return new HelperPrefixes(prefixes);
  }

  private static boolean startsAnyName(String start, List<MethodModel> methods) {
    for (MethodModel method : methods) {
      if (method.name().startsWith(start)) {
        return true;
      }
    }
    return false;
  }

  /** The prefix of {@code method}'s helpers. */
  String of(MethodModel method) {
    return prefixes.get(method.name());
  }

  /** Whether a helper of some method may be named {@code name}: it starts with a prefix and "Fused". */
  boolean reserves(String name) {
    for (String prefix : prefixes.values()) {
      if (name.startsWith(prefix + INFIX)) {
        return true;
      }
    }
    return false;
  }
}
