package dev.gradgen.processor.diagnostics;

import java.util.List;
import javax.lang.model.element.Element;
import javax.lang.model.element.Modifier;

/**
 * Every error message the processor reports, in one place so their wording stays consistent and
 * tests can match it. Each says what is wrong and what to do instead.
 */
public final class Messages {

  private Messages() {}

  private static final String IN_METHOD = " in a @Differentiable method";

  public static String notSupported(String construct, String instead) {
    return construct + " is not supported" + IN_METHOD + "; " + instead;
  }

  public static String lambda() {
    return notSupported(
        "a lambda or method reference",
        "write the computation inline or as another @Differentiable method");
  }

  public static String tryCatch() {
    return notSupported("try/catch", "catch exceptions in the caller instead");
  }

  public static String localClass() {
    return notSupported("a local or anonymous class", "declare it outside the method");
  }

  public static String switchExpression() {
    return notSupported("a switch expression", "use a switch statement that assigns a local");
  }

  public static String patternMatching() {
    return notSupported("instanceof and pattern matching", "keep the body to numbers and arrays");
  }

  public static String synchronizedBlock() {
    return notSupported("synchronized", "synchronize in the caller");
  }

  public static String assertStatement() {
    return notSupported("assert", "throw an exception from an if statement instead");
  }

  public static String unsupportedType(String type) {
    return "type " + type + " is not supported" + IN_METHOD
        + "; use double, int, long, boolean, String or arrays of them";
  }

  public static String unsupportedOperator(String operator, String type) {
    return "operator " + operator + " on " + type + " is not supported" + IN_METHOD;
  }

  public static String fieldWrite(String field) {
    return "cannot assign to field '" + field + "'" + IN_METHOD
        + "; assign a local variable instead (the generated gradient must not change state)";
  }

  public static String parameterArrayWrite(String parameter) {
    return "cannot write into the elements of array parameter '" + parameter + "'" + IN_METHOD
        + "; copy it into a local array first";
  }

  public static String constantParameterAssigned(String parameter) {
    return "parameter '" + parameter + "' is not differentiable (see wrt) but is assigned a value"
        + " that depends on a differentiable parameter; assign a local variable instead";
  }

  public static String stringFromActive(String expression) {
    return "cannot build a string from '" + expression
        + "', which depends on a differentiable parameter; leave the value out of the message";
  }

  public static String activeArgumentToPlainMethod(String method, String argument) {
    return "cannot differentiate through '" + method
        + "': it is not @Differentiable and its argument '"
        + argument + "' depends on a differentiable parameter; annotate '" + method
        + "' with @Differentiable, or pass it a constant";
  }

  public static String activeArgumentToConstantParameter(
      String method, String parameter, String argument) {
    return "argument '" + argument + "' depends on a differentiable parameter, but parameter '"
        + parameter + "' of '" + method + "' is not differentiable (see its wrt); the derivative"
        + " through it would be lost: add '" + parameter + "' to its wrt";
  }

  public static String activeIntoOpaque(String expression) {
    return "'" + expression + "' depends on a differentiable parameter and cannot be used here;"
        + " only double arithmetic, Math functions and @Differentiable methods carry derivatives";
  }

  public static String postfixValue(String expression) {
    return "the value of '" + expression + "' on a differentiable variable cannot be used"
        + "; increment it in a statement of its own";
  }

  public static String privateMember(String member, String companion) {
    return "'" + member + "' is private, so the generated " + companion
        + " cannot reach it; make it package-private (private compile-time constants are"
        + " inlined and may stay private)";
  }

  /** {@link #privateMember} for private members; otherwise the protected-elsewhere variant. */
  public static String inaccessibleMember(Element member, String name, String companion) {
    if (member.getModifiers().contains(Modifier.PRIVATE)) {
      return privateMember(name, companion);
    }
    return "'" + name + "' is not accessible from the generated " + companion
        + ", which lives in this package but is no subclass; reach it through a package-private"
        + " member of your class";
  }

  public static String inaccessibleClass(String type, String companion) {
    return "class " + type + " is private or local, so the generated " + companion
        + " cannot reach it; make it package-private";
  }

  public static String returnType(String type) {
    return "a @Differentiable method must return double or double[], not " + type;
  }

  public static String noBody() {
    return "a @Differentiable method needs a body; this one is abstract or native";
  }

  public static String noDifferentiableParameter() {
    return "a @Differentiable method needs at least one double, double[] or double[][] parameter to"
        + " differentiate with respect to";
  }

