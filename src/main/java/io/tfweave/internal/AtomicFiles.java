package io.tfweave.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Crash-safe file writing: write beside the target (same directory, so same file system), flush to disk, then one atomic
 * rename. A process killed at any instant leaves either the old or the new file, never a mix. Hidden temporaries carry the
 * writer's process id ({@code .<name>.<kind>-<pid>-<random>}) so that the next writer can delete those of dead processes.
 */
public final class AtomicFiles {
  private static final ConcurrentHashMap<Path, Object> LOCKS = new ConcurrentHashMap<>();
  private static final Pattern TEMP = Pattern.compile("^\\.(.+)\\.([a-z]+)-(\\d+)-[^/]*$");
  private static final long PID = ProcessHandle.current().pid();

  private AtomicFiles() {}

  /** This JVM's lock object for writes to {@code target} (absolute, normalised). */
  public static Object lockFor(Path target) {
    return LOCKS.computeIfAbsent(target.toAbsolutePath().normalize(), k -> new Object());
  }

  /** Replaces {@code target} with {@code content} atomically (temporary beside it, fsync, rename, fsync of the directory). */
  public static void write(Path target, byte[] content) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    Path dir = abs.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, tempPrefix(abs, "tmp"), "");
    try {
      Files.write(tmp, content);
      fsync(tmp);
      move(tmp, abs);
      fsyncDirectory(dir);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** {@code .<name>.<kind>-<pid>-}: the prefix of this process's hidden temporaries for {@code target}. */
  public static String tempPrefix(Path target, String kind) {
    return "." + target.getFileName() + "." + kind + "-" + PID + "-";
  }

  /** Renames {@code from} to {@code to} atomically (replacing a file or symbolic link at {@code to}). */
  public static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Flushes a file's content to the device. */
  public static void fsync(Path file) throws IOException {
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.READ)) {
      c.force(true);
    }
  }

  /** Flushes a directory entry list to the device (makes renames durable); a no-op where the platform cannot. */
  public static void fsyncDirectory(Path dir) {
    try (FileChannel c = FileChannel.open(dir, StandardOpenOption.READ)) {
      c.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Windows cannot open a directory; the rename is still atomic, only its durability after a
      // power cut is weaker.
    }
  }

  /**
   * Deletes the hidden temporaries of {@code target} ({@code .<name>.<kind>-<pid>-*}, files or directories) left by dead
   * processes, and this process's own when {@code includeOwn} (the caller holds {@link #lockFor}); {@code keep} is spared.
   */
  public static void deleteStaleTemporaries(Path target, boolean includeOwn, Path keep) {
    Path abs = target.toAbsolutePath().normalize();
    Path dir = abs.getParent();
    String name = abs.getFileName().toString();
    try (var entries = Files.newDirectoryStream(dir, "." + globEscape(name) + ".*-*-*")) {
      for (Path p : entries) {
        Matcher m = TEMP.matcher(p.getFileName().toString());
        if (!m.matches() || !m.group(1).equals(name) || (keep != null && p.equals(keep))) continue;
        long pid = Long.parseLong(m.group(3));
        boolean dead =
            pid != PID && ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true);
        if (dead || (includeOwn && pid == PID)) deleteTree(p);
      }
    } catch (NoSuchFileException e) {
      // no directory, nothing to clean
    } catch (IOException | NumberFormatException e) {
      // best effort: a leftover is retried at the next write
    }
  }

  private static String globEscape(String s) {
    return s.replaceAll("([*?\\[\\]{}\\\\])", "\\\\$1");
  }

  /** Deletes a file, a symbolic link (not what it points to) or a directory tree; no-op when absent. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) return;
    if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
      Files.deleteIfExists(root);
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
        if (exc != null) throw exc;
        Files.deleteIfExists(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
