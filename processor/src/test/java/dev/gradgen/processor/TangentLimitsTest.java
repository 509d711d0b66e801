package dev.gradgen.processor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A method whose parameters and tangents would not fit in the JVM's 255 parameter slots gets no
 * {@code mTangent}, and everything else still compiles and works.
 */
class TangentLimitsTest {

  @Test
  void tooManyScalarsForTheirTangentsGetNoTangentMethod() {
    // 70 doubles take 140 slots, with their tangents 280: more than 255.
    StringBuilder params = new StringBuilder();
    StringBuilder sum = new StringBuilder("0.0");
    for (int i = 0; i < 70; i++) {
      params.append(i == 0 ? "" : ", ").append("double x").append(i);
      sum.append(" + x").append(i).append(" * x").append(i);
    }
    String source = "package w;\nimport dev.gradgen.Differentiable;\nclass Wide {\n"
        + "  @Differentiable static double f(" + params + ") { return " + sum + "; }\n"
        + "  @Differentiable static double g(double a) { return a * a; }\n}\n";
    Compiled c = Compiled.of(List.of(), "w.Wide", source);
    Class<?> companion = c.load("w.WideGradients");
    List<String> names =
        Arrays.stream(companion.getDeclaredMethods()).map(Method::getName).toList();
    assertFalse(names.contains("fTangent"), names::toString);
    assertTrue(names.contains("fGradient"), names::toString);
    assertTrue(names.contains("gTangent"), names::toString);
    Object[] args = new Object[70];
    for (int i = 0; i < 70; i++) {
      args[i] = (double) i;
    }
    Object g = c.call("w.WideGradients", "fGradient", args);
    assertEquals(2.0 * 69, (double) Compiled.component(g, "x69"));
    assertEquals(6.0, (double)
        Compiled.component(c.call("w.WideGradients", "gTangent", 3.0, 1.0), "tangent"));
  }
}
