/** A user's module: gradgen's generated companions need nothing beyond the runtime. */
module com.example.modular {
  requires dev.gradgen.runtime;

  exports com.example.modular;
}
