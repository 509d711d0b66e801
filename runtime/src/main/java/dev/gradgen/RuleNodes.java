package dev.gradgen;

/** Checks used by generated code that builds a node from a {@link DerivativeOf} rule's partials. */
public final class RuleNodes {

  /** Not instantiable: static functions only. */
  private RuleNodes() {}

  /**
   * Returns {@code partials} when it has {@code expected} entries; a rule that returns another
   * number would otherwise pair partials with the wrong inputs.
   *
   * @param partials the partials the rule returned
   * @param expected the number of partials the rule's target needs
   * @param rule the rule's name, for the message
   * @return {@code partials}
   * @throws IllegalStateException if {@code partials} is null or has another length
   */
  public static double[] checked(double[] partials, int expected, String rule) {
    if (partials == null || partials.length != expected) {
      throw new IllegalStateException("the derivative rule " + rule + " returned "
          + (partials == null ? "null" : partials.length + " partials") + " where its target has "
          + expected + " (one per covered double, one per element of a covered double[])");
    }
    return partials;
  }

  /**
   * {@link #checked(double[], int, String)} for the partials of a rule computed as {@link
   * DualTensor} nodes, as a second-order builder calls a {@code @Differentiable} rule.
   *
   * @param partials the partials the rule's builder returned
   * @param expected the number of partials the rule's target needs
   * @param rule the rule's name, for the message
   * @return {@code partials}
   * @throws IllegalStateException if {@code partials} is null or has another length
   */
  public static DualTensor[] checked(DualTensor[] partials, int expected, String rule) {
    if (partials == null || partials.length != expected) {
      throw new IllegalStateException("the derivative rule " + rule + " returned "
          + (partials == null ? "null" : partials.length + " partials") + " where its target has "
          + expected + " (one per covered double, one per element of a covered double[])");
    }
    return partials;
  }
}
