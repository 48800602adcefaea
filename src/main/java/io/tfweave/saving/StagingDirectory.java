package io.tfweave.saving;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A hidden temporary directory next to a target ({@code .<name>.tmp-<random>}) that becomes the target by one rename once
 * it is complete, so that readers (TF Serving polling {@code <model>/<version>/}) never see a half-written directory. A
 * failed or abandoned write is deleted on {@link #close()}.
 */
final class StagingDirectory implements AutoCloseable {
  private final Path target;
  private final Path staging;
  private boolean committed;

  private StagingDirectory(Path target, Path staging) {
    this.target = target;
    this.staging = staging;
  }

  /** Creates the staging directory beside {@code target} (creating the parent directories). */
  static StagingDirectory beside(Path target) {
    Path abs = target.toAbsolutePath().normalize();
    try {
      Files.createDirectories(abs.getParent());
      return new StagingDirectory(abs, Files.createTempDirectory(abs.getParent(), "." + abs.getFileName() + ".tmp-"));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a staging directory beside " + abs, e);
    }
  }

  /** The directory to write into. */
  Path path() { return staging; }

  /**
   * Renames the staging directory to the target. An existing target is replaced only when {@code overwrite} is true: it is
   * first renamed aside, then deleted after the new directory is in place.
   */
  Path commit(boolean overwrite) {
    try {
      Path old = null;
      if (Files.exists(target)) {
        if (!overwrite) {
          throw new IllegalArgumentException("SavedModel directory " + target + " already exists. Pass "
              + "ExportOptions.defaults().overwrite(true) to replace it, or export a new version.");
        }
        old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old-");
        Files.delete(old);
        move(target, old);
      }
      move(staging, target);
      committed = true;
      if (old != null) deleteTree(old);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot move the finished export into " + target, e);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to);
    }
  }

  @Override
  public void close() {
    if (!committed) {
      try {
        deleteTree(staging);
      } catch (IOException e) {
        // best effort: a leftover hidden .tmp- directory is ignored by TF Serving and by later exports
      }
    }
  }

  /** Deletes a directory tree (no-op when absent). */
  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) return;
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        if (exc != null) throw exc;
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
