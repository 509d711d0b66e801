package dev.gradgen.processor.fuzz;

import dev.gradgen.DerivativeCheck;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;

/**
 * The fuzzer's third oracle: the generated {@code mCheck}, central finite differences of the plain
 * method, independent of both the processor's derivatives and the dual-number interpreter. At a
 * point the interpreter calls smooth, every partial whose finite differences settled must pass the
 * check; partials whose differences did not settle (a branch or kink within every step, or a
 * function too noisy for them) and those the interpreter found ill-conditioned are counted, not
 * judged.
 */
final class CheckOracle {

  /** Points at which {@code mCheck} ran. */
  long points;
  /** Partials judged: settled, and well-conditioned by the interpreter's measure. */
  long judged;
  /** Partials whose finite differences did not settle. */
  long unsettled;
  /** Partials the interpreter found ill-conditioned. */
  long illConditioned;

  /**
   * Runs {@code check} on {@code args} and returns the disagreements, empty when there are none.
   *
   * @param directions the flattened inputs' names, in the checker's order
   * @param wellConditioned whether the interpreter trusts each flattened partial
   */
  List<String> check(
      java.lang.reflect.Method check,
      Object[] args,
      List<String> directions,
      boolean[] wellConditioned)
      throws ReflectiveOperationException {
    DerivativeCheck result;
    try {
      result = (DerivativeCheck) check.invoke(null, args);
    } catch (InvocationTargetException e) {
      return List.of("mCheck threw " + e.getCause());
    }
    points++;
    List<String> out = new ArrayList<>();
    if (result.entries().size() != directions.size()) {
      out.add("mCheck has " + result.entries().size() + " entries for " + directions.size()
          + " differentiable inputs");
      return out;
    }
    for (DerivativeCheck.Entry entry : result.entries()) {
      int j = entry.flatIndex();
      if (!entry.converged()) {
        unsettled++;
      } else if (!wellConditioned[j]) {
        illConditioned++;
      } else {
        judged++;
        if (!entry.passed()) {
          out.add("d/d" + directions.get(j) + " (" + entry.location() + "): " + entry);
        }
      }
    }
    return out;
  }
}
