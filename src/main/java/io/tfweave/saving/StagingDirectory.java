package io.tfweave.saving;

import io.tfweave.internal.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A hidden directory beside a target ({@code .<name>.tmp-<pid>-<random>}, same file system) that becomes the target by one
 * rename once it is complete, so that readers (TF Serving polling {@code <model>/<version>/}) never see a half-written
 * directory. A failed write is deleted on {@link #close()}; those of killed processes (their pid is dead) are deleted when
 * the next staging directory for the same target is created.
 *
 * <p>Replacing an existing target ({@link #commit commit(true)}) cannot rename a directory over a directory, so the new
 * content lives in a hidden sibling {@code .<name>.v-<pid>-<random>} and the target is a symbolic link to it, replaced by
 * one atomic rename: readers see the old or the new directory at every instant. The first replacement of a real directory
 * (one written without overwrite, or by another tool) renames it aside first, a window of two renames, after which every
 * replacement is atomic. Where symbolic links are not supported (Windows without the privilege) every replacement has that
 * window.
 */
final class StagingDirectory implements AutoCloseable {
  private final Path target;
  private final Path staging;
  private boolean committed;

  private StagingDirectory(Path target, Path staging) {
    this.target = target;
    this.staging = staging;
  }

  /** Creates the staging directory beside {@code target} (creating the parent directories) after cleaning up stale ones. */
  static StagingDirectory beside(Path target) {
    Path abs = target.toAbsolutePath().normalize();
    try {
      Files.createDirectories(abs.getParent());
      cleanUp(abs);
      return new StagingDirectory(
          abs, Files.createTempDirectory(abs.getParent(), AtomicFiles.tempPrefix(abs, "tmp")));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create a staging directory beside " + abs, e);
    }
  }

  /** A hidden scratch directory beside {@code target} for this process (deleted by the caller, or as stale later). */
  static Path scratchBeside(Path target, String kind) throws IOException {
    Path abs = target.toAbsolutePath().normalize();
    return Files.createTempDirectory(abs.getParent(), AtomicFiles.tempPrefix(abs, kind));
  }

  /**
   * Restores a target that a killed replacement left renamed aside, then deletes the hidden siblings of dead processes and
   * of this one (the caller holds {@code AtomicFiles.lockFor(target)}), sparing what the target links to.
   */
  static void cleanUp(Path target) throws IOException {
    Path home = linkedHome(target);
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      try (DirectoryStream<Path> ds =
          Files.newDirectoryStream(target.getParent(), "." + target.getFileName() + ".old-*")) {
        for (Path aside : ds) {
          AtomicFiles.move(
              aside,
              target); // killed between "rename aside" and "link in": the previous version comes
          // back
          break;
        }
      }
    }
    AtomicFiles.deleteStaleTemporaries(target, true, home);
  }

  /** The directory a symbolic-link target points to, or null. */
  private static Path linkedHome(Path target) throws IOException {
    if (!Files.isSymbolicLink(target)) return null;
    return target.getParent().resolve(Files.readSymbolicLink(target)).normalize();
  }

  /** The directory to write into. */
  Path path() {
    return staging;
  }

  /**
   * Makes the staging directory the target. A new target (and any target when symbolic links are unavailable) is one rename
   * of the directory. With {@code overwrite}, the target becomes a symbolic link to the new content, swapped in atomically;
   * without it, an existing target is an error.
   */
  Path commit(boolean overwrite) {
    try {
      shareReadOnly(staging);
      boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
      if (exists && !overwrite) {
        throw new IllegalArgumentException(
            "SavedModel directory " + target + " already exists. Pass "
                + "ExportOptions.defaults().overwrite(true) to replace it, or export a new version.");
      }
      if (!overwrite || !swapLink(exists)) {
        Path aside = null;
        if (exists) {
          aside = hidden("old");
          AtomicFiles.move(target, aside);
        }
        AtomicFiles.move(staging, target);
        committed = true;
        if (aside != null) AtomicFiles.deleteTree(aside);
      }
      AtomicFiles.fsyncDirectory(target.getParent());
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot move the finished export into " + target, e);
    }
  }

  /**
   * Makes a finished tree readable by other users as TensorFlow's own exporter leaves it ({@code rwxr-xr-x} directories,
   * {@code rw-r--r--} files): {@link Files#createTempDirectory} creates {@code rwx------}, which a model server running as
   * another user cannot read. A no-op where the file system has no POSIX permissions.
   */
  static void shareReadOnly(Path root) throws IOException {
    if (!Files.getFileStore(root).supportsFileAttributeView(PosixFileAttributeView.class)) return;
    Set<PosixFilePermission> dirs = PosixFilePermissions.fromString("rwxr-xr-x");
    Set<PosixFilePermission> files = PosixFilePermissions.fromString("rw-r--r--");
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (Files.isSymbolicLink(p)) continue;
        Files.setPosixFilePermissions(p, Files.isDirectory(p) ? dirs : files);
      }
    }
  }

  /** Links the target to the new content with one atomic rename; false when symbolic links are not supported here. */
  private boolean swapLink(boolean exists) throws IOException {
    Path home = hidden("v");
    Path link = hidden("link");
    try {
      Files.createSymbolicLink(link, home.getFileName());
    } catch (UnsupportedOperationException | FileSystemException e) {
      return false;
    }
    Path oldHome = linkedHome(target);
    AtomicFiles.move(staging, home);
    committed = true;
    Path aside = null;
    if (exists && oldHome == null) {
      aside = hidden("old"); // a real directory cannot be replaced by a link in one rename
      AtomicFiles.move(target, aside);
    }
    AtomicFiles.move(link, target);
    if (aside != null) AtomicFiles.deleteTree(aside);
    if (oldHome != null
        && oldHome.getFileName().toString().startsWith("." + target.getFileName() + ".")) {
      AtomicFiles.deleteTree(oldHome);
    }
    return true;
  }

  private Path hidden(String kind) {
    return target.resolveSibling(AtomicFiles.tempPrefix(target, kind)
        + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()));
  }

  @Override
  public void close() {
    if (!committed) {
      try {
        AtomicFiles.deleteTree(staging);
      } catch (IOException e) {
        // best effort: a leftover is deleted by the next export to this target, once this process
        // is gone
      }
    }
  }

  /** Deletes a directory tree, or a symbolic link without what it points to (no-op when absent). */
  static void deleteTree(Path root) throws IOException {
    AtomicFiles.deleteTree(root);
  }
}
