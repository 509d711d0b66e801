package dev.gradgen.processor.analysis;

import com.palantir.javapoet.ClassName;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BindingPatternTree;
import com.sun.source.tree.CompoundAssignmentTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LiteralTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.NewArrayTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ParenthesizedTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.TreeScanner;
import dev.gradgen.processor.diagnostics.Messages;
import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.Expr.BinaryOperator;
import dev.gradgen.processor.model.Expr.UnaryOperator;
import dev.gradgen.processor.model.Receiver;
import dev.gradgen.processor.model.ValueType;
import dev.gradgen.processor.model.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;

/**
 * Translates expression trees into {@link Expr}s. Bodies are not attributed while annotations are
 * processed, so the names come from declarations ({@link Symbols}, {@link Scope}), the types from
 * {@link ExpressionTypes}, the calls from {@link CallResolver} and what the companion may use from
 * {@link AccessCheck}.
 */
final class ExpressionReader {

  private final ReadContext context;
  private final ExpressionTypes types;
  private final AccessCheck access;
  private final CallResolver calls;

  ExpressionReader(
      ReadContext context, ExpressionTypes types, AccessCheck access, CallResolver calls) {
    this.context = context;
    this.types = types;
    this.access = access;
    this.calls = calls;
  }

  /** What the method being read returns: {@code double} or {@code double[]}. */
  ValueType resultType() {
    return context.method().result();
  }

  /** Reads {@code tree}; a bare array initializer takes {@code expected} as its type. */
  Expr read(ExpressionTree tree, ValueType expected) {
    if (tree instanceof NewArrayTree array && array.getType() == null) {
      return readArrayInitializer(array, expected);
    }
    return read(tree);
  }

  Expr read(ExpressionTree tree) {
    switch (tree.getKind()) {
      case PARENTHESIZED:
        return read(((ParenthesizedTree) tree).getExpression());
      case INT_LITERAL:
      case LONG_LITERAL:
      case DOUBLE_LITERAL:
      case BOOLEAN_LITERAL:
      case STRING_LITERAL:
        return literal(tree, ((LiteralTree) tree).getValue());
      case FLOAT_LITERAL:
        throw context.error(tree, Messages.unsupportedType("float"));
      case CHAR_LITERAL:
        throw context.error(tree, Messages.unsupportedType("char"));
      case NULL_LITERAL:
        throw context.error(tree, Messages.notSupported("null", "use a value"));
      case IDENTIFIER:
        return identifier((IdentifierTree) tree);
      case MEMBER_SELECT:
        return memberSelect((MemberSelectTree) tree);
      case ARRAY_ACCESS:
        return arrayAccess((ArrayAccessTree) tree);
      case TYPE_CAST:
        return cast((TypeCastTree) tree);
      case CONDITIONAL_EXPRESSION:
        return conditional((ConditionalExpressionTree) tree);
      case NEW_ARRAY:
        return newArray((NewArrayTree) tree);
      case NEW_CLASS:
        return newObject((NewClassTree) tree);
      case METHOD_INVOCATION:
        return call((MethodInvocationTree) tree);
      case ASSIGNMENT:
        return assignment((AssignmentTree) tree);
      case PREFIX_INCREMENT:
      case PREFIX_DECREMENT:
      case POSTFIX_INCREMENT:
      case POSTFIX_DECREMENT:
        return incDec((UnaryTree) tree);
      case UNARY_MINUS:
      case UNARY_PLUS:
      case LOGICAL_COMPLEMENT:
      case BITWISE_COMPLEMENT:
        return unary((UnaryTree) tree);
      case LAMBDA_EXPRESSION:
      case MEMBER_REFERENCE:
        throw context.error(tree, Messages.lambda());
      case INSTANCE_OF:
        poisonBindings(tree);
        throw context.error(tree, Messages.patternMatching());
      case SWITCH_EXPRESSION:
        throw context.error(tree, Messages.switchExpression());
      default:
        if (tree instanceof BinaryTree binary) {
          return binary(binary);
        }
        if (tree instanceof CompoundAssignmentTree compound) {
          return compoundAssignment(compound);
        }
        throw context.error(
            tree,
            Messages.notSupported(describe(tree.getKind()), "keep to the subset in the README"));
    }
  }

  private static String describe(Tree.Kind kind) {
    return "'" + kind.name().toLowerCase(Locale.ROOT).replace('_', ' ') + "'";
  }

