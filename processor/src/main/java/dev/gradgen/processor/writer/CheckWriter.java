package dev.gradgen.processor.writer;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.gradgen.processor.analysis.CompanionNames;
import dev.gradgen.processor.model.Callee;
import dev.gradgen.processor.model.MethodModel;
import dev.gradgen.processor.model.TypeNames;
import dev.gradgen.processor.model.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Writes {@code mCheck(...)}, which compares the generated gradient (or, for a {@code
 * double[]}-returning method, the generated Jacobian) of a {@code @Differentiable} method with
 * central finite differences of the method itself, through the runtime's {@code DerivativeChecker}.
 */
public final class CheckWriter {

  private static final ClassName CHECKER = TypeNames.DERIVATIVE_CHECKER;
  private static final ClassName POINT = CHECKER.nestedClass("Point");
  private static final ClassName CHECK = TypeNames.DERIVATIVE_CHECK;

  private CheckWriter() {}

  /**
   * {@code public static DerivativeCheck mCheck(...)} for {@code model}, whose other members call
   * the receiver of an instance method {@code receiver}.
   */
  public static MethodSpec checkMethod(MethodModel model, String receiver) {
    Callee signature = model.signature();
    boolean vector = signature.returnsVector();
    String derivatives =
        vector ? model.name() + "Jacobian" : CompanionNames.gradientMethodName(model.name());
    MethodSpec.Builder method = MethodSpec.methodBuilder(model.name() + "Check")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(CHECK)
        .addJavadoc(
            "Compares the partial derivatives of {@link $L} from {@code $N}\n"
                + "with central finite differences of the method, one differentiable input element at a\n"
                + "time (Richardson-extrapolated, the step scaled to the input), and says whether they\n"
                + "agree within the tolerance documented on {@link $T}. The arguments are not written:\n"
                + "the differences perturb copies. In a test: {@code $N(...).assertPassed()}.\n",
            CompanionWriter.javadocLink(model),
            derivatives,
            CHECK,
            model.name() + "Check");
    CompanionWriter.addThrows(method, model);
    Set<String> taken = new HashSet<>();
    List<CodeBlock> arguments = new ArrayList<>();
    if (!signature.isStatic()) {
      method.addParameter(signature.owner(), receiver);
      arguments.add(CodeBlock.of("$N", receiver));
      taken.add(receiver);
    }
    for (Variable parameter : signature.parameters()) {
      method.addParameter(parameter.type().plainName(), parameter.name());
      arguments.add(CodeBlock.of("$N", parameter.name()));
      taken.add(parameter.name());
    }
    String result = fresh(vector ? "jacobian" : "gradient", taken);
    String checker = fresh("checker", taken);
    String point = fresh("point", taken);
    ClassName record = model
        .companion()
        .nestedClass(
            vector
                ? JacobianWriter.recordName(model.name())
                : CompanionNames.recordName(model.name()));
    method.addStatement(
        "$T $N = $N($L)", record, result, derivatives, CodeBlock.join(arguments, ", "));
    method.addStatement(
        "$T $N = new $T($S)", CHECKER, checker, CHECKER, model.owner() + "." + model.name());
    // Registration order is the index the point hands each input back by.
    List<CodeBlock> perturbed = new ArrayList<>();
    if (!signature.isStatic()) {
      perturbed.add(CodeBlock.of("$N", receiver));
    }
    int index = 0;
    for (Variable parameter : signature.parameters()) {
      if (!parameter.differentiable()) {
        perturbed.add(CodeBlock.of("$N", parameter.name()));
        continue;
      }
      String kind = switch (parameter.type().dims()) {
        case 0 -> "scalar";
        case 1 -> "vector";
        default -> "matrix";
      };
      method.addStatement(
          "$N.$N($S, $N, $N.$N())",
          checker,
          vector ? kind + "Jacobian" : kind,
          parameter.name(),
          parameter.name(),
          result,
          parameter.name());
      CodeBlock value = CodeBlock.of("$N.$N($L)", point, kind, index++);
      perturbed.add(signature.originalCallable() ? value : constantNodes(value, parameter));
    }
    method.beginControlFlow("while ($N.hasNextPoint())", checker);
    method.addStatement("$T $N = $N.nextPoint()", POINT, point, checker);
    method.addStatement(
        "$N.$N($L)", checker, vector ? "values" : "value", plainCall(model, receiver, perturbed));
    method.endControlFlow();
    return method.addStatement("return $N.result()", checker).build();
  }

  /**
   * The method's value at the perturbed point: the method itself when the companion can call it;
   * for a private one, its graph builder on constant nodes, whose value is bit for bit the method's.
   */
  private static CodeBlock plainCall(
      MethodModel model, String receiver, List<CodeBlock> arguments) {
    Callee signature = model.signature();
    if (!signature.originalCallable()) {
      CodeBlock call = CodeBlock.of("$N($L)", model.name(), CodeBlock.join(arguments, ", "));
      return signature.returnsVector()
          ? CodeBlock.of("$T.data($L)", ExpressionWriter.TENSOR, call)
          : CodeBlock.of("$L.data()", call);
    }
    if (signature.isStatic()) {
      return CodeBlock.of(
          "$T.$N($L)", signature.owner(), model.name(), CodeBlock.join(arguments, ", "));
    }
    return CodeBlock.of(
        "$N.$N($L)",
        receiver,
        model.name(),
        CodeBlock.join(arguments.subList(1, arguments.size()), ", "));
  }

  /** {@code new Tensor(x)}, {@code Tensor.of(v)} or {@code Tensor.of(m)}: nodes on no tape. */
  private static CodeBlock constantNodes(CodeBlock value, Variable parameter) {
    return parameter.type().isArray()
        ? CodeBlock.of("$T.of($L)", ExpressionWriter.TENSOR, value)
        : CodeBlock.of("new $T($L)", ExpressionWriter.TENSOR, value);
  }

  private static String fresh(String base, Set<String> taken) {
    String name = CompanionWriter.freshName(base, taken);
    taken.add(name);
    return name;
  }
}
