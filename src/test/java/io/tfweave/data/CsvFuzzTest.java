package io.tfweave.data;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tfweave.data.format.MalformedDataException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Fuzz test of {@link CsvTable}: any file either parses or throws {@link MalformedDataException}; see FormatFuzzTest. */
class CsvFuzzTest {
  @FuzzTest(maxDuration = "5s")
  void csv(byte[] input) throws IOException {
    Path file = Files.createTempFile("fuzz", ".csv");
    try {
      Files.write(file, input);
      CsvTable t = CsvTable.read(file);
      for (String c : t.columnNames()) {
        t.strings(c);
        try {
          t.toFloatNdArray(c);
        } catch (MalformedDataException | IllegalArgumentException expected) {
          // not numeric: documented
        }
        try {
          t.dates(c);
        } catch (MalformedDataException | IllegalArgumentException expected) {
          // not dates: documented
        }
      }
    } catch (MalformedDataException expected) {
      // documented
    } finally {
      Files.delete(file);
    }
  }
}
