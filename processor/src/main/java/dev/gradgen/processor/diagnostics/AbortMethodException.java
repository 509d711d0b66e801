package dev.gradgen.processor.diagnostics;

/**
 * Thrown after an error has been reported, to stop processing one method while the processor goes on
 * with the others.
 */
public final class AbortMethodException extends RuntimeException {

  public AbortMethodException() {
    super(null, null, false, false);
  }
}
