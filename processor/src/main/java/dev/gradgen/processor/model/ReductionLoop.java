package dev.gradgen.processor.model;

import java.util.List;

/**
 * A {@code for} loop whose body only sums terms into accumulators, found by the analysis so that the
 * first-order builder can write it as one node per accumulator whose partials the loop itself
 * gathers (loop-level preaccumulation). The body is straight-line: {@link Step}s in source order.
 *
 * @param loop the loop as read
 * @param steps the statements of its body, in order
 * @param accumulators the variables summed into, in the order of their first accumulation
 */
public record ReductionLoop(Stmt.For loop, List<Step> steps, List<Variable> accumulators) {

  /** Copies the lists, so that the model cannot change after it is read. */
  public ReductionLoop {
    steps = List.copyOf(steps);
    accumulators = List.copyOf(accumulators);
  }

  /** One statement of the loop's body. */
  public sealed interface Step {}

  /**
   * {@code double t = init;} with an active value: no node, only a value and, per iteration, an
   * adjoint inside the loop.
   */
  public record Temporary(Variable variable, Expr init) implements Step {}

  /** A local with a constant value ({@code int k = 2 * i;}), written as in the plain method. */
  public record Constant(Variable variable, Expr init) implements Step {}

  /**
   * {@code accumulator += term}, {@code accumulator -= term} ({@code subtract}) or {@code
   * accumulator = accumulator + term} (or {@code -}); {@code term} never reads an accumulator.
   */
  public record Accumulation(Variable accumulator, boolean subtract, Expr term) implements Step {}
}
