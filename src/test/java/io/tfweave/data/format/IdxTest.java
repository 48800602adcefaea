package io.tfweave.data.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.Shape;

class IdxTest {
  @TempDir
  Path dir;

  /** IDX bytes: 00 00 type ndims, big-endian dims, then the given element bytes. */
  static byte[] idx(int type, int[] dims, byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0, 0, (byte) type, (byte) dims.length});
    for (int d : dims) {
      out.writeBytes(new byte[] {(byte) (d >>> 24), (byte) (d >>> 16), (byte) (d >>> 8), (byte) d});
    }
    out.writeBytes(data);
    return out.toByteArray();
  }

  static void write(Path path, byte[] bytes, boolean gzip) throws IOException {
    try (OutputStream out =
        gzip ? new GZIPOutputStream(Files.newOutputStream(path)) : Files.newOutputStream(path)) {
      out.write(bytes);
    }
  }

  @Test
  void readsUnsignedBytesPlainAndGzipped() throws IOException {
    byte[] bytes = idx(
        0x08, new int[] {2, 2, 3}, new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, (byte) 254, (byte) 255
        });
    for (boolean gzip : new boolean[] {false, true}) {
      Path p = dir.resolve("images" + gzip);
      write(p, bytes, gzip);
      IdxArray a = Idx.read(p);
      assertEquals(IdxArray.UNSIGNED_BYTE, a.type());
      assertArrayEquals(new int[] {2, 2, 3}, a.shape());
      assertEquals(12, a.size());
      assertEquals(Shape.of(2, 2, 3), a.toFloatNdArray().shape());
      assertEquals(255f, a.toFloatNdArray().getFloat(1, 1, 2));
      assertEquals(7, a.toIntNdArray().getInt(1, 0, 1));
    }
  }

  @Test
  void readsWiderBigEndianTypes() throws IOException {
    Path ints = dir.resolve("ints");
    write(
        ints,
        idx(0x0C, new int[] {2}, new byte[] {
          0, 0, 1, 0, (byte) 255, (byte) 255, (byte) 255, (byte) 254
        }),
        false);
    assertArrayEquals(new int[] {256, -2}, Idx.read(ints).toIntArray());
    Path floats = dir.resolve("floats");
    write(floats, idx(0x0D, new int[] {1}, new byte[] {0x3f, (byte) 0xc0, 0, 0}), true);
    assertArrayEquals(new float[] {1.5f}, Idx.read(floats).toFloatArray());
    Path signed = dir.resolve("signed");
    write(signed, idx(0x09, new int[] {1}, new byte[] {(byte) 0xff}), false);
    assertArrayEquals(new int[] {-1}, Idx.read(signed).toIntArray());
  }

  @Test
  void errorsNameTheFileAndTheProblem() throws IOException {
    Path truncated = dir.resolve("truncated");
    write(truncated, idx(0x08, new int[] {10}, new byte[3]), true);
    MalformedDataException e =
        assertThrows(MalformedDataException.class, () -> Idx.read(truncated));
    assertTrue(
        e.getMessage()
            .contains("truncated IDX data: the header declares 10 bytes of"
                + " elements but the file holds only 3"),
        e.getMessage());
    Path badType = dir.resolve("badType");
    write(badType, idx(0x07, new int[] {1}, new byte[1]), false);
    e = assertThrows(MalformedDataException.class, () -> Idx.read(badType));
    assertTrue(e.getMessage().contains("unknown IDX element type 0x07"), e.getMessage());
    Path notIdx = dir.resolve("notIdx");
    write(notIdx, new byte[] {1, 2, 3, 4}, false);
    e = assertThrows(MalformedDataException.class, () -> Idx.read(notIdx));
    assertTrue(
        e.getMessage().contains("not an IDX file") && e.getMessage().contains("01 02 03 04"),
        e.getMessage());
    Path floats = dir.resolve("f");
    write(floats, idx(0x0D, new int[] {1}, new byte[4]), false);
    assertThrows(IllegalStateException.class, () -> Idx.read(floats).toIntArray());
  }
}
