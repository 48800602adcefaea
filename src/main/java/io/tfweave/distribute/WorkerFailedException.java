package io.tfweave.distribute;

/**
 * A multi-worker step failed because another worker died, stopped answering within the operation timeout, or could not be
 * reached; the message names the worker(s) and what to do. Every surviving worker's {@code fit} ends with one.
 */
public final class WorkerFailedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}, caused by TensorFlow's {@code cause}. */
  public WorkerFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
