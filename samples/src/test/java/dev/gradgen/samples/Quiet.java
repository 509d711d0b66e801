package dev.gradgen.samples;

import java.io.OutputStream;
import java.io.PrintStream;

/** A print stream that drops everything, so tests run the samples without their console output. */
final class Quiet {

  private Quiet() {}

  static PrintStream stream() {
    return new PrintStream(OutputStream.nullOutputStream());
  }
}
