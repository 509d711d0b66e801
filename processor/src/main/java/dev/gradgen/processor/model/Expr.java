package dev.gradgen.processor.model;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.Tree;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An expression of the supported subset, typed. Each node keeps the tree it was read from so that
 * later stages can report errors at the exact expression.
 */
public sealed interface Expr {

  /** The source tree this expression was read from. */
  Tree source();

  /**
   * Calls the {@code visitor}'s method for this kind of expression: the one dispatch over the
   * kinds, so that a new kind fails to compile until every visitor handles it.
   */
  <R> R accept(Visitor<R> visitor);

  /**
   * One method per kind of expression. Stages implement it in full (no default methods, no adapter
   * with empty bodies), so that adding a kind is a compile error in every stage that must decide
   * what the kind means to it.
   */
  interface Visitor<R> {
    R visitLiteral(Literal literal);

    R visitVariableRef(VariableRef ref);

    R visitThis(This thisExpr);

    R visitFieldRef(FieldRef field);

    R visitUnary(Unary unary);

    R visitBinary(Binary binary);

    R visitConditional(Conditional conditional);

    R visitCast(Cast cast);

    R visitArrayRead(ArrayRead read);

    R visitArrayLength(ArrayLength length);

    R visitNewArray(NewArray array);

    R visitArrayInitializer(ArrayInitializer array);

    R visitAssign(Assign assign);

    R visitIncDec(IncDec incDec);

    R visitMathCall(MathCall call);

    R visitDifferentiableCall(DifferentiableCall call);

    R visitPlainCall(PlainCall call);

    R visitRuleCall(RuleCall call);

    R visitNewObject(NewObject object);
  }

  /** The expression's static type. */
  ValueType type();

  /** Something that can be assigned to: a variable or an array element. */
  sealed interface Target extends Expr {

    /** Calls the {@code visitor}'s method for this kind of target. */
    <R> R acceptTarget(TargetVisitor<R> visitor);
  }

  /** One method per kind of {@link Target}, for the stages that treat targets apart. */
  interface TargetVisitor<R> {
    R visitVariableRef(VariableRef ref);

    R visitArrayRead(ArrayRead read);
  }

  /**
   * A literal (or a constant's value): {@code value} is the boxed value javac gives it ({@code
   * Double}, {@code Integer}, {@code Long}, {@code Float}, {@code Character}, {@code Boolean} or
   * {@code String}).
   */
  record Literal(Tree source, ValueType type, Object value) implements Expr {
    public Literal {
      Objects.requireNonNull(value, "value");
    }

    /** Java source that denotes the value exactly, whatever its origin (literal or constant). */
    public String code() {
      if (value instanceof Double d) {
        if (d.isNaN()) {
          return "Double.NaN";
        }
        if (d.isInfinite()) {
          return d > 0 ? "Double.POSITIVE_INFINITY" : "Double.NEGATIVE_INFINITY";
        }
        return Double.toString(d);
      }
      if (value instanceof Long l) {
        return l + "L";
      }
      if (value instanceof String s) {
        return CodeBlock.of("$S", s).toString();
      }
      return String.valueOf(value);
    }

    /**
     * Whether the literal's code starts with a minus sign, so that it needs parentheses after
     * another operator: a number with its sign bit set (so {@code -0.0} too), not an infinity,
     * which is written as a name.
     */
    public boolean negative() {
      if (value instanceof Double d) {
        return !d.isInfinite() && !d.isNaN() && (Double.doubleToRawLongBits(d) < 0);
      }
      if (value instanceof Float f) {
        return !f.isInfinite() && !f.isNaN() && Float.floatToRawIntBits(f) < 0;
      }
      return value instanceof Number n && n.longValue() < 0;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitLiteral(this);
    }
  }

  /** A read of a parameter or local. */
  record VariableRef(Tree source, Variable variable) implements Target {
    @Override
    public ValueType type() {
      return variable.type();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitVariableRef(this);
    }

    @Override
    public <R> R acceptTarget(TargetVisitor<R> visitor) {
      return visitor.visitVariableRef(this);
    }
  }

