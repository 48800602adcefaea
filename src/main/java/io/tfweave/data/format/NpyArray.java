package io.tfweave.data.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import org.tensorflow.ndarray.FloatNdArray;
import org.tensorflow.ndarray.IntNdArray;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;

/**
 * An array read from a {@code .npy} file: its numpy dtype, its shape and its elements in C
 * (row-major) order, either as raw numbers or, for {@code dtype=object}, as unpickled values.
 *
 * <p>Numeric dtypes are booleans ({@code b1}), signed and unsigned integers of 1, 2, 4 and 8
 * bytes and 4- or 8-byte floats, in either byte order.
 */
public final class NpyArray {
  private final String dtype;
  private final char kind;
  private final int itemSize;
  private final long[] shape;
  private final ByteBuffer data;
  private final List<Object> objects;
  private final String source;

  NpyArray(
      String dtype,
      long[] shape,
      byte[] raw,
      ByteOrder order,
      List<Object> objects,
      String source) {
    this.dtype = dtype;
    this.kind = NpyDtype.kind(dtype);
    this.itemSize = NpyDtype.itemSize(dtype);
    this.shape = shape.clone();
    this.data = raw == null ? null : ByteBuffer.wrap(raw).order(order);
    this.objects = objects;
    this.source = source;
  }

  /** Returns the numpy dtype string as written in the header, e.g. {@code <i8} or {@code |O}. */
  public String dtype() {
    return dtype;
  }

  /** Returns the shape; an empty array for a 0-d (scalar) array. */
  public long[] shape() {
    return shape.clone();
  }

  /** Returns the number of elements, the product of the shape. */
  public long size() {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  /** Returns whether this is a {@code dtype=object} array whose elements were pickled. */
  public boolean isObjectArray() {
    return kind == 'O';
  }

  /** Returns the elements of an object array in C order, as {@link Pickle} maps them. */
  public List<Object> objects() {
    if (!isObjectArray()) {
      throw new IllegalStateException(source + " has dtype " + dtype
          + ", not object; use toLongArray(), toIntArray() or toDoubleArray()");
    }
    return objects;
  }

  /** Returns an integer or boolean array's elements as longs (unsigned 64-bit must fit). */
  public long[] toLongArray() {
    requireNumeric();
    if (kind == 'f') {
      throw new IllegalStateException(
          source + " has floating-point dtype " + dtype + "; use toDoubleArray()");
    }
    long[] out = new long[(int) size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = longAt(i);
    }
    return out;
  }

  /**
   * Returns an integer or boolean array's elements as ints, checking each fits.
   *
   * @throws ArithmeticException naming the first element that does not fit in 32 bits
   */
  public int[] toIntArray() {
    long[] longs = toLongArray();
    int[] out = new int[longs.length];
    for (int i = 0; i < longs.length; i++) {
      if (longs[i] != (int) longs[i]) {
        throw new ArithmeticException(
            source + ": element " + i + " = " + longs[i] + " does not fit in a 32-bit int");
      }
      out[i] = (int) longs[i];
    }
    return out;
  }

  /** Returns any numeric array's elements as doubles. */
  public double[] toDoubleArray() {
    requireNumeric();
    double[] out = new double[(int) size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = kind == 'f' ? floatAt(i) : (double) longAt(i);
    }
    return out;
  }

  /** Returns any numeric array's elements as floats. */
  public float[] toFloatArray() {
    double[] d = toDoubleArray();
    float[] out = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      out[i] = (float) d[i];
    }
    return out;
  }

  /** Returns the array as a {@link FloatNdArray} of the same shape. */
  public FloatNdArray toFloatNdArray() {
    return NdArrays.wrap(Shape.of(shape), DataBuffers.of(toFloatArray(), false, false));
  }

  /** Returns an integer array as an {@link IntNdArray} of the same shape. */
  public IntNdArray toIntNdArray() {
    return NdArrays.wrap(Shape.of(shape), DataBuffers.of(toIntArray(), false, false));
  }

  /**
   * Returns a 1-D object array whose elements are lists of ints (the ragged sequences of
   * Keras's {@code imdb.npz} and {@code reuters.npz}) as one {@code int[]} per element.
   */
  public int[][] toRaggedIntArray() {
    if (!isObjectArray() || shape.length != 1) {
      throw new IllegalStateException(source + ": expected a 1-D object array of int lists but"
          + " found dtype " + dtype + " with shape " + Arrays.toString(shape));
    }
    int[][] out = new int[objects.size()][];
    for (int i = 0; i < out.length; i++) {
      Object element = objects.get(i);
      if (!(element instanceof List<?> list)) {
        throw new MalformedDataException(
            source + ": element " + i + " should be a list of ints but is " + typeName(element));
      }
      int[] row = new int[list.size()];
      for (int j = 0; j < row.length; j++) {
        Object v = list.get(j);
        if (!(v instanceof Long l) || l != l.intValue()) {
          throw new MalformedDataException(source + ": element " + i + "[" + j
              + "] should be a 32-bit int but is " + typeName(v) + " " + v);
        }
        row[j] = l.intValue();
      }
      out[i] = row;
    }
    return out;
  }

  private static String typeName(Object o) {
    return o == null ? "None" : o.getClass().getSimpleName();
  }

  private void requireNumeric() {
    if (isObjectArray()) {
      throw new IllegalStateException(
          source + " is an object array; use objects() or toRaggedIntArray()");
    }
  }

  private long longAt(int i) {
    int at = i * itemSize;
    switch (itemSize) {
      case 1:
        return kind == 'i' ? data.get(at) : data.get(at) & 0xFFL;
      case 2:
        return kind == 'i' ? data.getShort(at) : data.getShort(at) & 0xFFFFL;
      case 4:
        return kind == 'i' ? data.getInt(at) : data.getInt(at) & 0xFFFFFFFFL;
      default:
        long v = data.getLong(at);
        if (kind == 'u' && v < 0) {
          throw new ArithmeticException(source + ": element " + i + " = " + Long.toUnsignedString(v)
              + " does not fit in a signed 64-bit long");
        }
        return v;
    }
  }

  private double floatAt(int i) {
    return itemSize == 4 ? data.getFloat(i * 4) : data.getDouble(i * 8);
  }
}
