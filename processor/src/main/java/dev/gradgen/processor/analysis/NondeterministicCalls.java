package dev.gradgen.processor.analysis;

import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeMirror;

/**
 * Knows the library calls whose result may differ from one call to the next (random numbers, the
 * clock, input): the generated gradient evaluates the method's body again, so such a value in it is
 * not the one the user's own call saw.
 */
final class NondeterministicCalls {

  /**
   * Any instance method of these and their subtypes: generators, clocks and readers (their static
   * methods, such as {@code ThreadLocalRandom.current()}, only hand out the object).
   */
  private static final Set<String> INSTANCE_METHODS = Set.of(
      "java.util.Random",
      "java.util.SplittableRandom",
      "java.util.random.RandomGenerator",
      "java.util.Scanner",
      "java.io.InputStream",
      "java.io.Reader",
      "java.io.Console",
      "java.time.Clock",
      "java.nio.channels.ReadableByteChannel");

  /** Any method of these: the file system. */
  private static final Set<String> ALL_METHODS = Set.of("java.nio.file.Files");

  /** These methods of these classes. */
  private static final Map<String, Set<String>> SOME_METHODS = Map.of(
      "java.lang.Math", Set.of("random"),
      "java.lang.StrictMath", Set.of("random"),
      "java.lang.System", Set.of("nanoTime", "currentTimeMillis"),
      "java.lang.Runtime", Set.of("freeMemory", "totalMemory", "maxMemory"),
      "java.util.UUID", Set.of("randomUUID"));

  /** Classes of {@code java.time} whose static {@code now()} reads the clock. */
  private static final Set<String> NOW = Set.of(
      "java.time.Instant",
      "java.time.LocalDateTime",
      "java.time.LocalDate",
      "java.time.LocalTime",
      "java.time.ZonedDateTime",
      "java.time.OffsetDateTime",
      "java.time.OffsetTime",
      "java.time.Year",
      "java.time.YearMonth",
      "java.time.MonthDay");

  private NondeterministicCalls() {}

  /** Whether a call of {@code method}, declared in {@code owner}, may return a different value. */
  static boolean mayVary(TypeElement owner, ExecutableElement method) {
    String name = method.getSimpleName().toString();
    String ownerName = owner.getQualifiedName().toString();
    if (SOME_METHODS.getOrDefault(ownerName, Set.of()).contains(name)) {
      return true;
    }
    if (name.equals("now")
        && method.getModifiers().contains(Modifier.STATIC)
        && NOW.contains(ownerName)) {
      return true;
    }
    if (ALL_METHODS.contains(ownerName)) {
      return true;
    }
    return !method.getModifiers().contains(Modifier.STATIC) && extendsAny(owner);
  }

  /** Whether {@code type} is, extends or implements one of {@link #INSTANCE_METHODS}. */
  private static boolean extendsAny(TypeElement type) {
    if (INSTANCE_METHODS.contains(type.getQualifiedName().toString())) {
      return true;
    }
    if (supertypeExtendsAny(type.getSuperclass())) {
      return true;
    }
    for (TypeMirror implemented : type.getInterfaces()) {
      if (supertypeExtendsAny(implemented)) {
        return true;
      }
    }
    return false;
  }

  private static boolean supertypeExtendsAny(TypeMirror supertype) {
    return supertype instanceof DeclaredType declared
        && declared.asElement() instanceof TypeElement element
        && extendsAny(element);
  }
}
