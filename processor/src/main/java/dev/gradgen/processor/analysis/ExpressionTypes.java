package dev.gradgen.processor.analysis;

import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.Tree;
import dev.gradgen.processor.diagnostics.Messages;
import dev.gradgen.processor.model.Expr.BinaryOperator;
import dev.gradgen.processor.model.Expr.UnaryOperator;
import dev.gradgen.processor.model.TypeNames;
import dev.gradgen.processor.model.ValueType;
import java.util.Locale;
import javax.lang.model.element.TypeElement;

/**
 * Types the expressions of a body by Java's rules for the supported types, rejecting what has no
 * type there: the {@link ValueType} of literals, operators, conditionals, casts and type trees.
 */
final class ExpressionTypes {

  private final ReadContext context;
  private final AccessCheck access;

  ExpressionTypes(ReadContext context, AccessCheck access) {
    this.context = context;
    this.access = access;
  }

  /** The type of a literal's (or a constant's) value. */
  ValueType literal(Tree tree, Object value) {
    if (value instanceof Double) {
      return ValueType.DOUBLE;
    } else if (value instanceof Integer) {
      return ValueType.INT;
    } else if (value instanceof Long) {
      return ValueType.LONG;
    } else if (value instanceof Boolean) {
      return ValueType.BOOLEAN;
    } else if (value instanceof String) {
      return ValueType.STRING;
    }
    throw context.error(
        tree, Messages.unsupportedType(value.getClass().getSimpleName().toLowerCase(Locale.ROOT)));
  }

  /** The type of {@code operator operand}. */
  ValueType unary(Tree tree, UnaryOperator operator, ValueType type) {
    boolean ok = switch (operator) {
      case MINUS, PLUS -> type.isNumeric();
      case NOT -> type.equals(ValueType.BOOLEAN);
      case COMPLEMENT -> type.isNumeric() && !type.isDouble();
    };
    if (!ok) {
      throw context.error(tree, Messages.unsupportedOperator(operator.symbol(), type.toString()));
    }
    return type;
  }

  /** The result type of {@code left operator right}. */
  ValueType binary(Tree tree, BinaryOperator operator, ValueType left, ValueType right) {
    boolean numeric = left.isNumeric() && right.isNumeric();
    boolean integral = numeric && !left.isDouble() && !right.isDouble();
    boolean booleans = left.equals(ValueType.BOOLEAN) && right.equals(ValueType.BOOLEAN);
    ValueType type = switch (operator) {
      case PLUS ->
        left.equals(ValueType.STRING) || right.equals(ValueType.STRING)
            ? ValueType.STRING
            : numeric ? ValueType.promote(left, right) : null;
      case MINUS, MULTIPLY, DIVIDE, REMAINDER -> numeric ? ValueType.promote(left, right) : null;
      case SHIFT_LEFT, SHIFT_RIGHT, UNSIGNED_SHIFT_RIGHT -> integral ? left : null;
      case AND, OR, XOR ->
        integral ? ValueType.promote(left, right) : booleans ? ValueType.BOOLEAN : null;
      case LESS, GREATER, LESS_EQUAL, GREATER_EQUAL -> numeric ? ValueType.BOOLEAN : null;
      case EQUAL, NOT_EQUAL -> numeric || booleans ? ValueType.BOOLEAN : null;
      case CONDITIONAL_AND, CONDITIONAL_OR -> booleans ? ValueType.BOOLEAN : null;
    };
    if (type == null) {
      throw context.error(
          tree, Messages.unsupportedOperator(operator.symbol(), left + " and " + right));
    }
    return type;
  }

  /** The type of {@code condition ? a : b}. */
  ValueType conditional(Tree tree, ValueType a, ValueType b) {
    if (a.isNumeric() && b.isNumeric()) {
      return ValueType.promote(a, b);
    } else if (a.equals(b)) {
      return a;
    }
    throw context.error(tree, Messages.unsupportedOperator("?:", a + " and " + b));
  }

  /** Checks a cast of {@code operand} to {@code type}: among the numeric types only. */
  void checkCast(Tree tree, ValueType type, ValueType operand) {
    if (!type.isNumeric() || !operand.isNumeric()) {
      throw context.error(
          tree, Messages.notSupported("a cast to " + type, "cast only among int, long and double"));
    }
  }

  /** The type of {@code array[i]}. */
  ValueType component(Tree tree, ValueType array) {
    if (!array.isArray()) {
      throw context.error(tree, Messages.unsupportedOperator("[]", array.toString()));
    }
    return array.component();
  }

  /** Checks that {@code ++} and {@code --} apply to {@code target}. */
  void checkIncrementable(Tree tree, ValueType target) {
    if (!target.isNumeric()) {
      throw context.error(tree, Messages.unsupportedOperator("++/--", target.toString()));
    }
  }

  /**
   * Checks an assignment or initialisation by Java's rules for the supported types, so that the
   * generated code is as valid as the user's ({@code narrowing}: constants may narrow, as in
   * {@code int n = 3}).
   */
  void checkAssignable(Tree tree, ValueType target, ValueType value, boolean narrowing) {
    boolean ok = target.equals(value)
        || target.isNumeric()
            && value.isNumeric()
            && ValueType.promote(target, value).equals(target)
        || target.base() == ValueType.Base.REFERENCE && !target.isArray();
    if (!ok && !narrowing) {
      throw context.error(
          tree,
          Messages.notSupported(
              "assigning " + value + " to " + target, "keep to the Java types of the subset"));
    }
  }

  /** The type a type tree in the body denotes. */
  ValueType of(Tree tree) {
    if (tree instanceof PrimitiveTypeTree primitive) {
      return switch (primitive.getPrimitiveTypeKind()) {
        case DOUBLE -> ValueType.DOUBLE;
        case INT -> ValueType.INT;
        case LONG -> ValueType.LONG;
        case BOOLEAN -> ValueType.BOOLEAN;
        default -> throw context.error(tree, Messages.unsupportedType(primitive.toString()));
      };
    }
    if (tree instanceof ArrayTypeTree array) {
      return of(array.getType()).arrayOf();
    }
    if (tree instanceof IdentifierTree || tree instanceof MemberSelectTree) {
      TypeElement type = context.symbols().type(tree);
      if (type != null) {
        access.requireReachable(tree, type);
      }
      if (type != null && type.getTypeParameters().isEmpty()) {
        ValueType value = ValueTypes.of(type.asType());
        if (value != null) {
          return value;
        }
      }
    }
    throw context.error(tree, Messages.unsupportedType(tree.toString()));
  }

  /** The class whose members a value of type {@code type} has, or null for primitives and arrays. */
  TypeElement classOf(ValueType type) {
    if (type.equals(ValueType.STRING)) {
      // Strings are for messages, and their methods (s.length(), s.isEmpty()) are plain calls.
      return context.symbols().typeNamed(TypeNames.STRING);
    }
    if (type.base() != ValueType.Base.REFERENCE || type.isArray()) {
      return null;
    }
    return type.element();
  }
}
