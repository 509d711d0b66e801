package dev.gradgen.processor.writer;

import dev.gradgen.processor.model.Callee;
import dev.gradgen.processor.model.Variable;
import java.util.HashSet;
import java.util.Set;

/**
 * How a gradient record holds its partials within the JVM's limit of 255 parameter slots for its
 * canonical constructor ({@code this} takes one, a {@code double} two, an array one): one
 * component per differentiable parameter when they fit, else the scalar partials in one array.
 */
public final class RecordLayout {

  /** The JVM's limit on the parameter slots of a method, the receiver included. */
  public static final int MAX_SLOTS = 255;

  private RecordLayout() {}

  /** Whether the scalar partials go into one array, because one component each would not fit. */
  static boolean packsScalars(Callee signature) {
    return slots(signature, false) > MAX_SLOTS;
  }

  /** Whether even the packed record (value, one array, one component per array) would not fit. */
  public static boolean fits(Callee signature) {
    return slots(signature, packsScalars(signature)) <= MAX_SLOTS;
  }

  private static int slots(Callee signature, boolean packed) {
    int slots = 1 + 2 + (packed ? 1 : 0);
    for (Variable parameter : signature.parameters()) {
      if (parameter.differentiable()) {
        slots += parameter.type().isArray() ? 1 : packed ? 0 : 2;
      }
    }
    return slots;
  }

  /** The packed array's component name: {@code partials}, unless a parameter has that name. */
  static String partialsName(Callee signature) {
    Set<String> taken = new HashSet<>();
    for (Variable parameter : signature.parameters()) {
      taken.add(parameter.name());
    }
    String name = "partials";
    while (taken.contains(name)) {
      name = name + "_";
    }
    return name;
  }
}
