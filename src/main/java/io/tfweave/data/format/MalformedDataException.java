package io.tfweave.data.format;

/**
 * Thrown when a data file exists but its contents do not match the format being read.
 *
 * <p>The message names the file (when known), what was expected and what was found, for
 * example {@code x_train.npy: expected the magic string \x93NUMPY but found 50 4B 03 04}.
 */
public class MalformedDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that says what was expected and what was found. */
  public MalformedDataException(String message) {
    super(message);
  }

  /** Creates an exception that wraps the lower-level cause of the format error. */
  public MalformedDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
