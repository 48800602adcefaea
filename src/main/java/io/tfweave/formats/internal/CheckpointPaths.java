package io.tfweave.formats.internal;

import io.tfweave.formats.CorruptFileException;
import io.tfweave.internal.CheckpointState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Finds checkpoint prefixes and names the index and data files that belong to a prefix. */
public final class CheckpointPaths {
  private static final Pattern STATE_LINE =
      Pattern.compile("^model_checkpoint_path:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"", Pattern.MULTILINE);

  private CheckpointPaths() {}

  /** {@code <prefix>.index}. */
  public static Path indexFile(Path prefix) {
    return prefix.resolveSibling(prefix.getFileName() + ".index");
  }

  /** {@code <prefix>.data-0000S-of-0000N}. */
  public static Path dataFile(Path prefix, int shard, int numShards) {
    return prefix.resolveSibling(
        String.format("%s.data-%05d-of-%05d", prefix.getFileName(), shard, numShards));
  }

  /**
   * Resolves a SavedModel directory, a checkpoint directory (with a {@code checkpoint} state file
   * or exactly one {@code .index} file), a prefix written by {@code saveWeights} (through its
   * {@code <prefix>.checkpoint} state file), a prefix or an {@code .index} path to a prefix.
   */
  public static Path resolvePrefix(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      Path sm = path.resolve("variables").resolve("variables");
      if (Files.exists(indexFile(sm))) {
        return sm;
      }
      Path state = path.resolve("checkpoint");
      if (Files.isRegularFile(state)) {
        Matcher m = STATE_LINE.matcher(Files.readString(state));
        if (m.find()) {
          Path p = Path.of(m.group(1).replace("\\\"", "\""));
          return p.isAbsolute() ? p : path.resolve(p);
        }
      }
      List<Path> indexes;
      try (Stream<Path> s = Files.list(path)) {
        indexes = s.filter(p -> p.getFileName().toString().endsWith(".index"))
            .sorted()
            .collect(Collectors.toList());
      }
      if (indexes.size() == 1) {
        String f = indexes.get(0).getFileName().toString();
        return path.resolve(f.substring(0, f.length() - ".index".length()));
      }
      throw new NoSuchFileException(
          path.toString(),
          null,
          "expected a SavedModel directory"
              + " (with variables/variables.index), a checkpoint directory (with a 'checkpoint' file"
              + " or one .index file) or a checkpoint prefix, but found " + indexes.size()
              + " .index files and no 'checkpoint' file");
    }
    if (path.getFileName() != null && Files.isRegularFile(CheckpointState.fileOf(path))) {
      // a prefix written by saveWeights: its state file names the current numbered checkpoint
      try {
        return CheckpointState.resolvePrefix(path).orElseThrow();
      } catch (IllegalArgumentException e) {
        throw new CorruptFileException(null, e.getMessage());
      }
    }
    if (Files.exists(indexFile(path))) {
      return path;
    }
    String name = path.getFileName() == null ? "" : path.getFileName().toString();
    if (name.endsWith(".index") && Files.exists(path)) {
      return path.resolveSibling(name.substring(0, name.length() - ".index".length()));
    }
    throw new NoSuchFileException(
        path.toString(),
        null,
        "expected a SavedModel directory or a"
            + " checkpoint prefix, but neither " + path + " (a directory) nor " + indexFile(path)
            + " exists");
  }
}
