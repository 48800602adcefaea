package io.tfweave.formats;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Signals that a TensorFlow file (checkpoint index, data shard, TFRecord or event file) is damaged:
 * a checksum does not match, a length points past the end, or a structure cannot be parsed.
 *
 * <p>The message names the file, what was expected and what was found. Re-export or re-download
 * the file; the reader never tries to repair it.
 */
public final class CorruptFileException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;

  /** Creates an exception for {@code file} with a message saying what was expected and found. */
  public CorruptFileException(Path file, String message) {
    super((file == null ? "" : file + ": ") + message);
    this.file = file;
  }

  /** Creates an exception for {@code file} with the parse error that revealed the damage. */
  public CorruptFileException(Path file, String message, Throwable cause) {
    super((file == null ? "" : file + ": ") + message, cause);
    this.file = file;
  }

  /** The damaged file, or {@code null} when the bytes did not come from a file. */
  public Path file() {
    return file;
  }
}
