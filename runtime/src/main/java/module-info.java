/**
 * The gradgen runtime: the dynamic scalar {@link dev.gradgen.Tensor} graph that generated gradients
 * build, and the {@link dev.gradgen.Differentiable} annotation. A modular project needs only
 * {@code requires dev.gradgen.runtime;}.
 */
module dev.gradgen.runtime {
  exports dev.gradgen;
}
