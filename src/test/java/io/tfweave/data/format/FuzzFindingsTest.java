package io.tfweave.data.format;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.CsvTable;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the fuzzers found, as clear errors: each input now throws MalformedDataException naming the source and the problem. */
class FuzzFindingsTest {
  @TempDir
  Path dir;

  static byte[] finding(String path) throws IOException {
    try (InputStream in = FuzzFindingsTest.class.getResourceAsStream(path)) {
      return in.readAllBytes();
    }
  }

  static void assertMalformed(String expected, org.junit.jupiter.api.function.Executable call) {
    var e = assertThrows(MalformedDataException.class, call);
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void idx() throws IOException {
    byte[] gz = finding("FormatFuzzTestInputs/idx/finding-corrupt-gzip-trailer");
    assertMalformed(
        "f.idx: damaged gzip data", () -> Idx.read(new ByteArrayInputStream(gz), "f.idx"));
    // 255 dimensions of 2^31-1: the element count used to wrap around to a negative array length
    byte[] huge = new byte[4 + 4 * 255];
    huge[2] = 0x0E;
    huge[3] = (byte) 255;
    for (int d = 0; d < 255; d++) huge[4 + 4 * d] = 0x7f;
    assertMalformed(
        "more than 2147483647", () -> Idx.read(new ByteArrayInputStream(huge), "f.idx"));
  }

  @Test
  void npyAndNpz() throws IOException {
    assertMalformed(
        "truncated .npy file",
        () -> Npy.read(
            new ByteArrayInputStream(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'}), "f.npy"));
    byte[] pickled = finding("FormatFuzzTestInputs/npy/finding-object-pickle-bad-number");
    assertThrows(
        MalformedDataException.class, () -> Npy.read(new ByteArrayInputStream(pickled), "f.npy"));
    Path npz = dir.resolve("f.npz");
    Files.write(npz, finding("FormatFuzzTestInputs/npz/finding-truncated-deflate-member"));
    assertThrows(MalformedDataException.class, () -> Npz.read(npz));
  }

  @Test
  void pickle() throws IOException {
    byte[] cyclic = finding("FormatFuzzTestInputs/pickle/finding-self-containing-list-as-key");
    assertThrows(MalformedDataException.class, () -> Pickle.load(cyclic));
    // {[]: 1} — Python refuses a list as a dict key ("unhashable type"), so do we
    assertMalformed(
        "unhashable", () -> Pickle.load(new byte[] {(byte) 0x80, 2, '}', ']', 'K', 1, 's', '.'}));
    assertMalformed(
        "FLOAT expects a decimal number", () -> Pickle.load("Fnot-a-number\n.".getBytes()));
  }

  @Test
  void csv() throws IOException {
    Path cut = dir.resolve("cut.csv");
    Files.writeString(cut, "a,b\n1,\"unclosed\n");
    assertMalformed("cut.csv: invalid CSV", () -> CsvTable.read(cut));
    assertMalformed("a quoted field is not closed", () -> CsvTable.read(cut));
    Path latin = dir.resolve("latin.csv");
    Files.write(latin, new byte[] {'a', '\n', (byte) 0xE9, '\n'});
    assertMalformed("latin.csv: the CSV file is not UTF-8 text", () -> CsvTable.read(latin));
  }
}
