package dev.gradgen;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names classes whose {@link DerivativeOf} rules the {@code @Differentiable} methods of the annotated
 * class (and of its nested classes) use, for rules compiled earlier, in a library jar, that the
 * compilation cannot find on its own. Rules among the sources being compiled need no declaration.
 *
 * <pre>{@code
 * @DerivativeRules({SpecialRules.class})
 * final class Pricing { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.CLASS)
@Target(ElementType.TYPE)
public @interface DerivativeRules {

  /**
   * The classes holding the rules.
   *
   * @return the classes whose {@link DerivativeOf} methods apply
   */
  Class<?>[] value();
}
