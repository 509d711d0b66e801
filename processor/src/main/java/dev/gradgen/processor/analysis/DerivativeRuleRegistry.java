package dev.gradgen.processor.analysis;

import com.palantir.javapoet.TypeName;
import dev.gradgen.processor.diagnostics.ErrorReporter;
import dev.gradgen.processor.diagnostics.Messages;
import dev.gradgen.processor.model.Callee;
import dev.gradgen.processor.model.Rule;
import dev.gradgen.processor.model.TypeNames;
import dev.gradgen.processor.model.ValueType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.lang.model.type.ArrayType;
import javax.lang.model.type.DeclaredType;
import javax.lang.model.type.TypeKind;
import javax.lang.model.type.TypeMirror;
import javax.lang.model.util.ElementFilter;
import javax.lang.model.util.Elements;
import javax.lang.model.util.Types;

/**
 * The {@code @DerivativeOf} rules a compilation knows: those among its sources, found on their own,
 * and those of the classes a user's class names in {@code @DerivativeRules}, read from class files.
 * Each rule is checked against its target once; a wrong one is reported and never applied.
 */
public final class DerivativeRuleRegistry {

  /** A rule and the method that implements it. */
  public record Found(ExecutableElement method, Rule rule, String targetKey) {}

  private final Elements elements;
  private final Types types;
  private final ErrorReporter reporter;
  /** The rules of the sources being compiled, by their target's key. */
  private final Map<String, Found> compiled = new HashMap<>();
  /** The rule methods already checked (by key), so a class both compiled and declared counts once. */
  private final Set<String> seenRules = new LinkedHashSet<>();
  /** The rules of each class named in a {@code @DerivativeRules}, by target key. */
  private final Map<String, Map<String, Found>> declared = new HashMap<>();

  public DerivativeRuleRegistry(Elements elements, Types types, ErrorReporter reporter) {
    this.elements = elements;
    this.types = types;
    this.reporter = reporter;
  }

  /** Checks and registers the rules of one round of the sources being compiled. */
  public void addCompiled(Set<? extends Element> annotated) {
    for (Element element : annotated) {
      if (!(element instanceof ExecutableElement rule)) {
        continue;
      }
      if (!seenRules.add(key(rule))) {
        continue;
      }
      Consumer<String> report = message -> reporter.errorAt(rule, message);
      Found found = check(rule, report);
      if (found != null) {
        register(compiled, found, report);
      }
    }
  }

  /**
   * Checks the rule classes {@code userClass} and its enclosing classes name in {@code
   * @DerivativeRules}, reporting at the declaration, whether or not a call uses them.
   */
  public void checkDeclared(TypeElement userClass) {
    for (Element e = userClass; e instanceof TypeElement type; e = e.getEnclosingElement()) {
      for (TypeElement rules : declaredClasses(type)) {
        declaredRules(type, rules);
      }
    }
  }

  /**
   * The rule for a call of {@code target} from {@code userClass}, or null; {@code receiverClass} is
   * the static class of an instance call's receiver, which must fit the rule's receiver.
   */
  public Found find(TypeElement userClass, ExecutableElement target, TypeElement receiverClass) {
    String key = key(target);
    Found found = compiled.get(key);
    if (found == null) {
      for (Element e = userClass;
          e instanceof TypeElement type && found == null;
          e = e.getEnclosingElement()) {
        for (TypeElement rules : declaredClasses(type)) {
          found = declaredRules(type, rules).get(key);
          if (found != null) {
            break;
          }
        }
      }
    }
    if (found == null || !found.rule().instanceTarget()) {
      return found;
    }
    TypeMirror ruleReceiver = found.method().getParameters().get(0).asType();
    return receiverClass != null
            && types.isSubtype(types.erasure(receiverClass.asType()), types.erasure(ruleReceiver))
        ? found
        : null;
  }

