package dev.gradgen.processor.model;

/**
 * The kind of an {@link Expr}, one constant per record, for predicates ({@code is this a literal})
 * that are not dispatch: a new kind fails to compile here, and a {@code switch} expression over the
 * constants fails to compile until it names the new one.
 */
public enum ExprKind {
  LITERAL,
  VARIABLE_REF,
  THIS,
  FIELD_REF,
  UNARY,
  BINARY,
  CONDITIONAL,
  CAST,
  ARRAY_READ,
  ARRAY_LENGTH,
  NEW_ARRAY,
  ARRAY_INITIALIZER,
  ASSIGN,
  INC_DEC,
  MATH_CALL,
  DIFFERENTIABLE_CALL,
  PLAIN_CALL,
  RULE_CALL,
  NEW_OBJECT;

  /** The kind of {@code expr}. */
  public static ExprKind of(Expr expr) {
    return expr.accept(KINDS);
  }

  private static final Expr.Visitor<ExprKind> KINDS = new Expr.Visitor<>() {
    @Override
    public ExprKind visitLiteral(Expr.Literal literal) {
      return LITERAL;
    }

    @Override
    public ExprKind visitVariableRef(Expr.VariableRef ref) {
      return VARIABLE_REF;
    }

    @Override
    public ExprKind visitThis(Expr.This thisExpr) {
      return THIS;
    }

    @Override
    public ExprKind visitFieldRef(Expr.FieldRef field) {
      return FIELD_REF;
    }

    @Override
    public ExprKind visitUnary(Expr.Unary unary) {
      return UNARY;
    }

    @Override
    public ExprKind visitBinary(Expr.Binary binary) {
      return BINARY;
    }

    @Override
    public ExprKind visitConditional(Expr.Conditional conditional) {
      return CONDITIONAL;
    }

    @Override
    public ExprKind visitCast(Expr.Cast cast) {
      return CAST;
    }

    @Override
    public ExprKind visitArrayRead(Expr.ArrayRead read) {
      return ARRAY_READ;
    }

    @Override
    public ExprKind visitArrayLength(Expr.ArrayLength length) {
      return ARRAY_LENGTH;
    }

    @Override
    public ExprKind visitNewArray(Expr.NewArray array) {
      return NEW_ARRAY;
    }

    @Override
    public ExprKind visitArrayInitializer(Expr.ArrayInitializer array) {
      return ARRAY_INITIALIZER;
    }

    @Override
    public ExprKind visitAssign(Expr.Assign assign) {
      return ASSIGN;
    }

    @Override
    public ExprKind visitIncDec(Expr.IncDec incDec) {
      return INC_DEC;
    }

    @Override
    public ExprKind visitMathCall(Expr.MathCall call) {
      return MATH_CALL;
    }

    @Override
    public ExprKind visitDifferentiableCall(Expr.DifferentiableCall call) {
      return DIFFERENTIABLE_CALL;
    }

    @Override
    public ExprKind visitPlainCall(Expr.PlainCall call) {
      return PLAIN_CALL;
    }

    @Override
    public ExprKind visitRuleCall(Expr.RuleCall call) {
      return RULE_CALL;
    }

    @Override
    public ExprKind visitNewObject(Expr.NewObject object) {
      return NEW_OBJECT;
    }
  };
}
