package dev.gradgen.processor.analysis;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.ArrayTypeTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.BindingPatternTree;
import com.sun.source.tree.CompilationUnitTree;
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
import com.sun.source.tree.PrimitiveTypeTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.UnaryTree;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import dev.gradgen.processor.diagnostics.AbortMethodException;
import dev.gradgen.processor.diagnostics.ErrorReporter;
import dev.gradgen.processor.diagnostics.Messages;
import dev.gradgen.processor.model.Callee;
import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.Expr.BinaryOperator;
import dev.gradgen.processor.model.Expr.UnaryOperator;
import dev.gradgen.processor.model.MathFunction;
import dev.gradgen.processor.model.ValueType;
import dev.gradgen.processor.model.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.PackageElement;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;

/**
 * Reads expression trees into typed {@link Expr}s. Bodies are not attributed while annotations are
 * processed, so types come from declarations: the scope's variables, fields' and methods' elements,
 * and Java's promotion rules.
 */
final class ExpressionReader {

  private static final String DIFFERENTIABLE = "dev.gradgen.Differentiable";

  private final Symbols symbols;
  private final Scope scope;
  private final Trees trees;
  private final ErrorReporter reporter;
  private final CompilationUnitTree unit;
  private final Callee method;
  private final DerivativeRuleRegistry rules;

  ExpressionReader(Symbols symbols, Scope scope, Trees trees, ErrorReporter reporter,
      CompilationUnitTree unit, Callee method, DerivativeRuleRegistry rules) {
    this.rules = rules;
    this.symbols = symbols;
    this.scope = scope;
    this.trees = trees;
    this.reporter = reporter;
    this.unit = unit;
    this.method = method;
  }

  /** What the method being read returns: {@code double} or {@code double[]}. */
  ValueType resultType() {
    return method.result();
  }

