package dev.gradgen.processor.analysis;

/**
 * A {@code @Differentiable} method's declaration is not one gradgen can differentiate; the message
 * comes from {@link dev.gradgen.processor.diagnostics.Messages}. Callers decide where to report it: at the
 * method itself, or at a call of it.
 */
public final class InvalidSignatureException extends Exception {

  // Never serialized (it lives within one compilation); declared for the "serial" lint.
  private static final long serialVersionUID = 1L;

  private final boolean aboutWrt;

  InvalidSignatureException(String message, boolean aboutWrt) {
    super(message, null, false, false);
    this.aboutWrt = aboutWrt;
  }

  /** Whether the problem lies in the annotation's {@code wrt}, so it should be reported there. */
  public boolean aboutWrt() {
    return aboutWrt;
  }
}
