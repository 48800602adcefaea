package io.tfweave.data.format;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tfweave.testing.ParserFuzzTargets;
import java.io.IOException;

/**
 * Fuzz tests of the data-file parsers (IDX, NPY, NPZ, pickle): any input either parses or throws {@link
 * MalformedDataException}; never another exception, an {@code OutOfMemoryError}, a hang or a crash (the targets are
 * {@link ParserFuzzTargets}'). {@code mvn test} runs the committed seeds and findings ({@code FormatFuzzTestInputs/<method>/});
 * {@code JAZZER_FUZZ=1} fuzzes one method for its {@code maxDuration}.
 */
class FormatFuzzTest {
  @FuzzTest(maxDuration = "5s")
  void idx(byte[] input) {
    ParserFuzzTargets.idx(input);
  }

  @FuzzTest(maxDuration = "5s")
  void npy(byte[] input) {
    ParserFuzzTargets.npy(input);
  }

  @FuzzTest(maxDuration = "5s")
  void npz(byte[] input) throws IOException {
    ParserFuzzTargets.npz(input);
  }

  @FuzzTest(maxDuration = "5s")
  void pickle(byte[] input) {
    ParserFuzzTargets.pickle(input);
  }
}