  public static String unknownWrt(String name, String method) {
    return "wrt names '" + name + "', which is not a parameter of " + method;
  }

  public static String wrtNotDifferentiable(String name, String type) {
    return "wrt names '" + name + "', of type " + type
        + "; only double, double[] and double[][] parameters can be differentiated";
  }

  public static String duplicateWrt(String name) {
    return "wrt names '" + name + "' twice";
  }

  public static String overloadClash(String method, String companion) {
    return "another @Differentiable overload of '" + method + "' already produces " + companion
        + "; rename one of them";
  }

  public static String overridableCallee(String method) {
    return "'" + method + "' may be overridden, and the gradient would not follow the override;"
        + " make '" + method + "' (or its class) final, or the method static";
  }

  public static String inLocalClass() {
    return "@Differentiable methods of local and anonymous classes get no companion; declare the"
        + " class as a member or top-level class";
  }

  public static String companionExists(String companion, String type) {
    return "cannot write " + companion + ", the gradients of " + type
        + ": a class of that name already exists in this compilation; rename one of them";
  }

  public static String componentClash(String parameter) {
    return "parameter '" + parameter + "' would clash with "
        + (parameter.equals("value") ? "value()" : "the inherited " + parameter + "()")
        + " of the generated gradient record;"
        + " rename it";
  }

  public static String genericMethod() {
    return notSupported("a generic method", "declare it with concrete types");
  }

  public static String varargs() {
    return notSupported("a varargs parameter", "declare it as an array");
  }

  public static String cannotResolve(String name) {
    return "cannot resolve '" + name + "'" + IN_METHOD
        + "; only parameters, locals, fields and static members of known classes are available";
  }

  public static String cannotResolveMethod(String call) {
    return "cannot resolve the method called by '" + call + "'";
  }

  public static String missingCompanion(String method, String companion) {
    return "'" + method + "' is @Differentiable but its companion " + companion
        + " was not found; compile its class with gradgen-processor on the annotation processor path";
  }

  public static String invalidCallee(String method, String reason) {
    return "cannot differentiate through '" + method + "': " + reason;
  }

  public static String notAnnotatable(String kind) {
    return "@Differentiable applies to methods, not to a " + kind;
  }

  public static String noTrees() {
    return "gradgen needs javac's Compiler Tree API (com.sun.source), which this compiler does not"
        + " provide; compile with javac";
  }

  public static String tooDeep() {
    return "expressions of a @Differentiable method here are nested too deeply for gradgen (it ran"
        + " out of stack); split long expressions into locals, or give javac more stack (-J-Xss8m)";
  }

  public static String internalError(Throwable t) {
    return "gradgen failed on this method with an internal error (" + t
        + "); please report it with the method's source";
  }

  // ---------------------------------------------------------------- stop-gradient and constant
  // results

  public static String constantResult(String method) {
    return "the result of '" + method + "' does not depend on any differentiable parameter and will"
        + " always have a zero derivative; check that the parameters in its wrt reach the returned"
        + " value (a value passed through Gradients.stopGradient is a constant)";
  }

  // ---------------------------------------------------------------- errors (issues 9 and 10):
  // overridable methods, calls whose value may vary, and the errors of a user's first hour

  /**
   * An instance {@code @Differentiable} method that a subclass (or, for a default method, an
   * implementing class) may override: its gradient would differentiate this body for a receiver
   * whose own override the plain call runs.
   */
  public static String overridableMethod(String method, boolean defaultMethod) {
    String fix = defaultMethod
        ? "make it static or private, or declare it in a final class instead of an interface"
        : "make '" + method + "' or its class final, or the method static or private";
    return "@Differentiable method '" + method + "' can be overridden"
        + (defaultMethod ? " by every class that implements the interface" : "")
        + ", and its gradient would still differentiate this body, not the override a call runs; "
        + fix;
  }

  /** A warning: a call whose value may differ between the user's own call and the gradient's. */
  public static String mayVary(String call) {
    return "'" + call + "' may return a different value each time it is called, and the generated"
        + " gradient calls it again: its value() and partials may then disagree with an earlier call"
        + " of the method; pass the value in as a parameter instead";
  }

  /** An active argument to a method outside this compilation, which the user cannot annotate. */
  public static String activeArgumentToForeignMethod(String method, String argument) {
    return "cannot differentiate through '" + method + "': it is not @Differentiable, and as a JDK"
        + " or library method (not among the sources being compiled) it cannot be annotated; its"
        + " argument '" + argument + "' depends on a differentiable parameter: rewrite the"
        + " expression with operations gradgen differentiates (arithmetic, Math functions,"
        + " @Differentiable methods), or pass it only constants";
  }

