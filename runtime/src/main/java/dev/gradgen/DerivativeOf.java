package dev.gradgen;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a static method (the <em>rule</em>) that gives the local partial derivatives of another
 * method (the <em>target</em>) gradgen cannot read: a library call, a native method, a solver.
 *
 * <p>The rule takes the target's parameters, in order (an instance target's receiver first, as a
 * constant), and returns the target's partial derivatives at that point: a {@code double} when it
 * covers one {@code double} parameter, otherwise a {@code double[]} in parameter order, a {@code
 * double[]} parameter contributing one partial per element. Inside a {@code @Differentiable} method,
 * a call of the target with an argument that depends on a differentiable parameter becomes one graph
 * node whose value is the target's own result and whose partials come from the rule; calls with only
 * constant arguments stay plain calls. Overloads of the target are told apart by the rule's parameter
 * types. Rules in the same compilation apply on their own; rules compiled earlier (in a library) apply
 * to the classes that name them in {@link DerivativeRules}.
 *
 * <pre>{@code
 * @DerivativeOf(type = Erf.class, method = "erf")
 * static double erf(double x) { return 2 / Math.sqrt(Math.PI) * Math.exp(-x * x); }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.METHOD)
public @interface DerivativeOf {

  /**
   * The class that declares the target.
   *
   * @return the target's class; {@code void.class} (the default) means the rule's own class
   */
  Class<?> type() default void.class;

  /**
   * The target's name.
   *
   * @return the simple name of the target method
   */
  String method();

  /**
   * The names of the target's parameters the rule gives partials for, as the rule's own parameters
   * name them. Empty (the default) means every {@code double} and {@code double[]} parameter. An
   * argument depending on a differentiable parameter passed to any other parameter is a compile
   * error.
   *
   * @return the covered parameter names, or an empty array for every {@code double} and {@code
   *     double[]} parameter
   */
  String[] wrt() default {};
}
