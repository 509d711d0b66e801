package dev.gradgen.processor.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The fusion plan checks its invariants and answers by identity, never for an unplanned expression. */
class FusionPlanTest {

  private static final Variable X = new Variable(0, "x", ValueType.DOUBLE, Variable.Kind.LOCAL);

  private static Expr.Literal literal(String code) {
    // The model keeps the value; the tests name it by its Java text.
    double value = code.equals("Double.NEGATIVE_INFINITY")
        ? Double.NEGATIVE_INFINITY
        : Double.parseDouble(code);
    return new Expr.Literal(null, ValueType.DOUBLE, value);
  }

  private static Stmt.LocalDeclaration declaration(Expr init) {
    return new Stmt.LocalDeclaration(null, X, init);
  }

  private static FusionPlan.Run run(List<Stmt.LocalDeclaration> temporaries, FusionPlan.Size size) {
    Stmt.Return sink = new Stmt.Return(null, literal("1.0"));
    return new FusionPlan.Run(temporaries, sink, new FusionPlan.Return(), sink.value(), size);
  }

  @Test
  void answersByIdentityAndRefusesUnplannedExpressions() {
    Expr.Literal planned = literal("2.0");
    Expr.Literal equalElsewhere = literal("2.0");
    assertEquals(planned, equalElsewhere, "records with the same parts are equal");
    FusionPlan plan =
        new FusionPlan(true, Map.of(), Map.of(planned, FusionPlan.Role.LEAF), Set.of(), Map.of());
    assertFalse(plan.isOperation(planned));
    assertThrows(IllegalStateException.class, () -> plan.isOperation(equalElsewhere));
  }

  @Test
  void rootIsNeverCutInItsOwnNodeAndRunsHaveNoCuts() {
    Expr.Binary root = new Expr.Binary(
        null, ValueType.DOUBLE, Expr.BinaryOperator.PLUS, literal("1.0"), literal("2.0"));
    Expr.Binary outer =
        new Expr.Binary(null, ValueType.DOUBLE, Expr.BinaryOperator.MULTIPLY, root, literal("3.0"));
    Map<Expr, FusionPlan.Role> roles = new HashMap<>();
    roles.put(root, FusionPlan.Role.FUSED);
    roles.put(outer, FusionPlan.Role.FUSED);
    FusionPlan plan = new FusionPlan(true, Map.of(), roles, Set.of(root), Map.of());
    assertTrue(plan.isCutBelow(outer, root), "an input of the node around it");
    assertFalse(plan.isCutBelow(root, root), "computed inside its own node");
    assertFalse(plan.isCutBelow(null, root), "a run's expressions fit uncut");
  }

  @Test
  void onlyOperationsAreCut() {
    Expr.Literal leaf = literal("1.0");
    assertThrows(
        IllegalArgumentException.class,
        () -> new FusionPlan(
            true, Map.of(), Map.of(leaf, FusionPlan.Role.LEAF), Set.of(leaf), Map.of()));
  }

  @Test
  void runsNeedFusionTemporariesAndRoom() {
    FusionPlan.Run fits = run(List.of(declaration(literal("1.0"))), new FusionPlan.Size(2, 2));
    assertEquals(2, fits.length());
    assertThrows(
        IllegalArgumentException.class,
        () -> new FusionPlan(false, Map.of(fits.first(), fits), Map.of(), Set.of(), Map.of()),
        "unfused builders have no runs");
    assertThrows(
        IllegalArgumentException.class,
        () -> new FusionPlan(true, Map.of(fits.sink(), fits), Map.of(), Set.of(), Map.of()),
        "a run is found by its first statement");
    assertThrows(IllegalArgumentException.class, () -> run(List.of(), new FusionPlan.Size(1, 1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> run(
            List.of(declaration(literal("1.0"))),
            new FusionPlan.Size(FusionPlan.Size.MAX_OPERATIONS + 1, 0)));
  }

  @Test
  void negativeLiteralsAreTheOnesWrittenWithASign() {
    assertTrue(literal("-1.0").negative());
    assertFalse(literal("1.0").negative());
    assertFalse(literal("Double.NEGATIVE_INFINITY").negative(), "a field read, not a sign");
  }
}
