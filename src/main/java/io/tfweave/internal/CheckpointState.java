package io.tfweave.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * TensorFlow's checkpoint state file ({@code CheckpointState} in text format, what {@code tf.train.latest_checkpoint} reads):
 * <pre>
 * model_checkpoint_path: "weights-3"
 * all_model_checkpoint_paths: "weights-2"
 * all_model_checkpoint_paths: "weights-3"
 * </pre>
 * Paths are relative to the file's directory (absolute ones are kept). {@code saveWeights(dir/weights)} keeps one such file
 * per prefix, {@code dir/weights.checkpoint}, and also refreshes TensorFlow's directory-wide {@code dir/checkpoint}.
 *
 * @param current the checkpoint prefix in use ({@code model_checkpoint_path})
 * @param all the kept checkpoint prefixes, oldest first, {@code current} last
 */
public record CheckpointState(String current, List<String> all) {
  /** TensorFlow's directory-wide state file name. */
  public static final String DIRECTORY_FILE = "checkpoint";
  /** The suffix of a prefix's own state file: {@code <prefix>.checkpoint}. */
  public static final String SUFFIX = ".checkpoint";

  /** A state; {@code all} must end with {@code current}. */
  public CheckpointState {
    all = List.copyOf(all);
    if (current == null || current.isEmpty())
      throw new IllegalArgumentException("model_checkpoint_path must not be empty");
  }

  /** The state file of {@code prefix}: {@code <prefix>.checkpoint}. */
  public static Path fileOf(Path prefix) {
    return prefix.resolveSibling(prefix.getFileName() + SUFFIX);
  }

  /** The text form, as TensorFlow writes it. */
  public String format() {
    StringBuilder b =
        new StringBuilder("model_checkpoint_path: ").append(quote(current)).append('\n');
    for (String p : all)
      b.append("all_model_checkpoint_paths: ").append(quote(p)).append('\n');
    return b.toString();
  }

  /**
   * Parses a state file's text; {@code where} names it in errors. Unknown fields (timestamps) are skipped.
   *
   * @throws IllegalArgumentException when it has no {@code model_checkpoint_path} or a line is not {@code key: "value"}
   */
  public static CheckpointState parse(String text, String where) {
    String current = null;
    List<String> all = new ArrayList<>();
    int lineNo = 0;
    for (String raw : text.split("\n", -1)) {
      lineNo++;
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      int colon = line.indexOf(':');
      if (colon <= 0) throw malformed(where, lineNo, line);
      String key = line.substring(0, colon).strip();
      String value = line.substring(colon + 1).strip();
      if (!key.equals("model_checkpoint_path") && !key.equals("all_model_checkpoint_paths"))
        continue;
      String s = unquote(value);
      if (s == null) throw malformed(where, lineNo, line);
      if (key.equals("model_checkpoint_path")) current = s;
      else all.add(s);
    }
    if (current == null || current.isEmpty()) {
      throw new IllegalArgumentException(
          "Checkpoint state file " + where + " has no model_checkpoint_path: expected a line "
              + "'model_checkpoint_path: \"<prefix>\"'. Delete the file to fall back to <prefix>.index, or save again.");
    }
    if (!all.contains(current)) all.add(current);
    return new CheckpointState(current, all);
  }

  /** Reads {@code file}; empty when it does not exist. */
  public static Optional<CheckpointState> read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) return Optional.empty();
    return Optional.of(parse(Files.readString(file, StandardCharsets.UTF_8), file.toString()));
  }

  /** Writes the state to {@code file} with one atomic rename. */
  public void write(Path file) throws IOException {
    AtomicFiles.write(file, format().getBytes(StandardCharsets.UTF_8));
  }

  /** {@code p} resolved against {@code dir} unless absolute. */
  public static Path resolve(Path dir, String p) {
    Path path = Path.of(p);
    return path.isAbsolute() ? path : dir.resolve(path);
  }

  /**
   * The checkpoint prefix that {@code path} stands for: the current one of its state file {@code <path>.checkpoint} (written
   * by {@code saveWeights}), else {@code path} itself when {@code <path>.index} exists, else the current one of a
   * directory's {@code checkpoint} file. Empty when none applies.
   *
   * @throws IllegalArgumentException when a state file is malformed or points to a checkpoint whose index is missing
   */
  public static Optional<Path> resolvePrefix(Path path) throws IOException {
    Path abs = path.toAbsolutePath().normalize();
    if (abs.getFileName() != null) {
      Path own = fileOf(abs);
      Optional<CheckpointState> s = read(own);
      if (s.isPresent())
        return Optional.of(checked(own, resolve(abs.getParent(), s.get().current())));
      if (Files.exists(indexOf(abs))) return Optional.of(abs);
    }
    if (Files.isDirectory(abs)) {
      Path dirFile = abs.resolve(DIRECTORY_FILE);
      Optional<CheckpointState> s = read(dirFile);
      if (s.isPresent())
        return Optional.of(checked(dirFile, resolve(abs, s.get().current())));
    }
    return Optional.empty();
  }

  private static Path checked(Path stateFile, Path prefix) {
    if (!Files.exists(indexOf(prefix))) {
      throw new IllegalArgumentException(
          "Checkpoint state file " + stateFile + " points to " + prefix + ", but "
              + indexOf(prefix)
              + " does not exist. The checkpoint was deleted or moved; save again, or fix the file's "
              + "model_checkpoint_path.");
    }
    return prefix;
  }

  /** {@code <prefix>.index}. */
  public static Path indexOf(Path prefix) {
    return prefix.resolveSibling(prefix.getFileName() + ".index");
  }

  private static IllegalArgumentException malformed(String where, int line, String text) {
    return new IllegalArgumentException("Checkpoint state file " + where + " line " + line
        + " is not 'key: \"value\"': " + (text.length() > 80 ? text.substring(0, 80) + "..." : text)
        + ". Delete the file or save again.");
  }

  private static String quote(String s) {
    return "\""
        + s.replace("\\", "\\\\")
            .replace("\"", "\\\"")
            .replace("\n", "\\n")
            .replace("\r", "\\r")
            .replace("\t", "\\t")
        + "\"";
  }

  private static String unquote(String v) {
    if (v.length() < 2 || v.charAt(0) != '"' || v.charAt(v.length() - 1) != '"') return null;
    StringBuilder b = new StringBuilder();
    for (int i = 1; i < v.length() - 1; i++) {
      char c = v.charAt(i);
      if (c == '\\') {
        if (++i >= v.length() - 1) return null;
        char e = v.charAt(i);
        b.append(e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e);
      } else if (c == '"') {
        return null;
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