  /** A call whose result has a generic type, such as {@code List<Double>.get(i)}. */
  public static String genericResult(String call, String receiverType) {
    return "the result of '" + call + "' has a generic type of " + receiverType
        + ", which is not supported in a @Differentiable method; pass the numbers as a double[]"
        + " (or another array) instead of " + receiverType;
  }

  // ---------------------------------------------------------------- limits of the generated code

  public static String activeArrayRank(String what, int maxRank) {
    return "'" + what
        + "' is an array of rank 3 or more that depends on a differentiable parameter;"
        + " gradgen's node arrays go up to rank " + maxRank + " (double[][]): flatten it into a"
        + " double[][] or double[]";
  }

  public static String gradientRecordTooLarge(int maxSlots) {
    return "this method has too many differentiable array parameters for its gradient record (the"
        + " JVM allows " + maxSlots
        + " parameter slots); pass them as one double[][], or name fewer"
        + " in wrt";
  }

  public static String builderTooLarge() {
    return "the graph builder gradgen would generate for this method may exceed the JVM's 64 KB of"
        + " code per method; split the method into smaller @Differentiable methods (fusion, on by"
        + " default, also makes the builder smaller)";
  }

  public static String wrtArrayRank(String name, String type) {
    return "wrt names '" + name + "', of type " + type + ": gradgen differentiates with respect to"
        + " double, double[] and double[][] parameters only; flatten it into a double[][] or"
        + " double[]";
  }

  // ---------------------------------------------------------------- custom derivative rules

  /** A {@code @DerivativeOf} method that is an instance method or private. */
  public static String ruleNotStatic(String rule) {
    return "a @DerivativeOf rule must be a static method that is not private, called by the"
        + " generated gradient: make '" + rule + "' static (and not private)";
  }

  /** A rule whose {@code type} has no method of the rule's {@code method} name. */
  public static String ruleNoTarget(String type, String method) {
    return "@DerivativeOf names no method: " + type + " has no method '" + method + "'";
  }

  /** A rule whose parameters fit no overload of the target. */
  public static String ruleParameterTypes(String target, List<String> expected) {
    return "@DerivativeOf: the rule's parameters fit no overload of " + target + "; a rule takes"
        + " the target's parameters in order (an instance method's receiver first): expected "
        + String.join(" or ", expected);
  }

  /** A rule whose target does not return double. */
  public static String ruleTargetNotDouble(String target, String returnType) {
    return "@DerivativeOf: the target " + target + " returns " + returnType
        + "; rules are for methods that return double";
  }

  /** A rule whose return type does not fit the partials it covers. */
  public static String ruleReturnType(String target, String expected) {
    return "@DerivativeOf: the rule of " + target + " returns the wrong type: it gives one partial"
        + " per covered double (and one per element of a covered double[]), as a double when it"
        + " covers one double, else as a double[]; expected " + expected;
  }

  /** A second rule for a target that has one already. */
  public static String ruleDuplicate(String target, String other) {
    return "@DerivativeOf: " + target + " has two rules, this one and " + other + "; keep one";
  }

  /** A {@code wrt} name that is no double or double[] parameter of the rule. */
  public static String ruleWrt(String name, List<String> candidates) {
    boolean namesLost =
        !candidates.isEmpty() && candidates.stream().allMatch(c -> c.matches("arg\\d+"));
    return "@DerivativeOf wrt: '" + name + "' is no double or double[] parameter of the rule"
        + (candidates.isEmpty()
            ? ""
            : "; its parameters that can be: " + String.join(", ", candidates))
        + (namesLost
            ? " (its class file keeps no parameter names: compile the rule's class with"
                + " javac -parameters)"
            : "");
  }

  /** A rule whose target has no parameter it can give partials for. */
  public static String ruleNothingCovered(String target) {
    return "@DerivativeOf: " + target + " has no double or double[] parameter to differentiate";
  }

  /** A rule whose target has a parameter type outside the subset, or a varargs target. */
  public static String ruleUnsupported(String target, String what) {
    return "@DerivativeOf: " + what + " of " + target + " is not supported yet by rules";
  }

  /** A {@code @DerivativeRules} class with no rules, or whose rules are wrong (from a class file). */
  public static String declaredRules(String type, String problem) {
    return "@DerivativeRules names " + type + ": " + problem;
  }

