package dev.gradgen.processor.model;

import com.palantir.javapoet.TypeName;
import java.util.Objects;
import java.util.function.Function;

/**
 * Where a field or a plain method is reached from: its class for a static member, an object for an
 * instance one. Readers decide through {@link #match}, which takes one function per variant, so that
 * a new variant fails to compile at every reader until it says what the variant means to it.
 */
public sealed interface Receiver {

  /** Applies the function for this variant: the one dispatch over the variants. */
  <R> R match(Function<Static, R> whenStatic, Function<Instance, R> whenInstance);

  /** A static member, reached through the class {@code owner} that declares it (raw if generic). */
  record Static(TypeName owner) implements Receiver {
    public Static {
      Objects.requireNonNull(owner, "owner");
    }

    @Override
    public <R> R match(Function<Static, R> whenStatic, Function<Instance, R> whenInstance) {
      return whenStatic.apply(this);
    }
  }

  /** An instance member, reached through the value of {@code object}. */
  record Instance(Expr object) implements Receiver {
    public Instance {
      Objects.requireNonNull(object, "object");
    }

    @Override
    public <R> R match(Function<Static, R> whenStatic, Function<Instance, R> whenInstance) {
      return whenInstance.apply(this);
    }
  }
}
