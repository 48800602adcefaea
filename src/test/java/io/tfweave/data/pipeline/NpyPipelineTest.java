package io.tfweave.data.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tfweave.data.format.MalformedDataException;
import io.tfweave.data.format.Npy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.LongNdArray;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.ndarray.Shape;

class NpyPipelineTest {
  @TempDir
  Path dir;

  /** Writes a version 1.0 .npy file of {@code descr} and {@code shape} whose data is {@code data}. */
  static Path npy(Path f, String descr, String shape, byte[] data) throws IOException {
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shape + ", }";
    int pad = 64 - (10 + dict.length() + 1) % 64;
    String header = dict + " ".repeat(pad % 64) + "\n";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    out.write(header.length() & 0xff);
    out.write(header.length() >> 8);
    out.write(header.getBytes(StandardCharsets.ISO_8859_1));
    out.write(data);
    return Files.write(f, out.toByteArray());
  }

  static byte[] floats(ByteOrder order, int from, int n) {
    ByteBuffer b = ByteBuffer.allocate(4 * n).order(order);
    for (int i = 0; i < n; i++) b.putFloat(from + i);
    return b.array();
  }

  static byte[] longs(long from, int n) {
    ByteBuffer b = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) b.putLong(from + i);
    return b.array();
  }

  @Test
  void shardsStreamBackAsWrittenAndPairUp() throws IOException {
    Path x0 =
        npy(dir.resolve("x0.npy"), "<f4", "(4, 2, 3)", floats(ByteOrder.LITTLE_ENDIAN, 0, 24));
    Path x1 =
        npy(dir.resolve("x1.npy"), "<f4", "(6, 2, 3)", floats(ByteOrder.LITTLE_ENDIAN, 24, 36));
    Path y0 = npy(dir.resolve("y0.npy"), "<i8", "(5,)", longs(100, 5));
    Path y1 = npy(dir.resolve("y1.npy"), "<i8", "(5,)", longs(105, 5));
    assertArrayEquals(
        new long[] {6, 2, 3},
        Npy.read(x1).shape(),
        "the test writer writes files the library's .npy reader reads");
    List<Map<String, NdArray<?>>> all =
        Pipeline.fromNpy(List.of(x0, x1), List.of(y0, y1)).toList();
    assertEquals(10, all.size());
    for (int i = 0; i < 10; i++) {
      FloatNdArray x = (FloatNdArray) all.get(i).get("x");
      assertEquals(Shape.of(2, 3), x.shape());
      assertEquals(6f * i + 5, x.getFloat(1, 2));
      assertEquals(100L + i, ((LongNdArray) all.get(i).get("y")).getLong());
    }
    Path big = npy(dir.resolve("big.npy"), ">f4", "(3,)", floats(ByteOrder.BIG_ENDIAN, 7, 3));
    assertEquals(
        9f,
        ((FloatNdArray) Pipeline.fromNpy(List.of(big), null).toList().get(2).get("x")).getFloat());
    Path bytes = npy(dir.resolve("u8.npy"), "|u1", "(2, 2)", new byte[] {1, 2, (byte) 200, 4});
    NdArray<?> u = Pipeline.fromNpy(List.of(bytes), null)
        .map((tf, e) -> e.with("x", tf.dtypes.cast(e.get("x"), org.tensorflow.types.TInt32.class)))
        .toList()
        .get(1)
        .get("x");
    assertEquals(200, ((IntNdArray) u).getInt(0));
  }

  @Test
  void mismatchedOrUnsupportedShardsAreNamed() throws IOException {
    Path x = npy(dir.resolve("x.npy"), "<f4", "(4, 2)", floats(ByteOrder.LITTLE_ENDIAN, 0, 8));
    Path y = npy(dir.resolve("y.npy"), "<i8", "(3,)", longs(0, 3));
    var e = assertThrows(
        IllegalArgumentException.class, () -> Pipeline.fromNpy(List.of(x), List.of(y)));
    assertTrue(
        e.getMessage().contains("the x shards hold 4 samples, the y shards 3"), e.getMessage());
    Path other =
        npy(dir.resolve("x3.npy"), "<f4", "(4, 3)", floats(ByteOrder.LITTLE_ENDIAN, 0, 12));
    var s = assertThrows(
        IllegalArgumentException.class, () -> Pipeline.fromNpy(List.of(x, other), null));
    assertTrue(
        s.getMessage()
            .contains("x shard " + other + " holds float32 samples of shape [3], but " + x),
        s.getMessage());
    Path c = npy(dir.resolve("c.npy"), "<c8", "(2,)", new byte[16]);
    var t = assertThrows(MalformedDataException.class, () -> Pipeline.fromNpy(List.of(c), null));
    assertTrue(t.getMessage().contains("unsupported .npy header"), t.getMessage());
  }
}
