package io.tfweave.data.pipeline.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Expands file patterns ({@code data/train-*.tfrecord}, {@code shards/**}{@code /*.tfrecord}) in sorted order. */
public final class FileGlobs {
  private FileGlobs() {}

  /** The regular files matching {@code pattern}, sorted by path; fails listing the pattern and the directory searched. */
  public static List<Path> expand(String pattern) {
    if (pattern == null || pattern.isBlank())
      throw new IllegalArgumentException("The file pattern is empty");
    Path p = Path.of(pattern);
    Path base = p.isAbsolute() ? p.getRoot() : Path.of("");
    int i = 0;
    for (; i < p.getNameCount() && !hasWildcard(p.getName(i).toString()); i++)
      base = base.resolve(p.getName(i));
    if (i == p.getNameCount()) {
      if (Files.isRegularFile(p)) return List.of(p);
      throw new IllegalArgumentException(
          "No file matches '" + pattern + "': " + p.toAbsolutePath() + " does not exist");
    }
    Path dir = base.toString().isEmpty() ? Path.of(".") : base;
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException("No file matches '" + pattern + "': directory "
          + dir.toAbsolutePath() + " does not exist");
    }
    String rest = p.subpath(i, p.getNameCount()).toString();
    PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + rest);
    boolean deep = rest.contains("**");
    int depth = deep ? Integer.MAX_VALUE : p.getNameCount() - i;
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(dir, depth)) {
      s.filter(Files::isRegularFile)
          .filter(f -> m.matches(dir.relativize(f)))
          .sorted()
          .forEach(out::add);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot list " + dir.toAbsolutePath() + ": " + e.getMessage(), e);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("No file matches '" + pattern + "' in directory "
          + dir.toAbsolutePath() + " (it holds " + listing(dir) + ")");
    }
    return out;
  }

  private static boolean hasWildcard(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
  }

  private static String listing(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      List<String> names = s.map(
              f -> f.getFileName().toString() + (Files.isDirectory(f) ? "/" : ""))
          .sorted()
          .toList();
      if (names.isEmpty()) return "nothing";
      return names.size() <= 10
          ? String.join(", ", names)
          : String.join(", ", names.subList(0, 10)) + ", ... " + (names.size() - 10) + " more";
    } catch (IOException e) {
      return "entries that cannot be listed: " + e.getMessage();
    }
  }

  /** Checks that every file in {@code files} exists; returns them. */
  public static List<Path> existing(List<Path> files, String what) {
    if (files == null || files.isEmpty())
      throw new IllegalArgumentException(what + " needs at least one file");
    for (Path f : files) {
      if (!Files.isRegularFile(f))
        throw new IllegalArgumentException(
            what + ": file " + f.toAbsolutePath() + " does not exist");
    }
    return List.copyOf(files);
  }
}
