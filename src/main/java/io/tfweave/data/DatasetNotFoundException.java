package io.tfweave.data;

import java.nio.file.Path;

/**
 * Thrown when the files of a dataset are not where a loader looks for them.
 *
 * <p>The message says which path was checked, what to download (or install) and where to put
 * it. Loaders never download anything themselves.
 */
public class DatasetNotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Path path;

  /** Creates an exception for the missing {@code path} with a message that says how to fix it. */
  public DatasetNotFoundException(Path path, String message) {
    super(message);
    this.path = path;
  }

  /** Returns the file or folder that was looked for. */
  public Path path() {
    return path;
  }
}
