package dev.gradgen.processor.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model's records own their lists: a reader's later change to its own list cannot reach them. */
class ModelInvariantsTest {

  private static Expr literal(String code) {
    return new Expr.Literal(null, ValueType.DOUBLE, Double.valueOf(code));
  }

  @Test
  void statementListsAreCopiedAndUnmodifiable() {
    List<Stmt> statements = new ArrayList<>(List.of(new Stmt.Empty(null)));
    Stmt.Block block = new Stmt.Block(null, statements);
    statements.add(new Stmt.Empty(null));
    assertEquals(1, block.statements().size());
    assertThrows(
        UnsupportedOperationException.class, () -> block.statements().add(new Stmt.Empty(null)));

    List<Expr> labels = new ArrayList<>(List.of(literal("1")));
    Stmt.Case c = new Stmt.Case(labels, statements);
    labels.clear();
    assertEquals(1, c.labels().size());
    assertEquals(2, c.body().size());
  }

  @Test
  void argumentListsAreCopied() {
    List<Expr> args = new ArrayList<>(List.of(literal("1.0")));
    Expr.MathCall call = new Expr.MathCall(
        null,
        ValueType.DOUBLE,
        com.palantir.javapoet.ClassName.get(Math.class),
        MathFunction.SQRT,
        args);
    args.add(literal("2.0"));
    assertEquals(List.of(literal("1.0")), call.args());
  }

  @Test
  void newArraysCopyTheirDimensionsAndInitializersTheirElements() {
    List<Expr> dims = new ArrayList<>(List.of(literal("2")));
    Expr.NewArray sized = new Expr.NewArray(null, ValueType.DOUBLE.arrayOf(), dims);
    dims.add(literal("3"));
    assertEquals(List.of(literal("2")), sized.dimensions());

    List<Expr> elements = new ArrayList<>(List.of(literal("1.0")));
    Expr.ArrayInitializer initialized =
        new Expr.ArrayInitializer(null, ValueType.DOUBLE.arrayOf(), elements);
    elements.clear();
    assertEquals(List.of(literal("1.0")), initialized.elements());
    assertThrows(
        UnsupportedOperationException.class, () -> initialized.elements().add(literal("2.0")));
  }
}
