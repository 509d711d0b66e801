package dev.gradgen.processor.analysis;

import dev.gradgen.processor.model.ValueType;
import dev.gradgen.processor.model.Variable;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** The parameters and locals visible at a point of a method body, block by block. */
final class Scope {

  /**
   * What a name denotes after its declaration failed (an error already reported): uses of it are
   * dropped silently instead of each reporting "cannot resolve".
   */
  private static final Variable POISONED = new Variable(-1, "", null, Variable.Kind.LOCAL);

  private final Deque<Map<String, Variable>> blocks = new ArrayDeque<>();
  private final Set<String> declaredNames = new LinkedHashSet<>();
  private int nextId;

  Scope() {
    blocks.push(new HashMap<>());
  }

  void enter() {
    blocks.push(new HashMap<>());
  }

  void exit() {
    blocks.pop();
  }

  /** Declares a variable in the innermost block. */
  Variable declare(String name, ValueType type, Variable.Kind kind) {
    Variable variable = new Variable(nextId++, name, type, kind);
    blocks.peek().put(name, variable);
    declaredNames.add(name);
    return variable;
  }

  /**
   * Declares a parameter of the signature, the very variable the signature holds, so that the body's
   * reads of it and the signature are one; locals declared later are numbered after it.
   */
  void declare(Variable parameter) {
    blocks.peek().put(parameter.name(), parameter);
    declaredNames.add(parameter.name());
    nextId = Math.max(nextId, parameter.id() + 1);
  }

  /** Declares {@code name} in the innermost block as a variable whose declaration failed. */
  void poison(String name) {
    blocks.peek().put(name, POISONED);
    declaredNames.add(name);
  }

  /** Whether {@code variable}, found by {@link #lookup}, is one whose declaration failed. */
  @SuppressWarnings("ReferenceEquality") // The sentinel itself, not a variable equal to it.
  static boolean isPoisoned(Variable variable) {
    return variable == POISONED;
  }

  /** Whether {@code name} is declared in the innermost block. */
  boolean declaredHere(String name) {
    return blocks.peek().containsKey(name);
  }

  /** The variable a simple name denotes here, or null. */
  Variable lookup(String name) {
    for (Map<String, Variable> block : blocks) {
      Variable variable = block.get(name);
      if (variable != null) {
        return variable;
      }
    }
    return null;
  }

  /** Every name declared so far, so generated names can avoid them. */
  Set<String> declaredNames() {
    return Set.copyOf(declaredNames);
  }
}
