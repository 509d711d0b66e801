package dev.gradgen.processor.writer;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import dev.gradgen.processor.model.Callee;
import dev.gradgen.processor.model.MethodModel;
import dev.gradgen.processor.model.ValueType;
import dev.gradgen.processor.model.Variable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.lang.model.element.Modifier;

/**
 * Writes forward mode for every method: {@code mTangent(<params>, <one tangent per differentiable
 * parameter>)}, returning {@code record MTangent(value, tangent)}, the value and its directional
 * derivative along the tangents (a Jacobian-vector product), by one forward sweep over the graph's
 * tape and no backward pass ({@code Tensor.tangents}).
 */
final class TangentWriter {

  /** The JVM's limit on a method's parameter slots (a double two, anything else one). */
  private static final int MAX_SLOTS = 255;

  private TangentWriter() {}

  /**
   * Adds {@code mTangent} and its record to {@code type}, unless the parameters and their tangents
   * would not fit in the JVM's 255 parameter slots of one method (then there is none); {@code
   * forward} names the method's graph-free forward function, null when it has none.
   */
  static void addTo(TypeSpec.Builder type, MethodModel model, String receiver, String forward) {
    if (!fits(model.signature())) {
      return;
    }
    type.addMethod(method(model, receiver, forward));
    type.addType(record(model));
  }

  /** Whether the parameters, receiver and tangents fit in one method's parameter slots. */
  static boolean fits(Callee signature) {
    int slots = signature.isStatic() ? 0 : 1;
    for (Variable parameter : signature.parameters()) {
      int one = slots(parameter.type());
      slots += parameter.differentiable() ? 2 * one : one;
    }
    return slots <= MAX_SLOTS;
  }

  private static int slots(ValueType type) {
    return !type.isArray()
            && (type.base() == ValueType.Base.DOUBLE || type.base() == ValueType.Base.LONG)
        ? 2
        : 1;
  }

  /** {@code MTangent}: the record's simple name. */
  static String recordName(String method) {
    return Character.toUpperCase(method.charAt(0)) + method.substring(1) + "Tangent";
  }

  private static MethodSpec method(MethodModel model, String receiver, String forward) {
    Callee signature = model.signature();
    ClassName record = model.companion().nestedClass(recordName(model.name()));
    MethodSpec.Builder method = MethodSpec.methodBuilder(model.name() + "Tangent")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
        .returns(record);
    CompanionWriter.addThrows(method, model);
    Set<String> taken = new HashSet<>();
    if (!signature.isStatic()) {
      method.addParameter(signature.owner(), receiver);
      taken.add(receiver);
    }
    for (Variable parameter : signature.parameters()) {
      method.addParameter(parameter.type().plainName(), parameter.name());
      taken.add(parameter.name());
    }
    List<String> tangentNames = new ArrayList<>();
    for (Variable parameter : signature.parameters()) {
      if (parameter.differentiable()) {
        String name = CompanionWriter.freshName(parameter.name() + "Tangent", taken);
        taken.add(name);
        tangentNames.add(name);
        method.addParameter(parameter.type().plainName(), name);
      }
    }
    if (forward != null) {
      method.addJavadoc(
          "Forward mode: the value of {@link $L} and its directional derivative\n"
              + "(a Jacobian-vector product) when each differentiable parameter moves along its"
              + " tangent\n({@code $L}), by one graph-free forward pass: the method's body on"
              + " plain values,\neach active value carrying its tangent, and no graph built."
              + " For a method returning\n{@code double}, the tangent is the gradient dotted with"
              + " the tangents.\n",
          CompanionWriter.javadocLink(model),
          String.join(", ", tangentNames));
      forwardPass(method, model, receiver, forward, record, tangentNames, taken);
      return method.build();
    }
    method.addJavadoc(
        "Forward mode: the value of {@link $L} and its directional derivative\n"
            + "(a Jacobian-vector product) when each differentiable parameter moves along its tangent"
            + "\n({@code $L}), by one forward sweep over the graph's tape and no backward pass (see\n"
            + "{@link $T#tangents(Tensor[], double[], Tensor[])}). For a method returning\n"
            + "{@code double}, the tangent is the gradient dotted with the tangents.\n",
        CompanionWriter.javadocLink(model),
        String.join(", ", tangentNames),
        ExpressionWriter.TENSOR);
    // The direction first: a tangent of the wrong shape fails before any graph is built.
    String direction = CompanionWriter.freshName("direction", taken);
    taken.add(direction);
    List<InputLeaves.Part> parts = new ArrayList<>();
    int next = 0;
    for (Variable parameter : signature.parameters()) {
      if (!parameter.differentiable()) {
        continue;
      }
      String name = tangentNames.get(next++);
      parts.add(new InputLeaves.Part(
          !parameter.type().isArray(),
          parameter.type().isArray()
              ? CodeBlock.of(
                  "$T.direction($N, $N, $S)", InputLeaves.JACOBIANS, parameter.name(), name, name)
              : CodeBlock.of("$N", name)));
    }
    method.addStatement("double[] $N = $L", direction, InputLeaves.concat(parts, TypeName.DOUBLE));
    InputLeaves leaves = new InputLeaves(method, signature, receiver, taken);
    if (signature.returnsVector()) {
      method.addStatement(
          "return new $T($T.data($N), $T.tangents($N, $N, $N))",
          record,
          ExpressionWriter.TENSOR,
          leaves.out(),
          ExpressionWriter.TENSOR,
          leaves.inputs(),
          direction,
          leaves.out());
    } else {
      method.addStatement(
          "return new $T($N.data(), $T.tangents($N, $N, new $T[] {$N})[0])",
          record,
          leaves.out(),
          ExpressionWriter.TENSOR,
          leaves.inputs(),
          direction,
          ExpressionWriter.TENSOR,
          leaves.out());
    }
    return method.build();
  }

