package dev.gradgen.processor.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.palantir.javapoet.ClassName;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A member is reached through its class or through an object, never through neither or both: the
 * receiver is a sum type, each variant non-null, and a call's receiver matches its callee.
 */
class ReceiverTest {

  private static final ClassName K = ClassName.get("p", "K");
  private static final Expr SELF = new Expr.This(null, ValueType.reference(K, null));

  @Test
  void variantsRefuseNull() {
    assertThrows(NullPointerException.class, () -> new Receiver.Static(null));
    assertThrows(NullPointerException.class, () -> new Receiver.Instance(null));
    assertThrows(
        NullPointerException.class, () -> new Expr.FieldRef(null, ValueType.DOUBLE, null, "w"));
    assertThrows(
        NullPointerException.class,
        () -> new Expr.PlainCall(null, ValueType.DOUBLE, null, "m", List.of()));
  }

  @Test
  void matchCallsTheFunctionOfTheVariant() {
    Receiver ofClass = new Receiver.Static(K);
    Receiver ofObject = new Receiver.Instance(SELF);
    assertEquals("class p.K", ofClass.match(s -> "class " + s.owner(), i -> "object"));
    assertEquals(SELF, ofObject.match(s -> null, Receiver.Instance::object));
  }

  private static Callee callee(boolean isStatic) {
    return new Callee(
        K, ClassName.get("p", "KGradients"), "f", isStatic, List.of(), true, ValueType.DOUBLE, 1);
  }

  @Test
  void aDifferentiableCallHasAReceiverExactlyForAnInstanceCallee() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new Expr.DifferentiableCall(null, callee(true), Optional.of(SELF), List.of()));
    assertThrows(
        IllegalArgumentException.class,
        () -> new Expr.DifferentiableCall(null, callee(false), Optional.empty(), List.of()));
    assertEquals(
        Optional.of(SELF),
        new Expr.DifferentiableCall(null, callee(false), Optional.of(SELF), List.of()).receiver());
  }
}
