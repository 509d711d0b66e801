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
