package dev.gradgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/** {@link Tensor} is sealed to the node kinds {@link Tensor#backward()} knows how to walk. */
final class TensorSealedTest {

  @Test
  void onlyTensorsOwnNestedNodeKindsExtendIt() {
    assertTrue(Tensor.class.isSealed());
    Class<?>[] permitted = Tensor.class.getPermittedSubclasses();
    // Unary, Binary, Fused3, Fused4, Fused5, FusedN, ArrayFused and ArrayDot: the leaf is Tensor
    // itself.
    assertEquals(8, permitted.length);
    for (Class<?> kind : permitted) {
      assertEquals(Tensor.class, kind.getEnclosingClass(), kind.getName());
      assertTrue(Modifier.isFinal(kind.getModifiers()), kind + " is final");
    }
  }
}