  /**
   * The pattern variables of a rejected {@code instanceof} ({@code o instanceof Integer k}): their
   * uses would each report "cannot resolve", a mere echo of the error on the pattern.
   */
  private void poisonBindings(Tree tree) {
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitBindingPattern(BindingPatternTree binding, Void unused) {
        context.scope().poison(binding.getVariable().getName().toString());
        return super.visitBindingPattern(binding, unused);
      }
    }.scan(tree, null);
  }

  // ---------------------------------------------------------------- literals and names

  private Expr literal(Tree tree, Object value) {
    ValueType type = types.literal(tree, value);
    return new Expr.Literal(tree, type, value);
  }

  private Expr identifier(IdentifierTree tree) {
    String name = tree.getName().toString();
    if (name.equals("this")) {
      return receiver(tree);
    }
    Variable variable = context.scope().lookup(name);
    if (Scope.isPoisoned(variable)) {
      throw context.reporter().silentAbort();
    }
    if (variable != null) {
      return new Expr.VariableRef(tree, variable);
    }
    VariableElement field = context.symbols().field(name);
    if (field != null) {
      Expr receiver =
          field.getModifiers().contains(Modifier.STATIC) ? null : receiverFor(tree, field);
      return fieldRef(tree, field, receiver);
    }
    throw context.error(tree, Messages.cannotResolve(name));
  }

  private Expr.This receiver(Tree tree) {
    if (context.method().isStatic()) {
      throw context.error(tree, Messages.cannotResolve("this"));
    }
    TypeElement owner = context.symbols().enclosingClass();
    return new Expr.This(tree, ValueType.reference(context.method().owner(), owner));
  }

  /** The receiver of an unqualified instance member: only the method's own receiver is reachable. */
  private Expr receiverFor(Tree tree, Element member) {
    access.requireOwnMember(tree, member);
    return receiver(tree);
  }

  private Expr fieldRef(Tree tree, VariableElement field, Expr receiver) {
    Object constant = field.getConstantValue();
    ValueType type = ValueTypes.of(field.asType());
    if (type == null) {
      throw context.error(tree, Messages.unsupportedType(field.asType().toString()));
    }
    if (!access.accessible(field)
        || constant != null && field.getModifiers().contains(Modifier.PRIVATE)) {
      if (constant != null) {
        return literal(tree, constant);
      }
      if (receiver != null && isRecordComponent(field)) {
        // A record's component fields are private, but their accessors are not.
        return new Expr.PlainCall(
            tree,
            type,
            new Receiver.Instance(receiver),
            field.getSimpleName().toString(),
            List.of());
      }
      // Its type is known, so the method can be read on for its other errors.
      context.report(
          tree,
          Messages.inaccessibleMember(
              field, field.getSimpleName().toString(), context.companion()));
    }
    // Raw: a static member of a generic class is reached through the raw class.
    Receiver through = receiver == null
        ? new Receiver.Static(ClassName.get(Symbols.ownerOf(field)))
        : new Receiver.Instance(receiver);
    return new Expr.FieldRef(tree, type, through, field.getSimpleName().toString());
  }

  private static boolean isRecordComponent(VariableElement field) {
    TypeElement owner = Symbols.ownerOf(field);
    return owner.getKind() == ElementKind.RECORD
        && !field.getModifiers().contains(Modifier.STATIC)
        && owner.getRecordComponents().stream()
            .anyMatch(c -> c.getSimpleName().equals(field.getSimpleName()));
  }

  private Expr memberSelect(MemberSelectTree tree) {
    String name = tree.getIdentifier().toString();
    ExpressionTree qualifier = tree.getExpression();
    Symbols symbols = context.symbols();
    TypeElement type = qualifierType(qualifier);
    if (type != null) {
      VariableElement field = symbols.field(type, name);
      if (field == null || !field.getModifiers().contains(Modifier.STATIC)) {
        throw context.error(tree, Messages.cannotResolve(tree.toString()));
      }
      return fieldRef(tree, field, null);
    }
    Expr target = read(qualifier);
    if (target.type().isArray() && name.equals("length")) {
      return new Expr.ArrayLength(tree, target);
    }
    TypeElement targetClass = types.classOf(target.type());
    VariableElement field = targetClass == null ? null : symbols.field(targetClass, name);
    if (field == null) {
      throw context.error(tree, Messages.cannotResolve(tree.toString()));
    }
    return fieldRef(tree, field, field.getModifiers().contains(Modifier.STATIC) ? null : target);
  }

  /**
   * The class a qualifier names, when it names one rather than a value: a simple or dotted name that
   * is no variable or field in scope.
   */
  private TypeElement qualifierType(ExpressionTree qualifier) {
    Tree first = qualifier;
    while (first instanceof MemberSelectTree select) {
      first = select.getExpression();
    }
    if (!(first instanceof IdentifierTree id)) {
      return null;
    }
    String name = id.getName().toString();
    if (name.equals("this")
        || context.scope().lookup(name) != null
        || context.symbols().field(name) != null) {
      return null;
    }
    return context.symbols().type(qualifier);
  }

  // ---------------------------------------------------------------- operators

  private Expr unary(UnaryTree tree) {
    Expr operand = read(tree.getExpression());
    UnaryOperator operator = switch (tree.getKind()) {
      case UNARY_MINUS -> UnaryOperator.MINUS;
      case UNARY_PLUS -> UnaryOperator.PLUS;
      case LOGICAL_COMPLEMENT -> UnaryOperator.NOT;
      default -> UnaryOperator.COMPLEMENT;
    };
    return new Expr.Unary(tree, types.unary(tree, operator, operand.type()), operator, operand);
  }

  private static BinaryOperator binaryOperator(Tree.Kind kind) {
    return switch (kind) {
      case MULTIPLY, MULTIPLY_ASSIGNMENT -> BinaryOperator.MULTIPLY;
      case DIVIDE, DIVIDE_ASSIGNMENT -> BinaryOperator.DIVIDE;
      case REMAINDER, REMAINDER_ASSIGNMENT -> BinaryOperator.REMAINDER;
      case PLUS, PLUS_ASSIGNMENT -> BinaryOperator.PLUS;
      case MINUS, MINUS_ASSIGNMENT -> BinaryOperator.MINUS;
      case LEFT_SHIFT, LEFT_SHIFT_ASSIGNMENT -> BinaryOperator.SHIFT_LEFT;
      case RIGHT_SHIFT, RIGHT_SHIFT_ASSIGNMENT -> BinaryOperator.SHIFT_RIGHT;
      case UNSIGNED_RIGHT_SHIFT, UNSIGNED_RIGHT_SHIFT_ASSIGNMENT ->
        BinaryOperator.UNSIGNED_SHIFT_RIGHT;
      case LESS_THAN -> BinaryOperator.LESS;
      case GREATER_THAN -> BinaryOperator.GREATER;
      case LESS_THAN_EQUAL -> BinaryOperator.LESS_EQUAL;
      case GREATER_THAN_EQUAL -> BinaryOperator.GREATER_EQUAL;
      case EQUAL_TO -> BinaryOperator.EQUAL;
      case NOT_EQUAL_TO -> BinaryOperator.NOT_EQUAL;
      case AND, AND_ASSIGNMENT -> BinaryOperator.AND;
      case XOR, XOR_ASSIGNMENT -> BinaryOperator.XOR;
      case OR, OR_ASSIGNMENT -> BinaryOperator.OR;
      case CONDITIONAL_AND -> BinaryOperator.CONDITIONAL_AND;
      case CONDITIONAL_OR -> BinaryOperator.CONDITIONAL_OR;
      default -> throw new IllegalArgumentException(kind.toString());
    };
  }

  private Expr binary(BinaryTree tree) {
    BinaryOperator operator = binaryOperator(tree.getKind());
    Expr left = read(tree.getLeftOperand());
    Expr right = read(tree.getRightOperand());
    return new Expr.Binary(
        tree, types.binary(tree, operator, left.type(), right.type()), operator, left, right);
  }

  private Expr conditional(ConditionalExpressionTree tree) {
    Expr condition = read(tree.getCondition());
    Expr whenTrue = read(tree.getTrueExpression());
    Expr whenFalse = read(tree.getFalseExpression());
    ValueType type = types.conditional(tree, whenTrue.type(), whenFalse.type());
    return new Expr.Conditional(tree, type, condition, whenTrue, whenFalse);
  }

  private Expr cast(TypeCastTree tree) {
    ValueType type = types.of(tree.getType());
    Expr operand = read(tree.getExpression());
    types.checkCast(tree, type, operand.type());
    return new Expr.Cast(tree, type, operand);
  }

  // ---------------------------------------------------------------- arrays

  private Expr arrayAccess(ArrayAccessTree tree) {
    Expr array = read(tree.getExpression());
    Expr index = read(tree.getIndex());
    return new Expr.ArrayRead(tree, types.component(tree, array.type()), array, index);
  }

  private Expr newArray(NewArrayTree tree) {
    if (tree.getType() == null) {
      throw context.error(
          tree,
          Messages.notSupported("an array initializer without a type", "write new double[] {...}"));
    }
    ValueType element = types.of(tree.getType());
    if (tree.getInitializers() != null) {
      return readArrayInitializer(tree, element.arrayOf());
    }
    List<Expr> dimensions = new ArrayList<>();
    ValueType type = element;
    for (ExpressionTree dimension : tree.getDimensions()) {
      dimensions.add(read(dimension));
      type = type.arrayOf();
    }
    return new Expr.NewArray(tree, type, dimensions);
  }

  private Expr readArrayInitializer(NewArrayTree tree, ValueType type) {
    if (type == null || !type.isArray()) {
      throw context.error(
          tree, Messages.notSupported("this array initializer", "write new double[] {...}"));
    }
    List<Expr> elements = new ArrayList<>();
    for (ExpressionTree element : tree.getInitializers()) {
      elements.add(read(element, type.component()));
    }
    return new Expr.ArrayInitializer(tree, type, elements);
  }

  // ---------------------------------------------------------------- assignments

  private Expr.Target target(ExpressionTree tree) {
    if (tree instanceof IdentifierTree id
        && context.scope().lookup(id.getName().toString()) == null
        && context.symbols().field(id.getName().toString()) != null) {
      // Said first, and alone: that the field is also private would be beside the point.
      throw context.error(tree, Messages.fieldWrite(id.getName().toString()));
    }
    Expr target = read(tree);
    if (target instanceof Expr.Target assignable) {
      return assignable;
    }
    if (target instanceof Expr.FieldRef field) {
      throw context.error(tree, Messages.fieldWrite(field.name()));
    }
    throw context.error(
        tree, Messages.notSupported("assigning to '" + tree + "'", "assign a local variable"));
  }

  private Expr assignment(AssignmentTree tree) {
    Expr.Target target = target(tree.getVariable());
    Expr value = read(tree.getExpression(), target.type());
    types.checkAssignable(tree, target.type(), value.type(), false);
    return Expr.Assign.plain(tree, target, value);
  }

  private Expr compoundAssignment(CompoundAssignmentTree tree) {
    Expr.Target target = target(tree.getVariable());
    Expr value = read(tree.getExpression());
    BinaryOperator operator = binaryOperator(tree.getKind());
    types.binary(tree, operator, target.type(), value.type());
    return Expr.Assign.compound(tree, target, operator, value);
  }

  private Expr incDec(UnaryTree tree) {
    Expr.Target target = target(tree.getExpression());
    types.checkIncrementable(tree, target.type());
    boolean increment = tree.getKind() == Tree.Kind.PREFIX_INCREMENT
        || tree.getKind() == Tree.Kind.POSTFIX_INCREMENT;
    boolean prefix = tree.getKind() == Tree.Kind.PREFIX_INCREMENT
        || tree.getKind() == Tree.Kind.PREFIX_DECREMENT;
    return new Expr.IncDec(tree, target, increment, prefix);
  }

  // ---------------------------------------------------------------- calls

  private Expr newObject(NewClassTree tree) {
    if (tree.getClassBody() != null) {
      throw context.error(tree, Messages.localClass());
    }
    if (tree.getEnclosingExpression() != null || !tree.getTypeArguments().isEmpty()) {
      throw context.error(
          tree, Messages.notSupported("this form of 'new'", "create plain objects only"));
    }
    TypeElement type = context.symbols().type(tree.getIdentifier());
    if (type == null || !type.getTypeParameters().isEmpty() || !SignatureReader.reachable(type)) {
      throw context.error(
          tree.getIdentifier(), Messages.cannotResolve(tree.getIdentifier().toString()));
    }
    return new Expr.NewObject(
        tree, ValueType.reference(ClassName.get(type), type), readAll(tree.getArguments()));
  }

  private List<Expr> readAll(List<? extends ExpressionTree> trees) {
    List<Expr> out = new ArrayList<>();
    for (ExpressionTree tree : trees) {
      out.add(read(tree));
    }
    return out;
  }

  private Expr call(MethodInvocationTree tree) {
    if (!tree.getTypeArguments().isEmpty()) {
      throw context.error(
          tree, Messages.notSupported("explicit type arguments", "call the method plainly"));
    }
    List<Expr> args = readAll(tree.getArguments());
    ExpressionTree select = tree.getMethodSelect();
    Symbols symbols = context.symbols();
    List<ExecutableElement> candidates;
    Expr receiver = null;
    String name;
    if (select instanceof IdentifierTree id) {
      name = id.getName().toString();
      candidates = symbols.methods(name);
    } else if (select instanceof MemberSelectTree member) {
      name = member.getIdentifier().toString();
      TypeElement type = qualifierType(member.getExpression());
      if (type != null) {
        candidates = symbols.methods(type, name);
      } else {
        receiver = read(member.getExpression());
        if (receiver.type().isArray() && name.equals("clone") && args.isEmpty()) {
          return new Expr.PlainCall(
              tree, receiver.type(), new Receiver.Instance(receiver), "clone", List.of());
        }
        TypeElement receiverClass = types.classOf(receiver.type());
        if (receiverClass == null) {
          throw context.error(tree, Messages.cannotResolveMethod(tree.toString()));
        }
        candidates = symbols.methods(receiverClass, name);
      }
    } else {
      throw context.error(tree, Messages.cannotResolveMethod(tree.toString()));
    }
    ExecutableElement callee = calls.choose(tree, candidates, args);
    if (callee.getModifiers().contains(Modifier.STATIC)) {
      receiver = null;
    } else if (receiver == null) {
      receiver = receiverFor(tree, callee);
    }
    return calls.call(tree, name, callee, receiver, args);
  }
}
