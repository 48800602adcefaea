package io.tfweave.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tfweave.testing.ParserFuzzTargets;
import java.io.IOException;

/** Fuzz test of {@link CsvTable}: any file either parses or throws MalformedDataException; see FormatFuzzTest. */
class CsvFuzzTest {
  @FuzzTest(maxDuration = "5s")
  void csv(byte[] input) throws IOException {
    ParserFuzzTargets.csv(input);
  }
}
