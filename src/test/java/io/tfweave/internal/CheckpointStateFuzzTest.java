package io.tfweave.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tfweave.testing.ParserFuzzTargets;

/** Fuzz test of the checkpoint state-file parser: parses (and round-trips) or throws IllegalArgumentException. */
class CheckpointStateFuzzTest {
  @FuzzTest(maxDuration = "5s")
  void stateFile(byte[] input) {
    ParserFuzzTargets.stateFile(input);
  }
}
