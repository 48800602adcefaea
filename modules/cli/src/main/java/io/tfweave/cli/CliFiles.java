package io.tfweave.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.tensorflow.ndarray.Shape;

/** Checks and formatting shared by the commands. */
final class CliFiles {
  private CliFiles() {}

  /** Fails unless {@code dir} is a SavedModel directory (holds {@code saved_model.pb}). */
  static Path savedModelDir(Path dir) {
    if (!Files.exists(dir))
      throw new CliException("SavedModel directory '" + dir + "' does not exist");
    if (!Files.isDirectory(dir)) {
      throw new CliException(
          "'" + dir + "' is a file, but a SavedModel directory (with saved_model.pb) is expected");
    }
    if (!Files.isRegularFile(dir.resolve("saved_model.pb"))) {
      throw new CliException(
          "'" + dir + "' is not a SavedModel directory: it has no saved_model.pb");
    }
    return dir;
  }

  /** Fails unless {@code file} is a readable regular file; {@code what} names it in the message. */
  static Path inputFile(Path file, String what) {
    if (!Files.exists(file)) throw new CliException(what + " '" + file + "' does not exist");
    if (!Files.isRegularFile(file))
      throw new CliException(what + " '" + file + "' is not a regular file");
    return file;
  }

  /** Formats a shape like {@code saved_model_cli}: {@code (-1, 4)}, {@code (3,)}, {@code ()} or {@code unknown_rank}. */
  static String shape(Shape s) {
    if (s.isUnknown()) return "unknown_rank";
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < s.numDimensions(); i++) b.append(i == 0 ? "" : ", ").append(s.get(i));
    if (s.numDimensions() == 1) b.append(',');
    return b.append(')').toString();
  }

  /** Formats a count with thousands separators, as Keras's summary does. */
  static String count(long n) {
    return String.format(java.util.Locale.ROOT, "%,d", n);
  }
}
