package dev.gradgen.processor.diagnostics;

/**
 * Thrown after an error has been reported, to stop processing one method while the processor goes on
 * with the others.
 */
public final class AbortMethodException extends RuntimeException {

  // Never serialized (it lives within one compilation); declared for the "serial" lint.
  private static final long serialVersionUID = 1L;

  public AbortMethodException() {
    super(null, null, false, false);
  }
}