  /** The receiver of an instance method; {@code type} is its class. */
  record This(Tree source, ValueType type) implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitThis(this);
    }
  }

  /** A field: static ones through their class, instance ones through an object. */
  record FieldRef(Tree source, ValueType type, Receiver receiver, String name) implements Expr {
    public FieldRef {
      Objects.requireNonNull(receiver, "receiver");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitFieldRef(this);
    }
  }

  /** A unary operator. */
  record Unary(Tree source, ValueType type, UnaryOperator operator, Expr operand) implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitUnary(this);
    }
  }

  /** A binary operator, including comparisons, logical operators and string concatenation. */
  record Binary(Tree source, ValueType type, BinaryOperator operator, Expr left, Expr right)
      implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitBinary(this);
    }
  }

  /** {@code condition ? whenTrue : whenFalse}. */
  record Conditional(Tree source, ValueType type, Expr condition, Expr whenTrue, Expr whenFalse)
      implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitConditional(this);
    }
  }

  /** A primitive cast. */
  record Cast(Tree source, ValueType type, Expr operand) implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitCast(this);
    }
  }

  /** {@code array[index]}. */
  record ArrayRead(Tree source, ValueType type, Expr array, Expr index) implements Target {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitArrayRead(this);
    }

    @Override
    public <R> R acceptTarget(TargetVisitor<R> visitor) {
      return visitor.visitArrayRead(this);
    }
  }

  /** {@code array.length}. */
  record ArrayLength(Tree source, Expr array) implements Expr {
    @Override
    public ValueType type() {
      return ValueType.INT;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitArrayLength(this);
    }
  }

  /**
   * {@code new T[d0][d1]...[]}: an array of zeros (nulls past the given dimensions), one dimension
   * per expression of {@code dimensions}.
   */
  record NewArray(Tree source, ValueType type, List<Expr> dimensions) implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitNewArray(this);
    }

    /** Copies the lists, so that the model cannot change after it is read. */
    public NewArray {
      dimensions = List.copyOf(dimensions);
    }
  }

  /** An array initializer, {@code new T[] {a, b}} or a bare {@code {a, b}}. */
  record ArrayInitializer(Tree source, ValueType type, List<Expr> elements) implements Expr {
    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitArrayInitializer(this);
    }

    /** Copies the lists, so that the model cannot change after it is read. */
    public ArrayInitializer {
      elements = List.copyOf(elements);
    }
  }

  /** {@code target = value} or {@code target op= value} ({@code operator} null for plain '='). */
  record Assign(Tree source, Target target, Optional<BinaryOperator> operator, Expr value)
      implements Expr {
    public Assign {
      Objects.requireNonNull(operator, "operator");
    }

    /** A plain assignment, {@code target = value}. */
    public static Assign plain(Tree source, Target target, Expr value) {
      return new Assign(source, target, Optional.empty(), value);
    }

    /** A compound assignment, {@code target op= value}. */
    public static Assign compound(Tree source, Target target, BinaryOperator operator, Expr value) {
      return new Assign(source, target, Optional.of(operator), value);
    }

    /** Whether this is a compound assignment ({@code +=}...) rather than a plain one. */
    public boolean compound() {
      return operator.isPresent();
    }

    @Override
    public ValueType type() {
      return target.type();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitAssign(this);
    }
  }

  /** {@code ++x}, {@code x--} and the like. */
  record IncDec(Tree source, Target target, boolean increment, boolean prefix) implements Expr {
    @Override
    public ValueType type() {
      return target.type();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitIncDec(this);
    }
  }

  /** A call of a Math, StrictMath or Activations function. */
  record MathCall(
      Tree source, ValueType type, ClassName owner, MathFunction function, List<Expr> args)
      implements Expr {
    /** StrictMath's values differ from Math's in the last bit for some functions. */
    public boolean strict() {
      return owner.equals(TypeNames.STRICT_MATH);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitMathCall(this);
    }

    /** Copies the lists, so that the model cannot change after it is read. */
    public MathCall {
      args = List.copyOf(args);
    }
  }

  /**
   * A call of a {@code @Differentiable} method, which the graph reaches through its companion; the
   * callee names its class, so {@code receiver} is the object of an instance method and empty for
   * a static one.
   */
  record DifferentiableCall(Tree source, Callee callee, Optional<Expr> receiver, List<Expr> args)
      implements Expr {
    @Override
    public ValueType type() {
      return callee.result();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitDifferentiableCall(this);
    }

    /** Copies the lists, and checks that the receiver is there exactly for an instance callee. */
    public DifferentiableCall {
      args = List.copyOf(args);
      if (receiver.isPresent() == callee.isStatic()) {
        throw new IllegalArgumentException(callee.name() + ": receiver " + receiver);
      }
    }
  }

  /**
   * A call of any other method: allowed only with constant arguments, so it stays a plain call.
   * {@code receiver} is its class for a static method, its object for an instance one. {@code
   * annotatable} says whether the method is among the sources being compiled, so that the user
   * could make it {@code @Differentiable} (a JDK or library method cannot be).
   */
  record PlainCall(
      Tree source,
      ValueType type,
      Receiver receiver,
      String name,
      List<Expr> args,
      boolean annotatable)
      implements Expr {

    public PlainCall(Tree source, ValueType type, Receiver receiver, String name, List<Expr> args) {
      this(source, type, receiver, name, args, true);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitPlainCall(this);
    }

    /** Copies the lists, so that the model cannot change after it is read. */
    public PlainCall {
      Objects.requireNonNull(receiver, "receiver");
      args = List.copyOf(args);
    }
  }

  /**
   * A call of a method that has a {@code @DerivativeOf} rule: with an active argument, one node
   * whose value is the target's result and whose partials are the rule's; otherwise a plain call.
   * The rule names the target's class, so {@code receiver} is the object of an instance target and
   * empty for a static one.
   */
  record RuleCall(Tree source, Rule rule, Optional<Expr> receiver, List<Expr> args)
      implements Expr {
    @Override
    public ValueType type() {
      return ValueType.DOUBLE;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitRuleCall(this);
    }

    /** Copies the lists, and checks that the receiver is there exactly for an instance target. */
    public RuleCall {
      args = List.copyOf(args);
      if (receiver.isPresent() != rule.instanceTarget()) {
        throw new IllegalArgumentException(rule.targetDescription() + ": receiver " + receiver);
      }
    }
  }

  /** {@code new C(args)}, for instance an exception to throw; {@code type} is the class C. */
  record NewObject(Tree source, ValueType type, List<Expr> args) implements Expr {
    /** The name of the class C. */
    public TypeName classType() {
      return type.reference();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
      return visitor.visitNewObject(this);
    }

    /** Copies the lists, so that the model cannot change after it is read. */
    public NewObject {
      args = List.copyOf(args);
    }
  }

  /** Unary operators. */
  enum UnaryOperator {
    MINUS("-"),
    PLUS("+"),
    NOT("!"),
    COMPLEMENT("~");

    private final String symbol;

    UnaryOperator(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  /** Binary operators, with Java's precedence (higher binds tighter). */
  enum BinaryOperator {
    MULTIPLY("*", 12),
    DIVIDE("/", 12),
    REMAINDER("%", 12),
    PLUS("+", 11),
    MINUS("-", 11),
    SHIFT_LEFT("<<", 10),
    SHIFT_RIGHT(">>", 10),
    UNSIGNED_SHIFT_RIGHT(">>>", 10),
    LESS("<", 9),
    GREATER(">", 9),
    LESS_EQUAL("<=", 9),
    GREATER_EQUAL(">=", 9),
    EQUAL("==", 8),
    NOT_EQUAL("!=", 8),
    AND("&", 7),
    XOR("^", 6),
    OR("|", 5),
    CONDITIONAL_AND("&&", 4),
    CONDITIONAL_OR("||", 3);

    private final String symbol;
    private final int precedence;

    BinaryOperator(String symbol, int precedence) {
      this.symbol = symbol;
      this.precedence = precedence;
    }

    public String symbol() {
      return symbol;
    }

    public int precedence() {
      return precedence;
    }

    /** The four operations (+ - * / %) that have Tensor forms. */
    public boolean isArithmetic() {
      return precedence >= 11;
    }

    public boolean isComparison() {
      return precedence == 9 || precedence == 8;
    }
  }
}
