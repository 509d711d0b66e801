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
 *       (bit for bit what {@code m} returns) and one partial derivative per differentiable parameter.
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
}
