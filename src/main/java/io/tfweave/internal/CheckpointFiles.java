package io.tfweave.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Crash-safe checkpoint saving under one prefix. Each save writes a fresh numbered checkpoint ({@code <prefix>-<n>.index},
 * {@code <prefix>-<n>.data-00000-of-00001}), flushes it to disk, and then makes it current with one atomic rename of the
 * small state file {@code <prefix>.checkpoint} (TensorFlow's {@code checkpoint} format, see {@link CheckpointState}); the
 * directory's {@code checkpoint} file is refreshed the same way for TensorFlow's tools. Only then are checkpoints beyond
 * {@code maxToKeep}, and leftovers of saves killed half-way, deleted. A process killed at any instant therefore leaves the
 * previous checkpoint loadable. One process at a time may write a prefix; within a JVM saves to one prefix are serialised.
 */
public final class CheckpointFiles {
  /** How many checkpoints {@code saveWeights} keeps by default: the current one only. */
  public static final int MAX_TO_KEEP_DEFAULT = 1;

  /** Writes a TensorFlow checkpoint at the prefix it is given. */
  @FunctionalInterface
  public interface Writer {
    /** Writes {@code <prefix>.index} and {@code <prefix>.data-*}. */
    void write(Path prefix) throws IOException;
  }

  private CheckpointFiles() {}

  /** Saves with {@code writer} under {@code prefix}, keeping the newest {@code maxToKeep}; returns the new checkpoint's prefix. */
  public static Path save(Path prefix, int maxToKeep, Writer writer) throws IOException {
    Checks.positive("maxToKeep", maxToKeep);
    Path abs = prefix.toAbsolutePath().normalize();
    if (abs.getFileName() == null)
      throw new IllegalArgumentException(
          "A checkpoint prefix needs a file name. Received: " + prefix);
    Path dir = abs.getParent();
    String name = abs.getFileName().toString();
    Files.createDirectories(dir);
    synchronized (AtomicFiles.lockFor(abs)) {
      Path stateFile = CheckpointState.fileOf(abs);
      List<String> kept = new ArrayList<>();
      try {
        CheckpointState.read(stateFile).ifPresent(s -> kept.addAll(s.all()));
      } catch (IllegalArgumentException unreadable) {
        // a damaged state file (not one of ours: ours are replaced atomically) is replaced by this
        // save
      }
      long n = nextNumber(dir, name, kept);
      String fresh = name + "-" + n;
      Path freshPrefix = dir.resolve(fresh);
      writer.write(freshPrefix);
      List<Path> files = filesOf(dir, fresh);
      if (!files.contains(CheckpointState.indexOf(freshPrefix))) {
        throw new IOException(
            "The checkpoint writer left no " + CheckpointState.indexOf(freshPrefix));
      }
      for (Path f : files) AtomicFiles.fsync(f);
      AtomicFiles.fsyncDirectory(dir);
      kept.removeIf(p -> !Files.exists(CheckpointState.indexOf(CheckpointState.resolve(dir, p)))
          || p.equals(fresh));
      kept.add(fresh);
      while (kept.size() > maxToKeep) kept.remove(0);
      CheckpointState state = new CheckpointState(fresh, kept);
      state.write(stateFile); // the commit point
      state.write(dir.resolve(CheckpointState.DIRECTORY_FILE));
      prune(dir, name, new HashSet<>(kept));
      AtomicFiles.deleteStaleTemporaries(stateFile, true, null);
      AtomicFiles.deleteStaleTemporaries(dir.resolve(CheckpointState.DIRECTORY_FILE), false, null);
      return freshPrefix;
    }
  }

  /**
   * The prefix to restore for {@code path} (see {@link CheckpointState#resolvePrefix}).
   *
   * @throws IllegalArgumentException naming what was looked for when there is no checkpoint
   */
  public static Path resolve(Path path) throws IOException {
    Optional<Path> p = CheckpointState.resolvePrefix(path);
    if (p.isPresent()) return p.get();
    Path abs = path.toAbsolutePath().normalize();
    throw new IllegalArgumentException("No checkpoint at " + path + ": expected "
        + CheckpointState.fileOf(abs) + " (written by saveWeights) or "
        + CheckpointState.indexOf(abs) + ". Check the path, or save weights there first.");
  }

  /** 1 + the largest number used by a kept checkpoint or any file of the form {@code <name>-<n>...} in {@code dir}. */
  private static long nextNumber(Path dir, String name, List<String> kept) throws IOException {
    long max = 0;
    for (String k : kept)
      max = Math.max(max, numberOf(name, Path.of(k).getFileName().toString()));
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) max = Math.max(max, numberOf(name, p.getFileName().toString()));
    }
    return max + 1;
  }

  private static final Pattern BUNDLE_FILE =
      Pattern.compile("^-(\\d{1,18})(\\.index|\\.data-\\d{5}-of-\\d{5}|_temp)(.*)$");

  /** The number {@code n} of a file {@code <name>-<n>.index}, {@code .data-*}, or a TensorFlow temporary of one; else 0. */
  private static long numberOf(String name, String file) {
    if (!file.startsWith(name)) return 0;
    Matcher m = BUNDLE_FILE.matcher(file.substring(name.length()));
    return m.matches() ? Long.parseLong(m.group(1)) : 0;
  }

  /** The files of the checkpoint {@code prefix} (index, data shards). */
  private static List<Path> filesOf(Path dir, String prefix) throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String f = p.getFileName().toString();
        if (f.equals(prefix + ".index")
            || f.matches(Pattern.quote(prefix) + "\\.data-\\d{5}-of-\\d{5}")) out.add(p);
      }
    }
    return out;
  }

  /**
   * Deletes every numbered checkpoint of {@code name} not in {@code kept} (older ones beyond maxToKeep, and the partial files
   * of saves killed half-way), and the unnumbered {@code <name>.index}/{@code .data-*} an earlier version wrote in place.
   */
  private static void prune(Path dir, String name, Set<String> kept) {
    Set<Long> keep = new HashSet<>();
    for (String k : kept) keep.add(numberOf(name, Path.of(k).getFileName().toString() + ".index"));
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        String f = p.getFileName().toString();
        long n = numberOf(name, f);
        boolean legacy = f.equals(name + ".index")
            || f.matches(Pattern.quote(name) + "\\.data-\\d{5}-of-\\d{5}");
        if ((n > 0 && !keep.contains(n)) || legacy) AtomicFiles.deleteTree(p);
      }
    } catch (IOException e) {
      // best effort: what is left is deleted by the next save
    }
  }
}
