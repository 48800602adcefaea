package io.tfweave.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint save protocol on the file level, with crashes injected at each step (a writer that fails or stops). */
class CheckpointFilesTest {
  @TempDir
  Path dir;

  /** Writes the two files of a TensorFlow checkpoint with {@code tag} as their content. */
  static CheckpointFiles.Writer writer(String tag) {
    return p -> {
      Files.writeString(p.resolveSibling(p.getFileName() + ".data-00000-of-00001"), tag);
      Files.writeString(CheckpointState.indexOf(p), tag);
    };
  }

  List<String> names() throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  String current(Path prefix) throws IOException {
    return Files.readString(CheckpointState.indexOf(CheckpointFiles.resolve(prefix)));
  }

  @Test
  void eachSaveIsAFreshNumberedCheckpointMadeCurrentByTheStateFile() throws IOException {
    Path w = dir.resolve("w");
    assertEquals(dir.resolve("w-1"), CheckpointFiles.save(w, 2, writer("one")));
    CheckpointFiles.save(w, 2, writer("two"));
    assertEquals(dir.resolve("w-3"), CheckpointFiles.save(w, 2, writer("three")));
    assertEquals("three", current(w));
    assertEquals(
        List.of(
            "checkpoint",
            "w-2.data-00000-of-00001",
            "w-2.index",
            "w-3.data-00000-of-00001",
            "w-3.index",
            "w.checkpoint"),
        names());
    String state =
        "model_checkpoint_path: \"w-3\"\nall_model_checkpoint_paths: \"w-2\"\nall_model_checkpoint_paths: \"w-3\"\n";
    assertEquals(state, Files.readString(dir.resolve("w.checkpoint")));
    assertEquals(
        state,
        Files.readString(dir.resolve("checkpoint")),
        "TensorFlow's directory state file, same content");
    assertEquals(
        dir.resolve("w-3"),
        CheckpointFiles.resolve(dir),
        "a directory resolves through its checkpoint file");
    CheckpointFiles.save(w, 1, writer("four"));
    assertEquals(
        List.of("checkpoint", "w-4.data-00000-of-00001", "w-4.index", "w.checkpoint"), names());
  }

  @Test
  void aSaveKilledAtAnyStepLeavesThePreviousCheckpointAndTheNextSaveCleansUp() throws IOException {
    Path w = dir.resolve("w");
    CheckpointFiles.save(w, 1, writer("good"));
    // killed while TensorFlow wrote the data file (its temporary), after the data file, and before
    // the index rename
    Files.writeString(dir.resolve("w-2.data-00000-of-00001.tempstate123"), "partial");
    Files.writeString(dir.resolve("w-3.data-00000-of-00001"), "partial");
    Files.writeString(dir.resolve("w-4.data-00000-of-00001"), "whole");
    Files.writeString(dir.resolve("w-4.index.tempstate9"), "partial");
    Files.createDirectories(dir.resolve("w-5_temp/part-00000-of-00001"));
    // killed while writing the state file: its hidden temporary (of a dead process)
    Files.writeString(
        dir.resolve(".w.checkpoint.tmp-999999999-1"), "model_checkpoint_path: \"w-4\"");
    assertEquals("good", current(w));
    // a save that fails half-way (the writer throws) changes nothing either
    assertThrows(
        IOException.class,
        () -> CheckpointFiles.save(w, 1, p -> {
          Files.writeString(p.resolveSibling(p.getFileName() + ".data-00000-of-00001"), "half");
          throw new IOException("disk full");
        }));
    assertEquals("good", current(w));
    assertEquals(
        dir.resolve("w-7"),
        CheckpointFiles.save(w, 1, writer("next")),
        "numbers of leftovers are not reused");
    assertEquals("next", current(w));
    assertEquals(
        List.of("checkpoint", "w-7.data-00000-of-00001", "w-7.index", "w.checkpoint"), names());
  }

  @Test
  void anUnnumberedCheckpointStillLoadsAndTheFirstSaveReplacesIt() throws IOException {
    Path w = dir.resolve("w");
    writer("legacy").write(w);
    assertEquals(w, CheckpointFiles.resolve(w));
    CheckpointFiles.save(w, 1, writer("new"));
    assertEquals("new", current(w));
    assertFalse(Files.exists(dir.resolve("w.index")));
    assertEquals(
        w.resolveSibling("w-1"),
        CheckpointFiles.resolve(w.resolveSibling("w-1")),
        "a numbered prefix loads directly");
  }

  @Test
  void damagedOrDanglingStateFilesGiveAClearErrorAndASaveRepairsThem() throws IOException {
    Path w = dir.resolve("w");
    Files.writeString(dir.resolve("w.checkpoint"), "garbage without a colon\n");
    var e = assertThrows(IllegalArgumentException.class, () -> CheckpointFiles.resolve(w));
    assertTrue(
        e.getMessage().contains("w.checkpoint line 1") && e.getMessage().contains("save again"),
        e.getMessage());
    CheckpointFiles.save(w, 1, writer("repaired"));
    assertEquals("repaired", current(w));
    Files.writeString(dir.resolve("w.checkpoint"), "model_checkpoint_path: \"w-9\"\n");
    e = assertThrows(IllegalArgumentException.class, () -> CheckpointFiles.resolve(w));
    assertTrue(
        e.getMessage().contains("points to") && e.getMessage().contains("w-9.index does not exist"),
        e.getMessage());
    var none = assertThrows(
        IllegalArgumentException.class, () -> CheckpointFiles.resolve(dir.resolve("nothing")));
    assertTrue(
        none.getMessage().contains("nothing.checkpoint (written by saveWeights) or"),
        none.getMessage());
  }

  @Test
  void readsStateFilesAsTensorFlowWritesThem() {
    String tf =
        "model_checkpoint_path: \"/abs/ckpt-12\"\nall_model_checkpoint_paths: \"/abs/ckpt-11\"\n"
            + "all_model_checkpoint_paths: \"/abs/ckpt-12\"\nall_model_checkpoint_timestamps: 1.7e9\nlast_preserved_timestamp: 1.6e9\n";
    CheckpointState s = CheckpointState.parse(tf, "checkpoint");
    assertEquals("/abs/ckpt-12", s.current());
    assertEquals(List.of("/abs/ckpt-11", "/abs/ckpt-12"), s.all());
    assertEquals(
        Path.of("/abs/ckpt-12"), CheckpointState.resolve(Path.of("/elsewhere"), s.current()));
    CheckpointState q =
        new CheckpointState("a \"quoted\" \\ name", List.of("a \"quoted\" \\ name"));
    assertEquals(q, CheckpointState.parse(q.format(), "round trip"));
    assertThrows(
        IllegalArgumentException.class,
        () -> CheckpointState.parse("all_model_checkpoint_paths: \"x\"", "f"));
    assertThrows(
        IllegalArgumentException.class,
        () -> CheckpointState.parse("model_checkpoint_path: \"x", "f"));
  }
}