  /**
   * The scalar forward function called once: each parameter's tangent as it is given (an array's
   * checked against its shape first, as the graph path checks it, and copied when the body may
   * write the array's elements, which writes their tangents too).
   */
  private static void forwardPass(
      MethodSpec.Builder method,
      MethodModel model,
      String receiver,
      String forward,
      ClassName record,
      List<String> tangentNames,
      Set<String> taken) {
    Callee signature = model.signature();
    boolean copy = ForwardWriter.mayWriteElements(model);
    List<CodeBlock> args = new ArrayList<>();
    if (!signature.isStatic()) {
      args.add(CodeBlock.of("$N", receiver));
    }
    for (Variable parameter : signature.parameters()) {
      args.add(CodeBlock.of("$N", parameter.name()));
    }
    int next = 0;
    for (Variable parameter : signature.parameters()) {
      if (!parameter.differentiable()) {
        continue;
      }
      String name = tangentNames.get(next++);
      args.add(
          parameter.type().isArray()
              ? CodeBlock.of(
                  "$T.direction($N, $N, $S)$L",
                  InputLeaves.JACOBIANS,
                  parameter.name(),
                  name,
                  name,
                  copy ? ".clone()" : "")
              : CodeBlock.of("$N", name));
    }
    String returned = CompanionWriter.freshName("returned", taken);
    taken.add(returned);
    String value = CompanionWriter.freshName("value", taken);
    taken.add(value);
    if (signature.returnsVector()) {
      method.addStatement("double[][] $N = new double[1][]", returned);
      args.add(CodeBlock.of("$N", returned));
      method.addStatement("double[] $N = $L", value, ForwardWriter.call(forward, args));
      // Fresh copies, as the graph path gives: the method may return its input (and its tangent).
      method.addStatement("return new $T($N.clone(), $N[0].clone())", record, value, returned);
    } else {
      method.addStatement("double[] $N = new double[1]", returned);
      args.add(CodeBlock.of("$N", returned));
      method.addStatement("double $N = $L", value, ForwardWriter.call(forward, args));
      method.addStatement("return new $T($N, $N[0])", record, value, returned);
    }
  }

  private static TypeSpec record(MethodModel model) {
    TypeName type =
        model.signature().returnsVector() ? TypeName.get(double[].class) : TypeName.DOUBLE;
    return TypeSpec.recordBuilder(recordName(model.name()))
        .addModifiers(Modifier.PUBLIC)
        .addJavadoc(
            "The value of {@link $L} (bit for bit what it returns) and its directional\n"
                + "derivative along the tangents given to {@code $L}"
                + (model.signature().returnsVector() ? ", one per element of the value" : "")
                + ".\n",
            CompanionWriter.javadocLink(model),
            model.name() + "Tangent")
        .recordConstructor(MethodSpec.constructorBuilder()
            .addParameter(type, "value")
            .addParameter(type, "tangent")
            .build())
        .build();
  }
}