  private List<TypeElement> declaredClasses(TypeElement type) {
    List<TypeElement> out = new ArrayList<>();
    AnnotationMirror mirror = Annotations.find(type, TypeNames.DERIVATIVE_RULES);
    if (mirror == null) {
      return out;
    }
    for (AnnotationValue value : values(mirror, "value")) {
      if (value.getValue() instanceof DeclaredType declaredType) {
        out.add((TypeElement) declaredType.asElement());
      }
    }
    return out;
  }

  /** The rules of a declared class, checked on first use and reported at the declaration. */
  private Map<String, Found> declaredRules(TypeElement user, TypeElement rules) {
    String name = rules.getQualifiedName().toString();
    Map<String, Found> known = declared.get(name);
    if (known != null) {
      return known;
    }
    Map<String, Found> out = new HashMap<>();
    declared.put(name, out);
    AnnotationMirror declaration = Annotations.find(user, TypeNames.DERIVATIVE_RULES);
    boolean any = false;
    for (ExecutableElement method : ElementFilter.methodsIn(rules.getEnclosedElements())) {
      if (!Annotations.has(method, TypeNames.DERIVATIVE_OF)) {
        continue;
      }
      any = true;
      if (seenRules.contains(key(method))) {
        // Among the sources: registered (or reported) already.
        continue;
      }
      Consumer<String> report = message -> reporter.abortAt(
          user,
          declaration,
          null,
          Messages.declaredRules(name, method.getSimpleName() + ": " + message));
      Found found = check(method, report);
      if (found != null) {
        register(out, found, report);
      }
    }
    if (!any) {
      reporter.abortAt(
          user, declaration, null, Messages.declaredRules(name, "it has no @DerivativeOf methods"));
    }
    return out;
  }

  private void register(Map<String, Found> into, Found found, Consumer<String> report) {
    String key = found.targetKey();
    Found other = into.get(key);
    if (other != null) {
      report.accept(Messages.ruleDuplicate(targetSignature(found), other.rule().ruleDescription()));
      return;
    }
    into.put(key, found);
  }

  private String targetSignature(Found found) {
    List<String> parameters = new ArrayList<>();
    for (Rule.Parameter p : found.rule().parameters()) {
      parameters.add(p.type().toString());
    }
    return found.rule().targetDescription() + "(" + String.join(", ", parameters) + ")";
  }

  // ---------------------------------------------------------------- checking one rule

