package dev.gradgen.processor.writer;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import dev.gradgen.processor.model.ReductionLoop;
import dev.gradgen.processor.model.Variable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Loop-level preaccumulation for second-order builders: writes a {@link ReductionLoop} as a loop
 * that calls, per iteration, one helper computing each term's value, partials and local Hessian
 * (with {@link SecondOrderFusionWriter}'s local derivatives) and reporting them to one {@code
 * DualReduction} per accumulator, which multiplies the local Hessian into the inputs' tangents at
 * once; after the loop each accumulator is one {@code DualTensor} node over everything its terms
 * read, instead of one fused node per iteration.
 *
 * <p>Each accumulator's value is computed as the plain method computes it: the terms' values with
 * the user's operations in the user's order, added (or subtracted) in the order of the body. An
 * input read in several iterations, or by several terms, is several inputs, whose contributions
 * the backward pass adds.
 */
final class SecondOrderReductionWriter {

  private static final ClassName DUAL_REDUCTION = ClassName.get("dev.gradgen", "DualReduction");
  private static final CodeBlock ZERO = CodeBlock.of("$L", 0.0);

  private SecondOrderReductionWriter() {}

  /**
   * The code of {@code reduction} (a block around the loop of the given header), or null when one
   * iteration's derivatives would not fit in a helper (the loop is then written as a loop of
   * nodes).
   */
  static CodeBlock write(
      ReductionLoop reduction,
      CodeBlock header,
      ExpressionWriter writer,
      Temporaries names,
      SecondOrderFusionWriter fusion) {
    SecondOrderFusionWriter.Local local = fusion.local(writer);
    List<Variable> accumulators = reduction.accumulators();
    Map<Variable, String> builders = new HashMap<>();
    List<String> parameters = new ArrayList<>();
    for (int k = 0; k < accumulators.size(); k++) {
      builders.put(accumulators.get(k), "r" + k);
      parameters.add("r" + k);
    }
    // Per accumulator, the inputs one iteration reports: the buffers' first size.
    Map<Variable, Integer> perIteration = new HashMap<>();
    CodeBlock.Builder constants = CodeBlock.builder();
    int slots = 0;
    for (ReductionLoop.Step step : reduction.steps()) {
      if (step instanceof ReductionLoop.Temporary temporary) {
        local.define(temporary.variable(), temporary.init());
      } else if (step instanceof ReductionLoop.Constant constant) {
        // Plain values only: the body cannot change them, so they may all come before the call.
        constants.addStatement(
            "$T $N = $L",
            constant.variable().type().plainName(),
            constant.variable().name(),
            writer.plain(constant.init()));
      } else {
        ReductionLoop.Accumulation accumulation = (ReductionLoop.Accumulation) step;
        String builder = builders.get(accumulation.accumulator());
        int reported = report(local, accumulation, builder, slots);
        slots += reported;
        perIteration.merge(accumulation.accumulator(), reported, Integer::sum);
      }
    }
    if (!local.fits()) {
      return null;
    }
    CodeBlock.Builder code = CodeBlock.builder();
    List<CodeBlock> accumulatorNames = accumulators.stream()
        .map(accumulator -> CodeBlock.of("$N", accumulator.name()))
        .toList();
    // No apostrophe in this comment: CodeSize's tokens would read one as a char literal.
    code.add(
        "// One second-order node for each of $L: each iteration reports the partials and local"
            + " Hessians of its terms.\n",
        CodeBlock.join(accumulatorNames, ", "));
    code.add("{\n").indent();
    List<CodeBlock> arguments = new ArrayList<>();
    for (Variable accumulator : accumulators) {
      String name = names.fresh(accumulator.name() + "Loop");
      arguments.add(CodeBlock.of("$N", name));
      code.addStatement(
          "$T $N = new $T($N, $L)",
          DUAL_REDUCTION,
          name,
          DUAL_REDUCTION,
          accumulator.name(),
          perIteration.getOrDefault(accumulator, 0));
    }
    CodeBlock call =
        fusion.addIteration(local, fusion.quote(reduction.loop().source()), parameters, arguments);
    code.beginControlFlow("for ($L)", header);
    code.add(constants.build());
    code.addStatement("$L", call);
    code.endControlFlow();
    for (int k = 0; k < accumulators.size(); k++) {
      code.addStatement("$N = $L.node()", accumulators.get(k).name(), arguments.get(k));
    }
    code.unindent().add("}\n");
    return code.build();
  }

  /**
   * Writes one accumulation's term into the helper and its report to {@code builder}: the value
   * added or subtracted, one slot per input with the partial, then each nonzero entry of the local
   * Hessian (negated for a subtraction). Returns the number of slots it reports.
   */
  private static int report(
      SecondOrderFusionWriter.Local local,
      ReductionLoop.Accumulation accumulation,
      String builder,
      int firstSlot) {
    SecondOrderFusionWriter.Jet term = local.forward(accumulation.term());
    boolean subtract = accumulation.subtract();
    local.statement(CodeBlock.of(
        "$N.$N($L)", builder, subtract ? "subtract" : "add", term.value().code()));
    Map<Integer, String> slots = new HashMap<>();
    int[] next = {firstSlot};
    for (Map.Entry<Integer, ScalarTerm> partial : term.gradient().entrySet()) {
      slot(local, builder, partial.getKey(), signed(partial.getValue(), subtract), slots, next);
    }
    for (Map.Entry<Integer, ScalarTerm> entry : term.hessian().entrySet()) {
      int packed = entry.getKey();
      int i = (int) ((Math.sqrt(8.0 * packed + 1) - 1) / 2);
      while (i * (i + 1) / 2 > packed) {
        i--;
      }
      while ((i + 1) * (i + 2) / 2 <= packed) {
        i++;
      }
      int j = packed - i * (i + 1) / 2;
      // An entry whose input has no partial (zero by structure) still gets a slot, of partial 0.
      String si = slot(local, builder, i, ZERO, slots, next);
      String sj = slot(local, builder, j, ZERO, slots, next);
      local.statement(CodeBlock.of(
          "$N.hessian($N, $N, $L)", builder, si, sj, signed(entry.getValue(), subtract)));
    }
    return next[0] - firstSlot;
  }

  /** The local naming input {@code input}'s slot, reported with {@code partial} if it has none. */
  private static String slot(
      SecondOrderFusionWriter.Local local,
      String builder,
      int input,
      CodeBlock partial,
      Map<Integer, String> slots,
      int[] next) {
    String name = slots.get(input);
    if (name == null) {
      name = "s" + next[0]++;
      if (local.isArrayInput(input)) {
        // An element of an array leaf, recorded by index: no node of its own.
        local.statement(CodeBlock.of(
            "int $N = $N.input($N, $N, $L)",
            name,
            builder,
            SecondOrderFusionWriter.Local.inputArray(input),
            SecondOrderFusionWriter.Local.inputIndex(input),
            partial));
      } else {
        local.statement(CodeBlock.of(
            "int $N = $N.input($N, $L)",
            name,
            builder,
            SecondOrderFusionWriter.Local.inputNode(input),
            partial));
      }
      slots.put(input, name);
    }
    return name;
  }

  /** {@code term}, negated for a subtracted term (exact). */
  private static CodeBlock signed(ScalarTerm term, boolean subtract) {
    return (subtract ? term.negated() : term).code();
  }
}
