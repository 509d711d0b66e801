package dev.gradgen.processor.analysis;

import com.palantir.javapoet.ClassName;
import dev.gradgen.processor.model.TypeNames;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
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
  private static final Set<ClassName> INSTANCE_METHODS = Set.of(
      ClassName.get(java.util.Random.class),
      ClassName.get(java.util.SplittableRandom.class),
      ClassName.get(java.util.random.RandomGenerator.class),
      ClassName.get(java.util.Scanner.class),
      ClassName.get(java.io.InputStream.class),
      ClassName.get(java.io.Reader.class),
      ClassName.get(java.io.Console.class),
      ClassName.get(java.time.Clock.class),
      ClassName.get(java.nio.channels.ReadableByteChannel.class));

  /** Any method of these: the file system. */
  private static final Set<ClassName> ALL_METHODS =
      Set.of(ClassName.get(java.nio.file.Files.class));

  /** These methods of these classes. */
  private static final Map<ClassName, Set<String>> SOME_METHODS = Map.of(
      TypeNames.MATH,
      Set.of("random"),
      TypeNames.STRICT_MATH,
      Set.of("random"),
      ClassName.get(System.class),
      Set.of("nanoTime", "currentTimeMillis"),
      ClassName.get(Runtime.class),
      Set.of("freeMemory", "totalMemory", "maxMemory"),
      ClassName.get(java.util.UUID.class),
      Set.of("randomUUID"));

  /** Classes of {@code java.time} whose static {@code now()} reads the clock. */
  private static final Set<ClassName> NOW = Set.of(
      ClassName.get(java.time.Instant.class),
      ClassName.get(java.time.LocalDateTime.class),
      ClassName.get(java.time.LocalDate.class),
      ClassName.get(java.time.LocalTime.class),
      ClassName.get(java.time.ZonedDateTime.class),
      ClassName.get(java.time.OffsetDateTime.class),
      ClassName.get(java.time.OffsetTime.class),
      ClassName.get(java.time.Year.class),
      ClassName.get(java.time.YearMonth.class),
      ClassName.get(java.time.MonthDay.class));

  private NondeterministicCalls() {}

  /** Whether a call of {@code method}, declared in {@code owner}, may return a different value. */
  static boolean mayVary(TypeElement owner, ExecutableElement method) {
    String name = method.getSimpleName().toString();
    ClassName ownerName = ClassName.get(owner);
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
    if (INSTANCE_METHODS.contains(ClassName.get(type))) {
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
    // An unresolved supertype (TypeKind.ERROR) has no name to compare, and is javac's to report.
    return supertype.getKind() == TypeKind.DECLARED
        && supertype instanceof DeclaredType declared
        && declared.asElement() instanceof TypeElement element
        && extendsAny(element);
  }
}
