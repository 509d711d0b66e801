package dev.gradgen.processor;

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
    return notSupported("a lambda or method reference",
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
    return "cannot differentiate through '" + method + "': it is not @Differentiable and its argument '"
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

  public static String indexWithSideEffects(String expression) {
    return "the index in '" + expression + "' has side effects; compute it into a local first";
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
    return "a @Differentiable method must return double, not " + type;
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
    return "parameter '" + parameter + "' would clash with " + (parameter.equals("value")
        ? "value()" : "the inherited " + parameter + "()") + " of the generated gradient record;"
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
}
