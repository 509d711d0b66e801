package dev.gradgen.processor.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.ClassName;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TreeVisitor;
import dev.gradgen.processor.model.Callee;
import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.Expr.BinaryOperator;
import dev.gradgen.processor.model.FusionPlan;
import dev.gradgen.processor.model.HelperSignature;
import dev.gradgen.processor.model.MethodModel;
import dev.gradgen.processor.model.SourceText;
import dev.gradgen.processor.model.Stmt;
import dev.gradgen.processor.model.ValueType;
import dev.gradgen.processor.model.Variable;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The fusion plan decides each fused helper's parameters: a pure read shares the parameter of an
 * earlier structurally equal one, a read with side effects shares nothing and stops later reads
 * from sharing earlier ones, and literals are no parameters at all.
 */
class HelperSignatureTest {

  private static final ValueType VECTOR = ValueType.DOUBLE.arrayOf();
  private static final Variable X =
      new Variable(0, "x", ValueType.DOUBLE, Variable.Kind.DIFFERENTIABLE_PARAMETER);
  private static final Variable C =
      new Variable(1, "c", ValueType.DOUBLE, Variable.Kind.CONSTANT_PARAMETER);
  private static final Variable A =
      new Variable(2, "a", VECTOR, Variable.Kind.DIFFERENTIABLE_PARAMETER);
  private static final Variable I = new Variable(3, "i", ValueType.INT, Variable.Kind.LOCAL);

  /** A tree that quotes as {@code text}: the planner only asks trees for their text. */
  private static Tree tree(String text) {
    return new Tree() {
      @Override
      public Kind getKind() {
        return Kind.OTHER;
      }

      @Override
      public <R, D> R accept(TreeVisitor<R, D> visitor, D data) {
        throw new UnsupportedOperationException();
      }

      @Override
      public String toString() {
        return text;
      }
    };
  }

  private static Expr.VariableRef ref(Variable variable) {
    return new Expr.VariableRef(tree(variable.name()), variable);
  }

  private static Expr.Literal literal(Object value) {
    ValueType type = value instanceof Double ? ValueType.DOUBLE : ValueType.INT;
    return new Expr.Literal(tree(String.valueOf(value)), type, value);
  }

  private static Expr.Binary op(Expr left, BinaryOperator operator, Expr right) {
    ValueType type = ValueType.promote(left.type(), right.type());
    return new Expr.Binary(
        tree(left.source() + " " + operator.symbol() + " " + right.source()),
        type,
        operator,
        left,
        right);
  }

  private static Expr.ArrayRead element(Expr index) {
    return new Expr.ArrayRead(tree("a[" + index.source() + "]"), ValueType.DOUBLE, ref(A), index);
  }

  private static Expr iPlusPlus() {
    return new Expr.IncDec(tree("i++"), ref(I), true, false);
  }

  /** The plan of {@code return result;} with fusion on, x and a differentiable, c and i not. */
  private static FusionPlan plan(Expr result) {
    Callee signature = new Callee(
        ClassName.get("p", "F"),
        ClassName.get("p", "FGradients"),
        "f",
        true,
        List.of(X, C, A),
        true,
        ValueType.DOUBLE,
        1);
    Stmt body = new Stmt.Return(tree("return"), result);
    MethodModel model =
        new MethodModel(null, signature, List.of(body), Set.of(), null, SourceText.none());
    return FusionPlanner.plan(model, new Activity(Set.of(X, A)), true);
  }

  private static HelperSignature signatureOf(Expr root) {
    FusionPlan plan = plan(root);
    assertTrue(plan.isFused(root), "the expression is fused");
    return plan.signatureOf(root);
  }

  @Test
  void aVariableReadThriceIsOneParameter() {
    Expr.VariableRef first = ref(X);
    Expr.VariableRef second = ref(X);
    Expr.VariableRef third = ref(X);
    HelperSignature signature =
        signatureOf(op(op(first, BinaryOperator.MULTIPLY, second), BinaryOperator.PLUS, third));
    assertEquals(1, signature.parameters().size());
    HelperSignature.Parameter x = signature.parameters().get(0);
    assertTrue(x.input());
    assertEquals(Optional.of("x"), x.base());
    assertEquals("x", x.quoted());
    assertEquals(List.of(first, second, third), x.reads());
    assertSame(first, x.first());
    assertSame(x, signature.parameterOf(third));
  }

