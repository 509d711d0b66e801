package dev.gradgen.processor.analysis;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.sun.source.tree.Tree;
import dev.gradgen.processor.diagnostics.Messages;
import dev.gradgen.processor.model.Callee;
import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.MathFunction;
import dev.gradgen.processor.model.Receiver;
import dev.gradgen.processor.model.TypeNames;
import dev.gradgen.processor.model.ValueType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.TypeMirror;

/**
 * Resolves a call: picks the overload Java would, then decides what the call is to the graph (a
 * call through a {@code @DerivativeOf} rule, a Math function, a {@code @Differentiable} callee, or
 * a plain call).
 */
final class CallResolver {

  private final ReadContext context;
  private final AccessCheck access;
  private final ExpressionTypes types;

  CallResolver(ReadContext context, AccessCheck access, ExpressionTypes types) {
    this.context = context;
    this.access = access;
    this.types = types;
  }

  /**
   * Picks the overload Java would: applicable by arity and types, then the most specific; a varargs
   * method by variable arity only when no method applies by fixed arity (JLS 15.12.2).
   */
  ExecutableElement choose(Tree tree, List<ExecutableElement> candidates, List<Expr> args) {
    ExecutableElement best = mostSpecific(candidates, args, false);
    if (best == null) {
      best = mostSpecific(candidates, args, true);
    }
    if (best == null) {
      throw context.error(tree, Messages.cannotResolveMethod(tree.toString()));
    }
    return best;
  }

  private static ExecutableElement mostSpecific(
      List<ExecutableElement> candidates, List<Expr> args, boolean variableArity) {
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

  private static boolean moreSpecific(
      ExecutableElement a, ExecutableElement b, int arity, boolean variableArity) {
    for (int i = 0; i < arity; i++) {
      ValueType from = ValueTypes.of(parameterType(a, i, variableArity));
      if (from == null || !ValueTypes.assignable(from, parameterType(b, i, variableArity))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The call of {@code callee}, chosen for the call {@code tree}, as the graph sees it; {@code
   * receiver} is null for a static method.
   */
  Expr call(Tree tree, String name, ExecutableElement callee, Expr receiver, List<Expr> args) {
    boolean isStatic = callee.getModifiers().contains(Modifier.STATIC);
    TypeElement owner = Symbols.ownerOf(callee);
    Expr ruleCall = ruleCall(tree, callee, receiver, args);
    if (ruleCall != null) {
      return ruleCall;
    }
    MathFunction function = mathFunction(owner, callee, args);
    if (function != null) {
      return new Expr.MathCall(tree, function.resultType(), ClassName.get(owner), function, args);
    }
    if (isAnnotatedDifferentiable(callee)) {
      if (!isStatic && OverridableMethods.overridable(callee)) {
        // The plain call dispatches on the receiver's class; the companion call could not.
        context.report(tree, Messages.overridableCallee(callee.getSimpleName().toString()));
      }
      return new Expr.DifferentiableCall(
          tree, calleeOf(tree, callee), Optional.ofNullable(receiver), args);
    }
    if (!access.accessible(callee)) {
      // Reported, and read on: its result type is known.
      context.report(
          tree,
          Messages.inaccessibleMember(
              callee, callee.getSimpleName() + "(...)", context.companion()));
    }
    ValueType type = ValueTypes.of(callee.getReturnType());
    if (type == null) {
      if (receiver != null
          && receiver.type().base() == ValueType.Base.REFERENCE
          && receiver.type().reference() instanceof ParameterizedTypeName generic) {
        // list.get(i) of a List<Double>: its element type E means nothing without attribution.
        throw context.error(tree, Messages.genericResult(tree.toString(), simpleNames(generic)));
      }
      throw context.error(tree, Messages.unsupportedType(callee.getReturnType().toString()));
    }
    if (NondeterministicCalls.mayVary(owner, callee)) {
      context.reporter().warningAt(tree, context.unit(), Messages.mayVary(tree.toString()));
    }
    Receiver through =
        isStatic ? new Receiver.Static(ClassName.get(owner)) : new Receiver.Instance(receiver);
    return new Expr.PlainCall(
        tree, type, through, name, args, context.trees().getPath(callee) != null);
  }

  /** A call of a method that has a {@code @DerivativeOf} rule, or null when it has none. */
  private Expr ruleCall(Tree tree, ExecutableElement callee, Expr receiver, List<Expr> args) {
    DerivativeRuleRegistry rules = context.rules();
    if (rules == null) {
      return null;
    }
    TypeElement receiverClass = receiver == null ? null : types.classOf(receiver.type());
    DerivativeRuleRegistry.Found found =
        rules.find(context.symbols().enclosingClass(), callee, receiverClass);
    if (found == null) {
      return null;
    }
    String companion = context.companion();
    if (!access.accessible(callee)) {
      context.report(
          tree,
          Messages.inaccessibleRule("the method " + found.rule().targetDescription(), companion));
    }
    if (!access.accessible(found.method())) {
      context.report(
          tree, Messages.inaccessibleRule("its rule " + found.rule().ruleDescription(), companion));
    }
    return new Expr.RuleCall(tree, found.rule(), Optional.ofNullable(receiver), args);
  }

  private static MathFunction mathFunction(
      TypeElement owner, ExecutableElement callee, List<Expr> args) {
    MathFunction function =
        MathFunction.named(ClassName.get(owner), callee.getSimpleName().toString(), args.size());
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
        out.append(i == 0 ? "" : ", ")
            .append(simpleNames(parameterized.typeArguments().get(i)));
      }
      return out.append('>').toString();
    }
    return type instanceof ClassName className ? className.simpleName() : type.toString();
  }

  private static boolean isAnnotatedDifferentiable(ExecutableElement method) {
    return Annotations.has(method, TypeNames.DIFFERENTIABLE);
  }

  /**
   * The signature of a called {@code @Differentiable} method: read from its declaration when it is
   * compiled now, or from its companion's graph builder when it comes from a class file, whose
   * parameter names (and so its {@code wrt}) may be lost.
   */
  private Callee calleeOf(Tree tree, ExecutableElement callee) {
    String description = SignatureReader.describe(callee);
    if (context.trees().getPath(callee) == null) {
      Callee compiled = CompiledCompanions.read(
          context.symbols().elements(), context.symbols().types(), callee);
      if (compiled == null) {
        throw context.error(
            tree,
            Messages.missingCompanion(
                description, CompanionNames.companionOf(Symbols.ownerOf(callee)).toString()));
      }
      return compiled;
    }
    try {
      return SignatureReader.read(callee);
    } catch (InvalidSignatureException e) {
      throw context.error(tree, Messages.invalidCallee(description, e.getMessage()));
    }
  }
}
