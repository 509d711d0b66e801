package dev.gradgen.processor.model;

import com.palantir.javapoet.ClassName;

/**
 * The names of the classes the processor reads and writes, in one place (after Dagger's {@code
 * TypeNames}): the runtime's nodes and tapes, its annotations, and the JDK classes it treats apart.
 */
public final class TypeNames {

  private static final String RUNTIME = "dev.gradgen";

  // The runtime's annotations, which the processor reads.
  public static final ClassName DIFFERENTIABLE = ClassName.get(RUNTIME, "Differentiable");
  public static final ClassName DERIVATIVE_OF = ClassName.get(RUNTIME, "DerivativeOf");
  public static final ClassName DERIVATIVE_RULES = ClassName.get(RUNTIME, "DerivativeRules");

  // The runtime's graph: nodes, their strict-math forms, tapes and helpers the companions call.
  public static final ClassName TENSOR = ClassName.get(RUNTIME, "Tensor");
  public static final ClassName STRICT_TENSORS = ClassName.get(RUNTIME, "StrictTensors");
  public static final ClassName DUAL_TENSOR = ClassName.get(RUNTIME, "DualTensor");
  public static final ClassName STRICT_DUAL_TENSORS = ClassName.get(RUNTIME, "StrictDualTensors");
  public static final ClassName TAPE = ClassName.get(RUNTIME, "Tape");
  public static final ClassName DUAL_TAPE = ClassName.get(RUNTIME, "DualTape");
  public static final ClassName JACOBIANS = ClassName.get(RUNTIME, "Jacobians");
  public static final ClassName DERIVATIVES = ClassName.get(RUNTIME, "Derivatives");
  public static final ClassName RULE_NODES = ClassName.get(RUNTIME, "RuleNodes");
  public static final ClassName DERIVATIVE_CHECKER = ClassName.get(RUNTIME, "DerivativeChecker");
  public static final ClassName DERIVATIVE_CHECK = ClassName.get(RUNTIME, "DerivativeCheck");
  /** The unchecked node factories and hand-overs only generated code calls. */
  public static final ClassName GENERATED_SUPPORT = ClassName.get(RUNTIME, "GeneratedSupport");

  // The runtime's functions a body may call.
  public static final ClassName ACTIVATIONS = ClassName.get(RUNTIME, "Activations");
  public static final ClassName GRADIENTS = ClassName.get(RUNTIME, "Gradients");

  // JDK classes.
  public static final ClassName MATH = ClassName.get(Math.class);
  public static final ClassName STRICT_MATH = ClassName.get(StrictMath.class);
  public static final ClassName STRING = ClassName.get(String.class);
  /** {@code javax.annotation.processing.Generated}, which only a JDK with java.compiler has. */
  public static final ClassName GENERATED =
      ClassName.get("javax.annotation.processing", "Generated");

  private TypeNames() {}
}
