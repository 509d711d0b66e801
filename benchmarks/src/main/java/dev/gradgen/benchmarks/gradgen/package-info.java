/**
 * Benchmarks of gradgen's generated {@code WorkloadsGradients}, kept apart from the rest so the module
 * builds (with these files excluded) before the processor exists.
 */
package dev.gradgen.benchmarks.gradgen;
