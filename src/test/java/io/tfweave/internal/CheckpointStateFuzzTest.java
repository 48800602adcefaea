package io.tfweave.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/** Fuzz test of the checkpoint state-file parser: parses (and round-trips) or throws IllegalArgumentException. */
class CheckpointStateFuzzTest {
  @FuzzTest(maxDuration = "5s")
  void stateFile(byte[] input) {
    CheckpointState s;
    try {
      s = CheckpointState.parse(new String(input, StandardCharsets.UTF_8), "checkpoint");
    } catch (IllegalArgumentException expected) {
      return;
    }
    if (!CheckpointState.parse(s.format(), "formatted").equals(s))
      throw new AssertionError("no round trip: " + s);
  }
}
