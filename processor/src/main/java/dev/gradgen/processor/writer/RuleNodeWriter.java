package dev.gradgen.processor.writer;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.Rule;
import dev.gradgen.processor.model.TypeNames;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Writes a call through a {@code @DerivativeOf} rule as one node: a private helper of the companion
 * takes the arguments once (nodes for the active ones), calls the target itself for the value (so it
 * is bit for bit the user's call) and the rule for the local partials, and makes a fused node of
 * them. A rule node is never absorbed into a wider fused node: to fusion it is an input.
 */
final class RuleNodeWriter {

  private static final ClassName RULE_NODES = TypeNames.RULE_NODES;

  private final String prefix;
  private final List<MethodSpec> helpers = new ArrayList<>();
  /**
   * Helpers named so far: a name is taken before the arguments are written, since a rule call in
   * the arguments adds its own helper first ({@code g(f(x))}).
   */
  private int named;

  /** {@code prefix}: the helpers' names start with it and end with a number. */
  RuleNodeWriter(String prefix) {
    this.prefix = prefix;
  }

  /** The helpers written so far, to be added to the companion. */
  List<MethodSpec> helpers() {
    return List.copyOf(helpers);
  }

  /** The call of a new helper building the node of {@code call}, which is active. */
  CodeBlock node(Expr.RuleCall call, ExpressionWriter writer) {
    Rule rule = call.rule();
    ClassName node = writer.family().node();
    String name = prefix + (++named);
    MethodSpec.Builder method = MethodSpec.methodBuilder(name)
        .addModifiers(Modifier.PRIVATE, Modifier.STATIC)
        .returns(node)
        .addJavadoc(
            "The node of {@code $L}: the value of $L, the partials of $L.\n",
            call.source().toString(),
            rule.targetDescription(),
            rule.ruleDescription());
    List<CodeBlock> arguments = new ArrayList<>();
    List<CodeBlock> values = new ArrayList<>();
    CodeBlock.Builder body = CodeBlock.builder();
    if (rule.instanceTarget()) {
      method.addParameter(rule.targetOwner(), "receiver");
      // The model holds a receiver exactly for an instance target.
      arguments.add(writer.plain(call.receiver().orElseThrow()));
    }
    boolean[] active = new boolean[call.args().size()];
    for (int i = 0; i < call.args().size(); i++) {
      Rule.Parameter parameter = rule.parameters().get(i);
      Expr arg = call.args().get(i);
      String a = "a" + i;
      active[i] = parameter.covered() && writer.isActive(arg);
      if (active[i]) {
        boolean array = parameter.type().isArray();
        method.addParameter(writer.family().typeOf(parameter.type()), a);
        arguments.add(writer.graph(arg));
        String v = "v" + i;
        if (array) {
          body.addStatement("double[] $N = $T.data($N)", v, node, a);
        } else {
          body.addStatement("double $N = $N.data()", v, a);
        }
        values.add(CodeBlock.of("$N", v));
      } else {
        method.addParameter(parameter.type().plainName(), a);
        arguments.add(writer.plain(arg));
        values.add(CodeBlock.of("$N", a));
      }
    }
    CodeBlock valueArgs = CodeBlock.join(values, ", ");
    List<CodeBlock> withReceiver = new ArrayList<>();
    if (rule.instanceTarget()) {
      withReceiver.add(CodeBlock.of("receiver"));
    }
    withReceiver.addAll(values);
    CodeBlock ruleArgs = CodeBlock.join(withReceiver, ", ");
    if (rule.instanceTarget()) {
      body.addStatement("double value = receiver.$N($L)", rule.targetName(), valueArgs);
    } else {
      body.addStatement(
          "double value = $T.$N($L)", rule.targetOwner(), rule.targetName(), valueArgs);
    }
    if (!writer.family().fuses()) {
      // Second order: the partials as nodes of the rule's own second-order builder, so that they
      // carry their derivatives too (SecondOrderCheck admits only rules with such a builder).
      CodeBlock partials = CodeBlock.of(
          "$T.$N($L)",
          rule.partials().companion(),
          rule.partials().name(),
          partialsArgs(rule, node, active, values));
      if (rule.scalar()) {
        body.addStatement("$T partial = $L", node, partials);
        body.addStatement(
            "return $T.rule(value, new $T[] {$N}, new $T[] {partial})",
            node,
            node,
            "a" + firstCovered(rule),
            node);
      } else {
        arrayNode(body, call, rule, active, values, node, partials);
      }
    } else if (rule.scalar()) {
      int only = firstCovered(rule);
      body.addStatement(
          "return $T.fused(value, $N, $T.$N($L))",
          ExpressionWriter.TENSOR,
          "a" + only,
          rule.ruleOwner(),
          rule.ruleName(),
          ruleArgs);
    } else {
      arrayNode(
          body,
          call,
          rule,
          active,
          values,
          ExpressionWriter.TENSOR,
          CodeBlock.of("$T.$N($L)", rule.ruleOwner(), rule.ruleName(), ruleArgs));
    }
    helpers.add(method.addCode(body.build()).build());
    return CodeBlock.of("$N($L)", name, CodeBlock.join(arguments, ", "));
  }

  /**
   * Partials flattened over the covered parameters; those of constant arguments are dropped.
   * {@code partials} computes them: plain doubles for a first-order node, nodes of the rule's own
   * second-order builder for a second-order one.
   */
  private static void arrayNode(
      CodeBlock.Builder body,
      Expr.RuleCall call,
      Rule rule,
      boolean[] active,
      List<CodeBlock> values,
      ClassName node,
      CodeBlock partials) {
    boolean first = node.equals(ExpressionWriter.TENSOR);
    List<CodeBlock> expected = new ArrayList<>();
    List<CodeBlock> inputs = new ArrayList<>();
    for (int i = 0; i < call.args().size(); i++) {
      Rule.Parameter parameter = rule.parameters().get(i);
      if (!parameter.covered()) {
        continue;
      }
      CodeBlock size =
          parameter.type().isArray() ? CodeBlock.of("$L.length", values.get(i)) : CodeBlock.of("1");
      expected.add(size);
      if (active[i]) {
        inputs.add(size);
      }
    }
    if (first) {
      body.addStatement(
          "double[] d = $T.checked($L, $L, $S)",
          RULE_NODES,
          partials,
          CodeBlock.join(expected, " + "),
          rule.ruleDescription());
    } else {
      body.addStatement("$T[] d = $L", node, partials);
      body.addStatement(
          "$T.checked($T.data(d), $L, $S)",
          RULE_NODES,
          node,
          CodeBlock.join(expected, " + "),
          rule.ruleDescription());
    }
    body.addStatement("$T[] in = new $T[$L]", node, node, CodeBlock.join(inputs, " + "));
    if (first) {
      body.addStatement("double[] p = new double[in.length]");
    } else {
      body.addStatement("$T[] p = new $T[in.length]", node, node);
    }
    body.addStatement("int k = 0");
    body.addStatement("int at = 0");
    for (int i = 0; i < call.args().size(); i++) {
      Rule.Parameter parameter = rule.parameters().get(i);
      if (!parameter.covered()) {
        continue;
      }
      String a = "a" + i;
      boolean array = parameter.type().isArray();
      if (active[i] && array) {
        body.beginControlFlow("for (int j = 0; j < $N.length; j++)", a)
            .addStatement("in[k] = $N[j]", a)
            .addStatement("p[k++] = d[at++]")
            .endControlFlow();
      } else if (active[i]) {
        body.addStatement("in[k] = $N", a).addStatement("p[k++] = d[at++]");
      } else {
        body.addStatement("at += $L", array ? CodeBlock.of("$L.length", values.get(i)) : "1");
      }
    }
    body.addStatement("return $T.$N(value, in, p)", node, first ? "fused" : "rule");
  }

  /**
   * The arguments of the rule's second-order builder: nodes for its differentiable parameters (an
   * active argument's own node, a constant as a fresh leaf), plain values for the others.
   */
  private static CodeBlock partialsArgs(
      Rule rule, ClassName node, boolean[] active, List<CodeBlock> values) {
    List<CodeBlock> args = new ArrayList<>();
    int offset = rule.instanceTarget() ? 1 : 0;
    if (rule.instanceTarget()) {
      args.add(CodeBlock.of("receiver"));
    }
    for (int i = 0; i < active.length; i++) {
      boolean differentiable = rule.partials().parameters().get(i + offset).differentiable();
      boolean array = rule.parameters().get(i).type().isArray();
      if (differentiable && active[i]) {
        args.add(CodeBlock.of("$N", "a" + i));
      } else if (differentiable) {
        args.add(
            array
                ? CodeBlock.of("$T.of($L)", node, values.get(i))
                : CodeBlock.of("new $T($L)", node, values.get(i)));
      } else {
        args.add(values.get(i));
      }
    }
    return CodeBlock.join(args, ", ");
  }

  private static int firstCovered(Rule rule) {
    for (int i = 0; i < rule.parameters().size(); i++) {
      if (rule.parameters().get(i).covered()) {
        return i;
      }
    }
    throw new IllegalStateException("a rule covers no parameter");
  }
}