  AbortMethodException error(Tree tree, String message) {
    return reporter.abortAt(tree, unit, message);
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
        throw error(tree, Messages.unsupportedType("float"));
      case CHAR_LITERAL:
        throw error(tree, Messages.unsupportedType("char"));
      case NULL_LITERAL:
        throw error(tree, Messages.notSupported("null", "use a value"));
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
        throw error(tree, Messages.lambda());
      case INSTANCE_OF:
        poisonBindings(tree);
        throw error(tree, Messages.patternMatching());
      case SWITCH_EXPRESSION:
        throw error(tree, Messages.switchExpression());
      default:
        if (tree instanceof BinaryTree binary) {
          return binary(binary);
        }
        if (tree instanceof CompoundAssignmentTree compound) {
          return compoundAssignment(compound);
        }
        throw error(tree, Messages.notSupported(describe(tree.getKind()), "keep to the subset in the README"));
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
        scope.poison(binding.getVariable().getName().toString());
        return super.visitBindingPattern(binding, unused);
      }
    }.scan(tree, null);
  }

  // ---------------------------------------------------------------- literals and names

  private Expr literal(Tree tree, Object value) {
    ValueType type = literalType(tree, value);
    return new Expr.Literal(tree, type, literalCode(value));
  }

  private ValueType literalType(Tree tree, Object value) {
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
    throw error(tree, Messages.unsupportedType(value.getClass().getSimpleName().toLowerCase(Locale.ROOT)));
  }

  /** Java source that denotes {@code value} exactly, whatever its origin (literal or constant). */
  private static String literalCode(Object value) {
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

  private Expr identifier(IdentifierTree tree) {
    String name = tree.getName().toString();
    if (name.equals("this")) {
      return receiver(tree);
    }
    Variable variable = scope.lookup(name);
    if (Scope.isPoisoned(variable)) {
      throw reporter.silentAbort();
    }
    if (variable != null) {
      return new Expr.VariableRef(tree, variable);
    }
    VariableElement field = symbols.field(name);
    if (field != null) {
      Expr receiver = field.getModifiers().contains(Modifier.STATIC) ? null : receiverFor(tree, field);
      return fieldRef(tree, field, receiver);
    }
    throw error(tree, Messages.cannotResolve(name));
  }

  private Expr.This receiver(Tree tree) {
    if (method.isStatic()) {
      throw error(tree, Messages.cannotResolve("this"));
    }
    return new Expr.This(tree, method.owner());
  }

  /** The receiver of an unqualified instance member: only the method's own receiver is reachable. */
  private Expr receiverFor(Tree tree, Element member) {
    TypeElement owner = symbols.enclosingClass();
    if (method.isStatic() || symbols.field(owner, member.getSimpleName().toString()) != member
        && !symbols.methods(owner, member.getSimpleName().toString()).contains(member)) {
      throw error(tree, Messages.notSupported("a member of an enclosing instance",
          "pass the value as a parameter"));
    }
    return receiver(tree);
  }

  private Expr fieldRef(Tree tree, VariableElement field, Expr receiver) {
    Object constant = field.getConstantValue();
    ValueType type = ValueTypes.of(field.asType());
    if (type == null) {
      throw error(tree, Messages.unsupportedType(field.asType().toString()));
    }
    if (!accessible(field) || constant != null && field.getModifiers().contains(Modifier.PRIVATE)) {
      if (constant != null) {
        return literal(tree, constant);
      }
      if (receiver != null && isRecordComponent(field)) {
        // A record's component fields are private, but their accessors are not.
        return new Expr.PlainCall(tree, type, null, receiver, field.getSimpleName().toString(),
            List.of());
      }
      // Its type is known, so the method can be read on for its other errors.
      reporter.errorAt(tree, unit, Messages.inaccessibleMember(field,
          field.getSimpleName().toString(), method.companion().simpleName()));
    }
    // Raw: a static member of a generic class is reached through the raw class.
    TypeName owner = receiver == null ? ClassName.get(Symbols.ownerOf(field)) : null;
    return new Expr.FieldRef(tree, type, owner, receiver, field.getSimpleName().toString());
  }

  private static boolean isRecordComponent(VariableElement field) {
    TypeElement owner = Symbols.ownerOf(field);
    return owner.getKind() == javax.lang.model.element.ElementKind.RECORD
        && !field.getModifiers().contains(Modifier.STATIC)
        && owner.getRecordComponents().stream()
            .anyMatch(c -> c.getSimpleName().equals(field.getSimpleName()));
  }

  /** Whether the companion, a top-level class in the method's package, can use {@code member}. */
  private boolean accessible(Element member) {
    TypeElement owner = Symbols.ownerOf(member);
    if (member.getModifiers().contains(Modifier.PRIVATE) || !SignatureReader.reachable(owner)) {
      return false;
    }
    if (member.getModifiers().contains(Modifier.PUBLIC) && publicPath(owner)) {
      return true;
    }
    return packageOf(owner).equals(packageOf(symbols.enclosingClass()));
  }

  private static boolean publicPath(TypeElement type) {
    for (Element e = type; e instanceof TypeElement t; e = e.getEnclosingElement()) {
      if (!t.getModifiers().contains(Modifier.PUBLIC)) {
        return false;
      }
    }
    return true;
  }

  private static String packageOf(Element element) {
    Element e = element;
    while (!(e instanceof PackageElement)) {
      e = e.getEnclosingElement();
    }
    return ((PackageElement) e).getQualifiedName().toString();
  }

  private Expr memberSelect(MemberSelectTree tree) {
    String name = tree.getIdentifier().toString();
    ExpressionTree qualifier = tree.getExpression();
    TypeElement type = qualifierType(qualifier);
    if (type != null) {
      VariableElement field = symbols.field(type, name);
      if (field == null || !field.getModifiers().contains(Modifier.STATIC)) {
        throw error(tree, Messages.cannotResolve(tree.toString()));
      }
      return fieldRef(tree, field, null);
    }
    Expr target = read(qualifier);
    if (target.type().isArray() && name.equals("length")) {
      return new Expr.ArrayLength(tree, target);
    }
    TypeElement targetClass = classOf(target);
    VariableElement field = targetClass == null ? null : symbols.field(targetClass, name);
    if (field == null) {
      throw error(tree, Messages.cannotResolve(tree.toString()));
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
    if (name.equals("this") || scope.lookup(name) != null || symbols.field(name) != null) {
      return null;
    }
    return symbols.type(qualifier);
  }

  private TypeElement classOf(Expr value) {
    if (value.type().equals(ValueType.STRING)) {
      // Strings are for messages, and their methods (s.length(), s.isEmpty()) are plain calls.
      return symbols.qualifiedType("java.lang.String");
    }
    if (value.type().base() != ValueType.Base.REFERENCE || value.type().isArray()) {
      return null;
    }
    if (value instanceof Expr.This) {
      return symbols.enclosingClass();
    }
    TypeName name = value.type().reference();
    if (name instanceof com.palantir.javapoet.ParameterizedTypeName parameterized) {
      name = parameterized.rawType();
    }
    return name instanceof ClassName className ? symbols.qualifiedType(className.canonicalName()) : null;
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
    ValueType type = operand.type();
    boolean ok = switch (operator) {
      case MINUS, PLUS -> type.isNumeric();
      case NOT -> type.equals(ValueType.BOOLEAN);
      case COMPLEMENT -> type.isNumeric() && !type.isDouble();
    };
    if (!ok) {
      throw error(tree, Messages.unsupportedOperator(operator.symbol(), type.toString()));
    }
    return new Expr.Unary(tree, type, operator, operand);
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
      case UNSIGNED_RIGHT_SHIFT, UNSIGNED_RIGHT_SHIFT_ASSIGNMENT -> BinaryOperator.UNSIGNED_SHIFT_RIGHT;
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
    return new Expr.Binary(tree, binaryType(tree, operator, left.type(), right.type()), operator,
        left, right);
  }

  /** The result type of {@code left operator right}, by Java's rules for the supported types. */
  private ValueType binaryType(Tree tree, BinaryOperator operator, ValueType left, ValueType right) {
    boolean numeric = left.isNumeric() && right.isNumeric();
    boolean integral = numeric && !left.isDouble() && !right.isDouble();
    boolean booleans = left.equals(ValueType.BOOLEAN) && right.equals(ValueType.BOOLEAN);
    ValueType type = switch (operator) {
      case PLUS -> left.equals(ValueType.STRING) || right.equals(ValueType.STRING)
          ? ValueType.STRING
          : numeric ? ValueType.promote(left, right) : null;
      case MINUS, MULTIPLY, DIVIDE, REMAINDER -> numeric ? ValueType.promote(left, right) : null;
      case SHIFT_LEFT, SHIFT_RIGHT, UNSIGNED_SHIFT_RIGHT -> integral ? left : null;
      case AND, OR, XOR -> integral ? ValueType.promote(left, right) : booleans ? ValueType.BOOLEAN : null;
      case LESS, GREATER, LESS_EQUAL, GREATER_EQUAL -> numeric ? ValueType.BOOLEAN : null;
      case EQUAL, NOT_EQUAL -> numeric || booleans ? ValueType.BOOLEAN : null;
      case CONDITIONAL_AND, CONDITIONAL_OR -> booleans ? ValueType.BOOLEAN : null;
    };
    if (type == null) {
      throw error(tree, Messages.unsupportedOperator(operator.symbol(), left + " and " + right));
    }
    return type;
  }

  private Expr conditional(ConditionalExpressionTree tree) {
    Expr condition = read(tree.getCondition());
    Expr whenTrue = read(tree.getTrueExpression());
    Expr whenFalse = read(tree.getFalseExpression());
    ValueType a = whenTrue.type();
    ValueType b = whenFalse.type();
    ValueType type;
    if (a.isNumeric() && b.isNumeric()) {
      type = ValueType.promote(a, b);
    } else if (a.equals(b)) {
      type = a;
    } else {
      throw error(tree, Messages.unsupportedOperator("?:", a + " and " + b));
    }
    return new Expr.Conditional(tree, type, condition, whenTrue, whenFalse);
  }

  private Expr cast(TypeCastTree tree) {
    ValueType type = typeOf(tree.getType());
    Expr operand = read(tree.getExpression());
    if (!type.isNumeric() || !operand.type().isNumeric()) {
      throw error(tree, Messages.notSupported("a cast to " + type, "cast only among int, long and double"));
    }
    return new Expr.Cast(tree, type, operand);
  }

  // ---------------------------------------------------------------- arrays

  private Expr arrayAccess(ArrayAccessTree tree) {
    Expr array = read(tree.getExpression());
    Expr index = read(tree.getIndex());
    if (!array.type().isArray()) {
      throw error(tree, Messages.unsupportedOperator("[]", array.type().toString()));
    }
    return new Expr.ArrayRead(tree, array.type().component(), array, index);
  }

  private Expr newArray(NewArrayTree tree) {
    if (tree.getType() == null) {
      throw error(tree, Messages.notSupported("an array initializer without a type",
          "write new double[] {...}"));
    }
    ValueType element = typeOf(tree.getType());
    if (tree.getInitializers() != null) {
      return readArrayInitializer(tree, element.arrayOf());
    }
    List<Expr> dimensions = new ArrayList<>();
    ValueType type = element;
    for (ExpressionTree dimension : tree.getDimensions()) {
      dimensions.add(read(dimension));
      type = type.arrayOf();
    }
    return new Expr.NewArray(tree, type, dimensions, null);
  }

  private Expr readArrayInitializer(NewArrayTree tree, ValueType type) {
    if (type == null || !type.isArray()) {
      throw error(tree, Messages.notSupported("this array initializer", "write new double[] {...}"));
    }
    List<Expr> elements = new ArrayList<>();
    for (ExpressionTree element : tree.getInitializers()) {
      elements.add(read(element, type.component()));
    }
    return new Expr.NewArray(tree, type, null, elements);
  }

  /** The type a type tree in the body denotes. */
  ValueType typeOf(Tree tree) {
    if (tree instanceof PrimitiveTypeTree primitive) {
      return switch (primitive.getPrimitiveTypeKind()) {
        case DOUBLE -> ValueType.DOUBLE;
        case INT -> ValueType.INT;
        case LONG -> ValueType.LONG;
        case BOOLEAN -> ValueType.BOOLEAN;
        default -> throw error(tree, Messages.unsupportedType(primitive.toString()));
      };
    }
    if (tree instanceof ArrayTypeTree array) {
      return typeOf(array.getType()).arrayOf();
    }
    if (tree instanceof IdentifierTree || tree instanceof MemberSelectTree) {
      TypeElement type = symbols.type(tree);
      if (type != null && !SignatureReader.reachable(type)) {
        throw error(tree, Messages.inaccessibleClass(type.getQualifiedName().toString(),
            method.companion().simpleName()));
      }
      if (type != null && type.getTypeParameters().isEmpty()) {
        ValueType value = ValueTypes.of(type.asType());
        if (value != null) {
          return value;
        }
      }
    }
    throw error(tree, Messages.unsupportedType(tree.toString()));
  }

  /**
   * Rejects a local of a type the companion cannot name but would have to declare: a private class,
   * or a type with a generic method's type variables (a {@code var} initialised by such a call).
   */
  void checkNameable(Tree tree, ValueType type) {
    if (type.base() != ValueType.Base.REFERENCE) {
      return;
    }
    TypeName name = type.reference();
    if (mentionsTypeVariable(name)) {
      // A generic method's result (List.of(...), say): its type variables mean nothing here.
      throw error(tree, Messages.unsupportedType(name.toString()));
    }
    if (name instanceof com.palantir.javapoet.ParameterizedTypeName parameterized) {
      name = parameterized.rawType();
    }
    TypeElement element = name instanceof ClassName className
        ? symbols.qualifiedType(className.canonicalName())
        : null;
    if (element != null && !SignatureReader.reachable(element)) {
      throw error(tree, Messages.inaccessibleClass(element.getQualifiedName().toString(),
          method.companion().simpleName()));
    }
  }

  private static boolean mentionsTypeVariable(TypeName name) {
    if (name instanceof com.palantir.javapoet.TypeVariableName) {
      return true;
    }
    if (name instanceof com.palantir.javapoet.ArrayTypeName array) {
      return mentionsTypeVariable(array.componentType());
    }
    if (name instanceof com.palantir.javapoet.WildcardTypeName wildcard) {
      return wildcard.upperBounds().stream().anyMatch(ExpressionReader::mentionsTypeVariable)
          || wildcard.lowerBounds().stream().anyMatch(ExpressionReader::mentionsTypeVariable);
    }
    if (name instanceof com.palantir.javapoet.ParameterizedTypeName parameterized) {
      return parameterized.typeArguments().stream().anyMatch(ExpressionReader::mentionsTypeVariable);
    }
    return false;
  }

  // ---------------------------------------------------------------- assignments

  private Expr.Target target(ExpressionTree tree) {
    if (tree instanceof IdentifierTree id && scope.lookup(id.getName().toString()) == null
        && symbols.field(id.getName().toString()) != null) {
      // Said first, and alone: that the field is also private would be beside the point.
      throw error(tree, Messages.fieldWrite(id.getName().toString()));
    }
    Expr target = read(tree);
    if (target instanceof Expr.Target assignable) {
      return assignable;
    }
    if (target instanceof Expr.FieldRef field) {
      throw error(tree, Messages.fieldWrite(field.name()));
    }
    throw error(tree, Messages.notSupported("assigning to '" + tree + "'", "assign a local variable"));
  }

  private Expr assignment(AssignmentTree tree) {
    Expr.Target target = target(tree.getVariable());
    Expr value = read(tree.getExpression(), target.type());
    checkAssignable(tree, target.type(), value.type(), false);
    return new Expr.Assign(tree, target, null, value);
  }

  private Expr compoundAssignment(CompoundAssignmentTree tree) {
    Expr.Target target = target(tree.getVariable());
    Expr value = read(tree.getExpression());
    BinaryOperator operator = binaryOperator(tree.getKind());
    binaryType(tree, operator, target.type(), value.type());
    return new Expr.Assign(tree, target, operator, value);
  }

  private Expr incDec(UnaryTree tree) {
    Expr.Target target = target(tree.getExpression());
    if (!target.type().isNumeric()) {
      throw error(tree, Messages.unsupportedOperator("++/--", target.type().toString()));
    }
    boolean increment =
        tree.getKind() == Tree.Kind.PREFIX_INCREMENT || tree.getKind() == Tree.Kind.POSTFIX_INCREMENT;
    boolean prefix =
        tree.getKind() == Tree.Kind.PREFIX_INCREMENT || tree.getKind() == Tree.Kind.PREFIX_DECREMENT;
    return new Expr.IncDec(tree, target, increment, prefix);
  }

  /**
   * Checks an assignment or initialisation by Java's rules for the supported types, so that the
   * generated code is as valid as the user's ({@code narrowing}: constants may narrow, as in
   * {@code int n = 3}).
   */
  void checkAssignable(Tree tree, ValueType target, ValueType value, boolean narrowing) {
    boolean ok = target.equals(value)
        || target.isNumeric() && value.isNumeric()
            && ValueType.promote(target, value).equals(target)
        || target.base() == ValueType.Base.REFERENCE && !target.isArray();
    if (!ok && !narrowing) {
      throw error(tree, Messages.notSupported("assigning " + value + " to " + target,
          "keep to the Java types of the subset"));
    }
  }

  // ---------------------------------------------------------------- calls

  private Expr newObject(NewClassTree tree) {
    if (tree.getClassBody() != null) {
      throw error(tree, Messages.localClass());
    }
    if (tree.getEnclosingExpression() != null || !tree.getTypeArguments().isEmpty()) {
      throw error(tree, Messages.notSupported("this form of 'new'", "create plain objects only"));
    }
    TypeElement type = symbols.type(tree.getIdentifier());
    if (type == null || !type.getTypeParameters().isEmpty() || !SignatureReader.reachable(type)) {
      throw error(tree.getIdentifier(), Messages.cannotResolve(tree.getIdentifier().toString()));
    }
    return new Expr.NewObject(tree, ClassName.get(type), readAll(tree.getArguments()));
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
      throw error(tree, Messages.notSupported("explicit type arguments", "call the method plainly"));
    }
    List<Expr> args = readAll(tree.getArguments());
    ExpressionTree select = tree.getMethodSelect();
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
          return new Expr.PlainCall(tree, receiver.type(), null, receiver, "clone", List.of());
        }
        TypeElement receiverClass = classOf(receiver);
        if (receiverClass == null) {
          throw error(tree, Messages.cannotResolveMethod(tree.toString()));
        }
        candidates = symbols.methods(receiverClass, name);
      }
    } else {
      throw error(tree, Messages.cannotResolveMethod(tree.toString()));
    }
    ExecutableElement callee = choose(tree, candidates, args);
    boolean isStatic = callee.getModifiers().contains(Modifier.STATIC);
    if (isStatic) {
      receiver = null;
    } else if (receiver == null) {
      receiver = receiverFor(tree, callee);
    }
    TypeElement owner = Symbols.ownerOf(callee);
    Expr ruleCall = ruleCall(tree, callee, receiver, args);
    if (ruleCall != null) {
      return ruleCall;
    }
    MathFunction function = mathFunction(owner, callee, args);
    if (function != null) {
      return new Expr.MathCall(tree, function.resultType(), ClassName.get(owner), function,
          args);
    }
    if (isAnnotatedDifferentiable(callee)) {
      if (!isStatic && OverridableMethods.overridable(callee)) {
        // The plain call dispatches on the receiver's class; the companion call could not.
        reporter.errorAt(tree, unit, Messages.overridableCallee(callee.getSimpleName().toString()));
      }
      return new Expr.DifferentiableCall(tree, calleeOf(tree, callee), receiver, args);
    }
    if (!accessible(callee)) {
      // Reported, and read on: its result type is known.
      reporter.errorAt(tree, unit, Messages.inaccessibleMember(callee,
          callee.getSimpleName() + "(...)", method.companion().simpleName()));
    }
    ValueType type = ValueTypes.of(callee.getReturnType());
    if (type == null) {
      if (receiver != null && receiver.type().base() == ValueType.Base.REFERENCE
          && receiver.type().reference() instanceof ParameterizedTypeName generic) {
        // list.get(i) of a List<Double>: its element type E means nothing without attribution.
        throw error(tree, Messages.genericResult(tree.toString(), simpleNames(generic)));
      }
      throw error(tree, Messages.unsupportedType(callee.getReturnType().toString()));
    }
    if (NondeterministicCalls.mayVary(owner, callee)) {
      reporter.warningAt(tree, unit, Messages.mayVary(tree.toString()));
    }
    TypeName ownerName = isStatic ? ClassName.get(owner) : null;
    return new Expr.PlainCall(tree, type, ownerName, receiver, name, args,
        trees.getPath(callee) != null);
  }

  /** A call of a method that has a {@code @DerivativeOf} rule, or null when it has none. */
  private Expr ruleCall(Tree tree, ExecutableElement callee, Expr receiver, List<Expr> args) {
    if (rules == null) {
      return null;
    }
    TypeElement receiverClass = receiver == null ? null : classOf(receiver);
    DerivativeRuleRegistry.Found found = rules.find(symbols.enclosingClass(), callee, receiverClass);
    if (found == null) {
      return null;
    }
    String companion = method.companion().simpleName();
    if (!accessible(callee)) {
      reporter.errorAt(tree, unit, Messages.inaccessibleRule(
          "the method " + found.rule().targetDescription(), companion));
    }
    if (!accessible(found.method())) {
      reporter.errorAt(tree, unit, Messages.inaccessibleRule(
          "its rule " + found.rule().ruleDescription(), companion));
    }
    return new Expr.RuleCall(tree, found.rule(), receiver, args);
  }

  /**
   * Picks the overload Java would: applicable by arity and types, then the most specific; a varargs
   * method by variable arity only when no method applies by fixed arity (JLS 15.12.2).
   */
  private ExecutableElement choose(Tree tree, List<ExecutableElement> candidates, List<Expr> args) {
    ExecutableElement best = mostSpecific(candidates, args, false);
    if (best == null) {
      best = mostSpecific(candidates, args, true);
    }
    if (best == null) {
      throw error(tree, Messages.cannotResolveMethod(tree.toString()));
    }
    return best;
  }

  private static ExecutableElement mostSpecific(List<ExecutableElement> candidates, List<Expr> args,
      boolean variableArity) {
    List<ExecutableElement> applicable = new ArrayList<>();
    for (ExecutableElement candidate : candidates) {
      int declared = candidate.getParameters().size();
      if (variableArity
          ? !candidate.isVarArgs() || args.size() < declared - 1
          : declared != args.size()) {
        continue;
      }
      boolean ok = true;
      for (int i = 0; i < args.size() && ok; i++) {
        ok = ValueTypes.assignable(args.get(i).type(), parameterType(candidate, i, variableArity));
      }
      if (ok) {
        applicable.add(candidate);
      }
    }
    ExecutableElement best = null;
    for (ExecutableElement candidate : applicable) {
      if (best == null || moreSpecific(candidate, best, args.size(), variableArity)) {
        best = candidate;
      }
    }
    return best;
  }

  /** The type the {@code i}th argument is passed as: past the fixed ones, the varargs' element. */
  private static TypeMirror parameterType(ExecutableElement method, int i, boolean variableArity) {
    List<? extends VariableElement> parameters = method.getParameters();
    int last = parameters.size() - 1;
    if (variableArity && i >= last) {
      return ((ArrayType) parameters.get(last).asType()).getComponentType();
    }
    return parameters.get(i).asType();
  }

  private static boolean moreSpecific(ExecutableElement a, ExecutableElement b, int arity,
      boolean variableArity) {
    for (int i = 0; i < arity; i++) {
      ValueType from = ValueTypes.of(parameterType(a, i, variableArity));
      if (from == null || !ValueTypes.assignable(from, parameterType(b, i, variableArity))) {
        return false;
      }
    }
    return true;
  }

  private static MathFunction mathFunction(TypeElement owner, ExecutableElement callee, List<Expr> args) {
    MathFunction function = MathFunction.named(owner.getQualifiedName().toString(),
        callee.getSimpleName().toString(), args.size());
    if (function == null) {
      return null;
    }
    for (int i = 0; i < args.size(); i++) {
      if (!function.acceptsParameter(i, callee.getParameters().get(i).asType().getKind())) {
        // Math.abs(int), Math.max(long, long) and the like: plain integer functions.
        return null;
      }
    }
    return function;
  }

  /** {@code List<Double>} for {@code java.util.List<java.lang.Double>}, as the user wrote it. */
  private static String simpleNames(TypeName type) {
    if (type instanceof ParameterizedTypeName parameterized) {
      StringBuilder out = new StringBuilder(parameterized.rawType().simpleName()).append('<');
      for (int i = 0; i < parameterized.typeArguments().size(); i++) {
        out.append(i == 0 ? "" : ", ").append(simpleNames(parameterized.typeArguments().get(i)));
      }
      return out.append('>').toString();
    }
    return type instanceof ClassName className ? className.simpleName() : type.toString();
  }

  private static boolean isAnnotatedDifferentiable(ExecutableElement method) {
    return method.getAnnotationMirrors().stream().anyMatch(a ->
        ((TypeElement) a.getAnnotationType().asElement()).getQualifiedName()
            .contentEquals(DIFFERENTIABLE));
  }

  /**
   * The signature of a called {@code @Differentiable} method: read from its declaration when it is
   * compiled now, or from its companion's graph builder when it comes from a class file, whose
   * parameter names (and so its {@code wrt}) may be lost.
   */
  private Callee calleeOf(Tree tree, ExecutableElement callee) {
    String description = SignatureReader.describe(callee);
    if (trees.getPath(callee) == null) {
      Callee compiled = CompiledCompanions.read(symbols.elements(), callee);
      if (compiled == null) {
        throw error(tree, Messages.missingCompanion(description,
            CompanionNames.companionOf(Symbols.ownerOf(callee)).toString()));
      }
      return compiled;
    }
    try {
      return SignatureReader.read(callee);
    } catch (InvalidSignatureException e) {
      throw error(tree, Messages.invalidCallee(description, e.getMessage()));
    }
  }
}
