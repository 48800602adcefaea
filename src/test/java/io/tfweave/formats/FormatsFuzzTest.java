package io.tfweave.formats;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tfweave.testing.ParserFuzzTargets;
import java.io.IOException;

/**
 * Fuzz tests of the TensorFlow file readers (TFRecord, checkpoint index and data, event files, SavedModel protos): any
 * input either parses or throws {@link CorruptFileException} (an {@code IOException}); never another exception, an
 * {@code OutOfMemoryError}, a hang or a crash (the targets are {@link ParserFuzzTargets}'). Seeds and findings are in
 * {@code FormatsFuzzTestInputs/<method>/}.
 */
class FormatsFuzzTest {
  @FuzzTest(maxDuration = "5s")
  void tfRecord(byte[] input) throws IOException {
    ParserFuzzTargets.tfRecord(input);
  }

  /** Input: a 4-byte big-endian length, that many bytes of {@code ckpt.index}, the rest {@code ckpt.data-00000-of-00001}. */
  @FuzzTest(maxDuration = "5s")
  void checkpoint(byte[] input) throws IOException {
    ParserFuzzTargets.checkpoint(input);
  }

  @FuzzTest(maxDuration = "5s")
  void eventFile(byte[] input) throws IOException {
    ParserFuzzTargets.eventFile(input);
  }

  @FuzzTest(maxDuration = "5s")
  void savedModel(byte[] input) throws IOException {
    ParserFuzzTargets.savedModel(input);
  }
}