  /** An active argument to a parameter the target's rule gives no partial for. */
  public static String activeArgumentNotCovered(
      String target, String rule, String parameter, String argument) {
    return "'" + argument + "' depends on a differentiable parameter, but the rule " + rule
        + " gives no partial of " + target + " with respect to its parameter '" + parameter
        + "': add it to the rule's wrt (and return its partial), or pass a constant";
  }

  /** A rule or target the companion, in the caller's package, cannot call. */
  public static String inaccessibleRule(String what, String companion) {
    return what + " is not accessible from the generated " + companion
        + ", which calls it: make it public, or package-private in this package";
  }

  // ---------------------------------------------------------------- the user's build (issue 9)

  /**
   * The generated gradient records need Java 16; {@code release} is what the compilation targets,
   * as {@link javax.lang.model.SourceVersion} names it (RELEASE_11).
   */
  public static String releaseTooOld(String release) {
    return "gradgen generates records, which need Java 16 or newer, but this compilation targets "
        + release.replace("RELEASE_", "Java ") + "; compile with --release 17 (in Maven,"
        + " <maven.compiler.release>17</maven.compiler.release>)";
  }

  // ---------------------------------------------------------------- second derivatives (issue 13,
  // hess)

  /** {@code @Differentiable(order = 3)}. */
  public static String unsupportedOrder(int order) {
    return "@Differentiable(order = " + order + "): the order is 1 (the gradient only) or 2 (the"
        + " default: also the DualTensor builder, mHessian and mHessianVectorProduct)";
  }

  /** An order-2 method calling a {@code @Differentiable(order = 1)} method with active arguments. */
  public static String firstOrderCallee(String callee) {
    return "'" + callee
        + "' is @Differentiable(order = 1), so it has no second-order builder, which"
        + " this method's second derivatives go through; remove order = 1 from '" + callee
        + "', or give this method @Differentiable(order = 1) if it needs no second derivatives";
  }

  /** An order-2 method calling a rule whose partials method is not {@code @Differentiable}. */
  public static String ruleNotDifferentiable(String target, String rule) {
    return "second derivatives through " + target + " differentiate its rule's partials once more,"
        + " so they need the rule " + rule + " to be a @Differentiable method (of order 2):"
        + " annotate " + rule + " with @Differentiable, or give this method"
        + " @Differentiable(order = 1) if it needs no second derivatives";
  }

  /** An active argument for a parameter the rule's own {@code @Differentiable} does not cover. */
  public static String ruleArgumentNotDifferentiable(
      String argument, String parameter, String rule) {
    return "'" + argument + "' depends on a differentiable parameter, but parameter '" + parameter
        + "' of the rule " + rule + " is not differentiable (see its @Differentiable wrt), so the"
        + " second derivative through it would be lost: add '" + parameter + "' to its wrt, or"
        + " give this method @Differentiable(order = 1) if it needs no second derivatives";
  }

  /** The second-order builder may exceed the JVM's 64 KB per method. */
  public static String secondOrderBuilderTooLarge() {
    return "the second-order graph builder gradgen would generate for this method may exceed the"
        + " JVM's 64 KB of code per method; split the"
        + " method into smaller @Differentiable methods, or give it @Differentiable(order = 1) if"
        + " it needs no second derivatives";
  }

  /**
   * The start of the exception text of a generated {@code mHessianVectorProduct} given a direction
   * of the wrong length; the generated code appends the two lengths.
   */
  public static String directionLength(String method) {
    return "the direction of " + method + " has one entry per differentiable input (flattened in"
        + " declaration order), but its length is ";
  }

  // ---------------------------------------------------------------- double[] results, Jacobians
  // and tangents (issue 13)

  /**
   * A double[]-returning method returns an array its companion can only copy: a constant
   * parameter's or a field's, which the plain method hands back itself.
   */
  public static String returnedConstantParameterArray(String parameter) {
    return returnedShared(
        "the array of its parameter '" + parameter + "', which is not" + " differentiable");
  }

  /** See {@link #returnedConstantParameterArray}: a field's array. */
  public static String returnedFieldArray(String field) {
    return returnedShared("the array of field '" + field + "'");
  }

  private static String returnedShared(String what) {
    return "a @Differentiable method that returns double[] cannot return " + what
        + ": its generated graph builder could only return a copy, and a caller writing into the"
        + " result would then change one array and not the other; return a copy (.clone())";
  }
}
