package dev.gradgen.processor.writer;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import java.util.HashSet;
import java.util.Set;

/**
 * Locals a graph builder declares at its top for values its code must evaluate exactly once (an
 * element's array and index in a compound assignment, an enhanced for's array), named apart from
 * every name of the user's body.
 */
final class Temporaries {

  private final Set<String> taken;
  private final CodeBlock.Builder declarations = CodeBlock.builder();

  Temporaries(Set<String> reservedNames) {
    this.taken = new HashSet<>(reservedNames);
  }

  /** Declares a new local of {@code type} initialised to {@code init}; returns its name. */
  String declare(TypeName type, String base, String init) {
    String name = base;
    for (int n = 1; taken.contains(name); n++) {
      name = base + n;
    }
    taken.add(name);
    declarations.addStatement("$T $N = $L", type, name, init);
    return name;
  }

  /**
   * A new name, apart from the body's and from every other generated one, for a local the caller
   * declares itself where it needs it (inside a block of its own).
   */
  String fresh(String base) {
    String name = base;
    for (int n = 1; taken.contains(name); n++) {
      name = base + n;
    }
    taken.add(name);
    return name;
  }

  /** The declarations made so far, to be written before the body. */
  CodeBlock declarations() {
    return declarations.build();
  }
}