  private Found check(ExecutableElement rule, Consumer<String> report) {
    String ruleName = rule.getSimpleName().toString();
    if (!rule.getModifiers().contains(Modifier.STATIC)
        || rule.getModifiers().contains(Modifier.PRIVATE)) {
      report.accept(Messages.ruleNotStatic(ruleName));
      return null;
    }
    AnnotationMirror mirror = Annotations.find(rule, TypeNames.DERIVATIVE_OF);
    TypeElement ruleClass = (TypeElement) rule.getEnclosingElement();
    TypeElement targetClass = ruleClass;
    String methodName = "";
    List<String> wrt = new ArrayList<>();
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        elements.getElementValuesWithDefaults(mirror).entrySet()) {
      String name = entry.getKey().getSimpleName().toString();
      Object value = entry.getValue().getValue();
      if (name.equals("type") && value instanceof DeclaredType declaredType) {
        targetClass = (TypeElement) declaredType.asElement();
      } else if (name.equals("method")) {
        methodName = String.valueOf(value);
      } else if (name.equals("wrt") && value instanceof List<?> list) {
        for (Object item : list) {
          wrt.add(String.valueOf(((AnnotationValue) item).getValue()));
        }
      }
    }
    String targetClassName = targetClass.getSimpleName().toString();
    List<ExecutableElement> candidates = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(elements.getAllMembers(targetClass))) {
      if (method.getSimpleName().contentEquals(methodName) && !method.equals(rule)) {
        candidates.add(method);
      }
    }
    if (candidates.isEmpty()) {
      report.accept(Messages.ruleNoTarget(targetClassName, methodName));
      return null;
    }
    ExecutableElement target = null;
    for (ExecutableElement candidate : candidates) {
      if (fits(rule, candidate, targetClass)) {
        target = candidate;
        break;
      }
    }
    String description = targetClassName + "." + methodName;
    if (target == null) {
      List<String> expected = new ArrayList<>();
      for (ExecutableElement candidate : candidates) {
        expected.add(
            expectedSignature(ruleName, candidate, targetClass, coveredByDefault(candidate)));
      }
      report.accept(Messages.ruleParameterTypes(description, expected));
      return null;
    }
    if (target.getReturnType().getKind() != TypeKind.DOUBLE) {
      report.accept(Messages.ruleTargetNotDouble(description, simple(target.getReturnType())));
      return null;
    }
    if (target.isVarArgs()) {
      report.accept(Messages.ruleUnsupported(description, "a varargs method"));
      return null;
    }
    boolean instance = !target.getModifiers().contains(Modifier.STATIC);
    List<? extends VariableElement> ruleParameters = rule.getParameters();
    int offset = instance ? 1 : 0;
    List<String> differentiable = new ArrayList<>();
    for (int i = 0; i < target.getParameters().size(); i++) {
      if (differentiableKind(target.getParameters().get(i).asType())) {
        differentiable.add(ruleParameters.get(i + offset).getSimpleName().toString());
      }
    }
    for (String name : wrt) {
      if (!differentiable.contains(name)) {
        report.accept(Messages.ruleWrt(name, differentiable));
        return null;
      }
    }
    List<Rule.Parameter> parameters = new ArrayList<>();
    boolean[] covered = new boolean[target.getParameters().size()];
    int coveredCount = 0;
    for (int i = 0; i < target.getParameters().size(); i++) {
      TypeMirror type = target.getParameters().get(i).asType();
      String name = ruleParameters.get(i + offset).getSimpleName().toString();
      ValueType valueType = ValueTypes.of(type);
      if (valueType == null) {
        report.accept(Messages.ruleUnsupported(description, "a parameter of type " + simple(type)));
        return null;
      }
      covered[i] = differentiableKind(type) && (wrt.isEmpty() || wrt.contains(name));
      if (covered[i] && valueType.isArray() && valueType.dims() > 1) {
        report.accept(Messages.ruleUnsupported(description, "a " + simple(type) + " parameter"));
        return null;
      }
      coveredCount += covered[i] ? 1 : 0;
      parameters.add(new Rule.Parameter(name, valueType, covered[i]));
    }
    if (coveredCount == 0) {
      report.accept(Messages.ruleNothingCovered(description));
      return null;
    }
    boolean scalar = coveredCount == 1 && singleDouble(target, covered);
    TypeMirror returned = rule.getReturnType();
    boolean returnsScalar = returned.getKind() == TypeKind.DOUBLE;
    boolean returnsArray = returned instanceof ArrayType array
        && array.getComponentType().getKind() == TypeKind.DOUBLE;
    if (scalar ? !returnsScalar : !returnsArray) {
      report.accept(Messages.ruleReturnType(
          description, expectedSignature(ruleName, target, targetClass, covered)));
      return null;
    }
    // An instance target is called on the rule's receiver type (the method may be inherited); a
    // static one through the class that declares it.
    TypeElement owner = instance ? targetClass : (TypeElement) target.getEnclosingElement();
    Rule model = new Rule(
        TypeName.get(types.erasure(ruleClass.asType())),
        ruleName,
        TypeName.get(types.erasure(owner.asType())),
        methodName,
        instance,
        List.copyOf(parameters),
        scalar,
        partialsBuilder(rule));
    return new Found(rule, model, key(target));
  }

  /**
   * The rule method's own signature when it is {@code @Differentiable}, so that its companion's
   * builders can compute its partials as nodes: from its companion when it was compiled earlier,
   * else from its declaration; null when it is not {@code @Differentiable} or its declaration has
   * errors (reported on it).
   */
  private Callee partialsBuilder(ExecutableElement rule) {
    if (!Annotations.has(rule, TypeNames.DIFFERENTIABLE)) {
      return null;
    }
    Callee compiled = CompiledCompanions.read(elements, types, rule);
    if (compiled != null) {
      return compiled;
    }
    SignatureReader.Result read = SignatureReader.readAll(rule);
    return read.problems().isEmpty() ? read.callee() : null;
  }

  private static boolean singleDouble(ExecutableElement target, boolean[] covered) {
    for (int i = 0; i < covered.length; i++) {
      if (covered[i]) {
        return target.getParameters().get(i).asType().getKind() == TypeKind.DOUBLE;
      }
    }
    return false;
  }

  private static boolean[] coveredByDefault(ExecutableElement target) {
    boolean[] covered = new boolean[target.getParameters().size()];
    for (int i = 0; i < covered.length; i++) {
      covered[i] = differentiableKind(target.getParameters().get(i).asType());
    }
    return covered;
  }

  /** double and double[] (and deeper arrays, rejected later with their own message). */
  private static boolean differentiableKind(TypeMirror type) {
    TypeMirror t = type;
    while (t instanceof ArrayType array) {
      t = array.getComponentType();
    }
    return t.getKind() == TypeKind.DOUBLE;
  }

  /** Whether the rule's parameters are the target's, an instance target's receiver first. */
  private boolean fits(ExecutableElement rule, ExecutableElement target, TypeElement targetClass) {
    boolean instance = !target.getModifiers().contains(Modifier.STATIC);
    List<? extends VariableElement> ruleParameters = rule.getParameters();
    int offset = instance ? 1 : 0;
    if (ruleParameters.size() != target.getParameters().size() + offset) {
      return false;
    }
    if (instance
        && !types.isSameType(
            types.erasure(ruleParameters.get(0).asType()), types.erasure(targetClass.asType()))) {
      return false;
    }
    for (int i = 0; i < target.getParameters().size(); i++) {
      if (!types.isSameType(
          types.erasure(ruleParameters.get(i + offset).asType()),
          types.erasure(target.getParameters().get(i).asType()))) {
        return false;
      }
    }
    return true;
  }

  /** {@code static double[] f(double x, double y)}: the rule that would fit {@code target}. */
  private static String expectedSignature(
      String ruleName, ExecutableElement target, TypeElement targetClass, boolean[] covered) {
    int count = 0;
    for (boolean c : covered) {
      count += c ? 1 : 0;
    }
    String result = count == 1 && singleDouble(target, covered) ? "double" : "double[]";
    List<String> parameters = new ArrayList<>();
    if (!target.getModifiers().contains(Modifier.STATIC)) {
      parameters.add(targetClass.getSimpleName() + " receiver");
    }
    for (VariableElement parameter : target.getParameters()) {
      parameters.add(simple(parameter.asType()) + " " + parameter.getSimpleName());
    }
    return "'static " + result + " " + ruleName + "(" + String.join(", ", parameters) + ")'";
  }

  private static String simple(TypeMirror type) {
    if (type instanceof ArrayType array) {
      return simple(array.getComponentType()) + "[]";
    }
    if (type instanceof DeclaredType declared) {
      return declared.asElement().getSimpleName().toString();
    }
    return type.toString();
  }

  /** {@code p.C#name(double,double[])}: one method, the same whether read from source or class. */
  private String key(ExecutableElement method) {
    StringBuilder out = new StringBuilder(
            ((TypeElement) method.getEnclosingElement()).getQualifiedName())
        .append('#')
        .append(method.getSimpleName())
        .append('(');
    for (VariableElement parameter : method.getParameters()) {
      out.append(types.erasure(parameter.asType())).append(',');
    }
    return out.append(')').toString();
  }

  private static List<AnnotationValue> values(AnnotationMirror mirror, String name) {
    for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> entry :
        mirror.getElementValues().entrySet()) {
      if (entry.getKey().getSimpleName().contentEquals(name)) {
        Object value = entry.getValue().getValue();
        List<AnnotationValue> out = new ArrayList<>();
        if (value instanceof List<?> list) {
          for (Object item : list) {
            out.add((AnnotationValue) item);
          }
        } else {
          out.add(entry.getValue());
        }
        return out;
      }
    }
    return List.of();
  }
}
