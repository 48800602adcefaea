package io.tfweave.data.format;

import java.nio.ByteBuffer;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * An array read from an IDX file: its element type code, its shape and its elements in
 * row-major order.
 */
public final class IdxArray {
  /** Element type code of unsigned bytes (MNIST pixels and labels). */
  public static final int UNSIGNED_BYTE = 0x08;
  /** Element type code of signed bytes. */
  public static final int SIGNED_BYTE = 0x09;
  /** Element type code of big-endian 16-bit ints. */
  public static final int SHORT = 0x0B;
  /** Element type code of big-endian 32-bit ints. */
  public static final int INT = 0x0C;
  /** Element type code of big-endian 32-bit floats. */
  public static final int FLOAT = 0x0D;
  /** Element type code of big-endian 64-bit floats. */
  public static final int DOUBLE = 0x0E;

  private final int type;
  private final int[] shape;
  private final ByteBuffer data;
  private final String source;

  IdxArray(int type, int[] shape, byte[] raw, String source) {
    this.type = type;
    this.shape = shape.clone();
    this.data = ByteBuffer.wrap(raw);
    this.source = source;
  }

  static int itemSize(int type) {
    switch (type) {
      case UNSIGNED_BYTE:
      case SIGNED_BYTE:
        return 1;
      case SHORT:
        return 2;
      case INT:
      case FLOAT:
        return 4;
      case DOUBLE:
        return 8;
      default:
        return -1;
    }
  }

  /** Returns the element type code, one of the constants of this class. */
  public int type() {
    return type;
  }

  /** Returns the dimension sizes from the header. */
  public int[] shape() {
    return shape.clone();
  }

  /** Returns the number of elements. */
  public int size() {
    return data.capacity() / itemSize(type);
  }

  /** Returns the elements as floats (unsigned bytes become 0..255). */
  public float[] toFloatArray() {
    float[] out = new float[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) valueAt(i);
    }
    return out;
  }

  /** Returns the elements as ints; float types are rejected. */
  public int[] toIntArray() {
    if (type == FLOAT || type == DOUBLE) {
      throw new IllegalStateException(source + " holds floating-point elements (type 0x"
          + String.format("%02X", type) + "); use toFloatArray()");
    }
    int[] out = new int[size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (int) valueAt(i);
    }
    return out;
  }

  /** Returns the elements as a {@link FloatNdArray} with this array's shape. */
  public FloatNdArray toFloatNdArray() {
    return NdArrays.wrap(Shape.of(longShape()), DataBuffers.of(toFloatArray(), false, false));
  }

  /** Returns the elements as an {@link IntNdArray} with this array's shape. */
  public IntNdArray toIntNdArray() {
    return NdArrays.wrap(Shape.of(longShape()), DataBuffers.of(toIntArray(), false, false));
  }

  private long[] longShape() {
    long[] s = new long[shape.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = shape[i];
    }
    return s;
  }

  private double valueAt(int i) {
    switch (type) {
      case UNSIGNED_BYTE:
        return data.get(i) & 0xFF;
      case SIGNED_BYTE:
        return data.get(i);
      case SHORT:
        return data.getShort(2 * i);
      case INT:
        return data.getInt(4 * i);
      case FLOAT:
        return data.getFloat(4 * i);
      default:
        return data.getDouble(8 * i);
    }
  }
}
