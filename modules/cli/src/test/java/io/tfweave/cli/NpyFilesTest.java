package io.tfweave.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyFilesTest {
  @TempDir
  Path dir;

  private Path npy(String descr, boolean fortran, String shape, byte[] data) throws IOException {
    String header = "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False")
        + ", 'shape': " + shape + ", }";
    header += " ".repeat(63 - (10 + header.length()) % 64) + "\n";
    ByteBuffer b =
        ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0})
        .putShort((short) header.length());
    b.put(header.getBytes(StandardCharsets.ISO_8859_1)).put(data);
    return Files.write(dir.resolve("a.npy"), b.array());
  }

  @Test
  void readsFortranOrderIntsAndHalfFloats() throws IOException {
    ByteBuffer ints = ByteBuffer.allocate(24).order(ByteOrder.BIG_ENDIAN);
    for (int v : new int[] {1, 4, 2, 5, 3, 6})
      ints.putInt(v); // column-major [[1, 2, 3], [4, 5, 6]]
    NumericArray a = NpyFiles.read(npy(">i4", true, "(2, 3)", ints.array()));
    assertArrayEquals(new long[] {2, 3}, a.shape());
    assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, a.values());

    byte[] halves = {0x00, 0x3c, 0x00, (byte) 0xc1, 0x00, 0x00
    }; // 1.0, -2.5, 0.0 little-endian float16
    a = NpyFiles.read(npy("<f2", false, "(3,)", halves));
    assertArrayEquals(new long[] {3}, a.shape());
    assertArrayEquals(new double[] {1, -2.5, 0}, a.values());
  }

  @Test
  void rejectsBadFiles() throws IOException {
    var e = assertThrows(
        CliException.class, () -> NpyFiles.read(npy("<c8", false, "(1,)", new byte[8])));
    assertTrue(e.getMessage().contains("holds dtype '<c8'"), e.getMessage());
    e = assertThrows(
        CliException.class, () -> NpyFiles.read(npy("<f8", false, "(2,)", new byte[8])));
    assertTrue(
        e.getMessage()
            .contains("is truncated: shape [2] of <f8 needs 16 bytes of data, but it has 8"),
        e.getMessage());
    Path text = Files.writeString(dir.resolve("b.npy"), "hello");
    e = assertThrows(CliException.class, () -> NpyFiles.read(text));
    assertTrue(e.getMessage().contains("is not an npy file"), e.getMessage());
  }
}