  @Test
  void elementsWithSideEffectsInTheirIndexAreTwoParameters() {
    Expr left = element(iPlusPlus());
    Expr right = element(iPlusPlus());
    HelperSignature signature = signatureOf(
        op(op(left, BinaryOperator.MULTIPLY, right), BinaryOperator.PLUS, literal(1.0)));
    assertEquals(2, signature.parameters().size(), "a[i++] twice reads two elements");
    assertEquals(List.of(left), signature.parameters().get(0).reads());
    assertEquals(List.of(right), signature.parameters().get(1).reads());
    assertEquals(Optional.empty(), signature.parameters().get(0).base(), "no plain name");
    assertEquals(List.of(left, right), signature.reads(), "the literal is no parameter");
  }

  @Test
  void elementsWithStructurallyEqualIndicesShareOneParameter() {
    Expr left = element(op(ref(I), BinaryOperator.PLUS, literal(1)));
    Expr right = element(op(ref(I), BinaryOperator.PLUS, literal(1)));
    Expr other = element(op(ref(I), BinaryOperator.PLUS, literal(2)));
    HelperSignature signature =
        signatureOf(op(op(left, BinaryOperator.MULTIPLY, right), BinaryOperator.MINUS, other));
    assertEquals(2, signature.parameters().size(), "a[i + 1] twice, then a[i + 2]");
    assertEquals(List.of(left, right), signature.parameters().get(0).reads());
    assertEquals(List.of(other), signature.parameters().get(1).reads());
  }

  @Test
  void aConstantReadTwiceIsSharedAndNotAnInput() {
    Expr.VariableRef c1 = ref(C);
    Expr.VariableRef c2 = ref(C);
    HelperSignature signature =
        signatureOf(op(op(ref(X), BinaryOperator.MULTIPLY, c1), BinaryOperator.PLUS, c2));
    assertEquals(2, signature.parameters().size());
    HelperSignature.Parameter c = signature.parameterOf(c1);
    assertFalse(c.input(), "c is a constant");
    assertEquals(List.of(c1, c2), c.reads());
    assertEquals(Optional.of("c"), c.base());
  }

  @Test
  void aReadWithSideEffectsStopsLaterReadsFromSharingEarlierOnes() {
    Expr before = element(ref(I));
    Expr bump = element(iPlusPlus());
    Expr after = element(ref(I));
    Expr again = element(ref(I));
    HelperSignature signature = signatureOf(op(
        op(op(before, BinaryOperator.MULTIPLY, bump), BinaryOperator.PLUS, after),
        BinaryOperator.PLUS,
        again));
    assertEquals(3, signature.parameters().size(), "a[i], a[i++], then a[i] of the new i");
    assertEquals(List.of(after, again), signature.parameterOf(after).reads());
    assertEquals(Optional.of("a_i"), signature.parameterOf(before).base());
  }

  @Test
  void aSignatureRefusesAReadOfNoParameterAndOneWithoutInputs() {
    Expr.VariableRef x = ref(X);
    Expr.VariableRef c = ref(C);
    HelperSignature.Parameter input =
        new HelperSignature.Parameter(true, List.of(x), Optional.of("x"), "x");
    HelperSignature.Parameter constant =
        new HelperSignature.Parameter(false, List.of(c), Optional.of("c"), "c");
    assertThrows(
        IllegalArgumentException.class,
        () -> new HelperSignature(List.of(input), List.of(x, c), Set.of()),
        "c has no parameter");
    assertThrows(
        IllegalArgumentException.class,
        () -> new HelperSignature(List.of(constant), List.of(c), Set.of()),
        "no input node");
    assertThrows(
        IllegalArgumentException.class,
        () -> new HelperSignature(List.of(constant, input), List.of(x, c), Set.of()),
        "parameters out of the order of their reads");
    assertThrows(
        IllegalArgumentException.class,
        () -> new HelperSignature.Parameter(true, List.of(), Optional.empty(), ""));
  }
}
