package io.tfweave.formats;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Fuzz tests of the TensorFlow file readers (TFRecord, checkpoint index and data, event files, SavedModel protos): any
 * input either parses or throws {@link CorruptFileException} (an {@code IOException}); never another exception, an
 * {@code OutOfMemoryError}, a hang or a crash. Seeds and findings are in {@code FormatsFuzzTestInputs/<method>/}.
 */
class FormatsFuzzTest {
  @FuzzTest(maxDuration = "5s")
  void tfRecord(byte[] input) throws IOException {
    try (TfRecordReader r =
        new TfRecordReader(new ByteArrayInputStream(input), Path.of("fuzz.tfrecord"))) {
      while (r.next() != null) {
        // read every record
      }
    } catch (CorruptFileException expected) {
      // documented
    }
  }

  /** Input: a 4-byte big-endian length, that many bytes of {@code ckpt.index}, the rest {@code ckpt.data-00000-of-00001}. */
  @FuzzTest(maxDuration = "5s")
  void checkpoint(byte[] input) throws IOException {
    if (input.length < 4) return;
    int n = Math.min(Math.max(ByteBuffer.wrap(input, 0, 4).getInt(), 0), input.length - 4);
    Path dir = Files.createTempDirectory("fuzz-ckpt");
    try {
      Files.write(dir.resolve("ckpt.index"), Arrays.copyOfRange(input, 4, 4 + n));
      Files.write(
          dir.resolve("ckpt.data-00000-of-00001"), Arrays.copyOfRange(input, 4 + n, input.length));
      CheckpointReader c = CheckpointReader.open(dir.resolve("ckpt"));
      for (CheckpointVariable v : c.variables()) {
        try {
          c.readBytes(v.name());
        } catch (CorruptFileException | UnsupportedOperationException expected) {
          // damaged, or a sliced or non-numeric tensor: documented
        }
      }
    } catch (CorruptFileException expected) {
      // documented
    } finally {
      for (String f : new String[] {"ckpt.index", "ckpt.data-00000-of-00001"})
        Files.deleteIfExists(dir.resolve(f));
      Files.delete(dir);
    }
  }

  @FuzzTest(maxDuration = "5s")
  void eventFile(byte[] input) throws IOException {
    Path dir = Files.createTempDirectory("fuzz-events");
    Path file = dir.resolve("events.out.tfevents.1.fuzz");
    try {
      Files.write(file, input);
      EventFileReader r = EventFileReader.read(file);
      r.fileVersion();
      for (String t : r.scalarTags()) r.scalars(t);
      for (String t : r.histogramTags()) r.histograms(t);
      r.graph();
    } catch (CorruptFileException expected) {
      // documented
    } finally {
      Files.deleteIfExists(file);
      Files.delete(dir);
    }
  }

  @FuzzTest(maxDuration = "5s")
  void savedModel(byte[] input) throws IOException {
    Path dir = Files.createTempDirectory("fuzz-sm");
    Path file = dir.resolve("saved_model.pb");
    try {
      Files.write(file, input);
      SavedModelInfo info = SavedModelInfo.read(dir);
      info.describe();
      info.signatures();
      info.variables();
      info.opTypeCounts();
    } catch (CorruptFileException expected) {
      // documented
    } catch (IllegalArgumentException e) {
      // documented for a proto that parses but has no usable meta graph: the message names the file
      if (!e.getMessage().startsWith(file.toString())) throw e;
    } finally {
      Files.deleteIfExists(file);
      Files.delete(dir);
    }
  }
}
