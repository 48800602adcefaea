package io.tfweave.cli;

/** A command failed on its input; the message is printed as is (with the command's usage) and the tool exits with 1. */
public final class CliException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure described by {@code message}: what was expected, what was found, and where. */
  public CliException(String message) {
    super(message);
  }

  /** A failure caused by {@code cause}, described by {@code message}. */
  public CliException(String message, Throwable cause) {
    super(message, cause);
  }
}
