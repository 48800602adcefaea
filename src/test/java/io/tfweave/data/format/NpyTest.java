package io.tfweave.data.format;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.Shape;

class NpyTest {
  private static byte[] npy(int major, String header, byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
    byte[] h = (header + "\n").getBytes(StandardCharsets.ISO_8859_1);
    int lengthBytes = major == 1 ? 2 : 4;
    for (int i = 0; i < lengthBytes; i++) {
      out.write(h.length >>> (8 * i));
    }
    out.writeBytes(h);
    out.writeBytes(data);
    return out.toByteArray();
  }

  private static NpyArray read(byte[] b) {
    return Npy.read(new ByteArrayInputStream(b), "test.npy");
  }

  private static byte[] buffer(
      int bytes, ByteOrder order, java.util.function.Consumer<ByteBuffer> fill) {
    ByteBuffer b = ByteBuffer.allocate(bytes).order(order);
    fill.accept(b);
    return b.array();
  }

  @Test
  void littleEndianFloat32Matrix() {
    byte[] data = buffer(24, ByteOrder.LITTLE_ENDIAN, b -> {
      for (int i = 0; i < 6; i++) {
        b.putFloat(i * 0.5f);
      }
    });
    NpyArray a = read(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", data));
    assertArrayEquals(new long[] {2, 3}, a.shape());
    FloatNdArray f = a.toFloatNdArray();
    assertEquals(Shape.of(2, 3), f.shape());
    assertEquals(2.5f, f.getFloat(1, 2));
    assertEquals(1.0f, f.getFloat(0, 2));
  }

  @Test
  void fortranOrderIsReorderedToC() {
    // Fortran order of [[1, 2, 3], [4, 5, 6]] is 1, 4, 2, 5, 3, 6.
    byte[] data = buffer(48, ByteOrder.LITTLE_ENDIAN, b -> {
      for (long v : new long[] {1, 4, 2, 5, 3, 6}) {
        b.putLong(v);
      }
    });
    NpyArray a = read(npy(1, "{'descr': '<i8', 'fortran_order': True, 'shape': (2, 3), }", data));
    assertArrayEquals(new long[] {1, 2, 3, 4, 5, 6}, a.toLongArray());
  }

  @Test
  void bigEndianAndUnsignedAndBoolDtypes() {
    byte[] be = buffer(8, ByteOrder.BIG_ENDIAN, b -> b.putInt(-7).putInt(70000));
    assertArrayEquals(
        new int[] {-7, 70000},
        read(npy(1, "{'descr': '>i4', 'fortran_order': False, 'shape': (2,), }", be))
            .toIntArray());
    byte[] u2 =
        buffer(4, ByteOrder.LITTLE_ENDIAN, b -> b.putShort((short) 0xFFFF).putShort((short) 3));
    assertArrayEquals(
        new long[] {65535, 3},
        read(npy(1, "{'descr': '<u2', 'fortran_order': False, 'shape': (2,), }", u2))
            .toLongArray());
    assertArrayEquals(
        new int[] {200, 1},
        read(npy(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }", new byte[] {
              (byte) 200, 1
            }))
            .toIntArray());
    assertArrayEquals(
        new double[] {1, 0},
        read(npy(1, "{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }", new byte[] {1, 0}))
            .toDoubleArray());
    byte[] f8 = buffer(8, ByteOrder.LITTLE_ENDIAN, b -> b.putDouble(-0.25));
    assertArrayEquals(
        new double[] {-0.25},
        read(npy(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), }", f8))
            .toDoubleArray());
  }

  @Test
  void version2And3HeadersAndPython2Longs() {
    byte[] data = buffer(16, ByteOrder.LITTLE_ENDIAN, b -> b.putLong(9).putLong(-9));
    assertArrayEquals(
        new long[] {9, -9},
        read(npy(2, "{'descr': '<i8', 'fortran_order': False, 'shape': (2L,), }", data))
            .toLongArray());
    assertArrayEquals(
        new long[] {9, -9},
        read(npy(3, "{\"descr\": \"<i8\", \"fortran_order\": False, \"shape\": (2,)}", data))
            .toLongArray());
  }

  @Test
  void scalarAndEmptyShapes() {
    byte[] one = buffer(8, ByteOrder.LITTLE_ENDIAN, b -> b.putLong(42));
    NpyArray s = read(npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (), }", one));
    assertEquals(1, s.size());
    assertArrayEquals(new long[] {42}, s.toLongArray());
    NpyArray e =
        read(npy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 3), }", new byte[0]));
    assertEquals(0, e.size());
    assertEquals(Shape.of(0, 3), e.toFloatNdArray().shape());
  }

  @Test
  void errorsNameTheProblem() {
    MalformedDataException e = assertThrows(
        MalformedDataException.class,
        () -> read("PK\3\4abcd".getBytes(StandardCharsets.ISO_8859_1)));
    assertTrue(
        e.getMessage()
            .contains("test.npy: not a .npy file: expected the magic string"
                + " \\x93NUMPY but found 50 4B 03 04"),
        e.getMessage());
    e = assertThrows(
        MalformedDataException.class,
        () -> read(
            npy(1, "{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", new byte[16])));
    assertTrue(e.getMessage().contains("unsupported dtype '<c16'"), e.getMessage());
    e = assertThrows(
        MalformedDataException.class,
        () -> read(npy(
            1, "{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (1,), }", new byte[4])));
    assertTrue(e.getMessage().contains("structured dtypes are not supported"), e.getMessage());
    e = assertThrows(
        MalformedDataException.class,
        () -> read(
            npy(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }", new byte[16])));
    assertTrue(
        e.getMessage()
            .contains(
                "truncated .npy data: expected 24 more bytes but the" + " stream ended after 16"),
        e.getMessage());
    e = assertThrows(
        MalformedDataException.class, () -> read(npy(1, "{'descr': '<i8',", new byte[0])));
    assertTrue(e.getMessage().contains("invalid .npy header"), e.getMessage());
    IllegalStateException s = assertThrows(IllegalStateException.class, () -> read(npy(
            1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", new byte[4]))
        .toLongArray());
    assertTrue(s.getMessage().contains("floating-point dtype <f4; use toDoubleArray()"));
  }
}
