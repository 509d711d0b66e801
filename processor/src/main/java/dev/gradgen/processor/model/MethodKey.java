package dev.gradgen.processor.model;

import com.palantir.javapoet.TypeName;
import java.util.ArrayList;
import java.util.List;

/**
 * A method's identity across the model, its class, name and parameter types: the key of the maps
 * and sets that say which methods have forward functions and which calls are absorbed (compared as
 * JavaPoet compares type names, never as text the processor builds).
 *
 * @param owner the class that declares the method
 * @param name the method's name
 * @param parameterTypes the types of its parameters, in order
 */
public record MethodKey(TypeName owner, String name, List<TypeName> parameterTypes) {

  /** Copies the list, so that a key cannot change after it is made. */
  public MethodKey {
    if (owner == null || name == null) {
      throw new IllegalArgumentException("a method key needs its class and its name");
    }
    parameterTypes = List.copyOf(parameterTypes);
  }

  /** The key of {@code callee}. */
  public static MethodKey of(Callee callee) {
    List<TypeName> types = new ArrayList<>();
    for (Variable parameter : callee.parameters()) {
      types.add(parameter.type().plainName());
    }
    return new MethodKey(callee.owner(), callee.name(), types);
  }
}
