package dev.gradgen.processor.writer;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.MethodSpec;
import com.sun.source.tree.Tree;
import dev.gradgen.processor.model.Expr;
import dev.gradgen.processor.model.ReductionLoop;
import dev.gradgen.processor.model.Stmt;
import java.util.List;

/**
 * How a builder's straight-line code becomes fused nodes: what {@link BodyWriter} and {@link
 * ExpressionWriter} ask, answered by {@link FusionWriter} for first-order nodes (and for
 * second-order ones with fusion off) and by {@link SecondOrderFusionWriter} for second-order nodes.
 */
interface Fusion {

  /** The kind of node the builder is written with. */
  NodeFamily family();

  /** Whether every straight-line expression and run is fused, or only the deepest expressions. */
  boolean everywhere();

  /** The call of a helper computing {@code expr} as fused nodes, or null to write it as it is. */
  CodeBlock fuse(Expr expr, ExpressionWriter writer);

  /**
   * The call of a helper computing a run of straight-line statements as one node: {@code
   * temporaries} (locals used nowhere else) in order, then {@code result}.
   */
  CodeBlock fuseRun(
      List<Stmt.LocalDeclaration> temporaries, Expr result, String source, ExpressionWriter writer);

  /** The helpers written so far, to be added to the companion. */
  List<MethodSpec> helpers();

  /**
   * The code of a reduction loop the plan preaccumulates, for a builder whose nodes do not fuse as
   * plain doubles (second order): a block around the loop with the given header, or null to write
   * it as a loop of nodes. First-order reductions are {@link ReductionWriter}'s.
   */
  CodeBlock reduction(
      ReductionLoop reduction, CodeBlock header, ExpressionWriter writer, Temporaries names);

  /** The user's exact text of {@code tree}, to quote in a helper's Javadoc. */
  String quote(Tree tree);

  /** {@code writer} as a Fusion. */
  static Fusion of(FusionWriter writer) {
    return new Fusion() {
      @Override
      public NodeFamily family() {
        return writer.family();
      }

      @Override
      public boolean everywhere() {
        return writer.everywhere();
      }

      @Override
      public CodeBlock fuse(Expr expr, ExpressionWriter expressions) {
        return writer.fuse(expr, expressions);
      }

      @Override
      public CodeBlock fuseRun(
          List<Stmt.LocalDeclaration> temporaries,
          Expr result,
          String source,
          ExpressionWriter expressions) {
        return writer.fuseRun(temporaries, result, source, expressions);
      }

      @Override
      public List<MethodSpec> helpers() {
        return writer.helpers();
      }

      @Override
      public String quote(Tree tree) {
        return writer.quote(tree);
      }

      @Override
      public CodeBlock reduction(
          ReductionLoop reduction,
          CodeBlock header,
          ExpressionWriter expressions,
          Temporaries names) {
        // BodyWriter writes a first-order reduction with ReductionWriter, and a plan without
        // fusion, the only one a second-order FusionWriter gets, has no reductions.
        throw new IllegalStateException("a reduction loop for a " + writer.family() + " builder");
      }
    };
  }
}
