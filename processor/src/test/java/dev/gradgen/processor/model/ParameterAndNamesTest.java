package dev.gradgen.processor.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.ClassName;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * A parameter has one representation, the {@link Variable} the signature and the body share, and
 * every name in {@link TypeNames} denotes a class that exists.
 */
class ParameterAndNamesTest {

  private static Callee callee(List<Variable> parameters) {
    return new Callee(
        ClassName.get("p", "C"),
        ClassName.get("p", "CGradients"),
        "m",
        true,
        parameters,
        true,
        ValueType.DOUBLE,
        2);
  }

  @Test
  void theModelsParametersAreTheSignaturesOwnVariables() {
    Variable x = new Variable(0, "x", ValueType.DOUBLE, Variable.Kind.DIFFERENTIABLE_PARAMETER);
    Variable n = new Variable(1, "n", ValueType.INT, Variable.Kind.CONSTANT_PARAMETER);
    Callee signature = callee(List.of(x, n));
    MethodModel model =
        new MethodModel(null, signature, List.of(), Set.of(), null, SourceText.none());
    assertSame(x, model.parameters().get(0));
    assertSame(n, model.parameters().get(1));
    assertTrue(model.parameters().get(0).differentiable());
    assertEquals(false, model.parameters().get(1).differentiable());
  }

  @Test
  void aLocalIsNoParameter() {
    Variable local = new Variable(0, "t", ValueType.DOUBLE, Variable.Kind.LOCAL);
    assertThrows(IllegalArgumentException.class, () -> callee(List.of(local)));
  }

  @Test
  void parameterKindFollowsDifferentiability() {
    assertEquals(Variable.Kind.DIFFERENTIABLE_PARAMETER, Variable.parameterKind(true));
    assertEquals(Variable.Kind.CONSTANT_PARAMETER, Variable.parameterKind(false));
  }

  @Test
  void everyTypeNameDenotesAClass() throws IllegalAccessException {
    int checked = 0;
    for (Field field : TypeNames.class.getDeclaredFields()) {
      if (!Modifier.isStatic(field.getModifiers()) || field.getType() != ClassName.class) {
        continue;
      }
      ClassName name = (ClassName) field.get(null);
      assertDoesNotThrow(
          () -> Class.forName(name.reflectionName(), false, getClass().getClassLoader()),
          field.getName());
      checked++;
    }
    // The runtime's annotations, nodes, tapes and helpers (GeneratedSupport the 17th), and four
    // JDK classes.
    assertEquals(21, checked);
  }
}
