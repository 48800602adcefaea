package io.tfweave.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tfweave.models.Model;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue #12, failure 7: a model server running as another user must be able to read an export. */
class ExportPermissionsTest {
  @TempDir
  Path dir;

  @Test
  void exportIsReadableByOtherUsersAsTensorFlowLeavesIt() throws Exception {
    assumeTrue(
        Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class),
        "no POSIX permissions on this file system");
    try (Model m = SavedModelExportTest.trainedMlp()) {
      Path first =
          SavedModelExporter.exportVersion(m, dir.resolve("mlp"), 1, ExportOptions.defaults());
      assertShared(first, 4);
      // A replacement lives in a hidden sibling behind a symbolic link: that content must be
      // readable too.
      Path again = SavedModelExporter.export(m, first, ExportOptions.defaults().overwrite(true));
      assertTrue(Files.isSymbolicLink(again), "overwrite swaps a link");
      assertShared(again.toRealPath(), 4);
    }
  }

  /** Every directory is rwxr-xr-x and every file rw-r--r-- (at least {@code minFiles} files). */
  private static void assertShared(Path root, int minFiles) throws Exception {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        if (Files.isDirectory(p)) {
          assertEquals("rwxr-xr-x", perms, p.toString());
        } else {
          assertEquals("rw-r--r--", perms, p.toString());
          files.add(p);
        }
      }
    }
    assertTrue(files.size() >= minFiles, "files: " + files);
    assertTrue(files.stream().anyMatch(p -> p.endsWith("saved_model.pb")), "files: " + files);
    assertTrue(
        files.stream().anyMatch(p -> p.toString().endsWith("variables.index")), "files: " + files);
  }
}
