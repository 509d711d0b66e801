package dev.gradgen.processor.model;

import com.palantir.javapoet.TypeName;
import java.util.List;

/**
 * A validated {@code @DerivativeOf} rule: the target a call names and the rule method that gives its
 * local partials.
 *
 * @param ruleOwner the class declaring the rule
 * @param ruleName the rule method's name
 * @param targetOwner the class declaring the target
 * @param targetName the target method's name
 * @param instanceTarget whether the target is an instance method (the rule then takes the receiver
 *     first)
 * @param parameters the target's parameters (without a receiver), in order
 * @param scalar whether the rule returns one {@code double} rather than a {@code double[]}
 * @param partials the rule method's own signature when it is {@code @Differentiable} (its
 *     companion's builders compute the partials as nodes, for second derivatives), else null
 */
public record Rule(
    TypeName ruleOwner,
    String ruleName,
    TypeName targetOwner,
    String targetName,
    boolean instanceTarget,
    List<Parameter> parameters,
    boolean scalar,
    Callee partials) {

  /** One parameter of the target; {@code covered} when the rule gives its partials. */
  public record Parameter(String name, ValueType type, boolean covered) {}

  /** {@code SpecialRules.erf}, for messages. */
  public String ruleDescription() {
    return simple(ruleOwner) + "." + ruleName;
  }

  /** {@code Erf.erf}, for messages. */
  public String targetDescription() {
    return simple(targetOwner) + "." + targetName;
  }

  private static String simple(TypeName name) {
    return name instanceof com.palantir.javapoet.ClassName c ? c.simpleName() : name.toString();
  }

  /** Copies the lists, so that the model cannot change after it is read. */
  public Rule {
    parameters = List.copyOf(parameters);
  }
}
