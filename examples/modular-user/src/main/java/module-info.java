/**
 * A user's module: gradgen's generated companions need nothing beyond the runtime. (A module that
 * exports the package says {@code requires transitive}, since the companions' graph builders take
 * and return the runtime's {@code Tensor}.)
 */
module com.example.modular {
  requires dev.gradgen.runtime;
}
