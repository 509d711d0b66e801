package dev.gradgen.processor.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The parameter list of one fused helper, decided before writing: each parameter an input node or a
 * constant, in the order the call evaluates them, with every read of the helper's expressions it
 * stands for (the first, then the later reads that share it).
 *
 * <p>Reads are looked up by identity: two equal sub-expressions at different places are different
 * reads, which the planner lets share one parameter only when evaluating them twice is the same as
 * once.
 */
public final class HelperSignature {

  /**
   * One parameter of the helper.
   *
   * @param input whether it takes a node (an active value) rather than a constant {@code double}
   * @param reads the reads it stands for, in evaluation order: the first is the one the call
   *     evaluates, the later ones share its value
   * @param base the user's name for it when its read is a plain variable or element ({@code spot},
   *     {@code b_0}, {@code x_i}), empty for a generic name
   * @param quoted the user's exact text of its first read, for the helper's Javadoc
   */
  public record Parameter(boolean input, List<Expr> reads, Optional<String> base, String quoted) {
    /** Copies the list; a parameter stands for at least one read. */
    public Parameter {
      reads = List.copyOf(reads);
      if (reads.isEmpty()) {
        throw new IllegalArgumentException("a parameter stands for at least one read");
      }
      Objects.requireNonNull(base, "base");
      Objects.requireNonNull(quoted, "quoted");
    }

    /** The read whose value the call passes. */
    public Expr first() {
      return reads.get(0);
    }

    /** Identity, not the reads' structure: two parameters are two places of the call. */
    @Override
    public boolean equals(Object other) {
      return this == other;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }
  }

  private final List<Parameter> parameters;
  private final List<Expr> reads;
  private final Map<Expr, Parameter> byRead = new IdentityHashMap<>();
  private final Set<String> classNames;

  /**
   * A signature of {@code parameters}, whose reads, in evaluation order, are {@code reads};
   * {@code classNames} are the simple names of the classes the helper's body calls (which its
   * locals must not shadow).
   *
   * @throws IllegalArgumentException unless every read is one parameter's, the parameters come in
   *     the order of their first reads, and at least one is an input
   */
  @SuppressWarnings("ReferenceEquality") // A read is one place of the body, not an equal one.
  public HelperSignature(List<Parameter> parameters, List<Expr> reads, Set<String> classNames) {
    this.parameters = List.copyOf(parameters);
    this.reads = List.copyOf(reads);
    this.classNames = Collections.unmodifiableSet(new LinkedHashSet<>(classNames));
    for (Parameter parameter : this.parameters) {
      for (Expr read : parameter.reads()) {
        if (byRead.put(read, parameter) != null) {
          throw new IllegalArgumentException("a read of two parameters: " + read.source());
        }
      }
    }
    if (byRead.size() != this.reads.size()) {
      throw new IllegalArgumentException("the reads are not the parameters' reads");
    }
    List<Parameter> byFirstRead = new ArrayList<>();
    for (Expr read : this.reads) {
      Parameter parameter = byRead.get(read);
      if (parameter == null) {
        throw new IllegalArgumentException("a read of no parameter: " + read.source());
      }
      if (parameter.first() == read) {
        byFirstRead.add(parameter);
      }
    }
    if (!byFirstRead.equals(this.parameters)) {
      throw new IllegalArgumentException("parameters must come in the order of their first reads");
    }
    if (this.parameters.stream().noneMatch(Parameter::input)) {
      throw new IllegalArgumentException("a fused helper has at least one input node");
    }
  }

  /** The parameters, in the order the call passes them. */
  public List<Parameter> parameters() {
    return parameters;
  }

  /** Every read, in evaluation order, shared ones included. */
  public List<Expr> reads() {
    return reads;
  }

  /** The parameter standing for {@code read}, or null when {@code read} is not a read of it. */
  public Parameter parameterOf(Expr read) {
    return byRead.get(read);
  }

  /** Simple names of the classes the helper's body calls, which no local may shadow. */
  public Set<String> classNames() {
    return classNames;
  }

  /**
   * The user's name for a leaf: a variable's own name, {@code b_0} for {@code b[0]} and {@code x_i}
   * for {@code x[i]}; empty for any other expression, which gets a generic name.
   */
  public static Optional<String> baseName(Expr expr) {
    if (expr instanceof Expr.VariableRef ref) {
      return Optional.of(ref.variable().name());
    }
    if (expr instanceof Expr.ArrayRead read && read.array() instanceof Expr.VariableRef array) {
      if (read.index() instanceof Expr.VariableRef index) {
        return Optional.of(array.variable().name() + "_" + index.variable().name());
      }
      if (read.index() instanceof Expr.Literal literal
          && literal.value() instanceof Integer index
          && index >= 0) {
        return Optional.of(array.variable().name() + "_" + index);
      }
    }
    return Optional.empty();
  }
}
