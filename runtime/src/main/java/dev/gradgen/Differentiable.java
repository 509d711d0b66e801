package dev.gradgen;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a plain {@code double} method whose gradient gradgen generates at compile time.
 *
 * <p>For a method {@code m} in class {@code p.C} (or {@code p.Outer.Inner}), the gradgen annotation
 * processor writes the class {@code p.CGradients} ({@code p.Outer_InnerGradients}) with
 *
 * <ul>
 *   <li>{@code public static Tensor m(...)}: the same computation rebuilt as a {@link Tensor} graph,
 *       differentiable {@code double} parameters taken as {@code Tensor} and {@code double[]} as
 *       {@code Tensor[]}; an instance method's receiver comes first;
 *   <li>{@code public static MGradient mGradient(...)}: the method's own parameters; returns the value
 *       (bit for bit what {@code m} returns) and one partial derivative per differentiable parameter;
 *   <li>unless {@link #order()} is 1: {@code public static DualTensor m(...)}, the same graph on
 *       {@code DualTensor} nodes, and {@code mHessian(...)}, {@code mHessianVectorProduct(..., v)}
 *       for second derivatives.
 * </ul>
 *
 * <p>The body may use {@code double}, {@code int}, {@code long}, {@code boolean}, {@code double[]} and
 * {@code double[][]} locals; arithmetic, comparisons, casts, arrays, {@code if}, loops, {@code switch}
 * on {@code int}, early {@code return} and {@code throw}; {@link Math} and {@link StrictMath}
 * functions; the activations in {@link Activations}; and calls to other {@code @Differentiable}
 * methods, recursion included. Control flow runs on real values while the graph is built, so branches
 * and loop counts follow the data. Anything else is reported as a compile error on the exact
 * expression. The README lists the subset in full.
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface Differentiable {

  /**
   * Names of the parameters to differentiate with respect to. Empty (the default) means every
   * {@code double} and {@code double[]} parameter; any other parameter is a constant.
   *
   * @return the parameter names, or an empty array for every {@code double} and {@code double[]}
   *     parameter
   */
  String[] wrt() default {};

  /**
   * The highest order of derivatives generated for this method: 2 (the default) or 1.
   *
   * <p>Order 2 adds, next to the {@code Tensor} graph builder, a second builder {@code public
   * static DualTensor m(...)} (the same computation on {@link DualTensor} nodes, which carry
   * directional derivatives through the forward and the backward pass) and, for a method returning
   * {@code double}, {@code mHessian(...)} (value, gradient and dense Hessian over the
   * differentiable parameters flattened in declaration order) and {@code
   * mHessianVectorProduct(..., double[] v)}. Every {@code @Differentiable} method an order-2
   * method calls must be of order 2 too, and every {@link DerivativeOf} rule it calls with active
   * arguments must itself be {@code @Differentiable} (of order 2), since the rule's partials are
   * then differentiated once more.
   *
   * <p>Order 1 generates the first-order members only: use it for a method that calls a rule whose
   * partials cannot be {@code @Differentiable} (a library call, say), or to keep a large method's
   * companion small.
   *
   * @return 2 for second derivatives as well as the gradient, 1 for the gradient only
   */
  int order() default 2;
}
