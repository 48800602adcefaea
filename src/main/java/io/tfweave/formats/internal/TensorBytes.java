package io.tfweave.formats.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.EnumSet;
import java.util.Set;
import org.tensorflow.proto.DataType;

/**
 * Decodes the raw bytes of a dense tensor (as stored in checkpoint shards and in
 * {@code TensorProto.tensor_content}) into Java arrays, widening or converting where exact.
 */
public final class TensorBytes {
  /** Element types {@link #toFloats} and {@link #toDoubles} accept. */
  public static final Set<DataType> FLOATING =
      EnumSet.of(DataType.DT_FLOAT, DataType.DT_DOUBLE, DataType.DT_HALF, DataType.DT_BFLOAT16);

  /** Element types {@link #toInts} accepts (all fit an {@code int} exactly). */
  public static final Set<DataType> INT32_COMPATIBLE = EnumSet.of(
      DataType.DT_INT32,
      DataType.DT_INT16,
      DataType.DT_INT8,
      DataType.DT_UINT8,
      DataType.DT_UINT16,
      DataType.DT_BOOL);

  /** Element types {@link #toLongs} accepts. */
  public static final Set<DataType> INT64_COMPATIBLE = EnumSet.of(
      DataType.DT_INT64,
      DataType.DT_UINT32,
      DataType.DT_INT32,
      DataType.DT_INT16,
      DataType.DT_INT8,
      DataType.DT_UINT8,
      DataType.DT_UINT16,
      DataType.DT_BOOL);

  private TensorBytes() {}

  /** Bytes per element of a fixed-width type, or -1 for strings, variants and resources. */
  public static int elementSize(DataType t) {
    switch (t) {
      case DT_DOUBLE:
      case DT_INT64:
      case DT_UINT64:
      case DT_COMPLEX64:
        return 8;
      case DT_FLOAT:
      case DT_INT32:
      case DT_UINT32:
        return 4;
      case DT_HALF:
      case DT_BFLOAT16:
      case DT_INT16:
      case DT_UINT16:
        return 2;
      case DT_INT8:
      case DT_UINT8:
      case DT_BOOL:
      case DT_QINT8:
      case DT_QUINT8:
        return 1;
      case DT_COMPLEX128:
        return 16;
      default:
        return -1;
    }
  }

  /** Decodes floating-point data to floats (double is rounded to nearest float). */
  public static float[] toFloats(DataType t, byte[] raw, ByteOrder order) {
    ByteBuffer b = ByteBuffer.wrap(raw).order(order);
    int n = raw.length / elementSize(t);
    float[] out = new float[n];
    for (int i = 0; i < n; i++) {
      switch (t) {
        case DT_FLOAT:
          out[i] = b.getFloat();
          break;
        case DT_DOUBLE:
          out[i] = (float) b.getDouble();
          break;
        case DT_HALF:
          out[i] = halfToFloat(b.getShort());
          break;
        case DT_BFLOAT16:
          out[i] = Float.intBitsToFloat((b.getShort() & 0xffff) << 16);
          break;
        default:
          throw new IllegalArgumentException("not a floating type: " + t);
      }
    }
    return out;
  }

  /** Decodes floating-point data to doubles (every case is exact). */
  public static double[] toDoubles(DataType t, byte[] raw, ByteOrder order) {
    if (t == DataType.DT_DOUBLE) {
      double[] out = new double[raw.length / 8];
      ByteBuffer.wrap(raw).order(order).asDoubleBuffer().get(out);
      return out;
    }
    float[] f = toFloats(t, raw, order);
    double[] out = new double[f.length];
    for (int i = 0; i < f.length; i++) {
      out[i] = f[i];
    }
    return out;
  }

  /** Decodes integer or boolean data to ints; unsigned types are zero-extended. */
  public static int[] toInts(DataType t, byte[] raw, ByteOrder order) {
    long[] l = toLongs(t, raw, order);
    int[] out = new int[l.length];
    for (int i = 0; i < l.length; i++) {
      out[i] = (int) l[i];
    }
    return out;
  }

  /** Decodes integer or boolean data to longs; unsigned types are zero-extended. */
  public static long[] toLongs(DataType t, byte[] raw, ByteOrder order) {
    ByteBuffer b = ByteBuffer.wrap(raw).order(order);
    int n = raw.length / elementSize(t);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      switch (t) {
        case DT_INT64:
          out[i] = b.getLong();
          break;
        case DT_INT32:
          out[i] = b.getInt();
          break;
        case DT_UINT32:
          out[i] = b.getInt() & 0xffffffffL;
          break;
        case DT_INT16:
          out[i] = b.getShort();
          break;
        case DT_UINT16:
          out[i] = b.getShort() & 0xffff;
          break;
        case DT_INT8:
          out[i] = b.get();
          break;
        case DT_UINT8:
        case DT_BOOL:
          out[i] = b.get() & 0xff;
          break;
        default:
          throw new IllegalArgumentException("not an integer type: " + t);
      }
    }
    return out;
  }

  /** Converts IEEE 754 binary16 bits to the exactly equal float. */
  public static float halfToFloat(short bits) {
    int h = bits & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      float v = mant * 0x1p-24f;
      return sign == 0 ? v : -v;
    }
    return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
  }
}
